"""The spatial index of places (services.spatial) and what rests on it.

It follows the table, answers exactly like a plain filter, is what the database
actually uses, and the nearest-first search built on it answers exactly like
computing every distance. Runs on whichever database DATABASE_URL names; the
SQLite-only parts (triggers, the R*Tree module missing) say so.
"""
import csv
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from geopy.distance import geodesic
from wagtail.models import Locale

from services import nearby, spatial
from services.models import Place
from services.regions import region_for_point
from tests.services.conftest import ANSAN_CITY_HALL, SUWON_CITY_HALL

pytestmark = pytest.mark.django_db
TABLE = "services_place"
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's R*Tree and its triggers")


@pytest.fixture(autouse=True)
def _forget_what_the_index_was():
    # Tests that drop or create the index do it inside the test's transaction, which is
    # rolled back: the remembered answer of spatial.index_exists must go with it.
    spatial._index_exists.clear()
    yield
    spatial._index_exists.clear()


def add_places(points, locale="ko", category="hospital"):
    """Places at the points, in one bulk insert (the SQLite triggers fire for it too)."""
    language = Locale.objects.get(language_code=locale)
    return Place.objects.bulk_create([
        Place(name=f"place {number}", category=category, latitude=latitude, longitude=longitude, locale=language)
        for number, (latitude, longitude) in enumerate(points)])


def found(box, kind=None):
    return set(spatial.filter_box(Place.objects.all(), box, kind=kind).values_list("pk", flat=True))


def inside(box, latitude, longitude):
    if not box.south <= latitude <= box.north:
        return False
    if box.west <= box.east:
        return box.west <= longitude <= box.east
    return longitude >= box.west or longitude <= box.east


def rtree_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, min_lat, max_lat, min_lon, max_lon FROM services_place_rtree ORDER BY id")
        return cursor.fetchall()


def assert_indexed_at(rows, pk, latitude, longitude):
    """The R*Tree holds the point as a box a few float32 steps wide around it (rounded outwards)."""
    row = next(row for row in rows if row[0] == pk)
    assert row[1] <= latitude <= row[2] and row[2] - row[1] < 3e-5
    assert row[3] <= longitude <= row[4] and row[4] - row[3] < 3e-5


# --- the index follows the table -------------------------------------------------------


def test_the_index_follows_inserts_updates_and_deletes(make_place):
    around_suwon = nearby.bounding_box(*SUWON_CITY_HALL, 1)
    around_ansan = nearby.bounding_box(*ANSAN_CITY_HALL, 1)
    place = make_place("병원", *SUWON_CITY_HALL)
    assert found(around_suwon) == {place.pk} and found(around_ansan) == set()

    place.latitude, place.longitude = ANSAN_CITY_HALL
    place.save()
    assert found(around_suwon) == set() and found(around_ansan) == {place.pk}

    Place.objects.filter(pk=place.pk).update(latitude=SUWON_CITY_HALL[0], longitude=SUWON_CITY_HALL[1])
    assert found(around_suwon) == {place.pk} and found(around_ansan) == set()

    others = add_places([ANSAN_CITY_HALL, ANSAN_CITY_HALL])
    assert found(around_ansan) == {other.pk for other in others}
    if connection.vendor == "sqlite":
        rows = rtree_rows()
        assert [row[0] for row in rows] == sorted([place.pk, *(other.pk for other in others)])
        assert_indexed_at(rows, place.pk, *SUWON_CITY_HALL)
        assert_indexed_at(rows, others[0].pk, *ANSAN_CITY_HALL)

    Place.objects.filter(pk=others[0].pk).delete()
    place.delete()
    assert found(around_suwon) == set() and found(around_ansan) == {others[1].pk}
    if connection.vendor == "sqlite":
        assert [row[0] for row in rtree_rows()] == [others[1].pk]


