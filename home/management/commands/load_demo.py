from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from search import tuning
from services import demo as services_demo

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"


class Command(BaseCommand):
    help = "Load the demo content (idempotent): site structure, roles, places and events, home/demo/*.jsonl, search synonyms."

    def handle(self, **options):
        call_command("setup_portal", stdout=self.stdout)
        # After setup_portal: the places need its locales and regions.
        # Real public institutions of Gyeonggi-do (approximate; see services/data/DEMO-DATA.md).
        call_command("import_places", str(services_demo.PLACES_FILE), stdout=self.stdout)
        for code, report in services_demo.load_events():
            self.stdout.write(f"demo events ({code}): {report.created} created, {report.updated} updated, "
                              f"{report.unchanged} unchanged, {len(report.errors)} errors")
        for path in sorted(DEMO_DIR.glob("*.jsonl")):
            call_command("import_pages", str(path), stdout=self.stdout)
        synonyms = tuning.load_synonyms(Path(tuning.__file__).with_name("demo_synonyms.json"))
        self.stdout.write(f"search synonyms: {synonyms} added")
