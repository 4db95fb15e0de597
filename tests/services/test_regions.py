"""The region reference data: Gyeonggi-do's 31 cities and counties, well-formed, named in every
reader language and loadable twice; a name borrowed from another language is marked with it."""
import re

import pytest
from django.utils import translation

from portal import languages
from services.models import Region
from services.regions import load_regions, read_regions

GYEONGGI_CITIES_AND_COUNTIES = {
    "Suwon", "Seongnam", "Goyang", "Yongin", "Bucheon", "Ansan", "Anyang", "Namyangju", "Hwaseong",
    "Pyeongtaek", "Uijeongbu", "Siheung", "Paju", "Gimpo", "Gwangmyeong", "Gwangju", "Gunpo", "Hanam",
    "Osan", "Icheon", "Anseong", "Uiwang", "Yangju", "Pocheon", "Yeoju", "Dongducheon", "Gwacheon", "Guri",
    "Yangpyeong", "Gapyeong", "Yeoncheon",
}


def test_the_data_file_is_well_formed():
    entries = read_regions()
    codes = [entry["code"] for entry in entries]
    assert len(codes) == len(set(codes))
    by_code = {entry["code"]: entry for entry in entries}
    assert {code for code, entry in by_code.items() if entry["kind"] == "province"} == {"KR-11", "KR-41", "KR-46"}
    for entry in entries:
        latitude, longitude = entry["centroid"]
        south, west, north, east = entry["bbox"]
        assert south < north and west < east, entry["code"]
        assert south <= latitude <= north and west <= longitude <= east, entry["code"]
        assert entry["names"].get("ko") and entry["names"].get("en"), entry["code"]
        assert all(round(value, 3) == value for value in [*entry["centroid"], *entry["bbox"]]), entry["code"]
        if entry["parent"]:
            parent = by_code[entry["parent"]]
            p_south, p_west, p_north, p_east = parent["bbox"]
            assert p_south <= south and p_west <= west and north <= p_north and east <= p_east, entry["code"]


@pytest.mark.django_db
def test_gyeonggi_has_its_31_cities_and_counties(regions):
    gyeonggi = regions["KR-41"]
    children = list(gyeonggi.children.all())
    assert len(children) == 31
    assert {child.names["en"].split()[0] for child in children} == GYEONGGI_CITIES_AND_COUNTIES
    assert {child.kind for child in children} == {"city", "county"}
    assert {c.names["en"] for c in children if c.kind == "county"} == {
        "Yangpyeong County", "Gapyeong County", "Yeoncheon County"}
    assert len(gyeonggi.with_descendants()) == 32


@pytest.mark.django_db
def test_loading_twice_changes_nothing(regions):
    assert load_regions() == {"created": 0, "updated": 0, "unchanged": 34}
    assert Region.objects.count() == 34


@pytest.mark.django_db
def test_a_changed_name_is_updated_in_place(regions, tmp_path):
    import json

    from services.regions import DATA_FILE

    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    data["regions"][0]["names"]["vi"] = "Seoul (vi)"
    changed = tmp_path / "regions.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert load_regions(changed) == {"created": 0, "updated": 1, "unchanged": 33}
    assert Region.objects.get(code="KR-11").name_in("vi") == "Seoul (vi)"


@pytest.mark.django_db
def test_names_fall_back_like_the_pages(regions):
    suwon = regions["KR-41110"]
    assert suwon.name_in("ko") == "수원시"
    assert suwon.name_in("en") == "Suwon"
    assert suwon.name_in("vi") == "Suwon"  # vi -> en
    assert suwon.name_in("uz") == "Suwon"  # uz -> ru -> en
    suwon.names = {"ko": "수원시"}
    assert suwon.name_in("th") == "수원시"


