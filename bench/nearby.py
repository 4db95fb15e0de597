"""Nearby places: the query inside the database and the API, with 100,000 and 1,000,000 places.

For SQLite and then PostgreSQL: a fresh database (`migrate`, regions loaded; own
names: bench/.work/nearby.sqlite3 and `portal_bench_nearby`), then for each size
the places are replaced by generated ones and measured.

Places: Korean places with an English translation for one in ten, spread like the
people of Gyeonggi-do: nine in ten in its 31 cities and counties, each getting a
share by population and a normal spread around its centroid (σ = a quarter of its
box, kept inside the box), one in ten anywhere in the province's box. Bulk
inserted (SQLite: executemany, the R*Tree triggers fill the index row by row;
PostgreSQL: COPY, then ANALYZE as autovacuum would). Origins: drawn from the same
spread (readers are where people live), radius 5 km, API locale `en`.

Measured, as p50/p95 over the origins after a warm-up:
(a) the box query alone, with the spatial index: the SQL of services.spatial.filter_box
    for the 5 km box (places in the Korean and English locales; all candidates fetched),
    sent through Django's cursor, timed from execute to the last row fetched;
(b) the same box query with only the B-tree (latitude, longitude) index;
(c) the baseline, a full scan computing every distance: SQL haversine over every row
    (in the database, so it is measured like (a)); with 1,000,000 rows it takes ~1 s a
    run, so it, (b) and the API without the index run only the first min(origins,
    10^8 / places) origins (1,000 at 100,000 places, 100 at 1,000,000);
(a') the queries of one API request, replayed and timed like (a) (locale ids, the
    growing boxes of nearby.nearest_in, the places shown), with the spatial index;
(d) GET /api/v1/places?near=..&radius_km=5&locale=en end to end through Django's
    request stack in-process (middleware, view, JSON; production settings, rate limit
    off), with the spatial index and, for comparison, forced to the B-tree.

Run from the repository root:  .venv/bin/python bench/nearby.py
Options: --quick (10,000 places, 100 origins), --sizes 100000,1000000,
--databases sqlite,postgres, --origins 1000, --no-write, --budget seconds.
"""
import argparse
import base64
import json
import random
import secrets
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import loadkit as kit  # noqa: E402
from loadkit import PYTHON, ROOT, WORK, log  # noqa: E402

SECTION = "## Nearby places (spatial index)"
PG_DB = "portal_bench_nearby"
RADIUS_KM = 5.0
TARGET_DB_P95_MS, TARGET_RATIO, TARGET_API_P95_MS = 5.0, 20.0, 30.0
# Inhabitants in thousands (resident registration, end of 2023, rounded): only the spread.
POPULATION = {
    "KR-41110": 1190, "KR-41130": 918, "KR-41150": 463, "KR-41170": 550, "KR-41190": 784, "KR-41210": 280,
    "KR-41220": 588, "KR-41250": 90, "KR-41270": 626, "KR-41280": 1074, "KR-41290": 80, "KR-41310": 187,
    "KR-41360": 732, "KR-41370": 230, "KR-41390": 517, "KR-41410": 262, "KR-41430": 158, "KR-41450": 331,
    "KR-41460": 1075, "KR-41480": 498, "KR-41500": 223, "KR-41550": 189, "KR-41570": 486, "KR-41590": 934,
    "KR-41610": 390, "KR-41630": 243, "KR-41650": 145, "KR-41670": 113, "KR-41800": 41, "KR-41820": 62,
    "KR-41830": 122,
}
PROVINCE = "KR-41"
MEASURES = [  # key, label
    ("box_spatial", "(a) box query, spatial index"),
    ("box_btree", "(b) box query, B-tree (latitude, longitude) only"),
    ("full_scan", "(c) full scan: SQL haversine over every row"),
    ("api_queries", "(a') queries of one API request, spatial index"),
    ("api", "(d) API end to end, spatial index"),
    ("api_btree", "(d) API end to end, B-tree only"),
]


def database_url(kind):
    if kind == "sqlite":
        return f"sqlite:///{WORK / 'nearby.sqlite3'}"
    return f"postgres://postgres@{kit.HOST}:5432/{PG_DB}"


def environment(kind):
    fernet_key = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    return kit.base_env(database_url(kind), SEARCH_RATE_PER_MINUTE="0", PYTHONPATH=str(ROOT),
                        HELPDESK_ENCRYPTION_KEYS=fernet_key, HELPDESK_HASH_KEY=secrets.token_urlsafe(32))


