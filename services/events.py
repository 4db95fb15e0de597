"""Upcoming events near a point, in a region or at a place, in the reader's language.

Events are stored once per language with their first occurrence; a repeating
event is expanded here into the occurrences that overlap the reader's window
(services.recurrence). The location narrowing is the places' one
(services.nearby): a bounding box on the (latitude, longitude) index, then the
exact distance for the candidates only.
"""
import heapq
import logging
from datetime import timedelta
from typing import NamedTuple

from django.db.models import Q
from django.utils import timezone

from portal import languages
from services import nearby
from services.untranslated import readable

logger = logging.getLogger(__name__)

DEFAULT_WINDOW_DAYS = 60
MAX_WINDOW_DAYS = 366  # bounds the expansion: at most a year of occurrences per event


class EventOccurrence(NamedTuple):
    event: object  # services.models.Event, in the locale shown to the reader
    start: object  # aware datetime in the event's time zone
    end: object
    distance_km: float | None  # None when no point was given
    fallback: bool  # True when the event is not translated into the requested locale


def default_window(now=None):
    """[now, now + 60 days): what "upcoming" means when the reader names no dates."""
    now = now or timezone.now()
    return now, now + timedelta(days=DEFAULT_WINDOW_DAYS)


def _events_in_window(window_start, window_end):
    """Events that may have an occurrence overlapping the window (the expansion decides exactly)."""
    from services.models import Event

    single = Q(recurrence_kind=Event.Repeat.NONE, end__gt=window_start)
    # `until` is a date in the event's own zone: a day of margin keeps every zone inside.
    last_possible_until = window_start.date() - timedelta(days=1)
    still_repeating = Q(recurrence_until__isnull=True) | Q(recurrence_until__gte=last_possible_until)
    repeating = ~Q(recurrence_kind=Event.Repeat.NONE) & still_repeating
    return (readable(Event.objects).select_related("locale", "region", "place")
            .filter(start__lt=window_end).filter(single | repeating))


def occurrences_near(latitude=None, longitude=None, radius_km=None, region=None, start=None, end=None,
                     locale=languages.SOURCE_LANGUAGE, limit=None, place=None):
    """[EventOccurrence] overlapping [start, end) (default: the next 60 days).

    With a point: the distance of each occurrence's event from it; with a
    radius as well, only events within radius_km. region (a Region, with the
    regions under it) and place (a Place, in any of its languages) narrow
    further. Sorted by distance then start when a point is given, else by start.
    Each event appears in the best locale of nearby.locale_preference(locale).
    ValueError for a radius without a point or a window longer than a year.
    """
    if start is None or end is None:
        default_start, default_end = default_window()
        start, end = start or default_start, end or default_end
    if end - start > timedelta(days=MAX_WINDOW_DAYS):
        raise ValueError(f"the window is longer than {MAX_WINDOW_DAYS} days")
    has_point = latitude is not None and longitude is not None
    if radius_km is not None and not has_point:
        raise ValueError("a radius needs a point")

    events = _events_in_window(start, end).filter(locale__language_code__in=nearby.locale_preference(locale))
    if radius_km is not None:
        events = nearby.in_box(events, nearby.bounding_box(latitude, longitude, radius_km))
    if region is not None:
        events = events.filter(region__in=region.with_descendants())
    if place is not None:
        events = events.filter(place__translation_key=place.translation_key)

    found = []
    for event in nearby.best_versions(events, locale):
        distance = None
        if has_point:
            distance = nearby.distance_km((latitude, longitude), (event.latitude, event.longitude))
            if radius_km is not None and distance > radius_km:
                continue
        try:
            spans = event.occurrences(start, end)
        except ValueError as error:  # saved around validation: one bad event must not hide the others
            logger.warning("Event %s has a broken repetition: %s", event.pk, error)
            continue
        fallback = event.locale.language_code != locale
        found.extend(EventOccurrence(event, begins, ends, distance, fallback) for begins, ends in spans)

    if has_point:
        def order(item):
            return (item.distance_km, item.start, item.event.title)
    else:
        def order(item):
            return (item.start, item.event.title)
    return heapq.nsmallest(limit, found, key=order) if limit else sorted(found, key=order)


def upcoming_for_place(place, locale=languages.SOURCE_LANGUAGE, limit=5, now=None):
    """The next occurrences of events at a place (for its page), soonest first."""
    window_start, window_end = default_window(now)
    return occurrences_near(place=place, start=window_start, end=window_end, locale=locale, limit=limit)


def next_occurrence(event, now=None):
    """(start, end) of the event's next occurrence still on (within a year), or None."""
    now = now or timezone.now()
    found = event.occurrences(now, now + timedelta(days=MAX_WINDOW_DAYS))
    return found[0] if found else None


def places_of(found, locale):
    """{place pk: the place in the best locale for the reader} for the events of the occurrences
    (an event points at the Korean place; the reader wants its name in their language)."""
    from services.models import Place

    keys = {item.event.place.translation_key for item in found if item.event.place_id}
    if not keys:
        return {}
    versions = readable(Place.objects).select_related("locale").filter(
        translation_key__in=keys, locale__language_code__in=nearby.locale_preference(locale))
    by_key = {place.translation_key: place for place in nearby.best_versions(versions, locale)}
    return {item.event.place_id: by_key.get(item.event.place.translation_key, item.event.place)
            for item in found if item.event.place_id}


FEED_PAST_DAYS = 30  # a feed keeps what ended recently, so calendars do not lose it at once


def events_for_feed(region, locale, now=None):
    """The events of a region (and the regions under it) still on or ended within 30 days,
    each once, in the best locale for the reader, by start."""
    from services.models import Event

    since = (now or timezone.now()) - timedelta(days=FEED_PAST_DAYS)
    current = (Q(recurrence_kind=Event.Repeat.NONE, end__gt=since)
               | (~Q(recurrence_kind=Event.Repeat.NONE)
                  & (Q(recurrence_until__isnull=True) | Q(recurrence_until__gte=since.date()))))
    found = readable(Event.objects).select_related("locale").filter(
        current, region__in=region.with_descendants(), locale__language_code__in=nearby.locale_preference(locale))
    return sorted(nearby.best_versions(found, locale), key=lambda event: (event.start, event.title))
