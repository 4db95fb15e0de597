from django.core.management import call_command
from django.core.management.base import BaseCommand

from home.structure import ensure_site_structure
from portal.roles import setup_roles


class Command(BaseCommand):
    help = ("Create what is missing of the locales, the home and topic pages in every language and the regions "
            "(what exists is left as it is), and reset the roles to their definitions in portal/roles.py.")

    def handle(self, **options):
        ensure_site_structure()
        self.stdout.write("Site structure: the missing locales, home and topic pages created; the others unchanged.")
        call_command("load_regions", missing_only=True, stdout=self.stdout)
        setup_roles()
        # By design: the roles are code (portal/roles.py), so a re-run undoes permission edits made in the admin.
        self.stdout.write("Roles: reset to their definitions in portal/roles.py.")
