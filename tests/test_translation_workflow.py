"""An editor's path: write in Korean, send for translation, machine-translate, publish; and the status view."""
import pytest
from django.contrib.auth.models import Group, User
from wagtail.models import Locale
from wagtail.users.models import UserProfile
from wagtail_localize.models import Translation, TranslationSource

from home import translation_status
from home.models import ArticlePage
from portal import roles
from tests.conftest import article

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = User.objects.create_user(username="editor", password="x")
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # assertions below read the English admin
    profile.save()
    client.force_login(user)
    return user


@pytest.fixture
def source(import_jsonl):
    # Optional blocks left empty on purpose: segment extraction must cope.
    import_jsonl(
        article(
            key="translate-me",
            body="외국인등록을 하세요.",
            steps=[{"title": "예약하기"}],
            contact={"name": "수원출입국", "phone": "", "address": "", "url": "", "hours": ""},
            documents=["여권"],
            faq=[{"question": "비용은?", "answer": "3만 원입니다."}],
        )
    )
    return ArticlePage.objects.get(slug="translate-me", locale__language_code="ko")


def _status(page, code):
    row = translation_status.status_rows([code], page_id=page.id)[0]
    return row.cells[0].status


def test_submit_machine_translate_publish_and_read(client, editor, source, django_capture_on_commit_callbacks):
    thai = Locale.objects.get(language_code="th")
    assert _status(source, "th") == translation_status.MISSING

    response = client.post(f"/admin/localize/submit/page/{source.id}/", {"locales": [thai.id]})
    assert response.status_code == 302
    translation = Translation.objects.get(source__object_id=source.translation_key, target_locale=thai)
    thai_page = ArticlePage.objects.get(translation_key=source.translation_key, locale=thai)
    assert _status(source, "th") == translation_status.IN_PROGRESS

    # Editors translate their own source language's pages into others: give the
    # editor the Thai translators' rights for this step, as a translator would have.
    editor.groups.add(Group.objects.get(name=roles.translator_group_name("th")))
    response = client.post(f"/admin/localize/translate/{translation.id}/machine_translate/", {"next": "/admin/"})
    assert response.status_code == 302
    total, done = translation.get_progress()
    assert total >= 5 and done == total

    # wagtail-localize publishes on commit; the test's transaction never commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/pages/{thai_page.id}/edit/", {"action": "publish"})
    assert response.status_code == 302
    thai_page.refresh_from_db()
    assert thai_page.live
    assert _status(source, "th") == translation_status.UP_TO_DATE

    html = client.get("/th/work/translate-me/").content.decode()
    # The dummy translator reverses word order: a visible, network-free stand-in.
    assert ".요세하 을록등인국외" in html or "외국인등록을 하세요." not in html
    assert 'class="notice"' not in html


def test_source_change_marks_translations_outdated(import_jsonl, source):
    import_jsonl(article(key="translate-me", locale="en", body="Register."))
    assert _status(source, "en") == translation_status.UP_TO_DATE
    source.save_revision().publish()
    assert _status(source, "en") == translation_status.OUTDATED
    import_jsonl(article(key="translate-me", locale="en", body="Register now."))
    assert _status(source, "en") == translation_status.UP_TO_DATE


def test_report_lists_statuses_per_language(client, editor, source, import_jsonl):
    import_jsonl(article(key="translate-me", locale="en", body="Register."))
    html = client.get(f"/admin/translation-status/?page={source.id}").content.decode()
    assert 'data-language="en" data-status="up_to_date"' in html
    assert 'data-language="th" data-status="missing"' in html
    html = client.get("/admin/translation-status/?language=th&status=missing").content.decode()
    assert source.title in html and 'data-language="en"' not in html


def test_dashboard_panel_explains_missing_machine_translation(client, editor, settings):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
    html = client.get("/admin/").content.decode()
    assert "Machine translation is not configured" in html


def test_unconfigured_or_refusing_provider_gives_a_clear_message(client, editor, source, settings):
    thai = Locale.objects.get(language_code="th")
    client.post(f"/admin/localize/submit/page/{source.id}/", {"locales": [thai.id]})
    translation = Translation.objects.get(source__object_id=source.translation_key, target_locale=thai)

    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
    response = client.post(f"/admin/localize/translate/{translation.id}/machine_translate/", {"next": "/admin/"}, follow=True)
    assert "Machine translation is not configured" in response.content.decode()

    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {"CLASS": "tests.doubles.RefusingTranslator"}
    response = client.post(f"/admin/localize/translate/{translation.id}/machine_translate/", {"next": "/admin/"}, follow=True)
    assert "cannot translate from" in response.content.decode()

    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {"CLASS": "tests.doubles.UnreachableTranslator"}
    response = client.post(f"/admin/localize/translate/{translation.id}/machine_translate/", {"next": "/admin/"}, follow=True)
    assert "did not translate this page" in response.content.decode()


def test_empty_optional_blocks_extract_cleanly(source):
    translation_source, _created = TranslationSource.get_or_create_from_instance(source)
    strings = set(translation_source.stringsegment_set.values_list("string__data", flat=True))
    assert {"예약하기", "수원출입국", "여권", "비용은?"} <= strings
    assert "" not in strings and "None" not in strings


def test_provider_is_chosen_from_the_environment():
    from portal.machine_translation import translator_setting_from_env

    assert translator_setting_from_env({}) is None
    assert translator_setting_from_env({"DEEPL_API_KEY": "k"})["CLASS"].endswith("DeepLTranslator")
    assert translator_setting_from_env({"GOOGLE_CLOUD_TRANSLATE_PROJECT_ID": "p"})["OPTIONS"] == {"PROJECT_ID": "p"}
    libre = translator_setting_from_env({"LIBRETRANSLATE_URL": "http://mt.local"})
    assert libre["CLASS"].endswith("LibreTranslator") and libre["OPTIONS"]["LIBRETRANSLATE_URL"] == "http://mt.local"
    assert translator_setting_from_env({"MACHINE_TRANSLATOR": "libretranslate", "DEEPL_API_KEY": "k"}) is None
