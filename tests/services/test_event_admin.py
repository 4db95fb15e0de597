"""The event form in the admin: a place's location, or coordinates from the address (the place form's
logic, shared), weekdays as checkboxes, times as the event's wall clock; the list with its filters."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from wagtail.models import Locale

from services.forms import GeocodedAddressForm, PlaceForm
from services.models import Event
from services.wagtail_hooks import EventViewSet
from tests.permissions import log_in

pytestmark = pytest.mark.django_db

SEOUL, BERLIN = ZoneInfo("Asia/Seoul"), ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.kr", "a-long-password-1")


@pytest.fixture
def event_form(editor):
    form_class = EventViewSet.edit_handler.bind_to_model(Event).get_form_class()

    def make(instance=None, **data):
        fields = {"title": "한국어 교실", "start": "2026-12-01 19:00", "end": "2026-12-01 21:00",
                  "time_zone": "Asia/Seoul", "recurrence_kind": "none", "recurrence_interval": "1",
                  "recurrence_nth": "1", "recurrence_weekday": "0", "address": "경기도 수원시 팔달구 효원로 241",
                  "latitude": "", "longitude": "", **data}
        instance = instance or Event(locale=Locale.objects.get(language_code="ko"))
        return form_class(data=fields, instance=instance, for_user=editor)

    return make


def test_the_place_and_event_forms_share_the_geocoding():
    assert issubclass(PlaceForm, GeocodedAddressForm)
    assert issubclass(EventViewSet.edit_handler.bind_to_model(Event).get_form_class(), GeocodedAddressForm)


def test_an_address_without_coordinates_is_geocoded(event_form, settings):
    settings.GEOCODER_BACKEND = "tests.services.test_geocoding.FoundGeocoder"
    form = event_form()
    assert form.is_valid(), form.errors
    event = form.save()
    assert (event.latitude, event.longitude) == (37.280, 127.047)


@pytest.mark.parametrize("backend, field, words", [
    ("tests.services.test_geocoding.NothingFound", "address", "No coordinates were found"),
    ("tests.services.test_geocoding.Unreachable", "latitude", "unreachable"),
])
def test_the_editor_is_told_when_the_address_cannot_be_placed(event_form, settings, backend, field, words):
    settings.GEOCODER_BACKEND = backend
    form = event_form()
    assert not form.is_valid()
    assert words in " ".join(form.errors[field])


def test_at_a_place_nothing_is_looked_up_and_the_place_gives_the_location(event_form, make_place, settings, regions):
    settings.GEOCODER_BACKEND = "tests.services.test_geocoding.Unreachable"
    hall = make_place("수원시청", 37.2636, 127.0286, address="수원시 팔달구 효원로 241", region=regions["KR-41110"])
    form = event_form(place=str(hall.pk), address="")
    assert form.is_valid(), form.errors
    event = form.save()
    assert (event.latitude, event.longitude, event.address, event.region) == (
        37.2636, 127.0286, "수원시 팔달구 효원로 241", regions["KR-41110"])


def test_weekdays_are_checkboxes_and_the_rule_is_checked(event_form, settings):
    settings.GEOCODER_BACKEND = "tests.services.test_geocoding.FoundGeocoder"
    form = event_form(recurrence_kind="weekly", recurrence_weekdays=["TU", "TH"])
    assert form.is_valid(), form.errors
    event = form.save()
    assert event.recurrence_weekdays == "TU,TH" and event.recurrence_rule().weekdays == (1, 3)
    assert event_form(instance=event).initial["recurrence_weekdays"] == ["TU", "TH"]
    refused = event_form(recurrence_kind="weekly", recurrence_weekdays=["WE"])
    assert not refused.is_valid() and "start" in refused.errors


def test_times_are_the_events_wall_clock_whatever_the_editors_zone(event_form, settings):
    settings.GEOCODER_BACKEND = "tests.services.test_geocoding.FoundGeocoder"
    with timezone.override("America/New_York"):  # an editor abroad
        form = event_form(time_zone="Europe/Berlin", start="2027-03-22 10:00", end="2027-03-22 12:00")
        assert form.is_valid(), form.errors
        event = form.save()
        assert event.start == datetime(2027, 3, 22, 10, tzinfo=BERLIN)
        assert event_form(instance=event).initial["start"] == datetime(2027, 3, 22, 10)
    refused = event_form(start="2026-12-01 21:00", end="2026-12-01 19:00")
    assert not refused.is_valid() and "end" in refused.errors


def test_the_admin_list_filters_and_add_form(client, editor, make_event, regions):
    make_event("한국어 교실", day=(2026, 12, 1), region=regions["KR-41110"])
    make_event("서울 장터", day=(2027, 1, 5), region=regions["KR-11"])
    log_in(client, editor)  # a superuser: password, then the second factor
    listing = client.get("/admin/snippets/services/event/", {"start_from": "2026-11-01", "start_to": "2026-12-31"})
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "한국어 교실" in text and "서울 장터" not in text
    by_region = client.get("/admin/snippets/services/event/", {"region": regions["KR-11"].pk}).content.decode()
    assert "서울 장터" in by_region and "한국어 교실" not in by_region
    assert client.get("/admin/snippets/services/event/add/").status_code == 200
