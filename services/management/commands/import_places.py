from django.core.management.base import BaseCommand, CommandError

from services.importer import COLUMNS, REQUIRED_COLUMNS, import_file

HELP = f"""Import places from a CSV file (UTF-8, with or without BOM, header row first).

Columns: {", ".join(COLUMNS)}. Required: {", ".join(REQUIRED_COLUMNS)}.
category: a code of services/categories.py; region: a region code (KR-41110)
(when empty: the place's current region, else one suggested from the coordinates);
locale: a portal language code, default ko; languages: portal language codes
separated by commas; by_appointment, temporarily_closed, interpretation, free,
barrier_free: yes/no (also 1/0, true/false, 예/아니오; empty = no).
Rows are matched by external_id and locale, so re-running updates in place.
A row in another locale translates the Korean row with the same external_id:
only its name and description are used. Bad rows are reported by line number
and skipped; good rows are kept."""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, *args, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        parser = super().create_parser(*args, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser):
        parser.add_argument("path", help="CSV file of places")

    def handle(self, path, **options):
        try:
            report = import_file(path)
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text") from None
        for line, reason in report.errors:
            self.stderr.write(f"{path}, line {line}: {reason}")
        self.stdout.write(
            f"{path}: {report.rows} rows: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {len(report.errors)} skipped"
        )
