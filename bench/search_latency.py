"""Search API latency on the embedded engine with 10,000 pages in 14 languages.

For SQLite and then PostgreSQL: a fresh database (`migrate`), 10,000 generated
documents (714 or 715 per language, each 6 to 20 sentences drawn at random, with a
fixed seed, from the demo articles and the search corpus of its language, so the
vocabulary and term statistics are those of real pages), the index built with
the engine's rebuild (timed), then every query of the search corpus and 20
queries per language drawn from the generated text sent to GET /api/v1/search
through Django's full request stack in-process (middleware, view, engine,
JSON), three rounds after one warm-up round; p50/p95/p99 per database. Target:
p95 ≤ 50 ms. HTTP parsing by gunicorn is not included (about 1 ms; see the page
load section).

Run from the repository root:  .venv/bin/python bench/search_latency.py
Options: --databases sqlite,postgres  --documents 10000  --no-write
"""
import argparse
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import loadkit as kit  # noqa: E402
from loadkit import PYTHON, ROOT, log  # noqa: E402

SECTION = "## Search latency (embedded engine)"
CORPUS = Path("/work/shared/search-corpus/dev") if Path("/work/shared/search-corpus/dev").exists() else ROOT.parent / "shared" / "search-corpus" / "dev"
TARGET_P95_MS = 50.0
SENTENCE_END = re.compile(r"(?<=[.!?。！？।។])\s*|\n+")


def source_pages():
    files = sorted((ROOT / "home" / "demo").glob("articles-*.jsonl")) + [CORPUS / "docs.jsonl"]
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            yield json.loads(line)


def generate(count, seed=20261130):
    """count SearchDocuments spread evenly over the portal's languages."""
    from portal import languages
    from search.documents import SearchDocument

    rng = random.Random(seed)
    sentences, titles = {}, {}
    for page in source_pages():
        text = f"{page['intro']}\n{page['body']}"
        sentences.setdefault(page["locale"], []).extend(s.strip() for s in SENTENCE_END.split(text) if len(s.strip()) > 8)
        titles.setdefault(page["locale"], []).append(page["title"])
    documents = []
    for number in range(count):
        code = languages.CODES[number % len(languages.CODES)]
        body = " ".join(rng.choice(sentences[code]) for _ in range(rng.randint(6, 20)))
        documents.append(SearchDocument(
            type="page", id=str(number), key=f"generated-{number}", locale=code,
            title=f"{rng.choice(titles[code])} {number}", body=body, url=f"/{code}/generated-{number}/",
        ))
    return documents


def queries(documents, per_language=20, seed=7):
    rng = random.Random(seed)
    result = [(q["locale"], q["query"]) for q in map(json.loads, (CORPUS / "queries.jsonl").read_text().splitlines())]
    by_locale = {}
    for document in documents:
        by_locale.setdefault(document.locale, []).append(document)
    for code, docs in by_locale.items():
        for _ in range(per_language):
            words = rng.choice(docs).body.split()
            start = rng.randrange(max(1, len(words) - 3))
            text = " ".join(words[start:start + rng.randint(1, 3)])[:100]
            if any(c.isalnum() for c in text):  # a lone dash is a 400, not a search
                result.append((code, text))
    return result


def worker(count):
    """Runs inside a process whose environment names the database; prints one JSON line."""
    import django

    django.setup()
    from django.test import Client

    from search import engines

    documents = generate(count)
    started = time.perf_counter()
    engines.embedded().rebuild(documents)
    build_s = time.perf_counter() - started
    client = Client(HTTP_HOST="127.0.0.1")
    todo = queries(documents)
    timings, found = [], 0
    for round_number in range(4):
        for code, text in todo:
            started = time.perf_counter()
            response = client.get("/api/v1/search", {"q": text, "locale": code}, secure=True)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{text!r} ({code}) answered {response.status_code}: {response.content[:300]!r}")
            if round_number:
                timings.append(elapsed)
            elif response.json()["results"]:
                found += 1
    timings.sort()
    pick = lambda share: timings[min(len(timings) - 1, int(share * len(timings)))]  # noqa: E731
    print(json.dumps({
        "documents": len(documents), "build_s": build_s, "queries": len(todo), "requests": len(timings),
        "found": found, "p50": statistics.median(timings), "p95": pick(0.95), "p99": pick(0.99), "max": timings[-1],
    }))


def bench_database(kind, count):
    kit.prepare_database(kind, demo=False)
    env = kit.base_env(kit.database_url(kind), SEARCH_RATE_PER_MINUTE="0", PYTHONPATH=str(ROOT))
    log(f"[{kind}] generating {count} documents, building the index, querying")
    out = kit.run([PYTHON, str(Path(__file__).resolve()), "--worker", "--documents", str(count)], env=env, timeout=1800)
    return json.loads(out.stdout.strip().splitlines()[-1])


def section(rows):
    lines = [
        SECTION, "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `.venv/bin/python bench/search_latency.py`.", "",
        f"- Machine: {kit.machine()}.",
        f"- Code: {kit.code_version()}.",
        "- Method: see the docstring of `bench/search_latency.py` (generated documents from real sentences, "
        "in-process requests through the full Django stack, production settings, rate limit off).", "",
        "| Database | Documents | Index build s | Queries | Timed requests | Queries with results | p50 ms | p95 ms | p99 ms | max ms | p95 ≤ 50 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, r in rows:
        verdict = "**pass**" if r["p95"] <= TARGET_P95_MS else "**FAIL**"
        lines.append(f"| {name} | {r['documents']:,} | {r['build_s']:.1f} | {r['queries']} | {r['requests']:,} | "
                     f"{r['found']} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | {r['max']:.1f} | {verdict} |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args.documents)
    rows = kit.per_database(args.databases, lambda kind: bench_database(kind, args.documents))
    kit.publish(SECTION, section(rows), not args.no_write and bool(rows))


if __name__ == "__main__":
    main()
