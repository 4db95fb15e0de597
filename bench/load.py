#!/usr/bin/env python3
"""Page-load benchmark: wrk against the production server, on SQLite and PostgreSQL.

For each database the demo content is loaded into a fresh database, then
gunicorn (production settings, WhiteNoise for static files) is started and
wrk measures:

* the stylesheet, served by WhiteNoise (the ceiling of the stack), and an
  article from the whole-page cache: 2 workers, 16 connections;
* the same article rendered every time (PAGE_CACHE_ENABLED=false) with 1 and
  with 2 workers, at 2 connections per worker (the target rows) and at 16
  connections (for information).

Why 2 connections per worker: gunicorn's sync workers serve one request at a
time, so extra connections only wait in the listen queue and their latency is
queueing (Little's law: latency = connections / rate), not the server. With 2
per worker the worker is still never idle (one request in service, one
queued), so the rate is the saturated rate, and the p95 is the service time
plus at most one queued request.

Targets: cached >= 50 % of the static rate; uncached >= 150 req/s per worker
with p95 <= 50 ms. Writes (or replaces) the section "## Page load (wrk)" of
bench/RESULTS.md. Helpers (database, server, CPU accounting, wrk) are in
bench/loadkit.py.

Run from the repository root:  .venv/bin/python bench/load.py
Options: --databases sqlite,postgres  --duration 15  --quick (5 s runs, no vi)  --no-write.
"""
import argparse
import atexit
import datetime as dt
import gzip
import json
import os
import re
import signal
import sys
import time

import loadkit as kit
from loadkit import ROOT, WORK, BenchError, log

SECTION = "## Page load (wrk)"
ARTICLES = {"en": "/en/housing/moving-in-report/", "vi": "/vi/housing/moving-in-report/"}
TARGET_CACHED_SHARE = 0.50
TARGET_UNCACHED_RPS = 150.0  # per worker
TARGET_UNCACHED_P95_MS = 50.0
COMPARE_CONNECTIONS = 16  # static/cached comparison, and the uncached rows for information
TARGET_CONNECTIONS_PER_WORKER = 2  # the uncached target rows (see the module docstring)
BUDGET_S = 45 * 60


def check_target(port, path, expect_type):
    """The URL must answer 200 with the expected type, else the benchmark would measure an error page."""
    status, headers, body = kit.fetch(port, path)
    if status != 200:
        raise BenchError(f"{path} answered {status} (location {headers.get('Location')}), not 200")
    if expect_type not in headers.get("Content-Type", ""):
        raise BenchError(f"{path} is {headers.get('Content-Type')}, expected {expect_type}")
    return headers, body


def stylesheet_url(port):
    """The hashed stylesheet URL the article links to (the name changes with every CSS change)."""
    headers, body = check_target(port, ARTICLES["en"], "text/html")
    if headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    m = re.search(r'<link rel="stylesheet" href="(/static/css/portal\.[0-9a-f]+\.css)"', body.decode())
    if not m:
        raise BenchError("no hashed stylesheet link in the article HTML")
    return m.group(1)


def measure(kind, server, scenario, path, workers, connections, args, expect_type="text/html"):
    proc, port = server
    headers, body = check_target(port, path, expect_type)
    check_target(port, path, expect_type)  # the second request is the one a cached page comes from
    log(f"[{kind}] {scenario} {path} ({workers} worker(s), {connections} connection(s)): "
        f"warm-up {args.warmup}s, run {args.duration}s")
    r = kit.measured_wrk(proc, port, path, args.duration, args.warmup, connections)
    slug = f"{kind}-{scenario}-{workers}w-c{connections}-{path.strip('/').replace('/', '_')}"
    (WORK / f"wrk-{slug}.txt").write_text(r.pop("raw"))
    r.update(database=kind, scenario=scenario, path=path, workers=workers, connections=connections,
             encoding=headers.get("Content-Encoding", "identity"), bytes=len(body))
    return r


