from django.core.management.base import BaseCommand

from services.regions import DATA_FILE, load_regions


class Command(BaseCommand):
    help = "Create or update the regions of services/data/regions.json (by code; safe to re-run)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DATA_FILE))

    def handle(self, *args, file, **options):
        counts = load_regions(file)
        self.stdout.write(
            f"Regions: {counts['created']} created, {counts['updated']} updated, {counts['unchanged']} unchanged."
        )
