"""The demo's places and events, loaded by `manage.py load_demo`.

Each place and event, in each language, is created once (portal.demo): the
files go through the importers, but only with the rows and events the demo
never created and that are not there, so editors' changes are never undone.

The demo calendar is a fixed file, but a demo must always have upcoming
events: one-off events whose date has passed are moved forward in steps of
52 weeks (so they keep their weekday) before the import, which creates
them; once created they are the editors' and are not moved again (the
recurring events keep the demo's calendar full). Recurring events are
imported as written. X-PORTAL-PLACE links an event to a demo place by
its external_id (a demo convention, not part of the import format).
Each demo-events.<language code>.ics next to the Korean file translates its
events (same UIDs, only SUMMARY and DESCRIPTION are read) and is imported
after it in that language.
"""
import csv
import io
from datetime import timedelta
from pathlib import Path

import icalendar
from django.utils import timezone

from portal import demo, languages
from services import event_import, importer
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


def _known_names(known):
    return demo.remembered() if known is None else known


def _row_start_lines(reader):
    """(row, the line it starts on) for each row of a csv.DictReader, as the importer counts lines."""
    line = reader.line_num + 1
    for row in reader:
        yield row, line
        line = reader.line_num + 1


def _place_identity(row):
    """(external_id, language code) of a row of the places file."""
    return row["external_id"], row.get("locale") or languages.SOURCE_LANGUAGE


def _places_to_create(path, known, tally):
    """The header, and the rows of the places file to import with their lines in the file and identities,
    Korean rows first; the others are counted in the tally as unchanged."""
    with open(path, encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        rows = [(row, line, _place_identity(row)) for row, line in _row_start_lines(reader)]
    existing = {(place.external_id, place.locale.language_code): place for place in
                Place.objects.filter(external_id__in={row["external_id"] for row, *_rest in rows})
                .select_related("locale")}
    chosen, sources = [], set()  # sources: places whose Korean version is there or about to be created
    for row, line, (external_id, code) in sorted(rows, key=lambda item: item[2][1] != languages.SOURCE_LANGUAGE):
        if code == languages.SOURCE_LANGUAGE and (external_id, code) in existing:
            sources.add(external_id)
        if not demo.needs_creating(f"place:{code}:{external_id}", existing.get((external_id, code)), known):
            tally.unchanged += 1
        elif code == languages.SOURCE_LANGUAGE or external_id in sources:
            chosen.append((row, line, (external_id, code)))
            sources.add(external_id)
        else:
            tally.unchanged += 1  # the editors removed the Korean place: its translation is not brought back
    return reader.fieldnames, chosen


def load_places(path=PLACES_FILE, known=None):
    """Create the demo places the demo never created and that are not there; returns a demo.Tally
    whose errors are (line in the file, reason) as import_places reports them."""
    known, tally = _known_names(known), demo.Tally()
    fieldnames, chosen = _places_to_create(path, known, tally)
    if not chosen:
        return tally
    text, line_in_file = io.StringIO(), {}
    writer = csv.DictWriter(text, fieldnames=fieldnames, extrasaction="ignore")
    writer.writeheader()
    for row, line, _identity in chosen:
        line_in_file[text.getvalue().count("\n") + 1] = line
        writer.writerow(row)
    report = importer.import_rows(io.StringIO(text.getvalue()))
    tally.created = report.created
    tally.errors = [(line_in_file.get(line, line), reason) for line, reason in report.errors]
    for _row, _line, (external_id, code) in chosen:
        place = Place.objects.filter(external_id=external_id, locale__language_code=code).first()
        if place is not None:
            demo.remember(place, f"place:{code}:{external_id}")
    return tally


def _keep_events_to_create(calendar, locale, known):
    """Drop from the calendar the events the demo created before or that are there (and, for a
    translation, those whose Korean event is gone); returns how many were dropped."""
    uids = {str(component.get("UID", "")) for component in calendar.walk("VEVENT")}
    existing = {event.uid: event for event in Event.objects.filter(locale__language_code=locale, uid__in=uids)}
    sources = set(Event.objects.filter(locale__language_code=languages.SOURCE_LANGUAGE, uid__in=uids)
                  .values_list("uid", flat=True))
    kept = []
    for component in calendar.subcomponents:
        uid = str(component.get("UID", ""))
        if component.name != "VEVENT":
            kept.append(component)
        elif demo.needs_creating(f"event:{locale}:{uid}", existing.get(uid), known) and (
                locale == languages.SOURCE_LANGUAGE or uid in sources):
            kept.append(component)
    dropped = len(calendar.subcomponents) - len(kept)
    calendar.subcomponents[:] = kept
    return dropped


def import_rolled_forward(path, locale, today, known=None):
    """Import the events of one calendar file in a locale that the demo never created and that are
    not there, after rolling its past one-off events forward; returns the parsed, rolled calendar
    (those events only) and the ImportReport (the others counted as unchanged)."""
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    roll_forward(calendar, today)
    dropped = _keep_events_to_create(calendar, locale, _known_names(known))
    report = event_import.import_calendar(calendar.to_ical().decode(), locale=locale)
    report.unchanged += dropped
    for component in calendar.walk("VEVENT"):
        event = Event.objects.filter(uid=str(component["UID"]), locale__language_code=locale).first()
        if event is not None:
            demo.remember(event, f"event:{locale}:{event.uid}")
    return calendar, report


def _link_to_places(calendar):
    """Put each newly created demo event at its demo place (X-PORTAL-PLACE)."""
    for component in calendar.walk("VEVENT"):
        external_id = str(component.get("X-PORTAL-PLACE", ""))
        place = Place.objects.filter(external_id=external_id, locale__language_code=languages.SOURCE_LANGUAGE).first()
        event = Event.objects.filter(uid=str(component["UID"]),
                                     locale__language_code=languages.SOURCE_LANGUAGE).first()
        if place is not None and event is not None and event.place_id != place.pk:
            event.place = place
            event.save()


def load_events(path=EVENTS_FILE, today=None, known=None):
    """Create the demo events (rolled forward) the demo never created and that are not there, at their
    places, then their translations; returns the ImportReports, the Korean one first, as
    [(language code, report)]."""
    today, known = today or timezone.localdate(), _known_names(known)
    calendar, report = import_rolled_forward(path, languages.SOURCE_LANGUAGE, today, known)
    _link_to_places(calendar)
    reports = [(languages.SOURCE_LANGUAGE, report)]
    for code, translation in translation_files(path):
        # The importer takes only the words from a translation; rolling it too keeps the file's dates
        # the same as the Korean events' if that ever changes.
        reports.append((code, import_rolled_forward(translation, code, today, known)[1]))
    return reports
