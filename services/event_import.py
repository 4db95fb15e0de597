"""`import_events`: an iCal file or feed into Event snippets, idempotent by UID.

Like the place import, a bad event does not stop the file: each event is
written in its own savepoint and every bad one (an unforeseen failure too) is
reported with its UID, the line of its BEGIN:VEVENT and the reason. A file
that is cut off (a component never ended) is refused whole: the editor
would rather hear it than get half a calendar. Events are matched by UID (per
locale), so a re-run updates in place and an unchanged event writes nothing.
An event that has left the feed is left alone: feeds often carry only what is
upcoming, and an editor may have linked or translated the event meanwhile.

Korean imports carry the facts; an import in another locale translates the
Korean events with the same UIDs and brings only their titles and descriptions.
"""
import logging
import urllib.request

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_noop as N_
from wagtail.models import Locale

from portal import languages
from services import geocoding
from portal.reports import ImportReport
from services.ical import CalendarError, parse_calendar
from services.import_reasons import Reason, reason_of, unexpected_error_reason, validation_problems
from services.models import PLACE_LOCATION_FIELDS, Event, Region

MAX_FEED_BYTES = 10 * 1024 * 1024
logger = logging.getLogger(__name__)


class EventImportError(Exception):
    """An event that cannot be imported; its one argument is the Reason (services.import_reasons)."""


class UrlFetcher:
    """Reads a feed over HTTP(S): the only way the importer reaches the network (tests pass their own)."""

    timeout = 20

    def fetch(self, url):
        """The body as bytes; OSError when it cannot be had."""
        if not url.lower().startswith(("https://", "http://")):
            raise OSError(f"only http and https feeds can be fetched, not {url!r}")
        request = urllib.request.Request(url, headers={"User-Agent": "immigrant-portal-event-import"})
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (scheme checked)
            body = response.read(MAX_FEED_BYTES + 1)
        if len(body) > MAX_FEED_BYTES:
            raise OSError(f"the feed is larger than {MAX_FEED_BYTES // (1024 * 1024)} MB")
        return body


def get_fetcher():
    """The fetcher the command uses (tests replace this function; nothing else reaches the network)."""
    return UrlFetcher()


def is_url(source):
    return source.lower().startswith(("http://", "https://"))


def read_calendar(source, fetcher=None):
    """The text of a calendar file or feed (UTF-8, with or without BOM); OSError or UnicodeDecodeError."""
    if is_url(source):
        body = (fetcher or UrlFetcher()).fetch(source)
    else:
        with open(source, "rb") as file:
            body = file.read()
    return body.decode("utf-8-sig")


def region_for_point(latitude, longitude):
    """The region a point is in: services.regions.region_for_point when that exists, else the
    region with the smallest bounding box holding the point (a city before its province)."""
    from services import regions

    finder = getattr(regions, "region_for_point", None)
    if finder is not None:
        return finder(latitude, longitude)
    holding = Region.objects.filter(south__lte=latitude, north__gte=latitude, west__lte=longitude,
                                    east__gte=longitude)
    return min(holding, key=lambda region: (region.north - region.south) * (region.east - region.west), default=None)


class _Importer:
    def __init__(self, locale, region, geocoder, report, saved=None):
        self.locale, self.region, self.geocoder, self.report = locale, region, geocoder, report
        self.saved = saved

    def _locate(self, data, values):
        """Coordinates from the address when the feed has none; the region from the point."""
        if data.latitude is None:
            if not data.address:
                raise EventImportError(Reason(N_("no GEO and no LOCATION: the event cannot be placed")))
            self.geocoder = self.geocoder or geocoding.get_geocoder()
            try:
                found = self.geocoder.geocode(data.address)
            except geocoding.GeocoderUnavailable as error:
                raise EventImportError(Reason(
                    N_("the address could not be looked up (geocoder unreachable: %(error)s)"), error=str(error)))
            if found is None:
                raise EventImportError(Reason(N_("no coordinates found for the address %(address)s"),
                                              address=repr(data.address)))
            values["latitude"], values["longitude"] = found.latitude, found.longitude
        values["region"] = self.region or region_for_point(values["latitude"], values["longitude"])

    def _source_values(self, data, existing):
        values = data.event_fields()
        if existing is not None and existing.place_id:
            # An editor linked the event to a place: its location is the place's from now on.
            for name in PLACE_LOCATION_FIELDS:
                values.pop(name, None)
        else:
            self._locate(data, values)
        return values

    def import_event(self, data):
        existing = Event.objects.filter(uid=data.uid, locale=self.locale).first()
        if self.locale.language_code == languages.SOURCE_LANGUAGE:
            event = existing or Event(locale=self.locale, uid=data.uid)
            self._save(event, self._source_values(data, existing))
            return
        source = Event.objects.filter(uid=data.uid, locale__language_code=languages.SOURCE_LANGUAGE).first()
        if source is None:
            raise EventImportError(Reason(
                N_("no Korean event with this UID to translate: import the Korean calendar first")))
        # Event.save() copies the facts from the source; only the words are the feed's.
        self._save(existing or source.copy_for_translation(self.locale),
                   {"title": data.title, "description": data.description})

    def _save(self, event, values):
        changed = event.pk is None or any(getattr(event, name) != value for name, value in values.items())
        if not changed:
            self.report.unchanged += 1
            return
        for name, value in values.items():
            setattr(event, name, value)
        try:
            event.full_clean(exclude=["translation_key"], validate_unique=False)
        except ValidationError as error:
            raise EventImportError(validation_problems(error))
        created = event.pk is None
        event.save()
        if self.saved is not None:
            self.saved.append((event, created))
        if created:
            self.report.created += 1
        else:
            self.report.updated += 1


def import_calendar(text, locale=languages.SOURCE_LANGUAGE, region=None, geocoder=None, saved=None):
    """Import the events of an iCalendar text; returns an ImportReport. Bad events are skipped and reported.

    locale: a portal language code; region: a Region for every event (else each
    event's is found from its point); geocoder: a services.geocoding.Geocoder
    for events with an address and no GEO (default: the one in settings);
    saved: None, or a list that gets (event, created) for each event written (the admin's preview lists them).
    CalendarError when the text is not a calendar at all.
    """
    target = Locale.objects.filter(language_code=locale).first()
    if target is None:
        raise CalendarError(Reason(N_("unknown locale %(locale)s"), locale=repr(locale)))
    # A translation reads only SUMMARY and DESCRIPTION: its times and places cannot refuse it.
    parsed = parse_calendar(text, words_only=locale != languages.SOURCE_LANGUAGE)
    report = ImportReport(errors=list(parsed.errors))
    importer = _Importer(target, region, geocoder, report, saved)
    for data in parsed.events:
        try:
            with transaction.atomic():
                importer.import_event(data)
        except EventImportError as error:
            report.errors.append((data.uid, data.line, reason_of(error)))
        except Exception as error:  # noqa: BLE001 (a bug or the database: this event only, the others go on)
            logger.info("import_events: event %s (line %s) failed", data.uid, data.line, exc_info=True)
            report.errors.append((data.uid, data.line, unexpected_error_reason(error)))
    report.errors.sort(key=lambda error: error[1])
    return report