def test_the_index_is_filled_from_the_rows_already_there():
    """What the migration does on a database that already has places; and it can be reversed."""
    spatial.uninstall(connection, TABLE)
    assert spatial.index_kind(Place.objects.all()) == "btree"
    places = add_places([SUWON_CITY_HALL, ANSAN_CITY_HALL, (35.18, 129.08)])
    connection.check_constraints()  # PostgreSQL builds no index while deferred checks are pending
    spatial.install(connection, TABLE)
    assert spatial.index_kind(Place.objects.all()) == ("gist" if connection.vendor == "postgresql" else "rtree")
    assert found(nearby.bounding_box(*SUWON_CITY_HALL, 30)) == {places[0].pk, places[1].pk}
    if connection.vendor == "sqlite":
        assert [row[0] for row in rtree_rows()] == sorted(place.pk for place in places)


@sqlite_only
def test_triggers_dropped_by_a_table_rebuild_are_put_back_after_migrate():
    # Django's SQLite schema editor alters a table by copying it to a new one and dropping
    # the old: SQLite drops the triggers with it. Simulated here by dropping them.
    with connection.cursor() as cursor:
        for name in spatial.trigger_names(TABLE):
            cursor.execute(f'DROP TRIGGER "{name}"')
    unindexed = add_places([SUWON_CITY_HALL])[0]
    assert unindexed.pk not in [row[0] for row in rtree_rows()]

    spatial.repair_after_migrate(sender=None, using="default")
    assert [row[0] for row in rtree_rows()] == [unindexed.pk]
    later = add_places([ANSAN_CITY_HALL])[0]
    assert [row[0] for row in rtree_rows()] == [unindexed.pk, later.pk]
    assert spatial.repair(connection, TABLE) is False  # nothing left to repair


@sqlite_only
def test_without_the_rtree_module_the_btree_ranges_answer(monkeypatch, make_place):
    spatial.uninstall(connection, TABLE)
    monkeypatch.setattr(spatial, "rtree_module_available", lambda connection: False)
    spatial.install(connection, TABLE)  # what the migration does on such an SQLite
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name LIKE 'services_place_rtree%'")
        assert cursor.fetchone()[0] == 0
    assert spatial.index_kind(Place.objects.all()) == "btree"
    make_place("수원", *SUWON_CITY_HALL)
    make_place("안산", *ANSAN_CITY_HALL)
    assert [item.place.name for item in nearby.places_near(*SUWON_CITY_HALL, 25)] == ["수원", "안산"]


def test_the_rtree_module_is_detected():
    assert spatial.rtree_module_available(connection) is (connection.vendor == "sqlite")


# --- the box query is exact ----------------------------------------------------------------


def random_points(rng):
    points = [(rng.uniform(36.88, 38.29), rng.uniform(126.36, 127.86)) for _ in range(300)]  # Gyeonggi-do
    points += [(rng.uniform(-20, 20), rng.choice([rng.uniform(179, 180), rng.uniform(-180, -179)]))
               for _ in range(100)]  # both sides of the antimeridian
    points += [(rng.uniform(86, 90), rng.uniform(-180, 180)) for _ in range(50)]  # near the north pole
    points += [(37.5, 180.0), (37.5, -180.0), (90.0, 0.0)]
    return points


def test_the_box_query_returns_exactly_what_a_plain_filter_returns():
    rng = random.Random(11)
    points = random_points(rng)
    boxes = []
    for _ in range(150):
        latitude, longitude = rng.choice(points)
        origin = (latitude + rng.uniform(-0.05, 0.05), longitude + rng.uniform(-0.05, 0.05))
        origin = (max(-90.0, min(90.0, origin[0])), (origin[1] + 180) % 360 - 180)
        boxes.append(nearby.bounding_box(*origin, rng.choice([0.5, 2, 5, 20, 100])))
    # Boxes whose edges pass exactly through points, with neighbours a hair outside:
    # the R*Tree's 32-bit floats would take them in, the exact comparison must not.
    for latitude, longitude in rng.sample(points[:300], 10):
        box = nearby.BoundingBox(latitude, longitude, latitude + 0.01, longitude + 0.01)
        points += [(latitude - 1e-7, longitude), (latitude, longitude - 1e-7), (latitude + 0.01 + 1e-9, longitude)]
        boxes.append(box)
    places = add_places(points)
    wrapped = non_empty = 0
    for box in boxes:
        expected = {place.pk for place in places if inside(box, place.latitude, place.longitude)}
        assert found(box) == expected, box
        assert found(box, kind="btree") == expected, box
        wrapped += box.west > box.east
        non_empty += bool(expected)
    assert wrapped >= 5 and non_empty >= 100  # the cases that matter were really tried