def bench_database(kind, args):
    """All rows for one database; each server is stopped when its rows are done, also on error."""
    kit.prepare_database(kind)
    rows = []
    server = kit.start_server(kind, 2, True, "cached")
    try:
        css = stylesheet_url(server[1])
        rows.append(measure(kind, server, "static", css, 2, COMPARE_CONNECTIONS, args, "text/css"))
        for lang in args.languages:
            rows.append(measure(kind, server, "cached", ARTICLES[lang], 2, COMPARE_CONNECTIONS, args))
    finally:
        kit.stop_server(server[0])
    # 1 worker: every language (the per-worker figures); 2 workers: English (does it scale?).
    for workers, langs in ((1, args.languages), (2, args.languages[:1])):
        server = kit.start_server(kind, workers, False, f"uncached-{workers}w")
        try:
            for connections in (TARGET_CONNECTIONS_PER_WORKER * workers, COMPARE_CONNECTIONS):
                for lang in langs:
                    rows.append(measure(kind, server, "uncached", ARTICLES[lang], workers, connections, args))
        finally:
            kit.stop_server(server[0])
    return rows


# --- the RESULTS.md section ---------------------------------------------------------

def is_target_row(r):
    return r["scenario"] == "uncached" and r["connections"] == TARGET_CONNECTIONS_PER_WORKER * r["workers"]


def ok(flag):
    return "**pass**" if flag else "**FAIL**"


def target_lines(rows, dbversions, failures):
    """The targets table; returns (lines, all passed)."""
    lines = ["| Database | Target | Measured | Result |", "| --- | --- | --- | --- |"]
    verdicts = []
    for db, name in dbversions.items():
        mine = [r for r in rows if r["database"] == db]
        static = next((r for r in mine if r["scenario"] == "static"), None)
        for r in mine:
            lang = r["path"].split("/")[1]
            if r["scenario"] == "cached" and static:
                share = r["rps"] / static["rps"]
                verdicts.append(share >= TARGET_CACHED_SHARE)
                lines.append(f"| {name} | cached `{lang}` article ≥ {TARGET_CACHED_SHARE:.0%} of static rate | "
                             f"{r['rps']:,.0f} / {static['rps']:,.0f} = {share:.0%} | {ok(verdicts[-1])} |")
            if is_target_row(r):
                run = f"{r['workers']} worker{'s' * (r['workers'] > 1)}, {r['connections']} connections"
                per_worker = r["rps"] / r["workers"]
                verdicts += [per_worker >= TARGET_UNCACHED_RPS, r["p95_ms"] <= TARGET_UNCACHED_P95_MS]
                lines.append(f"| {name} | uncached `{lang}` article ≥ {TARGET_UNCACHED_RPS:.0f} req/s per worker | "
                             f"{per_worker:,.0f} req/s per worker ({run}) | {ok(verdicts[-2])} |")
                lines.append(f"| {name} | uncached `{lang}` article p95 ≤ {TARGET_UNCACHED_P95_MS:.0f} ms | "
                             f"{r['p95_ms']:.1f} ms ({run}) | {ok(verdicts[-1])} |")
    lines += [f"| {fail} | run | did not complete | **FAIL** |" for fail in failures]
    return lines, all(verdicts) and not failures


