from django.core.management.base import BaseCommand

from community import conf
from community.purge import purge_deleted


class Command(BaseCommand):
    help = "Remove board posts deleted more than COMMUNITY_PURGE_AFTER_DAYS days ago (run daily)."

    def handle(self, *args, **options):
        threads, replies = purge_deleted()
        self.stdout.write(f"Purged {threads} thread(s) and {replies} reply(ies) deleted more than "
                          f"{conf.get('COMMUNITY_PURGE_AFTER_DAYS')} days ago.")