def test_the_queryset_still_composes():
    """filter_box returns a queryset: filters, select_related and values keep working after it."""
    hospital, pharmacy = add_places([SUWON_CITY_HALL]) + add_places([SUWON_CITY_HALL], category="pharmacy")
    box = nearby.bounding_box(*SUWON_CITY_HALL, 1)
    queryset = nearby.in_box(Place.objects.select_related("locale"), box).filter(category="pharmacy")
    assert [(place.pk, place.locale.language_code) for place in queryset] == [(pharmacy.pk, "ko")]
    assert nearby.in_box(Place.objects.exclude(pk=pharmacy.pk), box).get() == hospital


# --- the database uses the index ---------------------------------------------------------


def explain(sql):
    with connection.cursor() as cursor:
        cursor.execute(("EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ") + sql)
        return "\n".join(" ".join(str(column) for column in row) for row in cursor.fetchall())


def queries_of_places_near(*args, **kwargs):
    """The SQL statements places_near sends that select places by their coordinates."""
    with CaptureQueriesContext(connection) as captured:
        nearby.places_near(*args, **kwargs)
    return [query["sql"] for query in captured.captured_queries
            if 'FROM "services_place"' in query["sql"] and "latitude" in query["sql"].partition(" WHERE ")[2]]


@pytest.mark.parametrize("origin", [SUWON_CITY_HALL, (10.0, 179.99)], ids=["suwon", "antimeridian"])
def test_the_nearby_query_is_answered_from_the_spatial_index(origin, regions):
    rng = random.Random(5)
    add_places([(rng.uniform(36.88, 38.29), rng.uniform(126.36, 127.86)) for _ in range(3000)])
    add_places([(rng.uniform(9.9, 10.1), rng.uniform(179.9, 180.0)) for _ in range(300)])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE services_place")
    queries = (queries_of_places_near(*origin, radius_km=5)
               + queries_of_places_near(*origin, radius_km=5, category="hospital", locale="vi",
                                        region=regions["KR-41"], limit=None))
    assert len(queries) >= 2
    for sql in queries:
        plan = explain(sql)
        if connection.vendor == "sqlite":
            assert "services_place_rtree VIRTUAL TABLE" in plan, plan
            assert "services_place_lat_lon" not in plan, plan  # not narrowed by latitude alone
            assert "SCAN services_place" not in plan.replace("SCAN services_place_rtree", ""), plan
        else:
            assert "services_place_point_gist" in plan, plan
            assert "Seq Scan" not in plan, plan


# --- nearest first, exactly --------------------------------------------------------------


def reference(places, origin, radius_km, limit, locale, category=None):
    """places_near the obvious way: every distance computed, sorted, cut."""
    preference = nearby.locale_preference(locale)
    best = {}
    for place in places:
        code = place.locale.language_code
        if code in preference and (category is None or place.category == category):
            current = best.get(place.translation_key)
            if current is None or preference.index(code) < preference.index(current.locale.language_code):
                best[place.translation_key] = place
    measured = [(nearby.distance_km(origin, (p.latitude, p.longitude)), p.name, p.pk) for p in best.values()]
    measured = sorted(item for item in measured if radius_km is None or item[0] <= radius_km)
    return [(pk, round(distance, 9)) for distance, _, pk in (measured[:limit] if limit else measured)]


