"""The demo's places and events, loaded by `manage.py load_demo`.

The demo calendar is a fixed file, but a demo must always have upcoming
events: one-off events whose date has passed are moved forward in steps of
52 weeks (so they keep their weekday) before the import. Recurring events
are imported as written. X-PORTAL-PLACE links an event to a demo place by
its external_id (a demo convention, not part of the import format).
Each demo-events.<language code>.ics next to the Korean file translates its
events (same UIDs, only SUMMARY and DESCRIPTION are read) and is imported
after it in that language.
"""
from datetime import timedelta
from pathlib import Path

import icalendar
from django.utils import timezone

from portal import languages
from services import event_import
from services.models import Event, Place

DATA_DIR = Path(__file__).resolve().parent / "data"
PLACES_FILE = DATA_DIR / "demo-places.csv"
EVENTS_FILE = DATA_DIR / "demo-events.ics"
YEAR_OF_WEEKS = timedelta(weeks=52)


def roll_forward(calendar, today):
    """Move each past one-off VEVENT forward by whole 52-week steps until it starts on or after today."""
    for component in calendar.walk("VEVENT"):
        if "RRULE" in component:
            continue
        start, end = component.decoded("DTSTART"), component.decoded("DTEND")
        shift = timedelta(0)
        while (start + shift).date() < today:
            shift += YEAR_OF_WEEKS
        if shift:
            for name, value in (("DTSTART", start + shift), ("DTEND", end + shift)):
                params = component[name].params
                del component[name]
                component.add(name, value, parameters=dict(params))
    return calendar


def translation_files(path=EVENTS_FILE):
    """The translations of a calendar next to it, as (language code, path): <stem>.<code>.ics for portal languages."""
    found = []
    for candidate in sorted(path.parent.glob(f"{path.stem}.*{path.suffix}")):
        code = candidate.name[len(path.stem) + 1:-len(path.suffix)]
        if code in languages.CODES and code != languages.SOURCE_LANGUAGE:
            found.append((code, candidate))
    return found


def import_rolled_forward(path, locale, today):
    """Import one calendar file in a locale after rolling its past one-off events forward; returns
    the parsed, rolled calendar and the ImportReport."""
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    roll_forward(calendar, today)
    return calendar, event_import.import_calendar(calendar.to_ical().decode(), locale=locale)


def load_events(path=EVENTS_FILE, today=None):
    """Import the demo calendar (rolled forward), link its events to their places, then import its
    translation files; returns the ImportReports, the Korean one first, as [(language code, report)]."""
    today = today or timezone.localdate()
    calendar, report = import_rolled_forward(path, languages.SOURCE_LANGUAGE, today)
    for component in calendar.walk("VEVENT"):
        external_id = str(component.get("X-PORTAL-PLACE", ""))
        place = Place.objects.filter(external_id=external_id, locale__language_code=languages.SOURCE_LANGUAGE).first()
        event = Event.objects.filter(uid=str(component["UID"]),
                                     locale__language_code=languages.SOURCE_LANGUAGE).first()
        if place is not None and event is not None and event.place_id != place.pk:
            event.place = place
            event.save()
    reports = [(languages.SOURCE_LANGUAGE, report)]
    for code, translation in translation_files(path):
        # The importer takes only the words from a translation; rolling it too keeps the file's dates
        # the same as the Korean events' if that ever changes.
        reports.append((code, import_rolled_forward(translation, code, today)[1]))
    return reports
