"""Sending a place or an event for translation publishes nothing in the target language.

wagtail-localize's submit saves a Vietnamese version at once, a copy of the
Korean text (snippets have no drafts). Readers under /vi/ must keep getting the
Korean version marked as a fallback, as when no Vietnamese version exists,
until the Vietnamese translator publishes real text (services.untranslated).
"""
import pytest

from search.models import IndexEntry
from services.models import Event, Place
from tests.services.test_translator_places import (  # noqa: F401 (fixtures used by name)
    SNIPPETS, centre, editor_client, send_for_translation, translator_client)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_elasticsearch", "late_november_2026")]


def send(editor_client, model_name, instance, capture):
    with capture(execute=True):  # the search index is updated on commit, as in production
        return send_for_translation(editor_client, model_name, instance, "vi")["vi"]


def publish(translator_client, translation, edit_url, capture):
    """The translator's machine translation (the test settings' dummy reverses the words), then Publish."""
    response = translator_client.post(f"/admin/localize/translate/{translation.pk}/machine_translate/",
                                      {"next": edit_url})
    assert response.status_code == 302
    with capture(execute=True):
        assert translator_client.post(edit_url, {"action": "publish"}).status_code == 302


def shown(client, url):
    """(pk, fallback notice shown) of the detail page the reader ends up on."""
    response = client.get(url, follow=True)
    assert response.status_code == 200
    item = response.context.get("place") or response.context["event"]
    return item.pk, response.context["fallback"]


def places_api(client):
    return [(row["id"], row["locale"], row["fallback"])
            for row in client.get("/api/v1/places", {"region": "KR-41110", "locale": "vi"}).json()]


def region_listing(client):
    listing = client.get("/vi/places/", {"region": "KR-41110"}).context["listing"]
    return [(item.place.pk, item.fallback) for item in listing.places]


def test_a_place_sent_for_translation_keeps_the_korean_fallback_until_published(
        client, editor_client, translator_client, centre, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    translation = send(editor_client, "place", centre, capture)
    copy = Place.objects.get(translation_key=centre.translation_key, locale__language_code="vi")
    assert copy.untranslated and copy.name == centre.name
    assert not Place.objects.get(pk=centre.pk).untranslated

    for url in (f"/vi/places/{copy.pk}/", f"/vi/places/{centre.pk}/"):
        assert shown(client, url) == (centre.pk, True)
    assert places_api(client) == [(centre.pk, "ko", True)]
    assert region_listing(client) == [(centre.pk, True)]
    assert not IndexEntry.objects.filter(type="place", locale="vi").exists()
    assert f"{SNIPPETS}/place/edit/{copy.pk}/" in translator_client.get(f"{SNIPPETS}/place/").content.decode()

    publish(translator_client, translation, f"{SNIPPETS}/place/edit/{copy.pk}/", capture)
    copy.refresh_from_db()
    assert (copy.name, copy.untranslated) == ("복지센터 외국인 수원시", False)
    for url in (f"/vi/places/{copy.pk}/", f"/vi/places/{centre.pk}/"):
        assert shown(client, url) == (copy.pk, False)
    assert "복지센터 외국인 수원시" in client.get(f"/vi/places/{copy.pk}/").content.decode()
    assert places_api(client) == [(copy.pk, "vi", False)]
    assert region_listing(client) == [(copy.pk, False)]
    assert IndexEntry.objects.get(type="place", locale="vi").title == "복지센터 외국인 수원시"


def test_an_event_sent_for_translation_keeps_the_korean_fallback_until_published(
        client, editor_client, translator_client, centre, make_event, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    event = make_event("한국어 교실", place=centre)
    translation = send(editor_client, "event", event, capture)
    copy = Event.objects.get(translation_key=event.translation_key, locale__language_code="vi")
    assert copy.untranslated

    def api():
        rows = client.get("/api/v1/events", {"region": "KR-41110", "locale": "vi"}).json()
        return [(row["id"], row["title"], row["fallback"]) for row in rows]

    assert shown(client, f"/vi/events/{copy.pk}/") == (event.pk, True)
    assert api() == [(event.pk, "한국어 교실", True)]
    feed = client.get("/vi/events/KR-41110.ics").content.decode()
    assert f"/vi/events/{event.pk}/" in feed and f"/vi/events/{copy.pk}/" not in feed
    assert not IndexEntry.objects.filter(type="event", locale="vi").exists()

    publish(translator_client, translation, f"{SNIPPETS}/event/edit/{copy.pk}/", capture)
    copy.refresh_from_db()
    assert not copy.untranslated
    assert shown(client, f"/vi/events/{event.pk}/") == (copy.pk, False)
    assert api() == [(copy.pk, "교실 한국어", False)]
    assert IndexEntry.objects.get(type="event", locale="vi").title == "교실 한국어"


def test_only_a_copy_of_the_korean_text_is_untranslated(make_place, translate):
    source = make_place("수원시청", description="시청")
    assert not source.untranslated
    english = translate(source, "en", "Suwon City Hall", "시청")  # one field translated is a translation
    assert not english.untranslated
    copy = translate(source, "ja", "수원시청", "시청")
    assert copy.untranslated
    copy.name = "水原市庁"
    copy.save(update_fields=["name"])
    assert not Place.objects.get(pk=copy.pk).untranslated
