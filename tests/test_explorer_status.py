"""Translation statuses where people work: the page explorer (a mark per language, filters) and a
translator's dashboard with only their language's work."""
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from home import explorer_status
from home.models import ArticlePage, TopicIndexPage
from portal import roles
from tests.conftest import article
from tests.permissions import log_in, staff_user

pytestmark = pytest.mark.django_db


def _staff(username, *groups):
    return staff_user(username, *groups)  # assertions below read the English admin


@pytest.fixture
def editor_client(client):
    return log_in(client, _staff("editor", roles.EDITORS))


@pytest.fixture
def translator_client():
    return log_in(Client(), _staff("translator-vi", roles.translator_group_name("vi")))


def _korean(key):
    return ArticlePage.objects.get(slug=key, locale__language_code="ko")


def _topic(code, topic="employment"):
    return TopicIndexPage.objects.get(topic=topic, locale__language_code=code)


def _row(html, title):
    """The explorer's table row whose title is `title`."""
    rows = [chunk.split("</tr>")[0] for chunk in html.split("<tr")[1:]]
    found = [row for row in rows if re.search(rf'<span id="page_\d+_title">\s*{re.escape(title)}\s*</span>', row)]
    assert len(found) == 1, f"{len(found)} rows for {title!r}"
    return found[0]


def _marks(row_html):
    return dict(re.findall(r'class="translation-mark [^"]*"[^>]*data-language="([^"]+)" data-status="([^"]+)"', row_html))


def _listed_titles(html):
    return set(re.findall(r'<span id="page_\d+_title">\s*([^<]+?)\s*</span>', html))


@pytest.fixture
def site(import_jsonl):
    """Three Korean pages: one up to date in English and Vietnamese, one outdated in Vietnamese, one never translated."""
    import_jsonl(
        article(key="current", body="본문."),
        article(key="current", locale="en", body="Body."),
        article(key="current", locale="vi", body="Nội dung."),
        article(key="stale", body="옛 본문."),
        article(key="stale", locale="vi", body="Nội dung cũ."),
        article(key="untranslated", body="번역 없음."),
    )
    import_jsonl(article(key="stale", body="새 본문."))  # the Korean changed after the Vietnamese was published
    return {key: _korean(key) for key in ("current", "stale", "untranslated")}


def test_cells_for_pages_gives_a_korean_page_every_language_and_a_translation_its_own(site):
    vietnamese = ArticlePage.objects.get(slug="stale", locale__language_code="vi")
    cells = explorer_status.cells_for_pages([site["current"], site["stale"], vietnamese])
    current = {cell.language: cell.status for cell in cells[site["current"].pk]}
    assert set(current) == set(explorer_status.target_codes())
    assert current["en"] == current["vi"] == "up_to_date" and current["th"] == "missing"
    assert [(cell.language, cell.status, cell.page_id) for cell in cells[vietnamese.pk]] == [("vi", "outdated", vietnamese.pk)]


def test_explorer_shows_a_status_per_language_on_korean_pages(editor_client, site):
    html = editor_client.get(f"/admin/pages/{_topic('ko').id}/").content.decode()
    current = _marks(_row(html, site["current"].title))
    assert len(current) == len(explorer_status.target_codes())
    assert current["en"] == "up_to_date" and current["vi"] == "up_to_date" and current["th"] == "missing"
    assert _marks(_row(html, site["stale"].title))["vi"] == "outdated"
    # Not colour alone: a symbol and, for screen readers, the language and the status in words.
    assert 'title="Translation into Tiếng Việt (Vietnamese): Up to date"' in _row(html, site["current"].title)
    assert '<span class="w-sr-only">' in _row(html, site["current"].title)
    searched = editor_client.get(f"/admin/pages/{_topic('ko').id}/", {"q": "stale"}).content.decode()
    assert _marks(_row(searched, site["stale"].title))["vi"] == "outdated"


def test_explorer_shows_a_translation_its_own_status(translator_client, site):
    html = translator_client.get(f"/admin/pages/{_topic('vi').id}/").content.decode()
    assert _marks(_row(html, "stale vi")) == {"vi": "outdated"}
    assert _marks(_row(html, "current vi")) == {"vi": "up_to_date"}