def test_nearest_first_answers_like_computing_every_distance(translate):
    rng = random.Random(8)
    points = [geodesic(kilometers=rng.uniform(0, 1.5)).destination(SUWON_CITY_HALL, rng.uniform(0, 360))
              for _ in range(250)]  # dense around Suwon city hall
    points = [(p.latitude, p.longitude) for p in points]
    points += [(rng.uniform(37.0, 37.6), rng.uniform(126.7, 127.3)) for _ in range(150)]  # sparse around it
    points += [SUWON_CITY_HALL] * 3  # ties in distance, broken by name
    places = add_places(points) + add_places(points[:40], category="pharmacy")
    for place in rng.sample(places, 30):
        translate(place, "en", f"translated {place.pk}")
    everything = list(Place.objects.select_related("locale"))
    for _ in range(30):
        origin = (rng.choice(points[:260]) if rng.random() < 0.7
                  else (rng.uniform(37.1, 37.5), rng.uniform(126.8, 127.2)))
        radius, limit = rng.choice([0.3, 1, 5, 20]), rng.choice([1, 5, 20, None])
        locale, category = rng.choice(["ko", "en", "vi"]), rng.choice([None, "pharmacy"])
        answer = nearby.places_near(*origin, radius_km=radius, limit=limit, locale=locale, category=category)
        got = [(item.place.pk, round(item.distance_km, 9)) for item in answer]
        assert got == reference(everything, origin, radius, limit, locale, category), (origin, radius, limit)
        assert all(item.fallback == (item.place.locale.language_code != locale) for item in answer)


def test_a_region_list_without_a_radius_is_nearest_first(regions):
    suwon, ansan, far = add_places([SUWON_CITY_HALL, ANSAN_CITY_HALL, (37.9, 127.7)])
    Place.objects.filter(pk__in=[suwon.pk, ansan.pk, far.pk]).update(region=regions["KR-41110"])
    listed = nearby.places_near(*SUWON_CITY_HALL, None, region=regions["KR-41"], limit=2)
    assert [item.place.pk for item in listed] == [suwon.pk, ansan.pk]
    assert [item.place.pk for item in nearby.places_near(*SUWON_CITY_HALL, None, region=regions["KR-41"],
                                                         limit=None)] == [suwon.pk, ansan.pk, far.pk]


def test_a_first_box_full_in_its_corners_is_not_taken_for_the_nearest():
    """The corners of a box are farther than places just outside its sides: a box with
    `limit` places in its corners must grow before the answer is known."""
    first_km = nearby.first_box_km(5)
    box = nearby.bounding_box(*SUWON_CITY_HALL, first_km)
    corners = [geodesic(kilometers=first_km * 1.35).destination(SUWON_CITY_HALL, bearing)
               for bearing in (45, 135, 225, 315) for _ in range(3)]
    beside = geodesic(kilometers=first_km * 1.1).destination(SUWON_CITY_HALL, 0)
    assert all(inside(box, p.latitude, p.longitude) for p in corners)
    assert not inside(box, beside.latitude, beside.longitude)
    *_, nearest = add_places([(p.latitude, p.longitude) for p in [*corners, beside]])
    assert nearby.places_near(*SUWON_CITY_HALL, 5, limit=5)[0].place == nearest


def test_where_places_are_dense_only_a_small_box_is_read(monkeypatch):
    rng = random.Random(3)
    add_places([(p.latitude, p.longitude) for p in (
        geodesic(kilometers=rng.uniform(0, 4)).destination(SUWON_CITY_HALL, rng.uniform(0, 360)) for _ in range(600))])
    sizes, real = [], nearby.best_candidates
    monkeypatch.setattr(nearby, "best_candidates", lambda *args, **kwargs: sizes.append(len(result := real(
        *args, **kwargs))) or result)
    assert len(nearby.places_near(*SUWON_CITY_HALL, 5, limit=5)) == 5
    assert sizes[-1] < 100  # of 600 places within the 5 km
    assert len(nearby.places_near(*SUWON_CITY_HALL, 5, limit=None)) == 600
    assert sizes[-1] == 600


