"""What a reader sees: languages, fallbacks, the switcher, help lines, errors."""
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale
from wagtail_localize.synctree import synchronize_tree

from home.models import ArticlePage
from tests.conftest import article

pytestmark = pytest.mark.django_db


@pytest.fixture
def wages(import_jsonl):
    import_jsonl(
        article(title="체불임금 받기"),
        article(locale="en", title="Getting unpaid wages"),
        article(locale="vi", title="Đòi lương bị nợ"),
    )
    return ArticlePage.objects.get(slug="unpaid-wages-demo", locale__language_code="ko")


def test_first_visit_follows_the_browser_then_the_remembered_choice(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="vi-VN,vi;q=0.9,en;q=0.5")
    assert response.status_code == 302 and response["Location"] == "/vi/"
    assert "Accept-Language" in response["Vary"]
    client.get("/th/")  # reading a page in Thai is the choice we remember
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response["Location"] == "/th/"


def test_regional_and_older_codes_find_their_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")["Location"] == "/zh-hans/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="tl-PH")["Location"] == "/fil/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ur-PK")["Location"] == "/ur/"


def test_unknown_browser_language_lands_on_the_source_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE")["Location"] == "/ko/"


@pytest.mark.parametrize("code", ["ko", "en", "vi", "th", "km", "ne", "uz", "fil", "si", "ur", "zh-hans"])
def test_home_in_every_language_with_help_lines(client, code):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{code}"' in html
    for number in ("119", "112", "1345", "1350", "1366", "15771366"):
        assert f'href="tel:{number}"' in html
    services, topics = html.split('id="topics-heading"')
    topics = topics.split("</nav>")[0]
    assert topics.count("<li><a href=\"/" + code + "/") == 7  # the seven topic areas
    for service in ("places/", "community/", "help/ask/"):
        assert f'<li><a href="/{code}/{service}"><b>' in services


def test_urdu_is_right_to_left(client):
    assert '<html lang="ur" dir="rtl">' in client.get("/ur/").content.decode()


def test_switcher_lists_only_languages_the_page_exists_in(client, wages):
    html = client.get("/vi/work/unpaid-wages-demo/").content.decode()
    assert "Đòi lương bị nợ" in html
    start = html.index('class="languages"')  # the help lines' <details> comes before it
    switcher = html[start : html.index("</details>", start)]
    assert 'hreflang="ko"' in switcher and 'hreflang="en"' in switcher and 'hreflang="vi"' in switcher
    assert 'hreflang="th"' not in switcher
    assert 'aria-current="page"' in switcher


def test_missing_translation_shows_english_with_a_notice_and_noindex(client, wages):
    response = client.get("/th/work/unpaid-wages-demo/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="th"' in html and '<article lang="en"' in html
    assert "Getting unpaid wages" in html
    assert 'class="notice"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'rel="canonical" href="http://testserver/en/work/unpaid-wages-demo/"' in html


def test_topic_lists_fallback_articles_labelled(client, wages):
    html = client.get("/th/work/").content.decode()
    assert 'href="/th/work/unpaid-wages-demo/"' in html
    assert 'class="badge"' in html


def test_english_reader_falls_back_to_korean(client, import_jsonl):
    import_jsonl(article(key="korean-only", title="한국어만 있는 글"))
    html = client.get("/en/work/korean-only/").content.decode()
    assert '<article lang="ko"' in html and "한국어만 있는 글" in html


def test_wagtail_localize_alias_is_not_passed_off_as_a_translation(client, wages):
    thai = Locale.objects.get(language_code="th")
    english = wages.get_translation(Locale.objects.get(language_code="en"))
    synchronize_tree(wages.locale, thai)  # what wagtail-localize's locale sync does
    alias = ArticlePage.objects.get(locale=thai, translation_key=wages.translation_key)
    assert alias.alias_of_id == wages.id
    html = client.get("/th/work/unpaid-wages-demo/").content.decode()
    assert 'class="notice"' in html and '<meta name="robots" content="noindex">' in html
    assert english.title in html  # a Thai reader is better served by English than by the Korean source
    switcher = client.get("/en/work/unpaid-wages-demo/").content.decode()
    assert 'hreflang="th"' not in switcher


def test_article_renders_every_block(client, import_jsonl):
    import_jsonl(
        article(
            key="full-article",
            steps=[{"title": "예약하기", "text": "하이코리아에서 예약합니다."}],
            documents=["여권", "외국인등록증"],
            faq=[{"question": "비용은?", "answer": "무료입니다."}],
            contact={"name": "수원출입국", "phone": "1345", "address": "수원시", "url": "https://www.hikorea.go.kr", "hours": "09-18"},
            institution="법무부",
            institution_url="https://www.moj.go.kr",
            last_reviewed="2026-10-15",
        )
    )
    html = client.get("/ko/work/full-article/").content.decode()
    for fragment in ('class="steps"', "예약하기", "외국인등록증", "<summary>비용은?</summary>", 'href="tel:1345"', 'datetime="2026-10-15"', "https://www.moj.go.kr"):
        assert fragment in html
    # The review date in the reader's own date format (the Korean article shown as a fallback).
    for code, reviewed in (("vi", "Ngày 15 tháng 10 năm 2026"), ("ur", "15 اکتوبر، 2026"), ("en", "Oct. 15, 2026")):
        assert f'datetime="2026-10-15">{reviewed}</time>' in client.get(f"/{code}/work/full-article/").content.decode()


def test_404_in_the_readers_language(client):
    response = client.get("/vi/no-such-page/")
    assert response.status_code == 404
    assert '<html lang="vi"' in response.content.decode()


def test_500_page_leaks_nothing(client, settings):
    from portal.views import server_error

    from django.test import RequestFactory
    from django.utils import translation

    with translation.override("ru"):
        response = server_error(RequestFactory().get("/ru/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="ru"' in html and "Traceback" not in html


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    assert client.get("/healthz").status_code == 200

    def broken_cursor(*args, **kwargs):
        raise connection.OperationalError("database is down") if hasattr(connection, "OperationalError") else RuntimeError("down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    assert client.get("/healthz").status_code == 503


def test_public_pages_load_nothing_from_third_parties(client, wages):
    response = client.get("/en/work/unpaid-wages-demo/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    html = response.content.decode()
    assert "http://" not in html.replace("http://testserver", "") and "https://fonts" not in html


@pytest.mark.parametrize("path", ["/en/", "/en/work/", "/en/work/unpaid-wages-demo/"])
def test_query_count_does_not_grow_with_pages_or_languages(client, import_jsonl, wages, settings, path):
    settings.PAGE_CACHE_ENABLED = False

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    def cold_and_warm():
        cache.clear()  # nothing derived cached: routing, translations, breadcrumbs all queried
        return queries(), queries()

    queries()  # warm the per-process caches (site root paths, content types)
    before = cold_and_warm()
    for number in range(6):
        key = f"more-{number}"
        import_jsonl(article(key=key), article(key=key, locale="en"), article(key=key, locale="th"), article(key=key, locale="ru"))
    assert cold_and_warm() == before