def render(rows, dbversions, args, failures, code_at_start):
    today = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    code_now = kit.code_version()
    lines = [
        SECTION,
        "",
        f"Measured {today} by `.venv/bin/python bench/load.py`.",
        "",
        f"- Machine: {kit.machine()}. wrk runs on the same machine and shares the cores with gunicorn.",
        f"- Code: {code_at_start}." + ("" if code_now == code_at_start else
                                       f" **The code changed during the run** (now {code_now}): run again."),
        f"- Software: {kit.versions()}; {', '.join(dbversions.values())}.",
        f"- Load: `wrk -t2 -cN -d{args.duration}s --latency -s bench/p95.lua` (N = wrk connections in the table) "
        "with headers `X-Forwarded-Proto: https` and `Accept-Encoding: gzip`, after a "
        f"{args.warmup} s warm-up run; `DJANGO_SETTINGS_MODULE=portal.settings.production`, demo content from "
        "`load_demo`, local-memory cache (one per worker).",
        "",
        "| Database | Scenario | URL | gunicorn workers | wrk connections | Response | req/s | req/s per worker "
        "| p50 ms | p95 ms | p99 ms | errors | CPU cores: gunicorn / PostgreSQL / wrk / other |",
        "| --- | --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {dbversions[r['database']]} | {r['scenario']}{' (target)' if is_target_row(r) else ''} | "
            f"`{r['path']}` | {r['workers']} | {r['connections']} | {r['bytes']:,} B {r['encoding']} | "
            f"{r['rps']:,.0f} | {r['rps'] / r['workers']:,.0f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | "
            f"{r['p99_ms']:.1f} | {r['errors']} | {r['server_cores']:.2f} / {r['db_cores']:.2f} / "
            f"{r['wrk_cores']:.2f} / {r['other_cores']:.2f} |")
    targets, passed = target_lines(rows, dbversions, failures)
    disturbed = sum(r["other_cores"] >= kit.QUIET_CORES for r in rows)
    lines += ["", "Targets:", "", *targets, "", "Notes:", "",
        f"- The uncached targets are judged on the rows marked (target), at {TARGET_CONNECTIONS_PER_WORKER} "
        "connections per worker: a sync worker serves one request at a time, so with two connections it is never "
        "idle (one request in service, one queued) and the rate is the saturated rate, while the p95 is the "
        "service time plus at most one queued request.",
        f"- The {COMPARE_CONNECTIONS}-connection uncached rows are for information only: the extra connections just "
        f"wait in the listen queue, so their latency is queueing (Little's law: ≈ {COMPARE_CONNECTIONS} / rate), "
        "not the server.",
        "- `PAGE_CACHE_ENABLED=false` turns off the whole-page cache only. The app's other caches (at the time of "
        "writing: the route cache, the per-publication page chrome and the article-body fragment) stay on and are "
        "warm after the warm-up, so the uncached rows measure a page rendered from warm fragment caches, not the "
        "first request after a publication.",
        "- gunicorn's sync workers close the connection after every response, so each request includes a TCP "
        "connect; wrk's latency is measured from the request being written, so it includes the time a request "
        "waits in the listen queue for a free worker.",
        f"- CPU column: cores used during the measured run by gunicorn (master and workers), by the PostgreSQL "
        f"server processes, by wrk, and by every other process on the machine ({kit.NCPU} cores in all). A run in "
        f"which other processes used ≥ {kit.QUIET_CORES} cores was repeated once and the less disturbed run kept "
        "(a PostgreSQL backend that ends during a run, e.g. when `CONN_MAX_AGE` reconnects, is counted under "
        "other); " + (f"{disturbed} row(s) are still disturbed and understate the app." if disturbed
                      else "no row is disturbed."),
        "- Ratios: cached/static compares the page cache (a cache lookup in Django's middleware stack) to "
        "WhiteNoise (a file served before Django's URL routing).",
        "",
    ]
    return "\n".join(lines), passed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="5 s runs, English article only")
    parser.add_argument("--budget", type=int, default=BUDGET_S, help="seconds for the whole run")
    parser.add_argument("--no-write", action="store_true", help="print the section, leave RESULTS.md alone")
    args = parser.parse_args()
    kit._deadline = time.monotonic() + args.budget
    if args.quick:
        args.duration = 5
    args.languages = ["en"] if args.quick else ["en", "vi"]

    for tool in (kit.PYTHON, kit.GUNICORN, kit.WRK):
        if not os.access(tool, os.X_OK):
            sys.exit(f"missing {tool}")
    WORK.mkdir(exist_ok=True)
    atexit.register(kit.stop_all_servers)
    signal.signal(signal.SIGTERM, kit._on_signal)
    signal.signal(signal.SIGINT, kit._on_signal)

    rows, dbversions, failures = [], {}, []
    code_at_start = kit.code_version()
    for kind in (k.strip() for k in args.databases.split(",")):
        try:
            dbversions[kind] = kit.database_version(kind)
            rows += bench_database(kind, args)
        except BenchError as e:
            log(f"[{kind}] FAILED: {e}")
            failures.append(dbversions.get(kind, kind))
        finally:
            kit.stop_all_servers()
    (WORK / "load-results.json").write_text(json.dumps(rows, indent=2))
    text, passed = render(rows, dbversions, args, failures, code_at_start)
    print()
    print(text)
    if not args.no_write:
        kit.write_section(SECTION, text)
        log(f"wrote {kit.RESULTS.relative_to(ROOT)}")
    log("all targets met" if passed else "some targets missed")
    return 0 if rows else 1


if __name__ == "__main__":
    sys.exit(main())
