"""Help-desk statistics and inbox with 1,000,000 cases, on SQLite and PostgreSQL.

For each database: a fresh database (`migrate`; its own names:
bench/.work/helpdesk_stats.sqlite3 and PostgreSQL `portal_bench_stats`), the
regions (`load_regions` plus the Jeonnam cities of the seed fixture), then
10,000 generated cases spread over 3 years, and the number of queries of the
dashboard page and of an inbox page is recorded; then cases are added up to
1,000,000 (COPY on PostgreSQL, executemany in transactions of 50,000 on
SQLite), the planner statistics are refreshed (the purge command's nightly
ANALYZE, helpdesk.stats_sql.refresh_planner_statistics, plus a VACUUM on
PostgreSQL so that its index-only scans need not visit the table, as
autovacuum would do after a bulk load) and the query counts recorded again,
and must be equal. The cases follow the
seed's shares (tests/helpdesk/jeonnam_seed.py: languages, Jeonnam regions,
topics, who called) plus Gyeonggi's cities, over the 36 months to now, growing
by half from the first year to the last; 93 % answered (log-normal, median
about 3 hours), 6 % referred, recent cases still open.

Timed in-process through Django's whole request stack with the test client
(production settings, logged in as a user with the help-desk manager's
permissions): the dashboard's default page (the last 12 months, every table
and chart) and the inbox (newest 50 open or new cases of one language, across
languages and statuses), after a warm-up. HTTP parsing by gunicorn is not
included (about 1 ms; see the page load section). Targets: dashboard p95 ≤
500 ms, inbox p95 ≤ 50 ms, the same query counts at both sizes. Also timed,
for information: the dashboard's computation alone (helpdesk.statistics.report,
what the page spends in the database) and the dashboard filtered by one
language. Nothing is cached. The load average of the machine before and
after the timings is recorded next to the figures.

Run from the repository root:  .venv/bin/python bench/helpdesk_stats.py
Options: --databases sqlite,postgres  --cases 1000000  --quick (20,000 cases, fewer requests)  --no-write
"""
import argparse
import datetime
import gc
import json
import math
import os
import random
import secrets
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import loadkit as kit  # noqa: E402
from loadkit import PYTHON, ROOT, WORK, log  # noqa: E402

SECTION = "## Help-desk statistics and inbox (1,000,000 cases)"
PG_DB = "portal_bench_stats"
SQLITE_FILE = WORK / "helpdesk_stats.sqlite3"
FIRST_SIZE = 10_000
CHUNK = 50_000
TARGET_DASHBOARD_MS = 500.0
TARGET_INBOX_MS = 50.0
OTHER_LANGUAGES = {"th": 25, "uz": 20, "fil": 15, "si": 12, "ru": 10, "ja": 5, "ur": 5}
CHANNELS = {"phone": 60, "web": 25, "visit": 10, "messenger": 5}


def database_url(kind):
    return f"sqlite:///{SQLITE_FILE}" if kind == "sqlite" else f"postgres://postgres@{kit.HOST}:5432/{PG_DB}"


def worker_env(kind):
    from cryptography.fernet import Fernet

    return kit.base_env(database_url(kind), PYTHONPATH=str(ROOT), HELPDESK_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
                        HELPDESK_HASH_KEY=secrets.token_urlsafe(40))


def prepare(kind):
    log(f"[{kind}] fresh database")
    if kind == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
    else:
        psql = ["psql", "-h", kit.HOST, "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q"]
        kit.run(psql + ["-c", f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)"], timeout=60)
        kit.run(psql + ["-c", f"CREATE DATABASE {PG_DB}"], timeout=60)
    kit.run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env=worker_env(kind), timeout=600)


# --- inside the worker process ----------------------------------------------------------------

