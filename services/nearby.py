"""What is near a point: places sorted by distance, in the reader's language.

Two steps, so the cost grows with the places near the reader, not with the
province: the database narrows to a bounding box around the circle (with the
spatial index of services.spatial, which narrows by both coordinates), then
geopy computes the exact distance, only for the candidates that can still be
among the nearest (see nearest_in): geopy's geodesic costs about 0.1 ms.
"""
import bisect
import math
from dataclasses import dataclass
from typing import NamedTuple

from geographiclib.geodesic import Geodesic
from geopy.distance import ELLIPSOIDS

from django.db.models import CharField
from django.db.models.functions import Cast

from portal import languages
from services import spatial
from services.untranslated import readable

# The smallest radius of curvature of the WGS 84 ellipsoid (along the meridian
# at the equator, a(1 - e²) = 6335.44 km). In geodetic coordinates the
# ellipsoid's metric is ds² = M²dφ² + N²cos²φ dλ² with M, N ≥ this radius, so a
# geodesic of length r never spans more than r / EARTH_MIN_RADIUS_KM radians on
# the unit sphere: a box computed on that sphere can never miss a place.
EARTH_MIN_RADIUS_KM = 6335.0
# The largest radius of curvature (at the poles, a²/b = 6399.59 km), rounded up: a path
# spanning an angle θ on that unit sphere is at most θ times this long on the ellipsoid.
EARTH_MAX_RADIUS_KM = 6400.0
MAX_RADIUS_KM = 100.0
_WGS84 = Geodesic(ELLIPSOIDS["WGS-84"][0], ELLIPSOIDS["WGS-84"][2])  # in km, as geopy.distance.geodesic
# nearest_in's first box: a sixteenth of the radius (1 km without one), at least 200 m.
# Where places are dense the nearest `limit` are all in it; elsewhere it grows.
FIRST_BOX_SHARE, FIRST_BOX_UNBOUNDED_KM, MIN_BOX_KM = 1 / 16, 1.0, 0.2


@dataclass(frozen=True)
class BoundingBox:
    south: float
    west: float
    north: float
    east: float  # east < west when the box crosses the antimeridian


class NearbyPlace(NamedTuple):
    place: object  # services.models.Place, in the locale shown to the reader
    distance_km: float
    fallback: bool  # True when the place is not translated into the requested locale


def distance_km(origin, destination):
    """Exact distance on the WGS 84 ellipsoid between two (latitude, longitude) pairs.

    geopy's geodesic, not great_circle: it is exact to the millimetre, where the sphere
    errs by up to 0.5% (50 m in 10 km), enough to put a place on the wrong side of the
    radius or to disagree with the distances map services show. It is called as geopy
    does, on a Geodesic built once: geopy builds one per call, which doubles the cost.
    Still about 0.1 ms, so nearest_in calls it only for candidates that can matter.
    """
    return _WGS84.Inverse(origin[0], origin[1], destination[0], destination[1], Geodesic.DISTANCE)["s12"]


def bounding_box(latitude, longitude, radius_km):
    """The smallest latitude/longitude box (on the conservative sphere above) holding every
    point within radius_km of the origin; the whole band of longitudes near a pole."""
    angle = radius_km / EARTH_MIN_RADIUS_KM * 1.000001  # a hair of margin for float rounding
    delta_latitude = math.degrees(angle)
    south, north = latitude - delta_latitude, latitude + delta_latitude
    if south <= -90 or north >= 90 or angle >= math.pi / 2:
        return BoundingBox(max(south, -90.0), -180.0, min(north, 90.0), 180.0)
    # On a sphere the farthest longitude reached at angular distance `angle` from
    # latitude φ is asin(sin(angle) / cos φ), when the circle does not hold a pole.
    ratio = math.sin(angle) / math.cos(math.radians(latitude))
    if ratio >= 1:
        return BoundingBox(south, -180.0, north, 180.0)
    delta_longitude = math.degrees(math.asin(ratio))
    west, east = longitude - delta_longitude, longitude + delta_longitude
    if west < -180:
        west += 360
    if east > 180:
        east -= 360
    return BoundingBox(south, west, north, east)


def in_box(queryset, box):
    """Rows of the queryset (places, or anything with latitude and longitude) inside the box,
    narrowed by the database's spatial index (services.spatial); still a queryset."""
    return spatial.filter_box(queryset, box)