def test_filters_missing_and_outdated_in_a_chosen_language(editor_client, site):
    url = f"/admin/pages/{_topic('ko').id}/"
    missing_vi = _listed_titles(editor_client.get(url, {"translation_status": "missing", "translation_language": "vi"}).content.decode())
    assert site["untranslated"].title in missing_vi
    assert site["current"].title not in missing_vi and site["stale"].title not in missing_vi
    outdated_vi = _listed_titles(editor_client.get(url, {"translation_status": "outdated", "translation_language": "vi"}).content.decode())
    assert site["stale"].title in outdated_vi and site["current"].title not in outdated_vi
    missing_en = _listed_titles(editor_client.get(url, {"translation_status": "missing", "translation_language": "en"}).content.decode())
    assert {site["stale"].title, site["untranslated"].title} <= missing_en and site["current"].title not in missing_en


def test_translators_filter_in_their_own_language(translator_client, site):
    home = _topic("vi").get_parent()
    form = translator_client.get(f"/admin/pages/{home.id}/").content.decode()
    assert "In my language" in form and 'name="translation_language"' not in form
    outdated = _listed_titles(translator_client.get(f"/admin/pages/{home.id}/", {"translation_status": "outdated"}).content.decode())
    assert "stale vi" in outdated and "current vi" not in outdated
    up_to_date = _listed_titles(translator_client.get(f"/admin/pages/{home.id}/", {"translation_status": "up_to_date"}).content.decode())
    assert "current vi" in up_to_date and "stale vi" not in up_to_date
    ArticlePage.objects.get(slug="current", locale__language_code="vi").save_revision()  # a draft over the live page
    in_progress = _listed_titles(translator_client.get(f"/admin/pages/{home.id}/", {"translation_status": "in_progress"}).content.decode())
    assert "current vi" in in_progress and "stale vi" not in in_progress


def test_a_language_alone_filters_the_pages_with_work_left_in_it(editor_client, site):
    listed = _listed_titles(editor_client.get(f"/admin/pages/{_topic('ko').id}/", {"translation_language": "vi"}).content.decode())
    assert {site["stale"].title, site["untranslated"].title} <= listed and site["current"].title not in listed


def test_a_page_just_sent_to_vietnamese_is_in_progress_on_the_translators_dashboard(
    editor_client, translator_client, site, django_capture_on_commit_callbacks
):
    vietnamese = Locale.objects.get(language_code="vi")
    source = site["untranslated"]
    # As in production: whatever wagtail-localize does on commit happens here too.
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(f"/admin/localize/submit/page/{source.id}/", {"locales": [vietnamese.id]})
    assert response.status_code == 302
    sent = ArticlePage.objects.get(translation_key=source.translation_key, locale=vietnamese)
    assert not sent.live  # sending never publishes

    html = translator_client.get("/admin/").content.decode()
    panel = html.split('id="translator-work-heading"')[1].split("</section>")[0]
    assert "translation-summary-heading" not in html  # not the 13-language table
    assert re.findall(r'data-language="([^"]+)"', panel) and set(re.findall(r'data-language="([^"]+)"', panel)) == {"vi"}
    item = next(chunk for chunk in panel.split("<li")[1:] if source.title in chunk)
    assert 'data-status="in_progress"' in item
    assert f'href="/admin/pages/{sent.id}/edit/"' in item  # wagtail-localize's translation editor
    stale = next(chunk for chunk in panel.split("<li")[1:] if site["stale"].title in chunk)
    assert 'data-status="outdated"' in stale
    assert '<td data-language="vi" data-status="in_progress">1</td>' in panel
    assert '<td data-language="vi" data-status="outdated">1</td>' in panel


def test_editors_keep_every_language_on_the_dashboard(editor_client, site):
    html = editor_client.get("/admin/").content.decode()
    assert "translation-summary-heading" in html and "translator-work-heading" not in html
    panel = html.split('id="translation-summary-heading"')[1].split("</section>")[0]
    assert "Vietnamese" in panel and "Thai" in panel and "Urdu" in panel


