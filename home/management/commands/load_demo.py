from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"


class Command(BaseCommand):
    help = "Load the demo articles (idempotent): the site structure, roles and home/demo/*.jsonl."

    def handle(self, **options):
        call_command("setup_portal", stdout=self.stdout)
        for path in sorted(DEMO_DIR.glob("*.jsonl")):
            call_command("import_pages", str(path), stdout=self.stdout)
