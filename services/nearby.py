"""What is near a point: places sorted by distance, in the reader's language.

Two steps, so the cost grows with the places near the reader, not with the
province: the database narrows to a bounding box around the circle (a range
on the (latitude, longitude) index), then geopy computes the exact distance
for those candidates only and drops the corners of the box.
"""
import math
from dataclasses import dataclass
from typing import NamedTuple

from geopy.distance import geodesic

from portal import languages

# The smallest radius of curvature of the WGS 84 ellipsoid (along the meridian
# at the equator, a(1 - e²) = 6335.44 km). In geodetic coordinates the
# ellipsoid's metric is ds² = M²dφ² + N²cos²φ dλ² with M, N ≥ this radius, so a
# geodesic of length r never spans more than r / EARTH_MIN_RADIUS_KM radians on
# the unit sphere: a box computed on that sphere can never miss a place.
EARTH_MIN_RADIUS_KM = 6335.0
MAX_RADIUS_KM = 100.0


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

    geodesic, not great_circle: it is exact to the millimetre, where the sphere errs by
    up to 0.5% (50 m in 10 km), enough to put a place on the wrong side of the radius or
    to disagree with the distances map services show. Its cost (tens of microseconds) is
    paid only for the candidates inside the bounding box.
    """
    return geodesic(origin, destination).km


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
    """Places of the queryset inside the box: latitude range first, the index's leading column."""
    from django.db.models import Q

    queryset = queryset.filter(latitude__gte=box.south, latitude__lte=box.north)
    if box.west <= box.east:
        return queryset.filter(longitude__gte=box.west, longitude__lte=box.east)
    return queryset.filter(Q(longitude__gte=box.west) | Q(longitude__lte=box.east))


def locale_preference(locale):
    """Locales to show a place in, best first: the reader's, their fallbacks, then the source."""
    chain = (locale, *languages.fallback_chain(locale), languages.SOURCE_LANGUAGE)
    return tuple(dict.fromkeys(chain))


def places_near(latitude, longitude, radius_km=None, category=None, region=None,
                locale=languages.SOURCE_LANGUAGE, limit=20):
    """[NearbyPlace] within radius_km of the point, nearest first (ties by name).

    radius_km None means no distance limit and needs a region (a region's list,
    sorted by distance from a point such as its centroid). category is a code of
    services.categories; region a Region, which includes the regions under it.
    Each place appears once, in the best locale of locale_preference(locale).
    """
    from services.models import Place

    if radius_km is None and region is None:
        raise ValueError("places_near needs a radius or a region")
    preference = locale_preference(locale)
    places = Place.objects.select_related("locale", "region").filter(locale__language_code__in=preference)
    if radius_km is not None:
        places = in_box(places, bounding_box(latitude, longitude, radius_km))
    if category:
        places = places.filter(category=category)
    if region is not None:
        places = places.filter(region__in=region.with_descendants())

    rank = {code: index for index, code in enumerate(preference)}
    best = {}  # translation_key -> the version in the most preferred locale
    for place in places:
        current = best.get(place.translation_key)
        if current is None or rank[place.locale.language_code] < rank[current.locale.language_code]:
            best[place.translation_key] = place

    origin = (latitude, longitude)
    found = []
    for place in best.values():
        distance = distance_km(origin, (place.latitude, place.longitude))
        if radius_km is None or distance <= radius_km:
            found.append(NearbyPlace(place, distance, place.locale.language_code != locale))
    found.sort(key=lambda item: (item.distance_km, item.place.name))
    return found[:limit] if limit else found