def locale_preference(locale):
    """Locales to show a place in, best first: the reader's, their fallbacks, then the source."""
    chain = (locale, *languages.fallback_chain(locale), languages.SOURCE_LANGUAGE)
    return tuple(dict.fromkeys(chain))


def best_versions(objects, locale):
    """Of translatable objects (locale selected), each one once: in the best locale of
    locale_preference(locale); versions in other locales are left out. Reader paths pass
    services.untranslated.readable() versions, so a copy sent for translation is never the best."""
    rank = {code: index for index, code in enumerate(locale_preference(locale))}
    best = {}  # translation_key -> the version in the most preferred locale
    for obj in objects:
        code = obj.locale.language_code
        if code not in rank:
            continue
        current = best.get(obj.translation_key)
        if current is None or rank[code] < rank[current.locale.language_code]:
            best[obj.translation_key] = obj
    return list(best.values())


class Candidate(NamedTuple):
    """A row that may be near: just what ordering and choosing the locale need, no model instance."""
    pk: int
    translation_key: object
    locale: str  # language code
    name: str
    latitude: float
    longitude: float


def central_angle(origin, destination):
    """The angle in radians between two (latitude, longitude) pairs seen as points of a sphere (haversine)."""
    latitude1, latitude2 = math.radians(origin[0]), math.radians(destination[0])
    longitude_difference = math.radians(destination[1] - origin[1])
    half_chord = (math.sin((latitude2 - latitude1) / 2) ** 2
                  + math.cos(latitude1) * math.cos(latitude2) * math.sin(longitude_difference / 2) ** 2)
    return 2 * math.asin(min(1.0, math.sqrt(half_chord)))


def distance_bounds_km(origin, destination):
    """(lower, upper) bounds of distance_km in about 2 µs, where geodesic takes 100.

    The ellipsoid's radii of curvature lie between EARTH_MIN_RADIUS_KM and
    EARTH_MAX_RADIUS_KM, so a path spanning the angle θ on the sphere is between
    θ·min and θ·max long on the ellipsoid: the geodesic is at least θ·min (its own
    image on the sphere spans at least θ) and at most θ·max (the image of the great
    circle is a path at most that long). The two differ by 1%."""
    angle = central_angle(origin, destination)
    return angle * EARTH_MIN_RADIUS_KM, angle * EARTH_MAX_RADIUS_KM


def first_box_km(radius_km):
    if radius_km is None:
        return FIRST_BOX_UNBOUNDED_KM
    return min(radius_km, max(MIN_BOX_KM, radius_km * FIRST_BOX_SHARE))


def next_box_km(box_km, surely_inside, limit, radius_km):
    """A box that would hold about twice `limit` if places were spread as in the last one
    (2 to 8 times wider); radius_km at most, and no box at all past MAX_RADIUS_KM without one."""
    growth = min(8.0, max(2.0, math.sqrt(2 * limit / surely_inside))) if surely_inside else 8.0
    if radius_km is None:
        return None if box_km * growth > MAX_RADIUS_KM else box_km * growth
    return min(radius_km, box_km * growth)


def candidate_fields(name_field="name"):
    """The columns of a Candidate; the key as text, as a UUID object per row would cost
    more than all the rest of the row."""
    return ("pk", Cast("translation_key", CharField()), "locale_id", name_field, "latitude", "longitude")


def best_candidates(queryset, locale_codes, preference, name_field="name"):
    """[Candidate] of the queryset, each object once in its best locale (like best_versions).

    locale_codes maps Locale ids to language codes: the query stays on one table,
    so the database answers it from the spatial index alone."""
    rank = {code: index for index, code in enumerate(preference)}
    best = {}
    for pk, key, locale_id, name, latitude, longitude in queryset.values_list(*candidate_fields(name_field)):
        code = locale_codes[locale_id]
        current = best.get(key)
        if current is None or rank[code] < rank[current.locale]:
            best[key] = Candidate(pk, key, code, name, latitude, longitude)
    return list(best.values())