def prepare(kind, env):
    """A fresh database with the schema and the regions (the benchmark's own names)."""
    log(f"[{kind}] preparing a fresh database")
    if kind == "sqlite":
        WORK.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            (WORK / f"nearby.sqlite3{suffix}").unlink(missing_ok=True)
    else:
        psql = ["psql", "-h", kit.HOST, "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q"]
        kit.run(psql + ["-c", f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)"], timeout=60)
        kit.run(psql + ["-c", f"CREATE DATABASE {PG_DB}"], timeout=60)
    kit.run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env=env, timeout=900)
    kit.run([PYTHON, "manage.py", "load_regions"], env=env, timeout=120)


# --- inside the worker process (its environment names the database) -------------------------


def spread(regions, count, rng):
    """count (latitude, longitude, region code) drawn like the people of the province."""
    cities = [regions[code] for code in POPULATION]
    weights = [POPULATION[code] for code in POPULATION]
    province = regions[PROVINCE]
    points = []
    for _ in range(count):
        if rng.random() < 0.1:
            points.append((rng.uniform(province.south, province.north), rng.uniform(province.west, province.east),
                           PROVINCE))
            continue
        city = rng.choices(cities, weights)[0]
        while True:
            latitude = rng.gauss(city.latitude, (city.north - city.south) / 4)
            longitude = rng.gauss(city.longitude, (city.east - city.west) / 4)
            if city.south <= latitude <= city.north and city.west <= longitude <= city.east:
                break
        points.append((latitude, longitude, city.code))
    return points


def generate(count, regions, seed):
    """Replace every place with `count` generated Korean places (+ an English version of one in ten)."""
    from django.db import connection, transaction
    from wagtail.models import Locale

    from services import categories
    from services.models import Place

    rng = random.Random(seed)
    locales = {code: Locale.objects.get_or_create(language_code=code)[0].pk for code in ("ko", "en")}
    template = Place(name="", category="hospital", latitude=0.0, longitude=0.0, locale_id=locales["ko"])
    fields = [field for field in Place._meta.concrete_fields if not field.primary_key]
    columns = [field.column for field in fields]
    base = {field.attname: field.get_db_prep_save(getattr(template, field.attname), connection) for field in fields}
    codes = list(categories.CODES)

    def row(number, key, locale, latitude, longitude, region):
        values = dict(base, name=f"장소 {number}" if locale == "ko" else f"Place {number}",
                      category=codes[number % len(codes)],
                      latitude=latitude, longitude=longitude, locale_id=locales[locale], region_id=regions[region].pk,
                      translation_key=key if connection.vendor == "postgresql" else key.hex)
        return [values[field.attname] for field in fields]

    rows = []
    for number, (latitude, longitude, region) in enumerate(spread(regions, count, rng)):
        key = uuid.UUID(int=rng.getrandbits(128), version=4)
        rows.append(row(number, key, "ko", latitude, longitude, region))
        if number % 10 == 0:
            rows.append(row(number, key, "en", latitude, longitude, region))
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Place._meta.db_table}")
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {Place._meta.db_table} ({', '.join(columns)}) FROM STDIN") as copy:
                for values in rows:
                    copy.write_row(values)
        else:
            marks = ", ".join(["%s"] * len(columns))
            for start in range(0, len(rows), 50_000):
                cursor.executemany(f"INSERT INTO {Place._meta.db_table} ({', '.join(columns)}) VALUES ({marks})",
                                   rows[start:start + 50_000])
    insert_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {Place._meta.db_table}")
        else:  # the triggers filled the R*Tree: one entry per row
            cursor.execute("SELECT (SELECT count(*) FROM services_place_rtree), (SELECT count(*) FROM services_place)")
            indexed, total = cursor.fetchone()
            if indexed != total:
                raise SystemExit(f"the R*Tree holds {indexed} entries for {total} places")
    return len(rows), insert_s, locales


def summary(timings, rows=None):
    timings = sorted(timings)
    result = {"runs": len(timings), "p50": statistics.median(timings),
              "p95": timings[min(len(timings) - 1, int(0.95 * len(timings)))]}
    if rows:
        result["rows"] = statistics.mean(rows)
    return result


def timed_sql(statements, warmup):
    """Each item a list of (sql, params): executed and fetched to the last row, timed per item."""
    from django.db import connection

    timings, rows = [], []
    for index, item in enumerate(statements):
        started, fetched = time.perf_counter(), 0
        with connection.cursor() as cursor:
            for sql, params in item:
                cursor.execute(sql, params)
                fetched += len(cursor.fetchall())
        if index >= warmup:
            timings.append((time.perf_counter() - started) * 1000)
            rows.append(fetched)
    return summary(timings, rows)


