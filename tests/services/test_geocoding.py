"""Coordinates from the address in the admin form, with injected geocoders: nothing reaches the network."""
import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from geopy.exc import GeocoderUnavailable as GeopyUnavailable
from wagtail.models import Locale

from services import geocoding
from services.models import Place
from services.wagtail_hooks import PlaceViewSet


@pytest.fixture(autouse=True)
def _english():
    # The admin messages are checked in English; Korean is the default language.
    with translation.override("en"):
        yield


class FoundGeocoder(geocoding.Geocoder):
    def geocode(self, address):
        return geocoding.Location(37.280, 127.047, "월드컵로 164, 수원시")


class NothingFound(geocoding.Geocoder):
    def geocode(self, address):
        return None


class Unreachable(geocoding.Geocoder):
    def geocode(self, address):
        raise geocoding.GeocoderUnavailable("timed out")


@pytest.fixture
def place_form(db):
    form_class = PlaceViewSet.edit_handler.bind_to_model(Place).get_form_class()
    user = get_user_model().objects.create_superuser("editor", "editor@example.kr", "a-long-password-1")

    def make(**data):
        fields = {"name": "아주대학교병원", "category": "hospital", "address": "경기도 수원시 영통구 월드컵로 164",
                  "latitude": "", "longitude": "", **data}
        return form_class(data=fields, instance=Place(locale=Locale.objects.get(language_code="ko")), for_user=user)

    return make


def test_empty_coordinates_are_found_from_the_address(place_form, settings):
    settings.GEOCODER_BACKEND = "tests.services.test_geocoding.FoundGeocoder"
    form = place_form()
    assert form.is_valid(), form.errors
    place = form.save()
    assert (place.latitude, place.longitude) == (37.280, 127.047)


def test_coordinates_given_are_kept_and_nothing_is_looked_up(place_form, settings):
    settings.GEOCODER_BACKEND = "tests.services.test_geocoding.Unreachable"
    form = place_form(latitude="37.3", longitude="127.0")
    assert form.is_valid(), form.errors
    assert (form.instance.latitude, form.instance.longitude) == (37.3, 127.0)


@pytest.mark.parametrize("backend, field, words", [
    ("tests.services.test_geocoding.NothingFound", "address", "No coordinates were found"),
    ("tests.services.test_geocoding.Unreachable", "latitude", "unreachable"),
])
def test_the_editor_is_told_when_the_address_cannot_be_placed(place_form, settings, backend, field, words):
    settings.GEOCODER_BACKEND = backend
    form = place_form()
    assert not form.is_valid()
    assert words in " ".join(form.errors[field])


def test_half_coordinates_or_no_address_are_refused(place_form):
    assert "latitude" in place_form(longitude="127.0").errors
    assert "address" in place_form(address="").errors
    assert "latitude" in place_form(latitude="91", longitude="127").errors


class FakeNominatim:
    def __init__(self, answer=None, error=None):
        self.answer, self.error, self.calls = answer, error, 0

    def geocode(self, address, **options):
        self.calls += 1
        if self.error:
            raise self.error
        return self.answer


def test_nominatim_answers_are_cached_and_failures_reported(monkeypatch):
    monkeypatch.setattr(geocoding.time, "sleep", lambda seconds: None)

    class Answer:
        latitude, longitude, address = 37.28, 127.047, "Ajou"

    client = FakeNominatim(answer=Answer())
    geocoder = geocoding.NominatimGeocoder(client)
    assert geocoder.geocode("월드컵로 164") == geocoding.Location(37.28, 127.047, "Ajou")
    assert geocoder.geocode("월드컵로  164") == geocoding.Location(37.28, 127.047, "Ajou")
    assert client.calls == 1
    nothing = FakeNominatim()
    assert geocoding.NominatimGeocoder(nothing).geocode("nowhere") is None
    assert geocoding.NominatimGeocoder(nothing).geocode("nowhere") is None and nothing.calls == 1
    with pytest.raises(geocoding.GeocoderUnavailable):
        geocoding.NominatimGeocoder(FakeNominatim(error=GeopyUnavailable("down"))).geocode("somewhere")