# Each language's names in its own script: the one other letters that may appear are spaces,
# brackets and hyphens, and Sinhala's zero-width joiner (the yansaya of ග්‍යො).
SCRIPTS = {
    "ko": "\uac00-\ud7a3", "en": "A-Za-z", "vi": "A-Za-zÀ-ỹ", "id": "A-Za-z", "uz": "A-Za-z", "fil": "A-Za-z",
    "zh-hans": "\u4e00-\u9fff（）", "ja": "\u4e00-\u9fff\u30a0-\u30ff（）", "th": "\u0e00-\u0e7f",
    "km": "\u1780-\u17ff", "ne": "\u0900-\u097f", "si": "\u0d80-\u0dff\u200d", "ur": "\u0600-\u06ff",
    "ru": "\u0400-\u04ff",
}
HANGUL = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
LATIN = re.compile("[A-Za-z]")


def test_every_region_is_named_in_every_language_in_that_languages_script():
    assert set(SCRIPTS) == set(languages.CODES)
    for entry in read_regions():
        names = entry["names"]
        assert set(names) == set(languages.CODES), entry["code"]
        for code, name in names.items():
            assert re.fullmatch(rf"[{SCRIPTS[code]}][{SCRIPTS[code]} ()\-]*", name), (entry["code"], code, name)
            assert bool(HANGUL.search(name)) == (code == "ko"), (entry["code"], code, name)
            if code in ("th", "km", "ne", "si", "ur", "zh-hans", "ja", "ru"):
                assert not LATIN.search(name), (entry["code"], code, name)
    suwon = {entry["code"]: entry["names"] for entry in read_regions()}["KR-41110"]
    assert (suwon["zh-hans"], suwon["ja"], suwon["ru"], suwon["ur"]) == ("水原市", "水原市", "Сувон", "سوون")


@pytest.mark.django_db
def test_a_name_comes_with_the_language_it_is_written_in(regions):
    suwon = regions["KR-41110"]
    assert suwon.name_with_language("ur") == ("سوون", "ur")
    suwon.names = {"ko": "수원시", "en": "Suwon", "ru": "Сувон"}
    assert suwon.name_with_language("ur") == ("Suwon", "en")
    assert suwon.name_with_language("uz") == ("Сувон", "ru")  # uz -> ru -> en
    suwon.names = {"ko": "수원시"}
    assert suwon.name_with_language("th") == ("수원시", "ko")
    suwon.names = {}
    assert suwon.name_with_language("th") == ("KR-41110", None)


@pytest.mark.django_db
def test_a_reload_of_the_file_adds_the_new_languages_to_existing_regions(regions, tmp_path):
    import json

    from services.regions import DATA_FILE

    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    for entry in data["regions"]:
        entry["names"] = {"ko": entry["names"]["ko"], "en": entry["names"]["en"]}
    english_only = tmp_path / "regions.json"
    english_only.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert load_regions(english_only) == {"created": 0, "updated": 34, "unchanged": 0}
    assert Region.objects.get(code="KR-41").name_in("ja") == "Gyeonggi-do"
    assert load_regions() == {"created": 0, "updated": 34, "unchanged": 0}
    assert Region.objects.get(code="KR-41").name_in("ja") == "京畿道"


def _option(html, code):
    return re.search(rf'<option value="{code}"[^>]*>[^<]*</option>', html).group(0)


@pytest.mark.django_db
def test_an_urdu_places_page_shows_urdu_region_names(client, regions):
    html = client.get("/ur/places/", {"region": "KR-41110"}).content.decode()
    assert _option(html, "KR-41110") == '<option value="KR-41110" selected>سوون</option>'
    assert _option(html, "KR-41800") == '<option value="KR-41800">یونچون کاؤنٹی</option>'
    assert '<optgroup label="صوبہ گیونگی">' in html
    assert re.search(r"<h1>[^<]*سوون[^<]*</h1>", html)
    assert "Suwon" not in html and "Gyeonggi" not in html


