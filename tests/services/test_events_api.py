"""GET /api/v1/events and the region feed /<lang>/events/<REGION>.ics: shape, order, windows, every 400."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from wagtail.models import Locale

from services.models import Event
from tests.services.conftest import ANSAN_CITY_HALL, SUWON_CITY_HALL

# The feed and the default window start today: the clock is set before the events.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("late_november_2026")]

URL = "/api/v1/events"
SUWON = f"{SUWON_CITY_HALL[0]},{SUWON_CITY_HALL[1]}"
SEOUL = ZoneInfo("Asia/Seoul")


def translate_event(event, locale, title, description=""):
    version = event.copy_for_translation(Locale.objects.get(language_code=locale))
    version.title, version.description = title, description
    version.save()
    return version


@pytest.fixture
def gathering(make_event, make_place, translate, regions):
    centre = make_place("수원시 외국인복지센터", 37.280, 127.047, category="foreign-resident-centre",
                        address="수원시 팔달구 매산로 1", region=regions["KR-41110"])
    translate(centre, "en", "Suwon Foreign Residents Centre")
    korean_class = make_event(
        "한국어 교실", day=(2026, 12, 1), description="초급반", place=centre, recurrence_kind="weekly",
        recurrence_weekdays="TU", recurrence_until=date(2026, 12, 15), cost="무료", free_of_charge=True,
        languages_spoken="ko, vi", registration_url="https://example.kr/register", uid="class@suwon")
    translate_event(korean_class, "en", "Korean class", "For beginners.")
    make_event("다문화 축제", day=(2026, 12, 5), hours=(10, 17), latitude=ANSAN_CITY_HALL[0],
               longitude=ANSAN_CITY_HALL[1], address="안산시 단원구 화랑로 387", region=regions["KR-41270"])
    make_event("서울 장터", day=(2026, 12, 4), latitude=37.5665, longitude=126.9780, region=regions["KR-11"])
    return korean_class


def get(client, **params):
    return client.get(URL, params)


def test_occurrences_sorted_by_distance_with_every_field(client, gathering):
    response = get(client, near=SUWON, radius_km=30, locale="en", **{"from": "2026-12-01", "to": "2026-12-31"})
    assert response.status_code == 200
    data = response.json()
    assert [(item["title"], item["start"]) for item in data] == [
        ("Korean class", "2026-12-01T19:00:00+09:00"), ("Korean class", "2026-12-08T19:00:00+09:00"),
        ("Korean class", "2026-12-15T19:00:00+09:00"), ("다문화 축제", "2026-12-05T10:00:00+09:00")]
    first = data[0]
    assert first == {
        "id": first["id"], "title": "Korean class", "description": "For beginners.",
        "start": "2026-12-01T19:00:00+09:00", "end": "2026-12-01T21:00:00+09:00", "time_zone": "Asia/Seoul",
        "recurring": True, "distance_km": first["distance_km"], "lat": 37.280, "lon": 127.047,
        "address": "수원시 팔달구 매산로 1",
        "address_romanised": "1 Maesan-ro, Paldal-gu, Suwon-si", "place": {"id": first["place"]["id"], "name": "Suwon Foreign Residents Centre"},
        "region": "KR-41110", "cost": "무료", "free": True, "languages": ["ko", "vi"],
        "registration_url": "https://example.kr/register", "url": f"/en/events/{first['id']}/", "locale": "en",
        "fallback": False,
    }
    assert 2 < first["distance_km"] < 3 and first["distance_km"] == round(first["distance_km"], 2)
    festival = data[3]
    assert (festival["fallback"], festival["locale"], festival["place"], festival["recurring"]) == (True, "ko", None, False)
    assert festival["url"] == f"/en/events/{festival['id']}/"


def test_dates_include_the_to_day_and_a_region_alone_lists_it(client, gathering):
    one_day = get(client, region="KR-41", **{"from": "2026-12-05", "to": "2026-12-05"}).json()
    assert [item["title"] for item in one_day] == ["다문화 축제"]
    province = get(client, region="KR-41", **{"from": "2026-12-01", "to": "2026-12-31"}).json()
    assert len(province) == 4  # the province holds its cities
    seoul = get(client, region="KR-11", **{"from": "2026-12-01", "to": "2026-12-31"}).json()
    assert [item["title"] for item in seoul] == ["서울 장터"]
    assert len(get(client, region="KR-41", limit=2, **{"from": "2026-12-01", "to": "2026-12-31"}).json()) == 2


def test_without_dates_the_next_60_days(client, make_event):
    soon, later = datetime.now(SEOUL) + timedelta(days=2), datetime.now(SEOUL) + timedelta(days=70)
    make_event("곧", day=(soon.year, soon.month, soon.day))
    make_event("나중", day=(later.year, later.month, later.day))
    assert [item["title"] for item in get(client, near=SUWON).json()] == ["곧"]
    later_text = later.date().isoformat()
    assert [item["title"] for item in get(client, near=SUWON, to=later_text).json()] == ["곧", "나중"]


@pytest.mark.parametrize("params", [
    {"near": "abc"}, {"near": "91,127"}, {"near": "37.2,nan"}, {"near": SUWON, "radius_km": "0"},
    {"near": SUWON, "radius_km": "far"}, {"near": SUWON, "radius_km": "101"},
    {"near": SUWON, "from": "2026-13-01"}, {"near": SUWON, "from": "tomorrow"}, {"near": SUWON, "to": "1.12.2026"},
    {"near": SUWON, "from": "2026-12-10", "to": "2026-12-09"},  # to before from
    {"near": SUWON, "from": "2026-01-01", "to": "2027-01-02"},  # 367 days
    {"near": SUWON, "to": "2000-01-01"},  # before today
    {"near": SUWON, "limit": "0"}, {"near": SUWON, "limit": "201"}, {"near": SUWON, "locale": "xx"},
    {"region": "KR-99"}, {},
])
def test_bad_parameters_answer_400_with_an_error(client, regions, params):
    response = get(client, **params)
    assert response.status_code == 400
    assert set(response.json()) == {"error"} and response.json()["error"]


def test_a_whole_year_is_allowed_and_errors_speak_the_readers_language(client, regions):
    assert get(client, near=SUWON, **{"from": "2026-01-01", "to": "2026-12-31"}).status_code == 200
    english = get(client, near=SUWON, locale="en", **{"from": "2026-12-10", "to": "2026-12-09"}).json()["error"]
    assert english == "The date “to” must not be before “from” (or before today, when “from” is not given)."
    assert get(client, region="KR-99", locale="ko").json()["error"] == "알 수 없는 지역입니다: KR-99."
    assert "YYYY-MM-DD" in get(client, near=SUWON, locale="en", **{"from": "soon"}).json()["error"]


# The region feed


def test_the_region_feed_is_a_valid_calendar_in_the_readers_language(client, gathering):
    response = client.get("/en/events/KR-41.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    assert {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")} == {"Asia/Seoul"}
    found = {str(component["SUMMARY"]): component for component in calendar.walk("VEVENT")}
    assert set(found) == {"Korean class", "다문화 축제"}  # Seoul is another region; Korean when untranslated
    korean_class = found["Korean class"]
    assert not korean_class.errors
    assert str(korean_class["UID"]) == "class@suwon"
    assert korean_class["DTSTART"].params["TZID"] == "Asia/Seoul"
    assert korean_class.start == datetime(2026, 12, 1, 19, tzinfo=SEOUL)
    assert korean_class.end == datetime(2026, 12, 1, 21, tzinfo=SEOUL)
    assert korean_class["RRULE"].to_ical() == b"FREQ=WEEKLY;UNTIL=20261215T145959Z;BYDAY=TU"
    assert str(korean_class["DESCRIPTION"]) == "For beginners."
    assert str(korean_class["LOCATION"]) == "수원시 팔달구 매산로 1"
    assert (korean_class["GEO"].latitude, korean_class["GEO"].longitude) == (37.280, 127.047)
    english = Event.objects.get(translation_key=gathering.translation_key, locale__language_code="en")
    assert str(korean_class["URL"]) == f"http://testserver/en/events/{english.pk}/"
    assert all(component.get("DTSTAMP") for component in calendar.walk("VEVENT"))


def test_the_korean_feed_and_an_unknown_region(client, gathering):
    korean = icalendar.Calendar.from_ical(client.get("/ko/events/KR-41110.ics").content)
    assert [str(component["SUMMARY"]) for component in korean.walk("VEVENT")] == ["한국어 교실"]
    assert client.get("/en/events/KR-99.ics").status_code == 404


def test_a_feed_for_a_region_code_with_a_control_character_is_not_found(client, regions):
    # A NUL reaching PostgreSQL was a 500.
    assert client.get("/en/events/KR-41%00.ics").status_code == 404
    assert client.get("/en/events/kr-41.ics").status_code == 404