def test_translators_dashboard_links_missing_pages_only_for_those_who_may_send(translator_client, site):
    panel = translator_client.get("/admin/").content.decode().split('id="translator-work-heading"')[1].split("</section>")[0]
    item = next(chunk for chunk in panel.split("<li")[1:] if site["untranslated"].title in chunk)
    assert 'data-status="missing"' in item and "/admin/localize/submit/" not in item


def test_a_translator_of_two_languages_works_in_both_and_no_other(client, site):
    user = _staff("translator-vi-th", roles.translator_group_name("vi"))
    user.groups.add(Group.objects.get(name=roles.translator_group_name("th")))
    log_in(client, user)
    panel = client.get("/admin/").content.decode().split('id="translator-work-heading"')[1].split("</section>")[0]
    assert set(re.findall(r'data-language="([^"]+)"', panel)) == {"vi", "th"}
    form = client.get(f"/admin/pages/{_topic('vi').get_parent().id}/").content.decode()
    select = form.split('name="translation_language"')[1].split("</select>")[0]
    assert set(re.findall(r'<option value="([^"]+)"', select)) == {"vi", "th"}


def test_report_shows_a_translator_their_languages_first(translator_client, site):
    html = translator_client.get("/admin/translation-status/").content.decode()
    assert 'data-language="vi"' in html and 'data-language="th"' not in html
    assert '<option value="" selected>Your languages</option>' in html
    html = translator_client.get("/admin/translation-status/?language=all").content.decode()
    assert 'data-language="th"' in html


def _add_pages(import_jsonl, start, stop):
    lines = []
    for number in range(start, stop):
        lines.append(article(key=f"bulk-{number}", body=f"본문 {number}."))
        if number % 2:
            lines.append(article(key=f"bulk-{number}", locale="vi", body=f"Nội dung {number}."))
    import_jsonl(*lines)


def _explorer_queries(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url, params).content.decode()
    return len(queries.captured_queries), html


def test_status_queries_do_not_grow_with_the_number_of_pages(import_jsonl, django_assert_max_num_queries):
    _add_pages(import_jsonl, 0, 20)
    pages = list(ArticlePage.objects.filter(slug__startswith="bulk-", locale__language_code="ko").order_by("path"))
    with CaptureQueriesContext(connection) as five:
        explorer_status.cells_for_pages(pages[:5])
    with django_assert_max_num_queries(len(five.captured_queries)):
        cells = explorer_status.cells_for_pages(pages)
    assert len(cells) == 20


def test_explorer_with_statuses_costs_a_fixed_number_of_queries(editor_client, import_jsonl, monkeypatch):
    """The statuses add the same few queries to the explorer for 5 pages as for 20.

    (Wagtail's own listing buttons cost queries per row; comparing with the stock
    explorer leaves only what the statuses cost.)"""
    from wagtail.admin.viewsets.pages import base_page_viewset, page_viewset_registry
    from wagtail.models import Page

    url = f"/admin/pages/{_topic('ko').id}/"
    ours = page_viewset_registry.values_by_parent_model[Page]
    costs = {}
    for start, stop in ((0, 5), (5, 20)):
        _add_pages(import_jsonl, start, stop)
        editor_client.get(url)  # caches warmed (content types, site root paths)
        monkeypatch.setitem(page_viewset_registry.values_by_parent_model, Page, base_page_viewset)
        stock, stock_html = _explorer_queries(editor_client, url)
        monkeypatch.setitem(page_viewset_registry.values_by_parent_model, Page, ours)
        with_statuses, html = _explorer_queries(editor_client, url)
        assert 'class="translation-marks"' not in stock_html and html.count('class="translation-marks"') == stop
        costs[stop] = with_statuses - stock
    assert costs[20] <= costs[5] <= 10, costs
    filtered, html = _explorer_queries(editor_client, url, translation_status="missing", translation_language="th")
    assert html.count('class="translation-marks"') == 20
    assert filtered - with_statuses <= 10  # the filter: a few queries more, not one per page
