from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from home import demo_articles
from home.importer import ImportLineError
from portal import demo
from search import tuning
from services import demo as services_demo

SYNONYMS_FILE = Path(tuning.__file__).with_name("demo_synonyms.json")


class Command(BaseCommand):
    help = ("Load the demo content: site structure, roles, places and events, home/demo/*.jsonl, search synonyms. "
            "Each demo item is created once; what exists or was deleted is left as it is (portal/demo.py).")

    def handle(self, **options):
        call_command("setup_portal", stdout=self.stdout)
        known = demo.remembered()
        # After setup_portal: the places need its locales and regions.
        # Real public institutions of Gyeonggi-do (approximate; see services/data/DEMO-DATA.md).
        places_file, events_file = services_demo.PLACES_FILE, services_demo.EVENTS_FILE
        places = services_demo.load_places(places_file, known)
        for line, reason in places.errors:
            self.stderr.write(f"{places_file}, line {line}: {reason}")
        self.stdout.write(demo.summary(places_file, f"{places.total} rows", places))
        event_files = dict(services_demo.translation_files(events_file))
        for code, report in services_demo.load_events(events_file, known=known):
            source = event_files.get(code, events_file)
            for uid, _line, reason in report.errors:
                # No line: the importer read the events left to create, not the whole file.
                self.stderr.write(f"{source}, UID {uid or '(none)'}: {reason}")
            self.stdout.write(demo.summary(source, f"{report.total} events", report))
        for path in demo_articles.demo_files():
            try:
                tally, lines, articles = demo_articles.load_file(path, known)
            except ImportLineError as error:
                raise CommandError(f"{path}, {error}. Nothing of it was imported.") from None
            self.stdout.write(demo.summary(path, f"{lines} lines, {articles} articles", tally, skips=False))
        synonyms = demo.load_synonyms(SYNONYMS_FILE, known)
        self.stdout.write(demo.summary(SYNONYMS_FILE, f"{synonyms.total} synonym groups", synonyms, skips=False))
        self.stdout.write("Demo content that was already there, or that editors deleted, is left as it is.")
