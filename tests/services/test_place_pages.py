"""The reader's places pages: region and "near me" lists, the place and event pages, privacy and CSP."""
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from services import maps
from services.models import Event, Place
from services.pages import REGION_COOKIE
from services.search import PlaceSearchSource
from tests.services.conftest import ANSAN_CITY_HALL, SUWON_CITY_HALL
from tests.services.test_events import translate_event

pytestmark = pytest.mark.django_db

TILE_ORIGIN = "https://tile.openstreetmap.org"
SUWON_NEAR = "37.26412,127.02953"  # by Suwon City Hall, with more decimals than the server keeps


@pytest.fixture
def places(make_place, translate, regions):
    suwon = regions["KR-41110"]
    ajou = make_place(
        "아주대학교병원", 37.280, 127.047, address="경기도 수원시 영통구 월드컵로 164", phone="031-219-5114",
        website="https://hosp.ajoumc.or.kr", opening_hours="평일 08:30-17:30", languages_spoken="ko, en, vi",
        interpretation_available=True, barrier_free=True, region=suwon, description="대학병원입니다.",
    )
    translate(ajou, "en", "Ajou University Hospital", "A university hospital.")
    make_place("성빈센트병원", 37.278, 127.027, address="경기도 수원시 팔달구 중부대로 93", phone="1577-8588",
               region=suwon, by_appointment=True)
    make_place("수원약국", *SUWON_CITY_HALL, category="pharmacy", phone="031-000-0000", region=suwon)
    make_place("안산병원", *ANSAN_CITY_HALL, phone="031-599-5114", temporarily_closed=True, region=regions["KR-41270"])
    return ajou


def names_in_list(response):
    html = response.content.decode()
    block = html.split('<ol class="places">', 1)[1].split("</ol>", 1)[0]
    return re.findall(r"<h3><a [^>]*>([^<]+)</a></h3>", block)


def distances_in_list(response):
    block = response.content.decode().split('<ol class="places">', 1)[1].split("</ol>", 1)[0]
    return re.findall(r'<span class="distance">([^<]+)</span>', block)


def km(text):
    value, unit = text.split()
    return float(value.replace(",", ".")) / (1000 if unit == "m" else 1)


# The entry and the lists


