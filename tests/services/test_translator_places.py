"""Translators translate places and events into their language, through wagtail-localize, and nothing else.

The editor sends a Korean place for translation (wagtail-localize's submit
view); the Vietnamese translator opens it in the translation editor,
machine-translates it (the dummy translator of the test settings reverses the
words), corrects a segment, publishes, and the reader sees it under /vi/. The
same translator cannot change the Korean facts, delete a place, or touch the
Urdu translation through any of wagtail-localize's endpoints.
"""
import pytest
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from portal import roles
from services.models import Event, Place
from tests.permissions import log_in, staff_user

pytestmark = pytest.mark.django_db

SNIPPETS = "/admin/snippets/services"


def staff(username, group):
    return staff_user(username, group)


@pytest.fixture
def editor_client(client):
    return log_in(client, staff("editor", roles.EDITORS))


@pytest.fixture
def translator_client():
    from django.test import Client

    return log_in(Client(), staff("translator-vi", roles.translator_group_name("vi")))


@pytest.fixture
def centre(make_place, regions):
    return make_place("수원시 외국인 복지센터", category="foreign-resident-centre", region=regions["KR-41110"],
                      description="상담 무료", phone="031-000-0000")


def send_for_translation(editor_client, model_name, instance, *codes):
    """The editor's *Translate* → choose languages → Submit, in wagtail-localize's own view."""
    locales = [Locale.objects.get(language_code=code).pk for code in codes]
    response = editor_client.post(f"/admin/localize/submit/snippet/services/{model_name}/{instance.pk}/",
                                  {"locales": locales})
    assert response.status_code == 302, response
    return {code: Translation.objects.get(source__object_id=instance.translation_key, target_locale__language_code=code)
            for code in codes}


def test_a_vietnamese_translator_machine_translates_and_publishes_a_place(
        editor_client, translator_client, centre, django_capture_on_commit_callbacks):
    translation = send_for_translation(editor_client, "place", centre, "vi")["vi"]
    vietnamese = Place.objects.get(translation_key=centre.translation_key, locale__language_code="vi")
    edit_url = f"{SNIPPETS}/place/edit/{vietnamese.pk}/"

    page = translator_client.get(edit_url)
    assert page.status_code == 200
    assert f"/admin/localize/translate/{translation.pk}/machine_translate/" in page.content.decode()

    response = translator_client.post(f"/admin/localize/translate/{translation.pk}/machine_translate/",
                                      {"next": edit_url})
    assert response.status_code == 302
    assert translation.get_progress() == (2, 2)  # name and description
    description = StringSegment.objects.get(source=translation.source, context__path="description")
    response = translator_client.put(
        f"/admin/localize/translate/{translation.pk}/strings/{description.pk}/edit/",
        "value=T%C6%B0+v%E1%BA%A5n+mi%E1%BB%85n+ph%C3%AD", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200, response.content

    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize saves on commit
        response = translator_client.post(edit_url, {"action": "publish"})
    assert response.status_code == 302

    vietnamese.refresh_from_db()
    assert (vietnamese.name, vietnamese.description) == ("복지센터 외국인 수원시", "Tư vấn miễn phí")
    assert vietnamese.phone == "031-000-0000" and vietnamese.category == "foreign-resident-centre"
    centre.refresh_from_db()
    assert (centre.name, centre.description) == ("수원시 외국인 복지센터", "상담 무료")
    html = translator_client.get(f"/vi/places/{vietnamese.pk}/").content.decode()
    assert "복지센터 외국인 수원시" in html and "Tư vấn miễn phí" in html


def test_a_vietnamese_translator_publishes_an_event(editor_client, translator_client, make_event, centre,
                                                    django_capture_on_commit_callbacks):
    event = make_event("한국어 교실", place=centre)
    translation = send_for_translation(editor_client, "event", event, "vi")["vi"]
    vietnamese = Event.objects.get(translation_key=event.translation_key, locale__language_code="vi")
    edit_url = f"{SNIPPETS}/event/edit/{vietnamese.pk}/"
    assert translator_client.post(f"/admin/localize/translate/{translation.pk}/machine_translate/",
                                  {"next": edit_url}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert translator_client.post(edit_url, {"action": "publish"}).status_code == 302
    vietnamese.refresh_from_db()
    assert vietnamese.title == "교실 한국어"
    assert (vietnamese.start, vietnamese.place_id) == (event.start, centre.pk)


def test_the_translator_cannot_change_the_korean_facts(translator_client, centre):
    response = translator_client.post(f"{SNIPPETS}/place/edit/{centre.pk}/", {
        "name": "Changed", "category": "hospital", "latitude": "0", "longitude": "0", "phone": "000"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    centre.refresh_from_db()
    assert (centre.name, centre.phone, centre.latitude) == ("수원시 외국인 복지센터", "031-000-0000", 37.2636)


def test_the_translator_cannot_delete_a_place_even_in_their_language(editor_client, translator_client, centre):
    send_for_translation(editor_client, "place", centre, "vi")
    vietnamese = Place.objects.get(translation_key=centre.translation_key, locale__language_code="vi")
    for place in (vietnamese, centre):
        response = translator_client.post(f"{SNIPPETS}/place/delete/{place.pk}/")
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert Place.objects.filter(translation_key=centre.translation_key).count() == 2


def test_the_translator_cannot_touch_another_languages_translation(editor_client, translator_client, centre):
    urdu = send_for_translation(editor_client, "place", centre, "vi", "ur")["ur"]
    urdu_place = Place.objects.get(translation_key=centre.translation_key, locale__language_code="ur")
    name = StringSegment.objects.get(source=urdu.source, context__path="name")
    translate = f"/admin/localize/translate/{urdu.pk}"

    assert translator_client.get(f"{SNIPPETS}/place/edit/{urdu_place.pk}/")["Location"] == "/admin/"
    publish = translator_client.post(f"{SNIPPETS}/place/edit/{urdu_place.pk}/", {"action": "publish"})
    assert publish["Location"] == "/admin/"
    assert translator_client.post(f"{translate}/machine_translate/", {"next": "/admin/"}).status_code == 403
    assert translator_client.put(f"{translate}/strings/{name.pk}/edit/", "value=x",
                                 content_type="application/x-www-form-urlencoded").status_code == 403
    assert translator_client.post(f"{translate}/disable/", {"next": "/admin/"}).status_code == 403
    assert translator_client.get(f"{translate}/pofile/download/").status_code == 403
    assert not StringTranslation.objects.filter(locale__language_code="ur").exists()
    assert Translation.objects.get(pk=urdu.pk).enabled


def test_the_listing_opens_in_the_translators_language_with_edit_links_there_only(
        editor_client, translator_client, centre):
    send_for_translation(editor_client, "place", centre, "vi")
    vietnamese = Place.objects.get(translation_key=centre.translation_key, locale__language_code="vi")
    html = translator_client.get(f"{SNIPPETS}/place/").content.decode()
    assert f"{SNIPPETS}/place/edit/{vietnamese.pk}/" in html
    korean = translator_client.get(f"{SNIPPETS}/place/?locale=ko").content.decode()
    assert "수원시 외국인 복지센터" in korean and f"{SNIPPETS}/place/edit/{centre.pk}/" not in korean
    assert "/admin/services/import/" not in html  # no import button: translators do not import
