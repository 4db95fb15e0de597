"""What the translation workflow costs (issue 20).

A fresh SQLite database of our own (bench/.work/translation.sqlite3: migrate
and setup_portal, no demo), N generated Korean articles (each a title, an
introduction and a body of 6 paragraphs), a third of them sent for
translation into Vietnamese, Urdu and Thai (wagtail-localize's
TranslationCreator, as the submit view does), machine-translated with the
dummy translator and published; then, in-process:

- the status report's computation (home.translation_status.status_rows) over
  every page × 13 languages: p50 of 7 runs and its number of queries, at two
  sizes, to show the query count does not grow with the site;
- publishing a Korean page: p50 of 15 publications of a page never sent for
  translation, and of one sent to 3 languages, whose publication also brings
  its translation source up to date and records the changed segments
  (translations.sync): the ratio is the price of the automatic sync;
- sending a page for translation into 3 languages (drafts, nothing published).

Run from the repository root:  .venv/bin/python bench/translation_workflow.py
Options: --quick (60 and 120 pages), --sizes N,M, --no-write
"""
import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import loadkit as kit  # noqa: E402
from loadkit import ROOT, WORK, log  # noqa: E402

SECTION = "## Translation workflow"
SQLITE_FILE = WORK / "translation.sqlite3"
TARGETS = ("vi", "ur", "th")


def _setup_django():
    WORK.mkdir(exist_ok=True)
    SQLITE_FILE.unlink(missing_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
    os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_FILE}"
    os.environ["MACHINE_TRANSLATOR"] = "dummy"
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("setup_portal", verbosity=0)


def _articles(start, count):
    from home.importer import import_lines

    lines = []
    for number in range(start, start + count):
        body = "\n\n".join(f"{number}번 안내의 {paragraph}번째 문단입니다. 외국인등록증을 가지고 오세요." for paragraph in range(6))
        lines.append(json.dumps({"key": f"bench-{number}", "locale": "ko", "topic": "immigration",
                                 "title": f"안내 {number}", "intro": f"요약 {number}", "body": body}, ensure_ascii=False))
    import_lines(lines)


def _send_translate_publish(pages, user):
    from django.db import transaction
    from wagtail.models import Locale
    from wagtail_localize.machine_translators import get_machine_translator
    from wagtail_localize.models import StringTranslation, Translation
    from wagtail_localize.operations import TranslationCreator

    locales = list(Locale.objects.filter(language_code__in=TARGETS))
    translator = get_machine_translator()
    for page in pages:
        with transaction.atomic():
            TranslationCreator(user, locales).create_translations(page)
        for translation in Translation.objects.filter(source__object_id=page.translation_key):
            segments = translation.source.stringsegment_set.select_related("string", "context")
            strings = [segment.string.as_value() for segment in segments]
            translated = translator.translate(translation.source.locale, translation.target_locale, strings)
            for segment in segments:
                StringTranslation.objects.update_or_create(
                    translation_of=segment.string, locale=translation.target_locale, context=segment.context,
                    defaults={"data": translated[segment.string.as_value()].data, "translation_type": "machine"},
                )
            with transaction.atomic():
                translation.save_target(user=user, publish=True)


def _p50(function, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _queries(function):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()  # the log keeps 9,000 queries at most: a full log would count 0
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def _republish(page, runs):
    from django.db import transaction

    def once():
        page.intro = f"요약 {time.perf_counter()}"
        with transaction.atomic():
            page.save_revision().publish()
    return _p50(once, runs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--sizes", default="")
    parser.add_argument("--no-write", action="store_true")
    options = parser.parse_args()
    sizes = [int(s) for s in options.sizes.split(",")] if options.sizes else ([60, 120] if options.quick else [150, 600])

    _setup_django()
    from django.contrib.auth.models import User

    from home import translation_status
    from home.models import ArticlePage

    user = User.objects.create_superuser("bench", password="x")
    rows = []
    made = 0
    for size in sizes:
        log(f"{size} pages")
        _articles(made, size - made)
        made = size
        pages = list(ArticlePage.objects.filter(locale__language_code="ko", slug__startswith="bench-").order_by("pk"))
        already = set(ArticlePage.objects.exclude(locale__language_code="ko").values_list("translation_key", flat=True))
        to_send = [p for i, p in enumerate(pages) if i % 3 == 0 and p.translation_key not in already]
        _send_translate_publish(to_send, user)
        report_ms = _p50(translation_status.status_rows, 7)
        report_queries = _queries(translation_status.status_rows)
        sent = ArticlePage.objects.filter(locale__language_code="vi", slug__startswith="bench-").count()
        rows.append((size, sent, report_ms, report_queries))

    pages = list(ArticlePage.objects.filter(locale__language_code="ko", slug__startswith="bench-").order_by("pk"))
    sent_page, unsent_page = pages[0], pages[1]
    runs = 5 if options.quick else 15
    plain_ms = _republish(unsent_page, runs)
    synced_ms = _republish(sent_page, runs)
    fresh = pages[4]
    from django.db import transaction
    from wagtail.models import Locale
    from wagtail_localize.operations import TranslationCreator

    locales = list(Locale.objects.filter(language_code__in=TARGETS))
    start = time.perf_counter()
    with transaction.atomic():
        TranslationCreator(user, locales).create_translations(fresh)
    send_ms = (time.perf_counter() - start) * 1000

    lines = [SECTION, "", f"Machine: {kit.machine()}. Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. "
             f"SQLite, in-process, `bench/translation_workflow.py`{' --quick' if options.quick else ''}.", "",
             "| Korean pages | sent to vi, ur, th | status report p50 (all pages × 13 languages) | queries |",
             "|---:|---:|---:|---:|"]
    lines += [f"| {size} | {sent} | {ms:.0f} ms | {queries} |" for size, sent, ms, queries in rows]
    lines += ["", "| publishing a Korean page | p50 |", "|---|---:|",
              f"| never sent for translation | {plain_ms:.1f} ms |",
              f"| sent to 3 languages (source synced, changed segments recorded) | {synced_ms:.1f} ms |",
              f"| ratio | {synced_ms / plain_ms:.2f}× |",
              "", f"Sending one page into 3 languages (3 drafts, nothing published): {send_ms:.0f} ms.", ""]
    text = "\n".join(lines)
    print(text)
    if not options.no_write:
        kit.write_section(SECTION, text)


if __name__ == "__main__":
    main()
