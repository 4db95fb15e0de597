"""The places list's checkboxes (interpretation, the reader's language), the API's filters, and the spoken
languages named in the reader's language."""
import re

import pytest
from django.utils import translation
from django.utils.translation import trans_real

from portal import languages
from services import nearby
from services.language_codes import NAMES
from services.listing import language_names
from tests.services.conftest import SUWON_CITY_HALL

pytestmark = pytest.mark.django_db

SUWON = f"{SUWON_CITY_HALL[0]},{SUWON_CITY_HALL[1]}"


@pytest.fixture
def places(make_place, regions):
    suwon = regions["KR-41110"]
    make_place("통역병원", 37.270, 127.030, region=suwon, interpretation_available=True, languages_spoken="ko, en")
    make_place("베트남어병원", 37.271, 127.031, region=suwon, languages_spoken="ko,VI")
    make_place("둘다병원", 37.272, 127.032, region=suwon, interpretation_available=True,
               languages_spoken="zh-hans, vi ,ko")
    make_place("한국어약국", 37.273, 127.033, region=suwon, category="pharmacy", languages_spoken="ko")
    make_place("통역약국", 37.274, 127.034, region=suwon, category="pharmacy", interpretation_available=True,
               languages_spoken="ur")


def listed(response):
    html = response.content.decode()
    if '<ol class="places">' not in html:
        return []
    block = html.split('<ol class="places">', 1)[1].split("</ol>", 1)[0]
    return re.findall(r"<h3><a [^>]*>([^<]+)</a></h3>", block)


# The page, without JavaScript: plain GET parameters


def test_interpretation_keeps_only_places_offering_it(client, places):
    response = client.get("/en/places/", {"region": "KR-41110", "interpretation": "1"})
    assert sorted(listed(response)) == ["둘다병원", "통역병원", "통역약국"]
    assert 'name="interpretation" value="1" checked' in response.content.decode()


def test_my_language_keeps_places_speaking_the_page_language(client, places):
    assert sorted(listed(client.get("/vi/places/", {"region": "KR-41110", "my_language": "1"}))) == [
        "둘다병원", "베트남어병원"]
    assert listed(client.get("/ur/places/", {"region": "KR-41110", "my_language": "1"})) == ["통역약국"]
    assert listed(client.get("/zh-hans/places/", {"region": "KR-41110", "my_language": "1"})) == ["둘다병원"]


def test_filters_combine_with_each_other_the_category_and_near_me(client, places):
    both = {"region": "KR-41110", "interpretation": "1", "my_language": "1"}
    assert listed(client.get("/vi/places/", both)) == ["둘다병원"]
    assert listed(client.get("/ur/places/", {**both, "category": "pharmacy"})) == ["통역약국"]
    assert listed(client.get("/ur/places/", {**both, "category": "hospital"})) == []
    near = client.get("/vi/places/", {"near": SUWON, "interpretation": "1"})
    assert sorted(listed(near)) == ["둘다병원", "통역병원", "통역약국"]
    assert "no-store" in near["Cache-Control"]  # a shared location stays out of every cache, filtered or not


def test_the_checkboxes_are_in_the_form_and_korean_pages_do_not_offer_my_language(client, places):
    html = client.get("/vi/places/", {"region": "KR-41110"}).content.decode()
    form = html.split('<form class="place-filter"', 1)[1].split("</form>", 1)[0]
    assert 'method="get"' in form
    assert '<input type="checkbox" name="interpretation" value="1">' in form
    assert '<input type="checkbox" name="my_language" value="1">' in form
    assert '<span lang="vi" dir="ltr">Tiếng Việt</span>' in form  # which language "my language" is
    korean = client.get("/ko/places/", {"region": "KR-41110", "my_language": "1"})
    assert 'name="my_language"' not in korean.content.decode()
    assert len(listed(korean)) == 5  # ignored there, never an invisible filter


def test_the_language_links_keep_the_filters(client, places):
    html = client.get("/vi/places/", {"region": "KR-41110", "interpretation": "1", "my_language": "1",
                                       "category": "hospital"}).content.decode()
    assert 'href="/th/places/?region=KR-41110&amp;category=hospital&amp;interpretation=1&amp;my_language=1"' in html
    near = client.get("/vi/places/", {"near": SUWON, "interpretation": "on"}).content.decode()
    assert 'href="/en/places/?near=37.26%2C127.03&amp;interpretation=1"' in near


