from django.core.management import call_command
from django.core.management.base import BaseCommand

from home.structure import ensure_site_structure
from portal.roles import setup_roles


class Command(BaseCommand):
    help = "Create the locales, home and topic pages in every language, the regions and the roles (idempotent)."

    def handle(self, **options):
        ensure_site_structure()
        call_command("load_regions", stdout=self.stdout)
        setup_roles()
        self.stdout.write("Site structure, regions and roles are in place.")
