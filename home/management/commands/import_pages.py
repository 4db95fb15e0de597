from django.core.management.base import BaseCommand, CommandError

from home.importer import ImportLineError, import_lines


class Command(BaseCommand):
    help = "Import articles and their translations from a JSON Lines file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="JSON Lines file: one article in one language per line")

    def handle(self, path, **options):
        try:
            with open(path, encoding="utf-8") as file:
                report = import_lines(file)
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text") from None
        except ImportLineError as error:
            raise CommandError(f"{path}, {error}. Nothing was imported.") from None
        self.stdout.write(
            f"{path}: {report.lines} lines, {len(report.keys)} articles: "
            f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged"
        )