def test_an_empty_list_says_which_choice_to_remove_with_a_link_without_it(client, places):
    response = client.get("/ur/places/", {"region": "KR-41110", "interpretation": "1", "my_language": "1",
                                          "category": "hospital"})
    html = response.content.decode()
    assert listed(response) == []
    with translation.override("ur"):
        assert translation.gettext("No place here matches everything you chose. Remove one of your choices:") in html
        labels = [translation.gettext(text) for text in ("Hospital", "Interpretation available", "Speaks my language")]
    block = html.split('class="without-choices"', 1)[1].split("</ul>", 1)[0]
    links = re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', block)
    assert [href for href, _text in links] == [
        "/ur/places/?region=KR-41110&amp;interpretation=1&amp;my_language=1",
        "/ur/places/?region=KR-41110&amp;category=hospital&amp;my_language=1",
        "/ur/places/?region=KR-41110&amp;category=hospital&amp;interpretation=1",
    ]
    assert all(label in text for label, (_href, text) in zip(labels, links))
    # Each link does give places.
    assert listed(client.get("/ur/places/", {"region": "KR-41110", "interpretation": "1", "my_language": "1"}))


def test_without_filters_the_old_notices_stay(client, places):
    html = client.get("/en/places/", {"near": "35.1,129.0"}).content.decode()
    assert "No places found near your location" in html and "without-choices" not in html


# The API


def api(client, **params):
    return client.get("/api/v1/places", {"region": "KR-41110", **params})


def test_the_api_filters_by_interpretation_and_a_spoken_language(client, places):
    assert sorted(item["name"] for item in api(client, interpretation="1").json()) == ["둘다병원", "통역병원", "통역약국"]
    assert sorted(item["name"] for item in api(client, speaks="vi").json()) == ["둘다병원", "베트남어병원"]
    assert [item["name"] for item in api(client, speaks="vi", interpretation="true").json()] == ["둘다병원"]
    assert [item["name"] for item in api(client, near=SUWON, radius_km=10, speaks="ur").json()] == ["통역약국"]
    assert len(api(client, interpretation="0").json()) == 5


@pytest.mark.parametrize(("params", "named"), [({"interpretation": "maybe"}, "interpretation"),
                                                ({"speaks": "klingon"}, "klingon")])
def test_the_api_refuses_bad_filter_values(client, places, params, named):
    response = api(client, **params)
    assert response.status_code == 400 and named in response.json()["error"]


def test_the_spoken_language_pattern_matches_whole_codes_only(places):
    from services.models import Place

    assert list(nearby.speaking(Place.objects.all(), "zh-hans").values_list("name", flat=True)) == ["둘다병원"]
    with pytest.raises(ValueError):
        nearby.speaking(Place.objects.all(), "v.")


# Spoken languages in the reader's language


def test_every_portal_language_has_a_name_to_translate():
    assert set(NAMES) == set(languages.CODES)


@pytest.fixture
def vietnamese_names():
    """Names as the Vietnamese catalogue gives them: what the page shows is the reader's catalogue's."""
    catalog = trans_real.translation("vi")._catalog._catalogs[0]
    added = {"language name\x04English": "tiếng Anh (thử)", "language name\x04Urdu": "tiếng Urdu (thử)"}
    saved = {key: catalog[key] for key in added if key in catalog}
    catalog.update(added)
    yield
    for key in added:
        catalog.pop(key, None)
    catalog.update(saved)


def test_spoken_languages_are_named_in_the_readers_language_with_their_own_name_beside(
        client, make_place, regions, vietnamese_names):
    place = make_place("병원", region=regions["KR-41110"], languages_spoken="en, ur, vi")
    html = client.get(f"/vi/places/{place.pk}/", follow=True).content.decode()
    spoken = html.split(translation_of("vi", "Languages spoken"), 1)[1].split("</dd>", 1)[0]
    assert 'tiếng Anh (thử) (<span lang="en" dir="ltr">English</span>)' in spoken
    assert 'tiếng Urdu (thử) (<span lang="ur" dir="rtl">اردو</span>)' in spoken
    badges = html.split('<ul class="badges">', 1)[1].split("</ul>", 1)[0]
    assert '<li class="language">tiếng Anh (thử)</li>' in badges


def test_the_readers_own_language_is_not_named_twice():
    with translation.override("en"):
        english, = language_names(["en"])
    assert (english.name, english.shows_native_name) == ("English", False)
    with translation.override("th"):
        thai, vietnamese = language_names(["th", "vi"])
    assert (thai.shows_native_name, vietnamese.shows_native_name) == (False, True)
    with translation.override("ko"):
        vietnamese, = language_names(["vi", "xx"])
    assert vietnamese.native_name == "Tiếng Việt"
    assert vietnamese.name == translation_of("ko", "Vietnamese", "language name")


def translation_of(language, text, context=None):
    with translation.override(language):
        return translation.pgettext(context, text) if context else translation.gettext(text)
