"""Cron: erase the personal data of help-desk cases closed more than HELPDESK_RETENTION_MONTHS ago.

Being the help desk's nightly job, it also refreshes the planner statistics of
the cases table, which the dashboard's query plans need on SQLite.
"""
from django.core.management.base import BaseCommand, CommandError

from helpdesk import purge, stats_sql


class Command(BaseCommand):
    help = (
        "Erase contact, name, question, answers and notes of help-desk cases closed more than "
        "HELPDESK_RETENTION_MONTHS (default 12) months ago; statistics keep working. Safe to run daily; "
        "also refreshes the planner statistics (ANALYZE) of the cases table, which the dashboard needs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count the cases that would be erased.")
        parser.add_argument("--months", type=int, help="Override HELPDESK_RETENTION_MONTHS for this run.")

    def handle(self, *args, dry_run=False, months=None, **options):
        if months is not None and months < 0:
            raise CommandError("--months must be 0 or more.")
        cutoff = purge.retention_cutoff(months=months)
        count = purge.purge(months=months, dry_run=dry_run)
        verb = "Would erase" if dry_run else "Erased"
        self.stdout.write(f"{verb} the personal data of {count} case(s) closed before {cutoff:%Y-%m-%d %H:%M %Z}.")
        if not dry_run:
            stats_sql.refresh_planner_statistics()
            self.stdout.write("Refreshed the planner statistics of the cases table.")