def test_distances_are_geopys_to_the_last_bit():
    rng = random.Random(6)
    for _ in range(500):
        origin, destination = ((rng.uniform(-90, 90), rng.uniform(-180, 180)) for _ in range(2))
        assert nearby.distance_km(origin, destination) == geodesic(origin, destination).km


def test_the_bounds_hold_the_exact_distance():
    rng = random.Random(2)
    for _ in range(3000):
        origin = (rng.uniform(-89, 89), rng.uniform(-180, 180))
        destination = geodesic(kilometers=rng.uniform(0, 2000)).destination(origin, rng.uniform(0, 360))
        destination = (destination.latitude, destination.longitude)
        lower, upper = nearby.distance_bounds_km(origin, destination)
        exact = nearby.distance_km(origin, destination)
        assert lower <= exact <= upper, (origin, destination)
        assert upper <= lower * 1.0103 + 1e-9  # and they are tight: a 1% band


# --- region suggestions ----------------------------------------------------------------------


@pytest.mark.parametrize("point, code", [
    (SUWON_CITY_HALL, "KR-41110"),  # also inside Hwaseong's box: Suwon's centroid is nearer
    (ANSAN_CITY_HALL, "KR-41270"),  # also inside Siheung's box
    ((37.5663, 126.9779), "KR-11"),  # Seoul city hall: Seoul and Gyeonggi-do's boxes overlap, no city box
    ((36.95, 126.45), "KR-41"),  # the sea inside Gyeonggi-do's box, in no city's: the province
    ((36.0, 124.5), None),  # the open Yellow Sea: no region
    ((35.1796, 129.0756), None),  # Busan: a province the portal has no data for
])
def test_region_for_point(regions, point, code):
    region = region_for_point(*point)
    assert (region.code if region else None) == code


def test_region_for_point_reads_the_regions_it_is_given(regions):
    only_provinces = [region for region in regions.values() if region.parent_id is None]
    assert region_for_point(*SUWON_CITY_HALL, regions=only_provinces).code == "KR-41"
    assert region_for_point(*SUWON_CITY_HALL, regions=[]) is None


def import_rows(tmp_path, **row):
    from services.importer import COLUMNS, import_file

    path = tmp_path / "places.csv"
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, COLUMNS)
        writer.writeheader()
        writer.writerow({"external_id": "ajou", "locale": "ko", "name": "아주대학교병원", "category": "hospital",
                         "latitude": "37.280", "longitude": "127.047", **row})
    return import_file(path)


def test_an_import_without_a_region_gets_a_suggestion_and_keeps_an_editors_choice(regions, tmp_path):
    import_rows(tmp_path)
    assert Place.objects.get(external_id="ajou").region.code == "KR-41110"
    Place.objects.filter(external_id="ajou").update(region=regions["KR-41590"])  # an editor's choice
    report = import_rows(tmp_path)
    assert (report.unchanged, Place.objects.get(external_id="ajou").region.code) == (1, "KR-41590")
    import_rows(tmp_path, region="KR-41270")  # a region in the file is the file's word
    assert Place.objects.get(external_id="ajou").region.code == "KR-41270"


@pytest.mark.parametrize("chosen, expected", [("", "KR-41110"), ("KR-41590", "KR-41590")])
def test_the_admin_form_suggests_a_region_only_when_left_empty(regions, chosen, expected):
    from django.contrib.auth import get_user_model

    from services.wagtail_hooks import PlaceViewSet

    form_class = PlaceViewSet.edit_handler.bind_to_model(Place).get_form_class()
    editor = get_user_model().objects.create_superuser("editor", "editor@example.kr", "a-long-password-1")
    data = {"name": "아주대학교병원", "category": "hospital", "latitude": "37.280", "longitude": "127.047",
            "region": regions[chosen].pk if chosen else ""}
    form = form_class(data=data, instance=Place(locale=Locale.objects.get(language_code="ko")), for_user=editor)
    assert form.is_valid(), form.errors
    assert form.save().region.code == expected

