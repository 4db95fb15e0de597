"""GET /api/v1/places: parse and validate, call services.nearby, render JSON.

Errors answer 400 {"error": "..."} in the requested language, as the search API does.
"""
import math

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import api, languages
from services import categories, nearby
from services.models import Region
from services.place_hours import place_hours

RATE_SCOPE = "places"
DEFAULT_RADIUS_KM = 5.0
DEFAULT_LIMIT = 20
MAX_LIMIT = 100


def _number(text):
    value = float(text)  # ValueError for anything that is not a number
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def parse_near(text):
    """"LAT,LON" -> (latitude, longitude), or api.BadRequest."""
    try:
        latitude, longitude = (_number(part) for part in text.split(","))
    except ValueError:
        raise api.BadRequest(_("near must be a latitude and a longitude separated by a comma, for example near=37.263,127.029."))
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise api.BadRequest(_("The latitude must be between -90 and 90 and the longitude between -180 and 180."))
    return latitude, longitude


def parse_radius(text):
    message = _("radius_km must be a number greater than 0 and at most %(max)d.") % {"max": nearby.MAX_RADIUS_KM}
    try:
        radius = _number(text)
    except ValueError:
        raise api.BadRequest(message)
    if not 0 < radius <= nearby.MAX_RADIUS_KM:
        raise api.BadRequest(message)
    return radius


def parse_location(params, default_radius_km):
    """(region, latitude, longitude, radius_km) from near=, region= and radius_km=, or api.BadRequest.

    A region alone lists the whole region (radius None), nearest its centre first;
    a point alone, what lies within default_radius_km of it.
    """
    region = None
    if params.get("region"):
        region = Region.objects.filter(code=params["region"]).first()
        if region is None:
            raise api.BadRequest(_("Unknown region %(code)s.") % {"code": params["region"][:20]})
    if params.get("near"):
        latitude, longitude = parse_near(params["near"])
    elif region is not None:
        latitude, longitude = region.latitude, region.longitude
    else:
        raise api.BadRequest(_("Give near=LAT,LON or region=CODE."))
    if "radius_km" in params:
        radius = parse_radius(params["radius_km"])
    else:
        radius = None if region is not None and not params.get("near") else default_radius_km
    return region, latitude, longitude, radius


YES, NO = {"1", "true", "yes"}, {"", "0", "false", "no"}


def parse_flag(params, name):
    """A yes/no parameter (1/0, true/false, yes/no; absent is no), or api.BadRequest."""
    value = params.get(name, "").lower()
    if value not in YES | NO:
        raise api.BadRequest(_("%(name)s must be 1 or 0.") % {"name": name})
    return value in YES


def parse_language(params, name):
    """A portal language code (speaks=vi), "" when absent, or api.BadRequest."""
    code = params.get(name, "").lower()
    if code and not languages.get(code):
        raise api.BadRequest(_("Unknown language %(code)s. Use one of: %(codes)s.") % {
            "code": code[:20], "codes": ", ".join(languages.CODES)})
    return code


def _query(params):
    """Validated arguments for nearby.places_near from the query string."""
    category = params.get("category", "")
    if category and not categories.get(category):
        raise api.BadRequest(_("Unknown category %(code)s. Use one of: %(codes)s.") % {
            "code": category[:40], "codes": ", ".join(categories.CODES)})
    region, latitude, longitude, radius = parse_location(params, DEFAULT_RADIUS_KM)
    limit = api.limit_parameter(params["limit"], MAX_LIMIT) if "limit" in params else DEFAULT_LIMIT
    return dict(latitude=latitude, longitude=longitude, radius_km=radius, category=category or None,
                region=region, limit=limit, interpretation=parse_flag(params, "interpretation"),
                speaks=parse_language(params, "speaks") or None)


def place_json(item, now=None):
    """One place of the answer; the hours described in the active language and open_now at now (the clock)."""
    place = item.place
    hours = place_hours(place, now)
    return {
        "id": place.pk,
        "name": place.name,
        "description": place.description,
        "category": place.category,
        "category_label": str(place.category_label),
        "address": place.address,
        "address_romanised": place.address_in_latin,
        "lat": place.latitude,
        "lon": place.longitude,
        "distance_km": round(item.distance_km, 2),
        "phone": place.phone,
        "website": place.website,
        "opening_hours": place.opening_hours,
        "opening_hours_text": hours.text_lines,
        "open_now": hours.open_now,
        "by_appointment": place.by_appointment,
        "temporarily_closed": place.temporarily_closed,
        "languages": place.languages_list,
        "interpretation": place.interpretation_available,
        "free": place.free_of_charge,
        "barrier_free": place.barrier_free,
        "region": place.region.code if place.region else None,
        "locale": place.locale.language_code,
        "fallback": item.fallback,
    }


@api.json_api(RATE_SCOPE, gettext_lazy("Too many requests from your connection. Wait a minute and try again."))
def places_api(request, locale):
    """GET /api/v1/places?near=LAT,LON&radius_km=&category=&region=&interpretation=&speaks=&locale=&limit=
    (see the README)."""
    found = nearby.places_near(locale=locale, **_query(request.GET))
    now = timezone.now()
    return api.json_response([place_json(item, now) for item in found])
