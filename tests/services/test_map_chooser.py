"""The admin's places and their pins (issue 20): the place chooser searches and filters; the pin map
says when its tiles cannot load and stays under the admin's overlays; a pin far from its address or
outside its region is saved with a warning. Geocoders are doubles: nothing reaches the network."""
import json

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.users.models import UserProfile

from services import geocoding, pin_check
from services.models import Event, Place
from services.place_chooser import PlaceFilterForm
from services.wagtail_hooks import EventViewSet, PlaceViewSet
from tests.services.conftest import ANSAN_CITY_HALL, SUWON_CITY_HALL

pytestmark = pytest.mark.django_db

AJOU_ADDRESS = "경기도 수원시 영통구 월드컵로 164"
TILE_FAILED = "The map could not be loaded. You can still type the latitude and longitude."


class SuwonGeocoder(geocoding.Geocoder):
    """Finds every address at Suwon City Hall, and counts the questions."""

    calls = 0

    def geocode(self, address):
        SuwonGeocoder.calls += 1
        return geocoding.Location(*SUWON_CITY_HALL, "수원시청, 효원로 241, 수원시")


class Unreachable(geocoding.Geocoder):
    def geocode(self, address):
        raise geocoding.GeocoderUnavailable("timed out")


@pytest.fixture
def suwon_geocoder(settings):
    settings.GEOCODER_BACKEND = "tests.services.test_map_chooser.SuwonGeocoder"
    SuwonGeocoder.calls = 0
    return SuwonGeocoder


@pytest.fixture
def editor(admin_client, admin_user):
    """The superuser's client, with the admin in English (Korean is the portal's default)."""
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    return admin_client


@pytest.fixture
def hospitals(make_place, translate, regions):
    ajou = make_place("아주대학교병원", *SUWON_CITY_HALL, address=AJOU_ADDRESS, region=regions["KR-41110"])
    translate(ajou, "en", "Ajou University Hospital")
    translate(ajou, "ru", "Больница Аджу")
    ansan = make_place("안산시청", *ANSAN_CITY_HALL, address="경기도 안산시 단원구 화랑로 387",
                       region=regions["KR-41270"], category="foreign-resident-centre")
    return ajou, ansan


# --- the place chooser ---------------------------------------------------------------------


def chooser_results(client, **params):
    url = reverse(Place.snippet_viewset.chooser_viewset.get_url_name("choose_results"))
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def chosen_link(place):
    return reverse(Place.snippet_viewset.chooser_viewset.get_url_name("chosen"), args=[place.pk])


@pytest.mark.parametrize("words", ["Ajou", "ajou", "아주", "월드컵로", "больница", "Больница", "ajou 수원"])
def test_the_chooser_finds_a_place_by_its_name_or_address_in_any_language(editor, hospitals, words):
    ajou, ansan = hospitals
    html = chooser_results(editor, q=words)
    assert chosen_link(ajou) in html, words
    assert chosen_link(ansan) not in html and "안산시청" not in html


def test_the_chooser_lists_each_place_once_in_korean_with_the_admins_language_beside(editor, hospitals):
    ajou, _ansan = hospitals
    html = chooser_results(editor)
    english = Place.objects.get(translation_key=ajou.translation_key, locale__language_code="en")
    assert chosen_link(ajou) in html and chosen_link(english) not in html
    assert "아주대학교병원 · Ajou University Hospital" in html
    assert "안산시청" in html and "Foreign resident support centre" in html  # the category column
    nothing = chooser_results(editor, q="Seoul National")
    assert "안산시청" not in nothing and "아주대학교병원" not in nothing


def test_the_chooser_filters_by_region_a_province_holding_its_cities_and_by_category(editor, hospitals):
    ajou, ansan = hospitals
    in_ansan = chooser_results(editor, region="KR-41270")
    assert chosen_link(ansan) in in_ansan and chosen_link(ajou) not in in_ansan
    in_province = chooser_results(editor, region="KR-41")
    assert chosen_link(ansan) in in_province and chosen_link(ajou) in in_province
    centres = chooser_results(editor, category="foreign-resident-centre")
    assert chosen_link(ansan) in centres and chosen_link(ajou) not in centres


