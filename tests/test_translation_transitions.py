"""Every transition of a translation, with on-commit work run as in production (wagtail-localize
creates, machine-translates and publishes on commit): what the status says and what a reader sees."""
import pytest
from django.test import Client
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation

from home import translation_status as ts
from home.models import ArticlePage
from portal import roles
from tests.conftest import article
from tests.permissions import log_in, staff_user
from translations import sync
from translations.models import SourceChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a step, then what production runs when its transaction commits."""
    def run(step, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return step(*args, **kwargs)
    return run


def _user(name, *groups):
    return staff_user(name, *groups)


@pytest.fixture
def editor_client(client):
    return log_in(client, _user("editor", roles.EDITORS))


@pytest.fixture
def translator_client():
    client = Client()
    return log_in(client, _user("tran-vi", roles.translator_group_name("vi")))


@pytest.fixture
def source(import_jsonl, committed):
    committed(import_jsonl, article(key="visa-ext", topic="immigration", title="체류기간 연장", body="출입국에 신청하세요.\n\n수수료는 6만 원입니다."))
    return ArticlePage.objects.get(slug="visa-ext", locale__language_code="ko")


def _status(page, code="vi"):
    return ts.status_rows([code], page_id=page.id)[0].cells[0].status


def _vi(source):
    return ArticlePage.objects.filter(translation_key=source.translation_key, locale__language_code="vi").first()


def _send(client, committed, source, code="vi"):
    locale = Locale.objects.get(language_code=code)
    response = committed(client.post, f"/admin/localize/submit/page/{source.id}/", {"locales": [locale.id]})
    assert response.status_code == 302
    return Translation.objects.get(source__object_id=source.translation_key, target_locale=locale)


def _machine_translate_and_publish(client, committed, translation):
    response = committed(client.post, f"/admin/localize/translate/{translation.id}/machine_translate/", {"next": "/admin/"})
    assert response.status_code == 302
    page = translation.get_target_instance()
    response = committed(client.post, f"/admin/pages/{page.id}/edit/", {"action": "publish"})
    assert response.status_code == 302


def _republish_source(source, committed, new_intro, minor=False, new_title=None):
    page = ArticlePage.objects.get(pk=source.pk)
    page.intro = new_intro
    if new_title:
        page.title = new_title
    revision = page.save_revision()
    sync.minor_publication.set(page.pk if minor else None)
    try:
        committed(revision.publish)
    finally:
        sync.minor_publication.set(None)


def test_sending_never_publishes_and_reader_keeps_the_fallback(editor_client, translator_client, source, committed):
    url = source.url.replace("/ko/", "/vi/")
    before = Client().get(url).content.decode()
    assert 'class="notice"' in before  # the Korean page, marked as a fallback
    assert _status(source) == ts.MISSING

    translation = _send(editor_client, committed, source)
    vi_page = _vi(source)
    assert vi_page is not None and not vi_page.live and vi_page.alias_of_id is None
    assert _status(source) == ts.IN_PROGRESS
    assert Client().get(url).content.decode() == before  # nothing changed for the reader

    committed(translator_client.post, f"/admin/localize/translate/{translation.id}/machine_translate/", {"next": "/admin/"})
    assert Client().get(url).content.decode() == before  # machine-translated, not published

    _machine_translate_and_publish(translator_client, committed, translation)
    after = Client().get(url).content.decode()
    assert 'class="notice"' not in after and "출입국에 신청하세요." not in after


def test_a_converted_alias_is_taken_offline(editor_client, source, committed):
    vi = Locale.objects.get(language_code="vi")
    alias = committed(source.copy_for_translation, vi, alias=True)
    assert alias.live and alias.alias_of_id == source.id
    url = source.url.replace("/ko/", "/vi/")
    before = Client().get(url).content.decode()
    assert 'class="notice"' in before

    _send(editor_client, committed, source)
    vi_page = _vi(source)
    assert vi_page.pk == alias.pk and vi_page.alias_of_id is None and not vi_page.live
    assert _status(source) == ts.IN_PROGRESS
    after = Client().get(url).content.decode()
    assert 'class="notice"' in after  # the reader keeps the marked fallback


def test_every_transition_has_the_right_status(editor_client, translator_client, source, committed):
    translation = _send(editor_client, committed, source)
    assert _status(source) == ts.IN_PROGRESS  # sent

    committed(translator_client.post, f"/admin/localize/translate/{translation.id}/machine_translate/", {"next": "/admin/"})
    assert _status(source) == ts.IN_PROGRESS  # machine-translated, not published

    vi_page = _vi(source)
    committed(translator_client.post, f"/admin/pages/{vi_page.id}/edit/", {"action": "publish"})
    assert _vi(source).live
    assert _status(source) == ts.UP_TO_DATE  # published

    # Edited (a segment's translation changed) but not yet published: in progress.
    string_translation = StringTranslation.objects.filter(locale__language_code="vi").first()
    string_translation.data = "Bản dịch đã sửa"
    string_translation.save()
    assert _status(source) == ts.IN_PROGRESS
    committed(translator_client.post, f"/admin/pages/{vi_page.id}/edit/", {"action": "publish"})
    assert _status(source) == ts.UP_TO_DATE

    _republish_source(source, committed, "출입국사무소에 온라인으로 신청하세요.")
    assert SourceChange.objects.filter(translation_key=source.translation_key, minor=False).exists()
    assert _status(source) == ts.OUTDATED  # source changed

    # Re-publishing the stale translation does not make it current: the new text is untranslated.
    committed(translator_client.post, f"/admin/pages/{vi_page.id}/edit/", {"action": "publish"})
    assert _status(source) == ts.OUTDATED

    _machine_translate_and_publish(translator_client, committed, translation)
    assert _status(source) == ts.UP_TO_DATE

    _republish_source(source, committed, "출입국사무소에 온라인으로 신청하십시오.", minor=True)
    assert SourceChange.objects.filter(translation_key=source.translation_key, minor=True).exists()
    assert _status(source) == ts.UP_TO_DATE  # a minor change keeps translations up to date

    _vi(source).delete()
    assert _status(source) == ts.MISSING  # translation deleted


def test_changes_view_shows_old_and_new_source_and_steps_through(editor_client, translator_client, source, committed):
    translation = _send(editor_client, committed, source)
    _machine_translate_and_publish(translator_client, committed, translation)
    _republish_source(source, committed, "출입국사무소에 온라인으로 신청하세요.", new_title="체류기간 연장 안내")

    html = translator_client.get(f"/admin/translation-changes/{translation.id}/").content.decode()
    assert "출입국사무소에 온라인으로 신청하세요." in html and "체류기간 연장 안내" in html  # the new source
    assert "체류기간 연장" in html.split('id="change-1"', 1)[1]  # the old title beside the new
    assert 'id="change-1"' in html and 'lang="ko"' in html
    assert 'lang="vi" dir="ltr"' in html
    changed = html.count('class="translation-changes__segment"')
    assert changed == 2  # the title and the introduction, in page order
    first, second = html.split('id="change-2"', 1)
    assert 'href="#change-2"' in first and 'href="#change-1"' in second and 'href="#change-3"' not in html

    # The page header links to it.
    edit = translator_client.get(f"/admin/pages/{_vi(source).id}/edit/").content.decode()
    assert f"/admin/translation-changes/{translation.id}/" in edit

    fields = {f"segment-{n}": f"Bản dịch mới {n}" for n in range(1, changed + 1)}
    response = committed(translator_client.post, f"/admin/translation-changes/{translation.id}/", {**fields, "publish": "1"})
    assert response.status_code == 302
    assert _status(source) == ts.UP_TO_DATE
    assert _vi(source).title == "Bản dịch mới 1" and _vi(source).intro == "Bản dịch mới 2"
    html = translator_client.get(f"/admin/translation-changes/{translation.id}/").content.decode()
    assert 'id="change-1"' not in html


def test_urdu_inputs_are_right_to_left(client, source, committed):
    editor = log_in(client, _user("ed", roles.EDITORS, roles.translator_group_name("ur")))
    translation = _send(editor, committed, source, "ur")
    _machine_translate_and_publish(editor, committed, translation)
    _republish_source(source, committed, "새 문장입니다.")
    html = editor.get(f"/admin/translation-changes/{translation.id}/").content.decode()
    assert 'lang="ur" dir="rtl"' in html


def test_other_languages_translators_cannot_open_the_changes(client, editor_client, source, committed):
    translation = _send(editor_client, committed, source)
    other = log_in(Client(), _user("tran-th", roles.translator_group_name("th")))
    assert other.get(f"/admin/translation-changes/{translation.id}/").status_code in (302, 403)


def test_minor_change_button_is_offered_on_korean_pages(editor_client, source, committed):
    html = editor_client.get(f"/admin/pages/{source.id}/edit/").content.decode()
    assert 'name="action-publish" value="minor"' in html


def test_minor_publication_flag_comes_from_the_button():
    from django.test import RequestFactory

    from translations.wagtail_hooks import note_minor_publication

    page = Page(pk=42)
    note_minor_publication(RequestFactory().post("/", {"action-publish": "minor"}), page)
    assert sync.minor_publication.get() == 42
    note_minor_publication(RequestFactory().post("/", {"action-publish": "action-publish"}), page)
    assert sync.minor_publication.get() is None


def test_new_korean_pages_get_a_romanised_slug_an_editor_may_replace(editor_client, committed):
    parent = Page.objects.get(url_path="/ko/stay-and-visas/")
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

    def form(title, slug):
        return nested_form_data({
            "title": title, "slug": slug, "intro": "요약", "action-publish": "1",
            "body": streamfield([("text", rich_text("<p>본문</p>"))]), "comments": inline_formset([]),
        })

    response = committed(editor_client.post, f"/admin/pages/add/home/articlepage/{parent.id}/", form("외국인등록", "외국인등록"))
    assert response.status_code == 302
    created = Page.objects.child_of(parent).filter(title="외국인등록").first()
    assert created is not None and created.slug == "oegugindeungnok"
    committed(editor_client.post, f"/admin/pages/add/home/articlepage/{parent.id}/", form("체류기간 연장", "extending-your-stay"))
    assert Page.objects.child_of(parent).filter(slug="extending-your-stay").exists()
