"""Page and API latency when the Redis cache is down or hangs (issue 11).

A fresh SQLite database of our own (bench/.work/faults.sqlite3: migrate,
load_demo, collectstatic), then, for each state of the cache, a worker process
of its own with the production settings and REDIS_URL pointing at:

- healthy: the real Redis on 127.0.0.1:6379 (database 15, under a key prefix
  of this run's own, deleted afterwards): pages come from the page cache;
- dead port: a loopback port nothing listens on (connections refused at once);
- black hole: a loopback server this script runs, which accepts connections
  and never answers (what a wedged Redis looks like).

The cache is portal.cache_backend.ResilientRedisCache with its defaults
(REDIS_TIMEOUT and REDIS_CONNECT_TIMEOUT 0.25 s, the "cache" breaker opening
after 3 failures in a row for 30 s). Requests go through Django's full stack
in-process (django.test.Client, as in the other in-process benchmarks; HTTP
parsing by gunicorn is not included), with SEARCH_RATE_PER_MINUTE set so high
that every request is counted but none refused.

Two measurements per state and URL:
- steady: p50/p95/max of N requests after 5 warm-up requests (which, in the
  fault states, open the breaker; a half-open trial every 30 s then costs one
  request a timeout, which shows in max);
- first request: the breakers closed again (portal.circuit.reset_all) before
  each of K single requests: what a request pays before the breaker opens.
Ratios are against the healthy state's p50 and p95 for the same URL.

Run from the repository root:  .venv/bin/python bench/faults.py
Options: --quick (20 requests a URL, 3 first requests), --requests N, --first N, --no-write
"""
import argparse
import base64
import json
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import loadkit as kit  # noqa: E402
from loadkit import PYTHON, ROOT, WORK, log  # noqa: E402

SECTION = "## Faults"
SQLITE_FILE = WORK / "faults.sqlite3"
HEALTHY_REDIS = "redis://127.0.0.1:6379/15"
URLS = {
    "home": "/en/",
    "topic index": "/en/housing/",
    "article": "/en/housing/moving-in-report/",
    "search page": "/en/search/?q=visa",
    "search API": "/api/v1/search?q=visa&locale=en",
    "places API": "/api/v1/places?region=KR-41&locale=en",
    "events API": "/api/v1/events?region=KR-41",
    "pages API": "/api/v2/pages/?locale=en",
    "places page": "/en/places/",
    "healthz": "/healthz",
    "readyz": "/readyz",
}
STATES = ("healthy", "dead port", "black hole")
# Production refuses the public development keys: keys of this run's own (the help desk is not measured).
KEYS = {"HELPDESK_ENCRYPTION_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "HELPDESK_HASH_KEY": secrets.token_urlsafe(48)}


def prepare_database():
    log("preparing a fresh SQLite database with the demo content")
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
    env = kit.base_env(f"sqlite:///{SQLITE_FILE}", **KEYS)
    kit.run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env=env, timeout=600)
    kit.run([PYTHON, "manage.py", "load_demo"], env=env, timeout=600)
    kit.run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], env=env, timeout=300)


# --- inside the worker process (Django set up, REDIS_URL from the environment) ------------

def _get(client, url):
    """One request; its duration in ms. Raises when the answer is not 200."""
    started = time.perf_counter()
    response = client.get(url, secure=True)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url}: {response.status_code} {response.content[:300]!r}")
    return elapsed


def _summary(times):
    times = sorted(times)
    return {"p50": statistics.median(times), "p95": times[min(len(times) - 1, int(0.95 * len(times)))],
            "max": times[-1], "n": len(times)}


def worker(requests, first):
    bench = str(Path(__file__).resolve().parent)
    sys.path[:] = [entry for entry in sys.path if entry != bench]
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client

    from portal import circuit

    client = Client(HTTP_HOST="127.0.0.1")
    for url in URLS.values():  # templates compiled, catalogs loaded: a worker that has served before
        _get(client, url)
    firsts = {}
    for name, url in URLS.items():
        times = []
        for _ in range(first):
            circuit.reset_all()
            times.append(_get(client, url))
        firsts[name] = _summary(times)
    steady = {}
    for name, url in URLS.items():
        kit.wait_for_quiet(60)
        for _ in range(5):
            _get(client, url)
        before, started = kit.cpu_snapshot(os.getpid()), time.monotonic()
        times = [_get(client, url) for _ in range(requests)]
        cores = kit.cpu_cores(before, kit.cpu_snapshot(os.getpid()), time.monotonic() - started)
        steady[name] = {**_summary(times), "other_cores": cores["other_cores"]}
        log(f"  {name}: p50 {steady[name]['p50']:.1f} ms  p95 {steady[name]['p95']:.1f} ms  "
            f"max {steady[name]['max']:.1f} ms  first {firsts[name]['p50']:.1f} ms")
    print(json.dumps({"steady": steady, "first": firsts, "breakers": circuit.states()}))


# --- the parent: one worker per state of the cache -------------------------------------

def _black_hole():
    """The fault-injection tests' black hole (accepts, never answers), on loopback."""
    sys.path.insert(0, str(ROOT))
    from tests.faults.conftest import BlackHole

    return BlackHole()