def nearest_in(queryset, origin, radius_km, limit, locale_codes, preference, name_field="name"):
    """[(distance_km, Candidate)] within radius_km of origin (any distance when None), nearest
    first, ties by name, at most limit (all when limit is None or 0).

    Exactly what computing every distance would answer, with far less work:
    - Boxes of growing size (first_box_km, next_box_km): once one holds `limit`
      objects whose upper bound is within its radius r, the `limit` nearest are all
      within r, and everything within r is inside the box (bounding_box never
      misses), so no bigger box can change the answer. The last box is radius_km's.
    - In the box, objects are taken by their lower bound; geodesic runs only while
      an object can still be among the first `limit` or inside the radius.
    """
    box_km = first_box_km(radius_km) if limit else radius_km
    while True:
        rows = queryset if box_km is None else in_box(queryset, bounding_box(*origin, box_km))
        bounded = [(*distance_bounds_km(origin, (row.latitude, row.longitude)), row)
                   for row in best_candidates(rows, locale_codes, preference, name_field)]
        if box_km == radius_km or box_km is None:
            break
        surely_inside = sum(1 for _, upper, _ in bounded if upper <= box_km)
        if surely_inside >= limit:
            break
        box_km = next_box_km(box_km, surely_inside, limit, radius_km)
    bounded.sort(key=lambda item: item[0])
    found = []  # (distance, candidate), kept sorted by (distance, name, pk)
    for lower, _, row in bounded:
        if radius_km is not None and lower > radius_km:
            break  # and so are all the rows after it
        if limit and len(found) >= limit and lower > found[limit - 1][0]:
            break  # nothing from here on can enter the first `limit`
        distance = distance_km(origin, (row.latitude, row.longitude))
        if radius_km is None or distance <= radius_km:
            bisect.insort(found, (distance, row), key=lambda item: (item[0], item[1].name, item[1].pk))
    return found[:limit] if limit else found


_LOCALE_IDS = {}  # database alias -> {Locale pk: language code}


def locale_ids(using="default"):
    """{Locale pk: language code}, read once per process: locales are created once and never change,
    and on PostgreSQL this query was a whole round trip of every nearby request. Saving or deleting
    a Locale clears it (services.signals); an id left over from a rolled-back locale matches no row."""
    if using not in _LOCALE_IDS:
        from wagtail.models import Locale

        _LOCALE_IDS[using] = dict(Locale.objects.using(using).values_list("pk", "language_code"))
    return _LOCALE_IDS[using]


def forget_locale_ids(**kwargs):
    _LOCALE_IDS.clear()


def speaking(queryset, language_code):
    """The places (or events) whose spoken languages include the code ("ko, en, vi" includes vi).

    A pattern on the comma-separated column, in the database: filtering after the
    nearest were chosen would return fewer than `limit`. Codes are the portal's
    (letters and a hyphen), never a reader's raw text, so nothing needs escaping.
    """
    if not languages.get(language_code):
        raise ValueError(f"not a portal language: {language_code!r}")
    return queryset.filter(languages_spoken__iregex=rf"(^|,) *{language_code} *(,|$)")


def places_near(latitude, longitude, radius_km=None, category=None, region=None,
                locale=languages.SOURCE_LANGUAGE, limit=20, interpretation=False, speaks=None):
    """[NearbyPlace] within radius_km of the point, nearest first (ties by name).

    radius_km None means no distance limit and needs a region (a region's list,
    sorted by distance from a point such as its centroid). category is a code of
    services.categories; region a Region, which includes the regions under it;
    interpretation True keeps places offering interpretation; speaks (a portal
    language code) those where staff speak it.
    Each place appears once, in the best locale of locale_preference(locale).
    """
    from services.models import Place

    if radius_km is None and region is None:
        raise ValueError("places_near needs a radius or a region")
    preference = locale_preference(locale)
    locale_codes = {pk: code for pk, code in locale_ids().items() if code in preference}
    places = readable(Place.objects).filter(locale_id__in=locale_codes)
    if category:
        places = places.filter(category=category)
    if interpretation:
        places = places.filter(interpretation_available=True)
    if speaks:
        places = speaking(places, speaks)
    if region is not None:
        places = places.filter(region__in=region.with_descendants())

    found = nearest_in(places, (latitude, longitude), radius_km, limit, locale_codes, preference)
    objects = Place.objects.select_related("locale", "region").in_bulk([row.pk for _, row in found])
    return [NearbyPlace(objects[row.pk], distance, row.locale != locale)
            for distance, row in found if row.pk in objects]
