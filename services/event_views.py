"""GET /api/v1/events (JSON) and /<language>/events/<REGION>.ics (the iCal feed of a region).

Errors answer 400 {"error": "..."} in the requested language, as the places
and search APIs do; the point and radius parsers are the places API's.
"""
import re
from datetime import date, datetime, time, timedelta

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.utils.translation import gettext_lazy

from portal import api
from services import events, ical, links
from services.models import Region
from services.views import parse_location

RATE_SCOPE = "events"
DEFAULT_RADIUS_KM = 20.0  # events are fewer than places: look a little further by default
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
REGION_CODE = re.compile(r"[A-Z]{2}(-[0-9A-Z]{1,13})?")  # KR-41, KR-41110 (services/data/regions.json)


# Dates further than this from today are refused: nothing is planned that far ahead or looked up that
# far back, Python's dates end at year 9999 (a 500 before), and expanding a weekly event up to a far
# window costs one step per week.
YEARS_AWAY = 10


def _years_from(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def parse_date(text, name, today):
    """A YYYY-MM-DD date at most YEARS_AWAY from today, or api.BadRequest naming the parameter."""
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise api.BadRequest(_("%(name)s must be a date written YYYY-MM-DD, for example 2026-12-01.") % {"name": name})
    first, last = _years_from(today, -YEARS_AWAY), _years_from(today, YEARS_AWAY)
    if not first <= value <= last:
        raise api.BadRequest(_("%(name)s must be a date from %(first)s to %(last)s.") % {
            "name": name, "first": first.isoformat(), "last": last.isoformat()})
    return value


def parse_window(params, now=None):
    """[start, end) from `from` and `to` (dates in the portal's time zone, both days included).

    No `from`: from now (what has ended is gone); no `to`: 60 days after the start.
    """
    zone = timezone.get_default_timezone()
    now = now or timezone.now()
    today = now.astimezone(zone).date()

    def midnight(day):
        return datetime.combine(day, time(), zone)

    start = midnight(parse_date(params["from"], "from", today)) if params.get("from") else now
    if params.get("to"):
        end = midnight(parse_date(params["to"], "to", today) + timedelta(days=1))
    else:
        end = start + timedelta(days=events.DEFAULT_WINDOW_DAYS)
    if end <= start:
        raise api.BadRequest(_("The date “to” must not be before “from” (or before today, when “from” is not given)."))
    if end - start > timedelta(days=events.MAX_WINDOW_DAYS):
        raise api.BadRequest(ngettext("The dates may span at most %(days)d day.", "The dates may span at most %(days)d days.",
                                        events.MAX_WINDOW_DAYS) % {"days": events.MAX_WINDOW_DAYS})
    return start, end


def _query(params):
    """Validated arguments for events.occurrences_near from the query string."""
    region, latitude, longitude, radius = parse_location(params, DEFAULT_RADIUS_KM)
    start, end = parse_window(params)
    limit = api.limit_parameter(params["limit"], MAX_LIMIT) if "limit" in params else DEFAULT_LIMIT
    return dict(latitude=latitude, longitude=longitude, radius_km=radius, region=region, start=start, end=end,
                limit=limit)


def occurrence_json(item, place, locale):
    event = item.event
    return {
        "id": event.pk,
        "title": event.title,
        "description": event.description,
        "start": item.start.isoformat(),
        "end": item.end.isoformat(),
        "time_zone": event.time_zone,
        "recurring": event.is_recurring,
        "distance_km": round(item.distance_km, 2),
        "lat": event.latitude,
        "lon": event.longitude,
        "address": event.address,
        "address_romanised": event.address_in_latin,
        "place": {"id": place.pk, "name": place.name} if place else None,
        "region": event.region.code if event.region else None,
        "cost": event.cost,
        "free": event.free_of_charge,
        "languages": event.languages_list,
        "registration_url": event.registration_url,
        "url": links.event_url(event, locale),
        "locale": event.locale.language_code,
        "fallback": item.fallback,
    }


@api.json_api(RATE_SCOPE, gettext_lazy("Too many requests from your connection. Wait a minute and try again."))
def events_api(request, locale):
    """GET /api/v1/events?near=LAT,LON&radius_km=&from=&to=&region=&locale=&limit= (see the README)."""
    found = events.occurrences_near(locale=locale, **_query(request.GET))
    places = events.places_of(found, locale)
    return api.json_response([occurrence_json(item, places.get(item.event.place_id), locale) for item in found])


def region_feed(request, region_code):
    """GET /<language>/events/<REGION_CODE>.ics: the region's events as an iCalendar to subscribe to,
    titles and descriptions in the URL's language (else its fallbacks, else Korean)."""
    if not REGION_CODE.fullmatch(region_code):  # never let a NUL or the like reach the database
        raise Http404
    region = get_object_or_404(Region, code=region_code)
    locale = translation.get_language()
    found = events.events_for_feed(region, locale)
    name = _("Events in %(region)s") % {"region": region.name_in(locale)}
    body = ical.calendar_bytes(found, name, lambda event: request.build_absolute_uri(links.event_url(event, locale)))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{region.code}.ics"'
    response["Cache-Control"] = "public, max-age=3600"
    return response
