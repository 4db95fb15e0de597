"""GET /api/v1/places: the JSON shape, the order, every 400 and the rate limit."""
import pytest

from tests.services.conftest import ANSAN_CITY_HALL, SUWON_CITY_HALL

pytestmark = pytest.mark.django_db

URL = "/api/v1/places"
SUWON = f"{SUWON_CITY_HALL[0]},{SUWON_CITY_HALL[1]}"


@pytest.fixture
def places(make_place, translate, regions):
    hospital = make_place(
        "아주대학교병원", 37.280, 127.047, address="경기도 수원시 영통구 월드컵로 164", phone="1688-6114",
        website="https://hosp.ajoumc.or.kr", opening_hours="Mo-Fr 08:30-17:30; PH off", languages_spoken="ko, en",
        interpretation_available=True, barrier_free=True, region=regions["KR-41110"], external_id="ajou",
    )
    translate(hospital, "en", "Ajou University Hospital", "A university hospital.")
    make_place("수원출입국·외국인사무소", 37.249, 127.071, category="immigration-office", phone="1345",
               by_appointment=True, free_of_charge=True, region=regions["KR-41110"])
    make_place("안산시 외국인주민지원본부", *ANSAN_CITY_HALL, category="foreign-resident-centre",
               temporarily_closed=True, region=regions["KR-41270"])
    return hospital


def get(client, **params):
    return client.get(URL, params)


def test_a_list_sorted_by_distance_with_every_field(client, places, frozen_now):  # a Monday, 12:00 in Seoul
    response = get(client, near=SUWON, radius_km=30, locale="en")
    assert response.status_code == 200
    data = response.json()
    assert [item["distance_km"] for item in data] == sorted(item["distance_km"] for item in data)
    assert [item["name"] for item in data] == [
        "Ajou University Hospital", "수원출입국·외국인사무소", "안산시 외국인주민지원본부"]
    first = data[0]
    assert first == {
        "id": first["id"], "name": "Ajou University Hospital", "description": "A university hospital.",
        "category": "hospital", "category_label": "Hospital", "address": "경기도 수원시 영통구 월드컵로 164",
        "address_romanised": "164 Woldeukeop-ro, Yeongtong-gu, Suwon-si, Gyeonggi-do",
        "lat": 37.280, "lon": 127.047, "distance_km": first["distance_km"], "phone": "1688-6114",
        "website": "https://hosp.ajoumc.or.kr", "opening_hours": "Mo-Fr 08:30-17:30; PH off",
        "opening_hours_text": ["Monday–Friday: 8:30 a.m.–5:30 p.m.", "Saturday–Sunday: closed",
                               "Public holidays: closed"],
        "open_now": True, "by_appointment": False,
        "temporarily_closed": False, "languages": ["ko", "en"], "interpretation": True, "free": False,
        "barrier_free": True, "region": "KR-41110", "locale": "en", "fallback": False,
    }
    assert first["distance_km"] == round(first["distance_km"], 2) and 2 < first["distance_km"] < 3
    assert data[1]["fallback"] is True and data[1]["locale"] == "ko"
    assert data[1]["by_appointment"] is True and data[1]["free"] is True
    assert data[2]["temporarily_closed"] is True and data[2]["distance_km"] == pytest.approx(18.7, abs=0.3)
    assert (data[1]["open_now"], data[1]["opening_hours_text"]) == (None, [])  # hours not known
    assert data[2]["open_now"] is False  # temporarily closed


def test_the_hours_are_described_in_the_requested_language_and_open_now_follows_the_clock(client, places, frozen_now):
    vietnamese = get(client, near=SUWON, radius_km=5, locale="vi").json()[0]
    assert vietnamese["opening_hours"] == "Mo-Fr 08:30-17:30; PH off"
    assert vietnamese["opening_hours_text"][0].startswith("Thứ Hai") and "08:30" in vietnamese["opening_hours_text"][0]
    assert vietnamese["open_now"] is True
    frozen_now.move_to("2026-06-15T09:00:00Z")  # 18:00 in Seoul
    assert get(client, near=SUWON, radius_km=5).json()[0]["open_now"] is False
    frozen_now.move_to("2026-09-25T03:00:00Z")  # 추석, a Friday, at noon
    assert get(client, near=SUWON, radius_km=5).json()[0]["open_now"] is False


def test_hours_written_before_the_syntax_are_given_as_written(client, places):
    places.opening_hours = "평일 08:30-17:30"
    places.save()
    english = get(client, near=SUWON, radius_km=5, locale="en").json()[0]
    assert (english["opening_hours"], english["opening_hours_text"], english["open_now"]) == (
        "평일 08:30-17:30", [], None)


def test_radius_category_limit_and_default_locale(client, places):
    assert [p["name"] for p in get(client, near=SUWON, radius_km=10).json()] == [
        "아주대학교병원", "수원출입국·외국인사무소"]
    assert [p["category"] for p in get(client, near=SUWON, radius_km=30, category="immigration-office").json()] == [
        "immigration-office"]
    assert len(get(client, near=SUWON, radius_km=30, limit=1).json()) == 1


def test_a_region_alone_lists_it_from_its_centroid(client, places):
    ansan = get(client, region="KR-41270").json()
    assert [p["name"] for p in ansan] == ["안산시 외국인주민지원본부"]
    assert ansan[0]["region"] == "KR-41270"
    assert len(get(client, region="KR-41").json()) == 3  # the province holds its cities
    assert get(client, region="KR-11").json() == []


@pytest.mark.parametrize("params", [
    {"near": "abc"}, {"near": "37.2"}, {"near": "37.2,127.0,5"}, {"near": "nan,127"}, {"near": "37.2,inf"},
    {"near": "91,127"}, {"near": "37,-181"}, {"near": ""},
    {"near": SUWON, "radius_km": "0"}, {"near": SUWON, "radius_km": "-3"}, {"near": SUWON, "radius_km": "100.5"},
    {"near": SUWON, "radius_km": "far"}, {"near": SUWON, "category": "zoo"}, {"region": "KR-99"},
    {"near": SUWON, "locale": "xx"}, {"near": SUWON, "limit": "0"}, {"near": SUWON, "limit": "101"},
    {"near": SUWON, "limit": "ten"}, {},
])
def test_bad_parameters_answer_400_with_an_error(client, regions, params):
    response = get(client, **params)
    assert response.status_code == 400
    assert set(response.json()) == {"error"} and response.json()["error"]


def test_errors_speak_the_requested_language(client, regions):
    english = get(client, near=SUWON, limit="0", locale="en").json()["error"]
    korean = get(client, near=SUWON, limit="0", locale="ko").json()["error"]
    assert english == "limit must be a whole number from 1 to 100."
    assert korean == "limit 값은 1부터 100까지의 정수여야 합니다."


def test_too_many_requests_answer_429(client, regions, settings):
    settings.SEARCH_RATE_PER_MINUTE = 2
    assert [get(client, region="KR-11").status_code for _ in range(3)] == [200, 200, 429]
    assert "error" in get(client, region="KR-11").json()


def test_only_get(client, regions):
    assert client.post(URL, {"region": "KR-11"}).status_code == 405