def test_the_chooser_modal_offers_the_search_box_and_the_filters(editor, hospitals):
    url = reverse(Place.snippet_viewset.chooser_viewset.get_url_name("choose"))
    html = json.loads(editor.get(url).content)["html"]
    assert 'name="q"' in html and "Name or address" in html
    assert 'name="region"' in html and 'value="KR-41270"' in html and "All regions" in html
    assert 'name="category"' in html and "All categories" in html
    assert 'data-chooser-modal-search-filter' in html


def test_the_event_form_chooses_its_place_with_that_chooser(editor, hospitals):
    html = editor.get("/admin/snippets/services/event/add/?locale=ko").content.decode()
    assert reverse(Place.snippet_viewset.chooser_viewset.get_url_name("choose")) in html


def test_the_filter_form_labels_follow_the_admin_language(regions):
    with translation.override("vi"):
        form = PlaceFilterForm({})
        assert str(form.fields["region"].choices[0][1]) == gettext("All regions")
        suwon = dict(form.fields["region"].choices)["KR-41110"]
        assert suwon == "— " + regions["KR-41110"].name_in("vi")


# --- the map widget ----------------------------------------------------------------------------


def test_the_map_says_when_its_tiles_cannot_load_in_the_admin_language(admin_client, admin_user, hospitals):
    ajou, _ansan = hospitals
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "vi"
    profile.save()
    html = admin_client.get(f"/admin/snippets/services/place/edit/{ajou.pk}/").content.decode()
    with translation.override("vi"):
        vietnamese = gettext(TILE_FAILED)
    assert vietnamese != TILE_FAILED, "not yet in the Vietnamese catalog"
    assert ('<p id="id_latitude-map-status" class="services-pin-map-status" role="status"\n'
            f'  data-failed="{vietnamese}"></p>') in html
    assert 'data-status="id_latitude-map-status"' in html
    assert "/static/css/admin-pin.css" in html and "/static/js/admin-pin.js" in html


def test_the_script_shows_the_message_on_tile_errors_and_the_map_is_isolated():
    from django.conf import settings

    script = (settings.BASE_DIR / "static" / "js" / "admin-pin.js").read_text()
    assert '.on("tileerror", sayFailed)' in script and "status.dataset.failed" in script
    style = (settings.BASE_DIR / "static" / "css" / "admin-pin.css").read_text()
    # Leaflet's z-indexes (up to 1000) stay inside the map, under Wagtail's modal (500).
    assert "isolation: isolate" in style.split(".services-pin-map {", 1)[1].split("}", 1)[0]


# --- the pin's warnings ----------------------------------------------------------------------------


def form_data(viewset, instance, **changes):
    """The edit form's POST data for the instance as saved, with changes."""
    form_class = viewset.edit_handler.bind_to_model(type(instance)).get_form_class()
    form = form_class(instance=instance)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = value if isinstance(value, (list, str)) else str(value)
    return {**data, **changes}


