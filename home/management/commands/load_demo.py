from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from search import tuning

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"


class Command(BaseCommand):
    help = "Load the demo content (idempotent): site structure, roles, home/demo/*.jsonl, search synonyms."

    def handle(self, **options):
        call_command("setup_portal", stdout=self.stdout)
        for path in sorted(DEMO_DIR.glob("*.jsonl")):
            call_command("import_pages", str(path), stdout=self.stdout)
        synonyms = tuning.load_synonyms(Path(tuning.__file__).with_name("demo_synonyms.json"))
        self.stdout.write(f"search synonyms: {synonyms} added")