def measure(state, location, args):
    log(f"[{state}] REDIS_URL at {location.split('@')[-1]}")
    env = kit.base_env(f"sqlite:///{SQLITE_FILE}", **KEYS, REDIS_URL=location, CACHE_KEY_PREFIX=args.prefix,
                       SEARCH_RATE_PER_MINUTE=str(10**9), PYTHONPATH=str(ROOT))
    out = kit.run([PYTHON, str(Path(__file__).resolve()), "--worker", "--requests", str(args.requests),
                   "--first", str(args.first)], env=env, timeout=3600)
    return json.loads(out.stdout.strip().splitlines()[-1])


def delete_healthy_keys(prefix):
    import redis

    client = redis.Redis.from_url(HEALTHY_REDIS, socket_timeout=2)
    deleted = sum(client.delete(key) for key in client.scan_iter(f"{prefix}:*"))
    client.close()
    log(f"deleted {deleted} keys of this run from Redis")


def _ratio(value, healthy):
    return f"{value / healthy:.1f}×" if healthy > 0 else "—"


def section(results, args):
    healthy = results["healthy"]
    lines = [
        SECTION, "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `.venv/bin/python bench/faults.py"
        f"{' --quick' if args.quick else ''}`.", "",
        f"- Machine: {kit.machine()}.",
        f"- Code: {kit.code_version()}.",
        f"- Database: {kit.database_version('sqlite')}, demo content (`load_demo`).",
        "- Method: see the docstring of `bench/faults.py`: production settings, in-process requests through the full "
        "Django stack, the resilient Redis cache with its default timeouts (0.25 s) and breaker (3 failures, 30 s); "
        f"steady: {args.requests} timed requests per URL after 5 warm-up requests; first request: {args.first} single "
        "requests per URL, the breakers closed again before each.", "",
        "Steady state (in the fault states the breaker is open; ratios against healthy):", "",
        "| URL | healthy p50 / p95 ms | dead port p50 / p95 ms | × healthy (p50, p95) | black hole p50 / p95 / max ms "
        "| × healthy (p50, p95) | other processes, cores (healthy / dead / hole) |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, url in URLS.items():
        h, d, b = (results[state]["steady"][name] for state in STATES)
        lines.append(
            f"| {name} `{url}` | {h['p50']:.1f} / {h['p95']:.1f} | {d['p50']:.1f} / {d['p95']:.1f} | "
            f"{_ratio(d['p50'], h['p50'])}, {_ratio(d['p95'], h['p95'])} | "
            f"{b['p50']:.1f} / {b['p95']:.1f} / {b['max']:.1f} | "
            f"{_ratio(b['p50'], h['p50'])}, {_ratio(b['p95'], h['p95'])} | "
            f"{h['other_cores']:.2f} / {d['other_cores']:.2f} / {b['other_cores']:.2f} |")
    lines += ["", "First request, before the breaker opens (breakers closed again before each request):", "",
              "| URL | healthy p50 ms | dead port p50 / max ms | × healthy p50 | black hole p50 / max ms | "
              "× healthy p50 | under 1 s |",
              "| --- | --- | --- | --- | --- | --- | --- |"]
    for name, url in URLS.items():
        h, d, b = (results[state]["first"][name] for state in STATES)
        fast = "**pass**" if max(d["max"], b["max"]) < 1000 else "**FAIL**"
        lines.append(f"| {name} | {h['p50']:.1f} | {d['p50']:.1f} / {d['max']:.1f} | {_ratio(d['p50'], h['p50'])} | "
                     f"{b['p50']:.1f} / {b['max']:.1f} | {_ratio(b['p50'], h['p50'])} | {fast} |")
    lines += ["", "In the fault states every page is rendered afresh (no page cache, no route cache, no cached "
              "fragments), so the steady-state ratio is the price of an uncached page, not of the fault: the fault "
              "itself costs nothing once the breaker is open. Search, the APIs and the places page are never "
              "served from the page cache: with a healthy Redis they pay its round trips (the generation, the page "
              "and route lookups, the rate-limit count) and nothing comes back, which is why they are no slower, "
              "often a little faster, when Redis is down. Before it opens, a request pays at most one read "
              "timeout (0.25 s) against a black hole and about a millisecond against a refusing port; each worker "
              "pays that on at most 3 requests per outage, then once per 30 s (the half-open trial, visible in the "
              "black hole's max). Other processes: the CPU every other process on the machine used during the timed "
              f"requests ({kit.NCPU} cores in all); with more than {kit.QUIET_CORES} the row measured a shared "
              "machine as well."]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="20 requests a URL, 3 first requests")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--first", type=int, default=10)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--prefix", default=f"bench-faults-{secrets.token_hex(6)}", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.requests, args.first = 20, 3
    if args.worker:
        return worker(args.requests, args.first)
    WORK.mkdir(exist_ok=True)
    kit._deadline = time.monotonic() + (20 if args.quick else 60) * 60  # the whole run's budget
    prepare_database()
    hole = _black_hole()
    results = {}
    try:
        results["healthy"] = measure("healthy", HEALTHY_REDIS, args)
        results["dead port"] = measure("dead port", f"redis://127.0.0.1:{kit.free_port()}/0", args)
        results["black hole"] = measure("black hole", f"redis://127.0.0.1:{hole.port}/0", args)
    finally:
        hole.close()
        delete_healthy_keys(args.prefix)
    kit.publish(SECTION, section(results, args), not args.no_write)


if __name__ == "__main__":
    main()
