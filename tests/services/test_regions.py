"""The region reference data: Gyeonggi-do's 31 cities and counties, well-formed and loadable twice."""
import pytest

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