class Generator:
    """Cases with the seed's shares, created between `start` and `end`, newest last."""

    def __init__(self, rng, regions, start, end):
        from tests.helpdesk import jeonnam_seed as seed

        self.rng, self.start, self.end = rng, start, end
        languages = {**seed.LANGUAGES, **OTHER_LANGUAGES}
        # Jeonnam as in the seed (two thirds of the cases), the rest across Gyeonggi's cities.
        places = {regions[code].pk if code else None: count * 2 for code, count in seed.REGIONS.items()}
        gyeonggi = [region.pk for region in regions.values() if region.code.startswith("KR-41") and region.parent_id]
        places.update({pk: 30 for pk in gyeonggi})
        self.tables = [(list(table), list(table.values())) for table in (
            languages, places, seed.TOPICS, {str(key): value for key, value in seed.RESIDENT_TYPES.items()}, CHANNELS)]

    def created_times(self, count):
        """Sorted times over [start, end) whose density grows linearly by half from the first day to the last."""
        span = (self.end - self.start).total_seconds()
        # Inverse of the distribution function F(x) = (x + x²/4) / 1.25 of the density 1 + x/2 on [0, 1].
        fractions = sorted((-1 + math.sqrt(1 + 1.25 * self.rng.random())) / 0.5 for _ in range(count))
        return [self.start + datetime.timedelta(seconds=fraction * span) for fraction in fractions]

    def rows(self, count, first_number, now):
        """dicts of the generated columns, oldest first."""
        from helpdesk.constants import Status
        from helpdesk.models import seconds_to_answer

        rng = self.rng
        columns = [rng.choices(keys, weights, k=count) for keys, weights in self.tables]
        for index, created in enumerate(self.created_times(count)):
            language, region_id, topic, resident_type, channel = (column[index] for column in columns)
            answered = created + datetime.timedelta(minutes=rng.lognormvariate(math.log(180), 1.2))
            age_days = (now - created).days
            if age_days > 30:
                status = rng.choices([Status.CLOSED, Status.RESOLVED, Status.REFERRED], [85, 10, 5])[0]
            else:
                status = rng.choices(list(Status), [20, 30, 15, 5, 20, 10])[0]
            answered = answered if rng.random() < 0.93 and answered < now and status != Status.NEW else None
            closed = answered + datetime.timedelta(days=1) if answered and status == Status.CLOSED else None
            yield {
                "code": f"B{first_number + index:09d}", "created_at": created, "language": language,
                "region_id": region_id, "topic": topic, "channel": channel, "resident_type": resident_type,
                "status": str(status), "interpretation": rng.random() < 0.1, "referred": rng.random() < 0.06,
                "first_answered_at": answered, "answer_seconds": seconds_to_answer(created, answered),
                "closed_at": closed,
            }


def insert(rows):
    """Bulk insert: COPY on PostgreSQL; executemany in one transaction per chunk on SQLite."""
    from django.db import connection, transaction

    from helpdesk.models import Case

    fields = [field for field in Case._meta.concrete_fields if not field.primary_key]
    rows = list(rows)
    defaults = {field.attname: field.get_db_prep_save(field.get_default(), connection)
                for field in fields if field.attname not in rows[0]}
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(Case._meta.db_table)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[field.attname] if field.attname in row else defaults[field.attname] for field in fields])
        return
    adapt = connection.ops.adapt_datetimefield_value
    dates = {field.attname for field in fields if field.get_internal_type() == "DateTimeField"}
    values = [[(adapt(row[name]) if name in dates else row[name]) if name in row else defaults[name]
               for name in (field.attname for field in fields)] for row in rows]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})", values)


def add_cases(generator, count, first_number, now):
    started = time.perf_counter()
    for offset in range(0, count, CHUNK):
        insert(generator.rows(min(CHUNK, count - offset), first_number + offset, now))
    return time.perf_counter() - started


def refresh_planner_statistics():
    """What production does after a bulk load: the nightly ANALYZE, and on PostgreSQL what autovacuum does."""
    from django.db import connection

    from helpdesk.stats_sql import refresh_planner_statistics as analyze

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM helpdesk_case")  # the visibility map, for index-only scans
    analyze()


def manager_client():
    from django.contrib.auth.models import Permission, User
    from django.test import Client

    user = User.objects.create_user("bench-manager", password=secrets.token_urlsafe(16))
    user.user_permissions.set(Permission.objects.filter(codename__in=(
        "access_admin", "view_helpdesk_statistics", "change_case", "view_case", "add_case")))
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def inbox_queries():
    """(language, status) filters of the inbox pages timed: busy and quiet languages, open and single statuses."""
    return [{"language": language, "status": status}
            for language in ("vi", "ko", "zh-hans", "ne", "ur") for status in ("open", "new", "in_progress", "waiting")]