def test_the_entry_offers_every_region_in_the_readers_language_and_no_list(client, regions):
    response = client.get("/en/places/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<select id="place-region" name="region"' in html
    for name in ("Suwon", "Gapyeong County", "All of Seoul", "All of Jeollanam-do", "All of Gyeonggi-do"):
        assert f">{name}</option>" in html, name
    assert len(re.findall(r'<option value="KR-41\d{3}"', html)) == 31  # Gyeonggi-do's cities and counties
    assert '<ol class="places">' not in html
    assert 'id="near-me" hidden' in html  # the script shows it; without JavaScript it stays hidden
    ko = client.get("/ko/places/").content.decode()
    assert ">수원시</option>" in ko


def test_a_region_and_a_category_list_only_those_places_nearest_the_centre_first(client, places):
    response = client.get("/en/places/", {"region": "KR-41110", "category": "hospital"})
    assert response.status_code == 200
    assert names_in_list(response) == ["성빈센트병원", "Ajou University Hospital"]
    distances = distances_in_list(response)
    assert len(distances) == 2 and all(re.fullmatch(r"[\d.]+ k?m", text) for text in distances)
    assert [km(text) for text in distances] == sorted(km(text) for text in distances)
    html = response.content.decode()
    assert "Places in Suwon" in html and "수원약국" not in html and "안산병원" not in html
    assert 'href="tel:031-219-5114"' in html and 'href="tel:1577-8588"' in html
    assert 'href="https://www.openstreetmap.org/directions?to=37.28,127.047"' in html
    assert '<option value="hospital" selected>' in html and '<option value="KR-41110" selected>' in html


def test_the_list_is_in_the_html_and_needs_no_script(client, places):
    html = client.get("/en/places/", {"region": "KR-41110"}).content.decode()
    assert len(names_in_list_html(html)) == 3
    for tag in re.findall(r"<script[^>]*>", html):
        # Only deferred files of our own, and the map's data (not executed).
        assert ('src="/static/' in tag and "defer" in tag) or 'type="application/json"' in tag, tag


def names_in_list_html(html):
    block = html.split('<ol class="places">', 1)[1].split("</ol>", 1)[0]
    return re.findall(r"<h3><a [^>]*>([^<]+)</a></h3>", block)


def test_near_me_lists_by_distance_from_the_rounded_point(client, places):
    response = client.get("/en/places/", {"near": SUWON_NEAR})
    assert response.status_code == 200
    assert response.context["near"] == (37.26, 127.03)
    assert names_in_list(response) == ["수원약국", "성빈센트병원", "Ajou University Hospital", "안산병원"]
    distances = [km(text) for text in distances_in_list(response)]
    assert distances == sorted(distances) and 18 < distances[-1] < 20
    html = response.content.decode()
    assert "37.264" not in html and "127.029" not in html  # only the rounded point is used again
    assert 'name="near" value="37.26,127.03"' in html  # the category filter keeps the point
    assert 'name="robots" content="noindex"' in html
    assert 'href="/vi/places/?near=37.26%2C127.03"' in html  # the language switcher, rounded too


def test_a_region_chosen_after_near_me_wins(client, places):
    response = client.get("/en/places/", {"near": SUWON_NEAR, "region": "KR-41270"})
    assert names_in_list(response) == ["안산병원"]


def test_the_distance_uses_the_decimal_comma_of_russian(client, make_place, regions):
    make_place("병원", 37.2636, 127.0586, region=regions["KR-41110"])  # about 2.7 km east of the point
    response = client.get("/ru/places/", {"near": SUWON_NEAR})
    assert re.fullmatch(r"2,\d km|2,\d км", distances_in_list(response)[0])


@pytest.mark.parametrize("params, message", [
    ({"near": "here"}, "Your location could not be read."),
    ({"near": "91,200"}, "Your location could not be read."),
    ({"near": "nan,1"}, "Your location could not be read."),
    ({"region": "KR-99999"}, "This region is not in the list."),
    ({"region": "KR-41110", "category": "spaceport"}, "This category is not in the list."),
])
def test_bad_input_gets_a_clear_message_and_keeps_the_rest(client, places, params, message):
    response = client.get("/en/places/", params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and 'role="alert"' in html
    assert '<select id="place-region" name="region"' in html  # the reader can choose again at once
    if params.get("region") == "KR-41110":
        assert '<option value="KR-41110" selected>' in html


def test_bad_input_is_explained_in_the_readers_language(client, regions):
    response = client.get("/ru/places/", {"region": "KR-99999"})
    with translation.override("ru"):
        expected = gettext("This region is not in the list. Choose your region from the list.")
    assert response.status_code == 400 and expected in response.content.decode()
    assert response.content.decode().startswith('<!doctype html>\n<html lang="ru"')


def test_a_shared_location_is_never_stored_logged_cached_or_put_in_a_cookie(client, places, caplog):
    caplog.set_level("DEBUG")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/places/", {"near": SUWON_NEAR, "category": "hospital"})
    assert response.status_code == 200
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
    cookies = "; ".join(morsel.OutputString() for morsel in response.cookies.values())
    assert "37.2" not in cookies and "127.0" not in cookies and REGION_COOKIE not in cookies
    assert not any("37.26" in record.getMessage() for record in caplog.records)
    assert "no-store" in response["Cache-Control"]
    stored = b"".join(value if isinstance(value, bytes) else b"" for value in cache._cache.values())
    assert b"37.26" not in stored and b"127.03" not in stored  # not in the page cache either


def test_the_region_is_remembered_in_a_first_party_cookie_holding_only_its_code(client, places):
    response = client.get("/en/places/", {"region": "KR-41110"})
    morsel = response.cookies[REGION_COOKIE]
    assert morsel.value == "KR-41110" and morsel["httponly"] and morsel["samesite"] == "Lax"
    assert morsel["max-age"] and not morsel["domain"]
    back = client.get("/en/places/")  # the test client sends the cookie back
    assert back.status_code == 200 and "Places in Suwon" in back.content.decode()
    assert sorted(names_in_list(back)) == sorted(["수원약국", "성빈센트병원", "Ajou University Hospital"])
    assert '<option value="KR-41110" selected>' in back.content.decode()  # and the reader can change it
    assert "Cookie" in back["Vary"] and REGION_COOKIE not in back.cookies  # nothing new to remember
    other = client.get("/en/places/", {"region": "KR-41270"})
    assert other.cookies[REGION_COOKIE].value == "KR-41270"


def test_a_stale_region_cookie_is_ignored(client, regions):
    client.cookies[REGION_COOKIE] = "KR-00000"
    response = client.get("/en/places/")
    assert response.status_code == 200 and '<ol class="places">' not in response.content.decode()


def test_a_remembered_region_is_not_served_to_another_reader_from_the_page_cache(client, places, settings):
    settings.PAGE_CACHE_ENABLED = True
    client.cookies[REGION_COOKIE] = "KR-41270"
    assert names_in_list(client.get("/en/places/")) == ["안산병원"]
    client.cookies.clear()
    assert '<ol class="places">' not in client.get("/en/places/").content.decode()


def test_the_tile_server_is_allowed_in_img_src_only_on_pages_with_a_map(client, places):
    def img_src(response):
        return re.search(r"img-src ([^;]+)", response["Content-Security-Policy"]).group(1)

    assert TILE_ORIGIN not in img_src(client.get("/en/places/"))  # no list, no map
    assert TILE_ORIGIN in img_src(client.get("/en/places/", {"region": "KR-41110"}))
    assert TILE_ORIGIN in img_src(client.get(f"/en/places/{places.pk}/", follow=True))
    assert TILE_ORIGIN not in img_src(client.get("/en/search/", {"q": "병원"}))
    page = client.get("/en/places/", {"region": "KR-41110"}).content.decode()
    assert f'data-tiles="{TILE_ORIGIN}/{{z}}/{{x}}/{{y}}.png"' in page
    assert 'data-leaflet-js="/static/leaflet/leaflet.js"' in page and 'id="map-points"' in page


def test_the_tile_origin_follows_the_setting(settings):
    settings.MAP_TILE_URL = "https://{s}.tiles.example.kr/osm/{z}/{x}/{y}.png"
    assert "img-src 'self' data: https://*.tiles.example.kr;" in maps.policy_with_tiles()
    settings.MAP_TILE_URL = "/tiles/{z}/{x}/{y}.png"  # on this site: nothing to add
    assert maps.tile_origin() == ""


def test_the_map_data_lists_the_places_in_the_lists_order(client, places):
    response = client.get("/en/places/", {"region": "KR-41110", "category": "hospital"})
    points = response.context["map_points"]
    assert [point["name"] for point in points] == names_in_list(response)
    assert points[1]["url"] == f"/en/places/{Place.objects.get(name='Ajou University Hospital').pk}/"


# The place page


def test_the_place_page_shows_everything_a_reader_acts_on(client, places):
    english = Place.objects.get(name="Ajou University Hospital")
    response = client.get(f"/en/places/{english.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 lang="en" dir="ltr">Ajou University Hospital</h1>' in html
    assert "Hospital · Suwon" in html and "A university hospital." in html
    assert ('<span class="address-latin" lang="ko-Latn" dir="ltr">164 Woldeukeop-ro, Yeongtong-gu, Suwon-si, '
            'Gyeonggi-do</span>') in html
    assert '<span lang="ko" dir="ltr">경기도 수원시 영통구 월드컵로 164</span>' in html
    assert 'href="tel:031-219-5114"' in html
    assert 'href="https://www.openstreetmap.org/directions?to=37.28,127.047"' in html
    assert '<a href="https://hosp.ajoumc.or.kr" rel="noopener">' in html
    assert '<span lang="ko">평일 08:30-17:30</span>' in html
    assert '<li class="language">Vietnamese</li>' in html and "Interpretation" in html and "Barrier-free" in html
    assert 'id="show-map" hidden' in html and "This place is not yet described" not in html


HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture
def office(make_place, translate, regions):
    """A public office with structured hours, in Korean, Vietnamese and English."""
    office = make_place("수원시 외국인복지센터", *SUWON_CITY_HALL, category="foreign-resident-centre",
                        opening_hours="Mo-Fr 09:00-18:00; Sa 10:00-13:00; PH off", region=regions["KR-41110"])
    translate(office, "vi", "Trung tâm phúc lợi người nước ngoài Suwon")
    translate(office, "en", "Suwon Foreign Residents Welfare Centre")
    return office


def hours_block(html):
    return html.split('<dl class="hours">', 1)[1].split("</dl>", 1)[0]


def test_the_hours_are_described_in_vietnamese_with_no_hangul(client, office, frozen_now):  # Monday 12:00 in Seoul
    vietnamese = Place.objects.get(locale__language_code="vi")
    response = client.get(f"/vi/places/{vietnamese.pk}/")
    html = response.content.decode()
    block = hours_block(html)
    assert "Thứ Hai" in block and "Thứ Sáu" in block and "09:00" in block and "18:00" in block
    assert "Thứ Bảy" in block and "10:00" in block and not HANGUL.search(block)
    assert '<div class="today" aria-current="date"><dt>Thứ Hai' in block
    state = re.search(r'<strong class="open-state open">([^<]+)</strong>', html).group(1)
    assert "18:00" in state and not HANGUL.search(state)
    assert '<span lang="ko">Mo-Fr' not in html and "Mo-Fr" not in block


def test_the_place_page_says_when_it_opens_again(client, office, frozen_now):
    english = Place.objects.get(locale__language_code="en")
    frozen_now.move_to("2026-06-20T05:00:00Z")  # Saturday 14:00 in Seoul, after Saturday's hours
    html = client.get(f"/en/places/{english.pk}/").content.decode()
    assert '<strong class="open-state">Closed now · opens Monday 9 a.m.</strong>' in html
    assert '<div class="today" aria-current="date"><dt>Saturday</dt><dd>10 a.m.–1 p.m.</dd></div>' in html
    assert "<dt>Public holidays</dt><dd>closed</dd>" in html
    frozen_now.move_to("2026-09-25T03:00:00Z")  # 추석, a Friday, at noon
    html = client.get(f"/en/places/{english.pk}/").content.decode()
    assert "Closed now · opens Monday 9 a.m." in html
    assert '<div class="today" aria-current="date"><dt>Public holidays</dt>' in html


def test_a_temporarily_closed_place_keeps_its_hours_but_is_not_open_now(client, office, frozen_now):
    office.temporarily_closed = True
    office.save()
    html = client.get(f"/en/places/{Place.objects.get(locale__language_code='en').pk}/").content.decode()
    assert "<strong>Temporarily closed</strong>" in html and "open-state" not in html
    assert '<dl class="hours">' in html


def test_the_list_shows_open_now_on_each_place_with_hours(client, office, places, frozen_now):
    response = client.get("/en/places/", {"region": "KR-41110"})
    html = response.content.decode()
    assert html.count('<p class="open-state open">Open now · closes 6 p.m.</p>') == 1  # the office
    assert html.count("open-state") == 1  # the others' hours are not known or not structured


def test_open_now_is_never_kept_longer_than_a_few_minutes(client, office, places):
    english = Place.objects.get(locale__language_code="en", name__startswith="Suwon")
    for response in (client.get(f"/en/places/{english.pk}/"), client.get("/en/places/", {"region": "KR-41110"})):
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert "private" in cache_control and "max-age=300" in cache_control, cache_control
    near = client.get("/en/places/", {"near": SUWON_NEAR})
    assert "no-store" in near["Cache-Control"]


def test_the_search_indexes_the_hours_described_in_the_places_language(office):
    from services.search import place_text

    vietnamese = Place.objects.get(locale__language_code="vi")
    korean = Place.objects.get(locale__language_code="ko")
    assert "Thứ Hai" in place_text(vietnamese) and "Mo-Fr" not in place_text(vietnamese)
    assert "월요일" in place_text(korean) and "Mo-Fr" not in place_text(korean)


def test_an_unknown_place_is_404(client, places):
    assert client.get("/en/places/999999/").status_code == 404


def test_another_languages_id_leads_to_the_readers_version(client, places):
    response = client.get(f"/en/places/{places.pk}/")  # the Korean id
    english = Place.objects.get(name="Ajou University Hospital")
    assert response.status_code == 302 and response["Location"] == f"/en/places/{english.pk}/"


def test_an_untranslated_place_is_shown_in_the_source_with_a_notice(client, places):
    korean_only = Place.objects.get(name="성빈센트병원")
    response = client.get(f"/en/places/{korean_only.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'This place is not yet described in your language. It is shown in <span lang="ko" dir="ltr">한국어</span>.' in html
    assert '<h1 lang="ko" dir="ltr">성빈센트병원</h1>' in html and 'content="noindex"' in html
    listed = client.get("/en/places/", {"region": "KR-41110", "category": "hospital"}).content.decode()
    assert listed.count('Not yet translated into your language: shown in <span lang="ko" dir="ltr">한국어</span>.') == 1
    assert f'<a href="/en/places/{korean_only.pk}/" lang="ko" dir="ltr">성빈센트병원</a>' in listed


def test_urdu_pages_read_right_to_left(client, places):
    for url in ("/ur/places/", f"/ur/places/{places.pk}/"):
        params = {"region": "KR-41110"} if url.endswith("places/") else {}
        html = client.get(url, params, follow=True).content.decode()
        assert html.startswith('<!doctype html>\n<html lang="ur" dir="rtl">'), url


def test_search_results_link_to_the_place_page(places):
    document = PlaceSearchSource().documents_for(places)[0]
    assert document.url == f"/ko/places/{places.pk}/"


def test_the_home_page_links_to_the_places(client):
    assert 'href="/en/places/"' in client.get("/en/").content.decode()


# Events on the pages


@pytest.fixture
def upcoming(make_event, places, translate):
    """A Korean class at Ajou next week, translated into English, with its registration link."""
    day = (timezone.localdate() + timedelta(days=7)).timetuple()[:3]
    class_ = make_event("한국어 교실", day=day, hours=(10, 12), place=places, cost="무료",
                        free_of_charge=True, languages_spoken="ko,vi", registration_url="https://example.kr/register")
    return translate_event(class_, "en", "Korean class", "Beginners welcome.")


def test_the_region_list_shows_its_upcoming_events(client, upcoming):
    html = client.get("/en/places/", {"region": "KR-41110"}).content.decode()
    assert "Upcoming events" in html and f'href="/en/events/{upcoming.pk}/"' in html
    assert 'href="/en/events/KR-41110.ics"' in html  # the region's feed, to subscribe to
    hospitals = client.get("/en/places/", {"region": "KR-41110", "category": "hospital"}).content.decode()
    assert "Upcoming events" not in hospitals  # a category lists places only


def test_the_place_page_lists_the_events_there(client, upcoming, places):
    english = Place.objects.get(name="Ajou University Hospital")
    html = client.get(f"/en/places/{english.pk}/").content.decode()
    assert "Upcoming events here" in html and "Korean class" in html


def test_the_event_page_shows_when_where_cost_languages_and_registration(client, upcoming):
    response = client.get(f"/en/events/{upcoming.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 lang="en" dir="ltr">Korean class</h1>' in html and "Beginners welcome." in html
    first = upcoming.start.astimezone(upcoming.zone)
    with translation.override("en"):
        shown_time = formats.date_format(first, "TIME_FORMAT")
    assert f'<time datetime="{first.isoformat()}">' in html and shown_time in html
    assert "Asia/Seoul" in html and "Free of charge." in html and '<span lang="ko">무료</span>' in html
    assert '<span lang="vi" dir="ltr">Tiếng Việt</span>' in html
    assert '<a href="https://example.kr/register" rel="noopener">' in html
    assert "Ajou University Hospital" in html and "경기도 수원시 영통구 월드컵로 164" in html
    assert 'href="/en/events/KR-41110.ics"' in html


def test_event_ids_404_or_lead_to_the_readers_version(client, upcoming):
    assert client.get("/en/events/999999/").status_code == 404
    korean = Event.objects.get(translation_key=upcoming.translation_key, locale__language_code="ko")
    response = client.get(f"/en/events/{korean.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/en/events/{upcoming.pk}/"
    with translation.override("vi"):
        notice = gettext("This event is not yet described in your language. It is shown in %(language)s.") % {
            "language": '<span lang="en" dir="ltr">English</span>'}  # the name marked with its own language
    assert notice in client.get(f"/vi/events/{upcoming.pk}/").content.decode()


# The editor's pin


@pytest.mark.parametrize("model", ["place", "event"])
def test_the_admin_forms_offer_a_map_to_place_the_pin(admin_client, places, upcoming, model):
    obj = places if model == "place" else Event.objects.get(translation_key=upcoming.translation_key,
                                                             locale__language_code="ko")
    response = admin_client.get(f"/admin/snippets/services/{model}/edit/{obj.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-pin-map' in html and 'data-latitude-input="id_latitude"' in html
    assert 'data-longitude-input="id_longitude"' in html
    assert '/static/leaflet/leaflet.js' in html and '/static/js/admin-pin.js' in html