def query_plan(sql, params):
    """The database's plan for a statement, on one line (PostgreSQL: its scan nodes)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return "; ".join(row[3] for row in cursor.fetchall())
        cursor.execute("EXPLAIN " + sql, params)
        return "; ".join(row[0].strip(" ->") for row in cursor.fetchall() if "Scan" in row[0])


HAVERSINE = (
    "SELECT id, d FROM (SELECT id, 2 * 6371.0088 * asin(sqrt(power(sin(radians(latitude - %s) / 2), 2) "
    "+ cos(radians(%s)) * cos(radians(latitude)) * power(sin(radians(longitude - %s) / 2), 2))) AS d "
    "FROM services_place WHERE locale_id IN (%s, %s)) AS distances WHERE d <= %s"
)


def worker(count, origins_count, seed):
    # The project's modules, not bench/'s files of the same name (a bench/community.py would shadow the app).
    sys.path[:] = [str(ROOT)] + [path for path in sys.path if Path(path or ".").resolve() != kit.BENCH]
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from services import nearby, spatial
    from services.models import Place, Region

    regions = {region.code: region for region in Region.objects.all()}
    rows_total, insert_s, locales = generate(count, regions, seed)
    origins = [point[:2] for point in spread(regions, origins_count, random.Random(seed + 1))]
    warmup = min(20, origins_count // 5)
    places = Place.objects.filter(locale_id__in=locales.values())

    def box_query(origin, kind):
        box = nearby.bounding_box(*origin, RADIUS_KM)
        queryset = spatial.filter_box(places, box, kind=kind).values_list(*nearby.candidate_fields())
        return [queryset.query.sql_with_params()]

    result = {"places": count, "rows": rows_total, "insert_s": insert_s, "index": spatial.index_kind(places)}
    log(f"  {rows_total:,} rows inserted in {insert_s:.1f} s; measuring")
    # The slow measures run fewer origins on big tables (100 at 1,000,000 places), to stay bounded.
    few = origins[:max(warmup + 10, min(origins_count, 100_000_000 // count))]
    statements = {
        "box_spatial": [box_query(origin, None) for origin in origins],
        "box_btree": [box_query(origin, "btree") for origin in few],
        "full_scan": [[(HAVERSINE, [lat, lat, lon, locales["ko"], locales["en"], RADIUS_KM])] for lat, lon in few],
    }
    for key, items in statements.items():
        result[key] = timed_sql(items, warmup)
    result["plans"] = {key: query_plan(*items[0][0]) for key, items in statements.items()}

    captured = []
    for origin in origins:
        with CaptureQueriesContext(connection) as queries:
            nearby.places_near(*origin, radius_km=RADIUS_KM, locale="en")
        captured.append([(query["sql"], None) for query in queries.captured_queries])
    result["api_queries"] = timed_sql(captured, warmup)
    first_box = next(q for q in captured[0] if "services_place" in q[0] and "wagtailcore_locale" not in q[0])
    result["plans"]["api_queries"] = query_plan(*first_box)

    client = Client(HTTP_HOST="127.0.0.1")

    def api(label, origins):
        timings, shown = [], []
        for index, (lat, lon) in enumerate(origins):
            started = time.perf_counter()
            response = client.get("/api/v1/places", {"near": f"{lat:.5f},{lon:.5f}", "radius_km": RADIUS_KM,
                                                     "locale": "en"}, secure=True)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{label}: {response.status_code} {response.content[:300]!r}")
            if index >= warmup:
                timings.append(elapsed)
                shown.append(len(response.json()))
        return summary(timings, shown)

    result["api"] = api("api", origins)
    spatial.index_kind = lambda queryset: "btree"  # this process only: the API as without the index
    result["api_btree"] = api("api_btree", few)
    print(json.dumps(result))


# --- the report ----------------------------------------------------------------------------


def bench_database(kind, sizes, origins, seed):
    env = environment(kind)
    prepare(kind, env)
    results = []
    for size in sizes:
        log(f"[{kind}] {size:,} places")
        out = kit.run([PYTHON, str(Path(__file__).resolve()), "--worker", "--sizes", str(size),
                       "--origins", str(origins), "--seed", str(seed)], env=env, timeout=3600)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        r = results[-1]
        log(f"  box: spatial p95 {r['box_spatial']['p95']:.2f} ms, B-tree {r['box_btree']['p95']:.2f} ms, "
            f"full scan {r['full_scan']['p95']:.1f} ms; API p95 {r['api']['p95']:.1f} ms")
    return results


def verdict(ok):
    return "**pass**" if ok else "**FAIL**"


def section(rows, quick):
    lines = [
        SECTION, "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `.venv/bin/python bench/nearby.py"
        f"{' --quick' if quick else ''}`." + (" **Quick run: 10,000 places and few origins, not the figures of "
                                               "record; run without --quick for those.**" if quick else ""), "",
        f"- Machine: {kit.machine()}.",
        f"- Code: {kit.code_version()}.",
        "- Method: see the docstring of `bench/nearby.py`: generated places spread like the people of "
        "Gyeonggi-do (plus an English version of one in ten), origins drawn from the same spread, radius 5 km, "
        "production settings, in-process; the database server and the benchmark share the machine's cores.", "",
        "| Database | Places (rows) | Measure | Runs | Rows or places answered (mean) | p50 ms | p95 ms |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    targets = []
    for name, results in rows:
        for r in results:
            size = f"{r['places']:,} ({r['rows']:,})"
            for key, label in MEASURES:
                m = r[key]
                lines.append(f"| {name} | {size} | {label} | {m['runs']:,} | {m.get('rows', 0):,.0f} | "
                             f"{m['p50']:.2f} | {m['p95']:.2f} |")
            scan, queries, api = r["full_scan"], r["api_queries"], r["api"]
            at = f"{name}, {r['places']:,} places"
            # The issue's "query inside it" is what one API request asks of the database (a'); the box
            # query (a) fetches every candidate of the circle and is shown for information only.
            targets += [
                (at, f"queries of one API request p95 ≤ {TARGET_DB_P95_MS:g} ms", f"{queries['p95']:.2f} ms",
                 queries["p95"] <= TARGET_DB_P95_MS),
                (at, f"full scan / queries of one API request ≥ {TARGET_RATIO:g}× (p95 / p95; p50 / p50 shown)",
                 f"{scan['p95'] / queries['p95']:.0f}× ({scan['p50'] / queries['p50']:.0f}× at p50)",
                 scan["p95"] / queries["p95"] >= TARGET_RATIO),
                (at, f"API p95 ≤ {TARGET_API_P95_MS:g} ms", f"{api['p95']:.1f} ms", api["p95"] <= TARGET_API_P95_MS),
            ]
    lines += ["", "Targets (set by the issue at 100,000 places; other sizes are shown against the same figures; "
              "(a) and (b) are not targets: they read every candidate of the 5 km box, which the API never does):",
              "",
              "| Where | Target | Measured | Result |", "| --- | --- | --- | --- |"]
    lines += [f"| {at} | {target} | {measured} | {verdict(ok)} |" for at, target, measured, ok in targets]
    btree_unused = any(name.startswith("SQLite") and "services_place_lat_lon" not in r["plans"]["box_btree"]
                       for name, results in rows for r in results)
    plans = [f"- Plan, {name}, {r['places']:,} places, {label}: `{r['plans'][key]}`"
             for name, results in rows for r in results for key, label in MEASURES if key in r["plans"]]
    inserts = "; ".join(f"{name} {r['places']:,}: {r['insert_s']:.1f} s ({r['index']})"
                        for name, results in rows for r in results)
    lines += ["", "Notes:", "",
              "- (a) and (b) fetch every place of the 5 km box (the whole circle's candidates); the API needs only "
              "the 20 nearest, which nearest_in finds in growing boxes, so (a') reads far fewer rows than (a).",
              "- The full scan computes a spherical distance (haversine) in SQL for every row: cheaper than the "
              "exact geodesic, so the ratio is, if anything, in the full scan's favour.",
              f"- Bulk insert time (index kind): {inserts}. On SQLite the triggers fill the R*Tree during the insert.",
              "- Query plans of the first origin (SQLite: EXPLAIN QUERY PLAN; PostgreSQL: the scan nodes of EXPLAIN)."
              + (" Without ANALYZE statistics (Django never runs it on SQLite) SQLite answered the B-tree-only query "
                 "from another index than (latitude, longitude), as it did for the code before the spatial index."
                 if btree_unused else ""),
              *plans]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--origins", type=int, default=1000)
    parser.add_argument("--quick", action="store_true", help="10,000 places and 100 origins")
    parser.add_argument("--seed", type=int, default=20261130)
    parser.add_argument("--budget", type=int, default=120 * 60, help="seconds for the whole run")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(int(args.sizes), args.origins, args.seed)
    if args.quick:
        args.sizes, args.origins = "10000", 100
    kit._deadline = time.monotonic() + args.budget
    sizes = [int(size) for size in args.sizes.split(",")]
    rows = kit.per_database(args.databases, lambda kind: bench_database(kind, sizes, args.origins, args.seed))
    kit.publish(SECTION, section(rows, args.quick), not args.no_write and bool(rows))


if __name__ == "__main__":
    main()