def get(client, path, params):
    started = time.perf_counter()
    response = client.get(path, params, secure=True)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{path} {params} answered {response.status_code}: {response.content[:300]!r}")
    if "statistics" in path and b'id="table-summary"' not in response.content:  # filters refused: no report
        raise SystemExit(f"{path} {params} computed no report")
    return elapsed


def query_counts(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name, path, params in (("dashboard", "/admin/helpdesk/statistics/", {}),
                               ("inbox", "/admin/helpdesk/", {"language": "vi", "status": "new"})):
        with CaptureQueriesContext(connection) as context:
            get(client, path, params)
        counts[name] = len(context.captured_queries)
    return counts


def summary(times):
    times = sorted(times)
    return {"requests": len(times), "p50": statistics.median(times),
            "p95": times[min(len(times) - 1, math.ceil(0.95 * len(times)) - 1)], "max": times[-1]}


def timings(client, path, params_list, rounds):
    get(client, path, params_list[0])  # warm-up: templates, translations, connection
    return summary([get(client, path, params) for _ in range(rounds) for params in params_list])


def report_timings(rounds):
    """The dashboard's default report computed alone (its queries), as the page computes it."""
    from helpdesk import dashboard, statistics as stats
    from helpdesk.stats_forms import DashboardFilterForm

    form = DashboardFilterForm()
    assert form.is_valid(), form.errors
    filters, regions = form.filters(), stats.regions_by_id()

    def once():
        started = time.perf_counter()
        stats.report(filters, regions=regions, **dashboard.VOCABULARIES)
        return (time.perf_counter() - started) * 1000

    once()
    return summary([once() for _ in range(rounds)])


def worker(total, dashboard_rounds, inbox_rounds):
    """Runs inside a process whose environment names the database; prints one JSON line."""
    # bench/ first on the path would shadow apps by the names of other benchmarks (a benchmark named like an app).
    sys.path[:] = [str(ROOT)] + [entry for entry in sys.path if Path(entry or ".").resolve() != kit.BENCH]
    import django

    django.setup()
    from django.utils import timezone

    from helpdesk.stats_forms import default_range
    from services.models import Region
    from services.regions import load_regions
    from tests.helpdesk import jeonnam_seed as seed

    load_regions()
    seed.create_regions()
    regions = {region.code: region for region in Region.objects.all()}
    now = timezone.now()
    generator = Generator(random.Random(20261130), regions, now - datetime.timedelta(days=3 * 365), now)
    client = manager_client()
    first = min(FIRST_SIZE, total)
    load_s = add_cases(generator, first, 0, now)
    refresh_planner_statistics()
    small_counts = query_counts(client)
    load_s += add_cases(generator, total - first, first, now)
    started = time.perf_counter()
    refresh_planner_statistics()
    analyze_s = time.perf_counter() - started
    full_counts = query_counts(client)
    gc.collect()  # the generation's garbage is the benchmark's, not the pages'
    start, end = default_range()
    one_language = {"start": start.isoformat(), "end": end.isoformat(), "language": "vi"}
    load_before = os.getloadavg()[0]
    result = {
        "cases": total, "first_size": first, "load_s": load_s, "analyze_s": analyze_s,
        "queries_small": small_counts, "queries_full": full_counts,
        "dashboard": timings(client, "/admin/helpdesk/statistics/", [{}], dashboard_rounds),
        "report": report_timings(dashboard_rounds),
        "dashboard_language": timings(client, "/admin/helpdesk/statistics/", [one_language],
                                      max(3, dashboard_rounds // 3)),
        "inbox": timings(client, "/admin/helpdesk/", inbox_queries(), inbox_rounds),
    }
    result["loadavg"] = [load_before, os.getloadavg()[0]]
    print(json.dumps(result))


# --- the driver -------------------------------------------------------------------------------

def bench_database(kind, args):
    prepare(kind)
    log(f"[{kind}] {args.cases:,} cases, then timing the dashboard and the inbox")
    command = [PYTHON, str(Path(__file__).resolve()), "--worker", "--cases", str(args.cases),
               "--dashboard-rounds", str(args.dashboard_rounds), "--inbox-rounds", str(args.inbox_rounds)]
    out = kit.run(command, env=worker_env(kind), timeout=3 * 3600)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    log(f"[{kind}] dashboard p95 {result['dashboard']['p95']:.0f} ms (report alone {result['report']['p95']:.0f} ms), "
        f"inbox p95 {result['inbox']['p95']:.1f} ms, queries {result['queries_small']} → {result['queries_full']}, "
        f"load average {result['loadavg'][0]:.1f} → {result['loadavg'][1]:.1f}")
    return result


def verdict(flag):
    return "**pass**" if flag else "**FAIL**"


def section(rows, args):
    size = "quick mode, not the target size" if args.quick else "the target size"
    lines = [
        SECTION, "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `.venv/bin/python bench/helpdesk_stats.py"
        f"{' --quick' if args.quick else ''}` "
        f"({args.cases:,} cases: {size}).", "",
        f"- Machine: {kit.machine()}.",
        f"- Code: {kit.code_version()}.",
        "- Method: see the docstring of `bench/helpdesk_stats.py` (generated cases with the seed's shares, "
        "in-process requests through the full Django stack, production settings, nothing cached). "
        "*Report alone*: `helpdesk.statistics.report` for the same 12 months, i.e. the dashboard's queries "
        "without the page; *one language*: the dashboard filtered to Vietnamese (for information, no target). "
        "*Load average*: the machine's 1-minute load average before and after the timings "
        f"({kit.NCPU} cores; above that, other processes were competing for the CPU).", "",
        "| Database | Cases | Load s | Dashboard (last 12 months) p50 / p95 / max ms | Report alone p50 / p95 ms "
        "| One language p50 / p95 ms | Inbox p50 / p95 / max ms "
        "| Queries dashboard / inbox at 10,000 | at full size | Load average | Dashboard p95 ≤ 500 ms "
        "| Inbox p95 ≤ 50 ms | Constant queries |",
        "| --- | ---: | ---: | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, r in rows:
        d, i, q, f = r["dashboard"], r["inbox"], r["report"], r["dashboard_language"]
        small, full = r["queries_small"], r["queries_full"]
        lines.append(
            f"| {name} | {r['cases']:,} | {r['load_s']:.0f} | {d['p50']:.0f} / {d['p95']:.0f} / {d['max']:.0f} "
            f"| {q['p50']:.0f} / {q['p95']:.0f} | {f['p50']:.0f} / {f['p95']:.0f} "
            f"| {i['p50']:.1f} / {i['p95']:.1f} / {i['max']:.1f} | {small['dashboard']} / {small['inbox']} "
            f"| {full['dashboard']} / {full['inbox']} | {r['loadavg'][0]:.1f} → {r['loadavg'][1]:.1f} "
            f"| {verdict(d['p95'] <= TARGET_DASHBOARD_MS)} "
            f"| {verdict(i['p95'] <= TARGET_INBOX_MS)} | {verdict(small == full)} |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--cases", type=int, default=None)
    parser.add_argument("--quick", action="store_true", help="20,000 cases and fewer requests")
    parser.add_argument("--dashboard-rounds", type=int, default=None)
    parser.add_argument("--inbox-rounds", type=int, default=None)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.cases = args.cases or (20_000 if args.quick else 1_000_000)
    args.dashboard_rounds = args.dashboard_rounds or (10 if args.quick else 30)
    args.inbox_rounds = args.inbox_rounds or (3 if args.quick else 10)
    if args.worker:
        return worker(args.cases, args.dashboard_rounds, args.inbox_rounds)
    kit._deadline = time.monotonic() + (20 * 60 if args.quick else 3 * 3600)
    WORK.mkdir(exist_ok=True)
    kit.run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], env=worker_env("sqlite"), timeout=600)
    rows = kit.per_database(args.databases, lambda kind: bench_database(kind, args))
    kit.publish(SECTION, section(rows, args), not args.no_write and bool(rows))


if __name__ == "__main__":
    main()
