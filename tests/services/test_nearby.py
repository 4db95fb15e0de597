"""Distances, the bounding box that narrows the query, and what places_near answers."""
import random

import pytest
from geopy.distance import geodesic, great_circle

from services import nearby
from tests.services.conftest import ANSAN_CITY_HALL, SUWON_CITY_HALL


def inside(box, latitude, longitude):
    if not box.south <= latitude <= box.north:
        return False
    if box.west <= box.east:
        return box.west <= longitude <= box.east
    return longitude >= box.west or longitude <= box.east


# --- distances ------------------------------------------------------------------


def test_distances_against_known_figures():
    # One degree of longitude on the equator is 111.32 km on WGS 84.
    assert nearby.distance_km((0, 0), (0, 1)) == pytest.approx(111.3195, abs=0.001)
    # Suwon and Ansan city halls: 18.7 km as the crow flies.
    assert nearby.distance_km(SUWON_CITY_HALL, ANSAN_CITY_HALL) == pytest.approx(18.7, abs=0.2)
    # Seoul and Busan city halls: about 325 km.
    assert nearby.distance_km((37.5663, 126.9779), (35.1796, 129.0756)) == pytest.approx(325, abs=3)


def test_distance_is_symmetric_and_close_to_the_sphere():
    for a, b in [(SUWON_CITY_HALL, ANSAN_CITY_HALL), ((60.0, 10.0), (61.0, 12.0))]:
        assert nearby.distance_km(a, b) == pytest.approx(nearby.distance_km(b, a))
        assert nearby.distance_km(a, b) == pytest.approx(great_circle(a, b).km, rel=0.006)


# --- the bounding box ---------------------------------------------------------------


ORIGINS = [SUWON_CITY_HALL, (34.8, 126.4), (0.0, 0.0), (-33.9, 151.2), (60.2, 24.9), (70.0, 25.0),
           (78.2, 15.6), (-60.0, -45.0), (10.0, 179.95), (-5.0, -179.9)]


@pytest.mark.parametrize("origin", ORIGINS)
def test_the_box_holds_every_point_just_inside_the_radius(origin):
    rng = random.Random(hash(origin))
    for radius in (0.05, 1, 5, 30, 100):
        box = nearby.bounding_box(*origin, radius)
        for bearing in [0, 45, 90, 135, 180, 225, 270, 315] + [rng.uniform(0, 360) for _ in range(40)]:
            point = geodesic(kilometers=radius * 0.99999).destination(origin, bearing)
            assert inside(box, point.latitude, point.longitude), (origin, radius, bearing)


@pytest.mark.parametrize("origin", ORIGINS)
def test_the_box_is_not_much_bigger_than_the_circle(origin):
    # The narrowing must narrow: the box's height is about twice the radius.
    box = nearby.bounding_box(*origin, 10)
    height_km = nearby.distance_km((box.south, origin[1]), (box.north, origin[1]))
    assert 20 <= height_km <= 20.3


def test_near_a_pole_the_box_is_the_whole_band_of_longitudes():
    box = nearby.bounding_box(89.5, 10.0, 100)
    assert (box.west, box.east, box.north) == (-180.0, 180.0, 90.0)


def test_across_the_antimeridian_the_box_wraps():
    box = nearby.bounding_box(10.0, 179.95, 20)
    assert box.west > box.east
    assert inside(box, 10.0, -179.9) and inside(box, 10.0, 179.9) and not inside(box, 10.0, 0)


# --- places_near ---------------------------------------------------------------------


@pytest.mark.django_db
def test_places_are_sorted_by_distance_and_filtered_by_radius(make_place):
    make_place("안산", *ANSAN_CITY_HALL)
    make_place("수원", *SUWON_CITY_HALL)
    make_place("부산", 35.1796, 129.0756)
    found = nearby.places_near(*SUWON_CITY_HALL, radius_km=25)
    assert [item.place.name for item in found] == ["수원", "안산"]
    assert found[0].distance_km == pytest.approx(0, abs=0.001)
    assert found[1].distance_km == pytest.approx(18.7, abs=0.2)
    assert [item.place.name for item in nearby.places_near(*SUWON_CITY_HALL, radius_km=10)] == ["수원"]


@pytest.mark.django_db
@pytest.mark.parametrize("origin", [SUWON_CITY_HALL, (70.0, 25.0), (-60.0, -45.0)])
def test_no_place_inside_the_radius_is_missed(make_place, origin):
    """Places a hair inside and outside the radius, all around: the query finds exactly the inside ones."""
    radius = 7.5
    for bearing in range(0, 360, 15):
        inner = geodesic(kilometers=radius - 0.001).destination(origin, bearing)
        outer = geodesic(kilometers=radius + 0.001).destination(origin, bearing)
        make_place(f"in {bearing}", inner.latitude, inner.longitude)
        make_place(f"out {bearing}", outer.latitude, outer.longitude)
    found = nearby.places_near(*origin, radius_km=radius, limit=None)
    assert sorted(item.place.name for item in found) == sorted(f"in {b}" for b in range(0, 360, 15))
    assert all(item.distance_km <= radius for item in found)


@pytest.mark.django_db
def test_category_and_region_filters(make_place, regions):
    make_place("병원", *SUWON_CITY_HALL, region=regions["KR-41110"])
    make_place("약국", *SUWON_CITY_HALL, category="pharmacy", region=regions["KR-41110"])
    make_place("안산 병원", *ANSAN_CITY_HALL, region=regions["KR-41270"])
    assert [i.place.name for i in nearby.places_near(*SUWON_CITY_HALL, 50, category="pharmacy")] == ["약국"]
    assert [i.place.name for i in nearby.places_near(*SUWON_CITY_HALL, 50, region=regions["KR-41270"])] == ["안산 병원"]
    # A province holds its cities' places; with no radius, the whole region is listed.
    gyeonggi = nearby.places_near(*SUWON_CITY_HALL, None, region=regions["KR-41"], category="hospital")
    assert [i.place.name for i in gyeonggi] == ["병원", "안산 병원"]
    with pytest.raises(ValueError):
        nearby.places_near(*SUWON_CITY_HALL, None)


@pytest.mark.django_db
def test_each_place_once_in_the_best_locale_with_a_fallback_flag(make_place, translate):
    hospital = make_place("아주대학교병원")
    translate(hospital, "en", "Ajou University Hospital")
    make_place("수원 약국", category="pharmacy")

    def names(locale):
        return [(i.place.name, i.place.locale.language_code, i.fallback)
                for i in nearby.places_near(*SUWON_CITY_HALL, 5, locale=locale)]

    assert sorted(names("ko")) == [("수원 약국", "ko", False), ("아주대학교병원", "ko", False)]
    assert sorted(names("en")) == [("Ajou University Hospital", "en", False), ("수원 약국", "ko", True)]
    # Vietnamese readers get English first, then Korean (portal.languages).
    assert sorted(names("vi")) == [("Ajou University Hospital", "en", True), ("수원 약국", "ko", True)]


def test_the_box_never_misses_at_random():
    """Many random origins and radii, points at the very edge of the circle."""
    rng = random.Random(4)
    for _ in range(2000):
        origin = (rng.uniform(-85, 85), rng.uniform(-180, 180))
        radius = rng.uniform(0.01, nearby.MAX_RADIUS_KM)
        point = geodesic(kilometers=radius).destination(origin, rng.uniform(0, 360))
        assert inside(nearby.bounding_box(*origin, radius), point.latitude, point.longitude), (origin, radius)
