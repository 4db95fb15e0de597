from django.core.management.base import BaseCommand, CommandError

from portal import languages
from services import event_import
from services.ical import CalendarError
from services.models import Region

HELP = """Import events from an iCalendar (.ics) file or an http(s) feed URL.

Each VEVENT becomes an event, matched by its UID and the locale: re-running
updates in place and never duplicates; an event no longer in the file is left
alone. Read: UID, SUMMARY, DESCRIPTION, DTSTART with DTEND or DURATION (TZID,
UTC, or floating = Asia/Seoul; all-day dates run midnight to midnight, Korean
time), RRULE FREQ=WEEKLY (BYDAY, INTERVAL, UNTIL or COUNT) and FREQ=MONTHLY on
the 1st-4th or last weekday (BYDAY=2TU, BYDAY=-1FR, or BYDAY=TU;BYSETPOS=2),
LOCATION, GEO, URL (the registration link). Any other repetition (DAILY,
YEARLY, EXDATE, RDATE, changed occurrences) is reported for that event and the
event is not imported. Events without GEO are geocoded from LOCATION; the
region is --region, or the region that holds the point. With --locale other
than ko, the file translates the Korean events with the same UIDs: only
SUMMARY and DESCRIPTION are read. Bad events are reported with their UID and
line and skipped; good events are kept; the summary is always printed. A file
that is cut off (BEGIN:VCALENDAR or BEGIN:VEVENT without its END) is refused
whole, with the line where it ends: nothing is imported."""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, *args, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        parser = super().create_parser(*args, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser):
        parser.add_argument("source", help="an .ics file or an http(s) URL of a feed")
        parser.add_argument("--locale", default=languages.SOURCE_LANGUAGE, choices=languages.CODES,
                            help="the language of the titles and descriptions (default: ko)")
        parser.add_argument("--region", help="a region code (KR-41110) for every event of the file")

    def handle(self, source, locale, region=None, **options):
        region_object = None
        if region:
            region_object = Region.objects.filter(code=region).first()
            if region_object is None:
                raise CommandError(f"unknown region {region!r}: run load_regions, or use a code such as KR-41110")
        try:
            text = event_import.read_calendar(source, event_import.get_fetcher())
        except OSError as error:
            raise CommandError(f"cannot read {source}: {getattr(error, 'strerror', None) or error}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{source} is not UTF-8 text") from None
        try:
            report = event_import.import_calendar(text, locale=locale, region=region_object)
        except CalendarError as error:
            raise CommandError(f"{source}: {error}. Nothing was imported.") from None
        for uid, line, reason in report.errors:
            self.stderr.write(f"{source}, line {line}, UID {uid or '(none)'}: {reason}")
        self.stdout.write(
            f"{source}: {report.events} events: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {len(report.errors)} skipped"
        )
