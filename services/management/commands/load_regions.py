from django.core.management.base import BaseCommand

from services.regions import DATA_FILE, load_regions


class Command(BaseCommand):
    help = ("Create or update the regions of services/data/regions.json (by code; safe to re-run). "
            "With --missing-only, only create the missing ones and leave the others as they are.")

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DATA_FILE))
        parser.add_argument("--missing-only", action="store_true",
                            help="create missing regions; never change one that exists (setup_portal)")

    def handle(self, *args, file, missing_only, **options):
        counts = load_regions(file, update=not missing_only)
        # The importers' words (import_places, import_events), so one outcome has one name.
        self.stdout.write(
            f"{file}: {sum(counts.values())} regions: {counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged"
        )
