"""Search relevance end to end: our API against Wagtail's built-in search, same pages.

For SQLite and then PostgreSQL: a fresh database with the demo content
(`load_demo`, which also adds the demo synonyms) and the 80 pages of the search
corpus imported with `manage.py import_pages`; `manage.py search_index rebuild`
(timed) and Wagtail's own `update_index`. Then the 60 graded queries, each in
its locale:

* ours: GET /api/v1/search?q=…&locale=…&limit=10 (only results in the query's
  locale count, so a fallback to Korean or English never scores), once with the
  demo synonyms and once with none;
* Wagtail: ArticlePage.objects.live() of the locale .search(q), aliases
  dropped, first 10, on Wagtail's default database backend.

nDCG@10, recall@10 and MRR@10 as in bench/search_relevance.py (which chose the
analysis in memory). Targets: nDCG@10 ≥ 0.97 overall and ≥ 0.90 per language.

Run from the repository root:  .venv/bin/python bench/search_engines.py
Options: --databases sqlite,postgres  --no-write
"""
import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import loadkit as kit  # noqa: E402
from loadkit import PYTHON, ROOT  # noqa: E402

SECTION = "## Search relevance (engines end to end)"
TARGET_OVERALL, TARGET_LANGUAGE = 0.97, 0.90
SYSTEMS = ("ours, demo synonyms", "ours, no synonyms", "Wagtail built-in")


def worker():
    import django

    django.setup()
    from django.test import Client

    from wagtail.models import Locale

    from home.models import ArticlePage
    from search.models import SynonymGroup
    from search_relevance import CORPUS, mean, metrics, read_jsonl

    client = Client(HTTP_HOST="127.0.0.1")
    queries = read_jsonl(CORPUS / "queries.jsonl")

    def ours(query):
        response = client.get("/api/v1/search", {"q": query["query"], "locale": query["locale"], "limit": 10}, secure=True)
        if response.status_code != 200:
            raise SystemExit(f"{query['qid']}: {response.status_code} {response.content[:200]!r}")
        return [r["key"] for r in response.json()["results"] if r["locale"] == query["locale"]]

    def wagtail(query):
        pages = ArticlePage.objects.live().filter(locale=Locale.objects.get(language_code=query["locale"]))
        # Wagtail's search cannot filter on alias_of: drop aliases from its answer.
        return [page.slug for page in pages.search(query["query"])[:30] if not page.alias_of_id][:10]

    def run(rank):
        rows, started = [], time.perf_counter()
        for query in queries:
            ranking = rank(query)
            rows.append({"qid": query["qid"], "locale": query["locale"], "metrics": metrics(ranking, query["relevant"]),
                         "top": ranking[:3]})
        return {"rows": rows, "ms_per_query": (time.perf_counter() - started) * 1000 / len(queries)}

    result = {SYSTEMS[0]: run(ours)}
    SynonymGroup.objects.all().delete()
    result[SYSTEMS[1]] = run(ours)
    result[SYSTEMS[2]] = run(wagtail)
    summary = {}
    for system, data in result.items():
        by_locale = {}
        for row in data["rows"]:
            by_locale.setdefault(row["locale"], []).append(row["metrics"])
        summary[system] = {
            "overall": [mean(m[i] for m in (r["metrics"] for r in data["rows"])) for i in range(3)],
            "by_locale": {code: [mean(m[i] for m in ms) for i in range(3)] for code, ms in by_locale.items()},
            "misses": [(r["qid"], round(r["metrics"][0], 2), r["top"]) for r in data["rows"] if r["metrics"][0] < 0.999],
            "ms_per_query": data["ms_per_query"],
        }
    print(json.dumps(summary, ensure_ascii=False))


def bench_database(kind):
    from search_relevance import CORPUS

    kit.prepare_database(kind)
    env = kit.base_env(kit.database_url(kind), SEARCH_RATE_PER_MINUTE="0", PYTHONPATH=f"{ROOT}:{ROOT / 'bench'}")
    kit.run([PYTHON, "manage.py", "import_pages", str(CORPUS / "docs.jsonl")], env=env)
    started = time.perf_counter()
    out = kit.run([PYTHON, "manage.py", "search_index", "rebuild"], env=env)
    rebuild = (time.perf_counter() - started, out.stdout.strip().splitlines()[-1])
    kit.run([PYTHON, "manage.py", "update_index"], env=env, timeout=900)
    out = kit.run([PYTHON, str(Path(__file__).resolve()), "--worker"], env=env, timeout=900)
    return json.loads(out.stdout.strip().splitlines()[-1]), rebuild


def section(results):
    lines = [
        SECTION, "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `.venv/bin/python bench/search_engines.py`.", "",
        f"- Machine: {kit.machine()}.", f"- Code: {kit.code_version()}.",
        "- Pages: the demo content and the 80 corpus pages (8 topics × 10 languages); 60 graded queries written "
        "as immigrants type them. Method in the docstring of `bench/search_engines.py`.", "",
    ]
    for name, (summary, rebuild) in results:
        lines += [f"### {name}", "", f"`search_index rebuild` of the real pages: {rebuild[0]:.1f} s wall time "
                  f"including Django start-up (`{rebuild[1]}`).", ""]
        codes = list(summary[SYSTEMS[0]]["by_locale"])
        lines.append("| System | " + " | ".join(codes) + " | overall nDCG@10 | recall@10 | MRR@10 | ms/query |")
        lines.append("| --- | " + " | ".join("---:" for _ in codes) + " | ---: | ---: | ---: | ---: |")
        for system in SYSTEMS:
            s = summary[system]
            cells = " | ".join(f"{s['by_locale'][c][0]:.3f}" for c in codes)
            o = s["overall"]
            lines.append(f"| {system} | {cells} | **{o[0]:.3f}** | {o[1]:.3f} | {o[2]:.3f} | {s['ms_per_query']:.1f} |")
        ours = summary[SYSTEMS[0]]
        worst = min(v[0] for v in ours["by_locale"].values())
        ok = ours["overall"][0] >= TARGET_OVERALL and worst >= TARGET_LANGUAGE
        lines += ["", f"Targets (ours, as shipped): overall {ours['overall'][0]:.3f} ≥ {TARGET_OVERALL}, lowest language "
                  f"{worst:.3f} ≥ {TARGET_LANGUAGE}: **{'pass' if ok else 'FAIL'}**. "
                  f"Ratio to Wagtail's built-in search: {ours['overall'][0] / max(summary[SYSTEMS[2]]['overall'][0], 1e-9):.1f}×.", ""]
        misses = ours["misses"]
        if misses:
            lines.append("Queries below a perfect score (ours, as shipped): " + "; ".join(
                f"{qid} {score} (top: {', '.join(top)})" for qid, score, top in misses) + ".")
            lines.append("")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker()
    rows = kit.per_database(args.databases, bench_database)
    kit.publish(SECTION, section(rows), not args.no_write and bool(rows))


if __name__ == "__main__":
    main()