def save_place(client, place, **changes):
    data = form_data(PlaceViewSet, place, **changes)
    response = client.post(f"/admin/snippets/services/place/edit/{place.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]


def warnings(messages):
    """The warnings' text, without the "Edit" button Wagtail renders into each message."""
    return [text.split("<span", 1)[0].strip() for level, text in messages if level == "warning"]


def test_a_pin_dropped_in_another_city_is_saved_with_a_warning(editor, hospitals, suwon_geocoder, regions):
    ajou, _ansan = hospitals
    messages = save_place(editor, ajou, latitude=str(ANSAN_CITY_HALL[0]), longitude=str(ANSAN_CITY_HALL[1]))
    ajou.refresh_from_db()
    assert (ajou.latitude, ajou.longitude) == ANSAN_CITY_HALL  # saved all the same
    assert [level for level, _text in messages][0] == "success"
    assert warnings(messages) == [
        "The pin is 19 km from where the address is found on the map (수원시청, 효원로 241, 수원시). "
        "Check the pin and the address.",
        "The pin is outside Suwon, the chosen region: it seems to be in Ansan. Check the pin and the region.",
    ]


def test_a_pin_near_its_address_and_in_its_region_saves_without_warning(editor, hospitals, suwon_geocoder):
    ajou, _ansan = hospitals
    messages = save_place(editor, ajou, latitude="37.2750", longitude="127.0400")  # 1.6 km from the city hall
    assert warnings(messages) == [] and [level for level, _text in messages] == ["success"]
    assert suwon_geocoder.calls == 1  # the address was compared


def test_a_new_place_pinned_far_from_its_address_is_created_with_the_warning(editor, regions, suwon_geocoder):
    data = {"name": "새 센터", "category": "foreign-resident-centre", "address": AJOU_ADDRESS,
            "latitude": str(ANSAN_CITY_HALL[0]), "longitude": str(ANSAN_CITY_HALL[1])}
    response = editor.post("/admin/snippets/services/place/add/?locale=ko", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    place = Place.objects.get(name="새 센터")
    assert place.region == regions["KR-41270"]  # the suggestion from the pin: no region warning
    found = warnings([(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)])
    assert found == ["The pin is 19 km from where the address is found on the map (수원시청, 효원로 241, 수원시). "
                     "Check the pin and the address."]


def test_an_unchanged_location_is_not_looked_up_again(editor, hospitals, suwon_geocoder):
    ajou, _ansan = hospitals
    assert warnings(save_place(editor, ajou, name="아주대학교병원 본관")) == []
    assert suwon_geocoder.calls == 0


def test_the_warning_is_in_the_admin_language(admin_client, admin_user, hospitals, suwon_geocoder):
    ajou, _ansan = hospitals  # the admin in Korean, the portal's default
    messages = save_place(admin_client, ajou, latitude=str(ANSAN_CITY_HALL[0]), longitude=str(ANSAN_CITY_HALL[1]),
                          region=str(ajou.region_id))
    warning = pin_check.PinFarFromAddress(18.7, "수원시청, 효원로 241, 수원시")
    with translation.override("ko"):
        korean = warning.message()
    with translation.override("en"):
        assert korean != warning.message(), "not yet in the Korean catalog"
    assert korean in warnings(messages)


def test_an_event_at_a_place_is_not_checked_and_one_with_its_own_pin_is(editor, hospitals, make_event, suwon_geocoder,
                                                                         regions):
    ajou, _ansan = hospitals
    at_place = make_event("한국어 교실", place=ajou)
    response = editor.post(f"/admin/snippets/services/event/edit/{at_place.pk}/",
                           form_data(EventViewSet, at_place, title="한국어 교실 (월요일)"))
    assert response.status_code == 302 and warnings(
        [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]) == []
    own_pin = make_event("장터", address=AJOU_ADDRESS, region=regions["KR-41110"])
    data = form_data(EventViewSet, own_pin, latitude=str(ANSAN_CITY_HALL[0]), longitude=str(ANSAN_CITY_HALL[1]))
    response = editor.post(f"/admin/snippets/services/event/edit/{own_pin.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    found = warnings([(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)])
    assert len(found) == 2 and found[0].startswith("The pin is 19 km from")
    assert Event.objects.get(pk=own_pin.pk).latitude == ANSAN_CITY_HALL[0]


def test_check_pin_compares_only_what_it_can():
    class Here(geocoding.Geocoder):
        def geocode(self, address):
            return geocoding.Location(*SUWON_CITY_HALL, "here")

    assert pin_check.check_pin(*SUWON_CITY_HALL, "효원로 241", geocoder=Here()) == []
    far = pin_check.check_pin(*ANSAN_CITY_HALL, "효원로 241", geocoder=Here())
    assert len(far) == 1 and 18.6 < far[0].distance_km < 18.8
    assert pin_check.check_pin(*ANSAN_CITY_HALL, "효원로 241", geocoder=Unreachable()) == []
    assert pin_check.check_pin(*ANSAN_CITY_HALL, "", geocoder=Unreachable()) == []
    assert pin_check.check_pin(None, None, "효원로 241", geocoder=Here()) == []
