"""manage.py search_index rebuild | check

rebuild: every configured engine gets a fresh index of all the content
(Elasticsearch swaps an alias, the database replaces its tables in one
transaction, so searches keep answering meanwhile).
check: what is indexed against what should be; exits 1 on any drift.
"""
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from search import engines, sync


class ProgressBar:
    def __init__(self, stream, total, label, width=30):
        self.stream, self.total, self.label, self.width = stream, max(total, 1), label, width
        self.last_shown = 0.0
        self.tty = hasattr(stream, "isatty") and stream.isatty()

    def __call__(self, done):
        now = time.monotonic()
        if done < self.total and now - self.last_shown < (0.1 if self.tty else 5):
            return
        self.last_shown = now
        filled = int(self.width * min(done, self.total) / self.total)
        line = f"{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{self.total}"
        self.stream.write(("\r" + line) if self.tty else line + "\n")
        self.stream.flush()

    def finish(self):
        if self.tty:
            self.stream.write("\n")


class Command(BaseCommand):
    help = "Rebuild the search index of every configured engine, or check it against the content."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "check"])

    def handle(self, action, **options):
        documents = list(sync.all_documents())
        failed = False
        for engine in engines.all_configured():
            try:
                if action == "rebuild":
                    self.rebuild_engine(engine, documents)
                else:
                    failed |= self.check_engine(engine, documents)
            except engines.SearchUnavailable as error:
                self.stderr.write(f"{engine.name}: unavailable: {error}")
                failed = True
        if failed:
            raise CommandError("search index: see the lines above")

    def rebuild_engine(self, engine, documents):
        started = time.monotonic()
        bar = ProgressBar(self.stdout._out if hasattr(self.stdout, "_out") else sys.stdout, len(documents), engine.name)
        count = engine.rebuild(iter(documents), progress=bar)
        bar.finish()
        self.stdout.write(f"{engine.name}: {count} documents indexed in {time.monotonic() - started:.1f} s")

    def check_engine(self, engine, documents):
        expected = {(d.type, d.id, d.locale) for d in documents}
        indexed = engine.indexed_keys()
        missing, extra = expected - indexed, indexed - expected
        self.stdout.write(
            f"{engine.name}: {len(indexed)} indexed, {len(expected)} expected, "
            f"{len(missing)} missing, {len(extra)} not in the content any more"
        )
        for label, keys in (("missing", missing), ("extra", extra)):
            for type_, object_id, locale in sorted(keys)[:20]:
                self.stdout.write(f"  {label}: {type_} {object_id} ({locale})")
        return bool(missing or extra)