@pytest.fixture
def borrowed_names(regions):
    """A province named only in Korean and English, with a city that also has an Urdu name,
    and a Jeollanam-do city named only in Korean and English (as an editor may add them)."""
    bbox = dict(south=35.5, west=128.0, north=37.6, east=129.6)
    north = Region.objects.create(code="KR-47", kind="province", names={"ko": "경상북도", "en": "Gyeongsangbuk-do"},
                                  latitude=36.4, longitude=128.9, **bbox)
    Region.objects.create(code="KR-47111", kind="city", parent=north, latitude=36.0, longitude=129.3, **bbox,
                          names={"ko": "포항시", "en": "Pohang", "ur": "پوہانگ"})
    return Region.objects.create(
        code="KR-46130", kind="city", parent=regions["KR-46"], names={"ko": "여수시", "en": "Yeosu"},
        latitude=34.76, longitude=127.66, south=34.5, west=127.4, north=34.9, east=127.9)


@pytest.mark.django_db
def test_a_borrowed_name_on_an_urdu_page_is_marked_english_and_left_to_right(client, borrowed_names):
    html = client.get("/ur/places/", {"region": "KR-46130"}).content.decode()
    assert re.search(r'<h1>[^<]*<span lang="en" dir="ltr">Yeosu</span>[^<]*</h1>', html)
    assert _option(html, "KR-46130") == '<option value="KR-46130" selected lang="en" dir="ltr">Yeosu</option>'
    # A borrowed province name marks its optgroup; what is Urdu inside it gets Urdu back.
    assert '<optgroup label="Gyeongsangbuk-do" lang="en" dir="ltr">' in html
    assert _option(html, "KR-47").startswith('<option value="KR-47" lang="ur" dir="rtl">')
    assert "\u2068Gyeongsangbuk-do\u2069" in _option(html, "KR-47")  # isolated among the Urdu words
    assert _option(html, "KR-47111") == '<option value="KR-47111" lang="ur" dir="rtl">پوہانگ</option>'
    title = re.search(r"<title>([^<]*)</title>", html).group(1)
    assert "\u2068Yeosu\u2069" in title
    english = client.get("/en/places/", {"region": "KR-46130"}).content.decode()
    assert "<h1>Places in Yeosu</h1>" in english and 'lang="en" dir="ltr">Yeosu' not in english


@pytest.mark.django_db
def test_the_place_page_marks_a_borrowed_region_name(client, borrowed_names, make_place):
    place = make_place(name="여수병원", latitude=34.76, longitude=127.66, region=borrowed_names)
    html = client.get(f"/ur/places/{place.pk}/").content.decode()
    assert '· <span lang="en" dir="ltr">Yeosu</span></p>' in html
    suwon = make_place(name="수원병원", region=Region.objects.get(code="KR-41110"))
    assert "· سوون</p>" in client.get(f"/ur/places/{suwon.pk}/").content.decode()


@pytest.mark.django_db
def test_the_event_page_marks_a_borrowed_region_name(client, borrowed_names, make_event, late_november_2026):
    event = make_event(latitude=34.76, longitude=127.66, region=borrowed_names)
    html = client.get(f"/ur/events/{event.pk}/").content.decode()
    assert re.search(r'<dd><span lang="en" dir="ltr">Yeosu</span></dd>', html)


@pytest.mark.django_db
def test_the_help_desk_region_menu_marks_borrowed_names(borrowed_names):
    from helpdesk.forms import AskForm

    with translation.override("ur"):
        html = str(AskForm(language="ur")["region"])
    assert '<option value="KR-46130" lang="en" dir="ltr">Yeosu</option>' in html
    assert '<option value="KR-41110">سوون</option>' in html
    assert '<optgroup label="Gyeongsangbuk-do" lang="en" dir="ltr">' in html
    assert '<option value="KR-47111" lang="ur" dir="rtl">پوہانگ</option>' in html


@pytest.mark.django_db
def test_the_open_data_table_marks_a_borrowed_city_name(borrowed_names):
    from types import SimpleNamespace

    from helpdesk.open_data_views import Labeller

    rows = [SimpleNamespace(key=code) for code in ("KR-46130", "KR-41110", "KR-47", "")]
    with translation.override("ur"):
        labeller = Labeller({"region": SimpleNamespace(rows=rows)})
    # A province's row ("… (city or county not given)") mixes Urdu words with its name: not marked.
    assert [labeller.language("region", row.key) for row in rows] == ["en", "", "", ""]
    assert labeller.language("language", "vi") == "vi"
