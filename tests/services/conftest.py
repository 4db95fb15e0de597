from datetime import datetime, timezone

import pytest
import time_machine
from wagtail.models import Locale

from services.models import Place, Region
from services.regions import load_regions

SUWON_CITY_HALL = (37.2636, 127.0286)
ANSAN_CITY_HALL = (37.3219, 126.8309)


@pytest.fixture
def late_november_2026():
    """The clock a few days before the December 2026 events these tests make, whatever today is."""
    with time_machine.travel(datetime(2026, 11, 25, 3, 0, tzinfo=timezone.utc), tick=False):
        yield


@pytest.fixture
def regions(db):
    load_regions()
    return {region.code: region for region in Region.objects.all()}


@pytest.fixture
def make_place(db):
    """Create a Place (Korean by default) from keyword arguments."""

    def make(name="장소", latitude=SUWON_CITY_HALL[0], longitude=SUWON_CITY_HALL[1], locale="ko",
             category="hospital", **fields):
        return Place.objects.create(
            name=name, latitude=latitude, longitude=longitude, category=category,
            locale=Locale.objects.get(language_code=locale), **fields,
        )

    return make


@pytest.fixture
def translate():
    """Save an English (or other) version of a place with its own words; facts come from the source."""

    def run(place, locale, name, description=""):
        translation = place.copy_for_translation(Locale.objects.get(language_code=locale))
        translation.name, translation.description = name, description
        translation.save()
        return translation

    return run


@pytest.fixture
def no_elasticsearch(settings):
    settings.ELASTICSEARCH_URL = ""


@pytest.fixture(autouse=True)
def _no_network_geocoder(settings):
    """Nothing reaches Nominatim from the tests; test_geocoding injects its own geocoders."""
    settings.GEOCODER_BACKEND = "tests.services.test_geocoding.NothingFound"


@pytest.fixture
def make_event(db):
    """Create an Event (Korean by default, 19:00-21:00 Seoul time on the given day) from keyword arguments."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo, available_timezones

    from services.models import Event

    def make(title="행사", day=(2026, 12, 1), hours=(19, 21), latitude=SUWON_CITY_HALL[0],
             longitude=SUWON_CITY_HALL[1], locale="ko", time_zone="Asia/Seoul", **fields):
        zone = ZoneInfo(time_zone if time_zone in available_timezones() else "Asia/Seoul")
        start = datetime(*day, hours[0], tzinfo=zone)
        end = datetime(*day, hours[1], tzinfo=zone) if hours[1] >= hours[0] else (
            datetime(*day, hours[1], tzinfo=zone) + timedelta(days=1))
        if fields.get("place") is not None:
            latitude = longitude = None
        event = Event(title=title, start=start, end=end, time_zone=time_zone, latitude=latitude, longitude=longitude,
                      locale=Locale.objects.get(language_code=locale), **fields)
        event.full_clean(exclude=["translation_key"])
        event.save()
        return event

    return make
