#!/usr/bin/env python3
"""Search relevance benchmark: which text analysis each language's search should use.

--analysis (default): the pages of ../shared/search-corpus/dev/docs.jsonl and
the demo content (home/demo/articles-*.jsonl, more pages to rank against) are
indexed per locale in search.scoring.InMemoryIndex: exactly the BM25 of the
embedded engine, without a database, over exactly the text it indexes. Each
line becomes the page `import_pages` would make (home.importer.body_blocks:
body, steps, documents, FAQ and contact as StreamField blocks), and its
indexed body is home.search.page_text(intro, body), the function the page
search source gives the engine; title = title. The 60 graded queries of queries.jsonl run in their locale, and
nDCG@10 (gain 2^grade - 1, log2 discount), recall@10 and MRR@10 are reported
per language and overall:

* for every candidate analyzer of every language (GENERIC and SPECIFIC below):
  the best by nDCG@10 is the language's choice; within TIE of the best, the
  one earlier in search/analysis/analyzers.py wins (the language's stemmer,
  then the cheaper analyzers). Languages without queries
  (uz, fil, si, ur) get the language-independent analyzer that scored best on
  the measured languages of the nearest kind of script (NEAREST below);
* for the configuration in portal/languages.py (search_analyzer), with the
  title weight and the counting of repeated query terms of search/scoring.py,
  plus the alternatives to those two constants, and every query it misses;
* Kiwi's (the Korean analyser's) load time and memory, in a fresh process.

The analysis is fixed per language, never per query: no synonyms, no query
rules. bench/search_engines.py measures the real engines end to end.

Writes (or replaces) the section "## Search relevance (analysis)" of
bench/RESULTS.md. Run from the repository root:
    .venv/bin/python bench/search_relevance.py [--no-write]
"""
import argparse
import datetime as dt
import functools
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import loadkit as kit  # noqa: E402  (machine description, RESULTS.md location)
from loadkit import ROOT, log  # noqa: E402

sys.path.insert(0, str(ROOT))
from portal import languages  # noqa: E402
from search.analysis import ANALYZERS, analyze  # noqa: E402
from search import scoring  # noqa: E402
from search.scoring import QUERY_TERM_REPEATS, TITLE_WEIGHT, InMemoryIndex  # noqa: E402

SECTION = "## Search relevance (analysis)"
CORPUS = Path(os.environ.get("SEARCH_CORPUS", ROOT.parent / "shared" / "search-corpus" / "dev"))
DEMO = sorted((ROOT / "home" / "demo").glob("articles-*.jsonl"))
CUTOFF = 10
TIE = 0.005  # nDCG differences below this are noise on six queries: take the preferred analyzer
TARGET_OVERALL, TARGET_LANGUAGE = 0.97, 0.90

# Language-independent candidates, measured for every language.
GENERIC = ("words", "bigrams", "trigrams", "words+trigrams")
# Candidates that only make sense for some languages.
SPECIFIC = {
    "ko": ("kiwi", "kiwi+bigrams", "kiwi+bigrams+light-verbs"),
    "en": ("stem-english", "stem-english+stop", "stem-english+trigrams"),
    "vi": ("words+pairs",),
    "zh-hans": ("bigrams+unigrams",),
    "ja": ("bigrams+unigrams",),
    "ne": ("stem-nepali", "stem-nepali+trigrams"),
    "id": ("stem-indonesian", "stem-indonesian+trigrams"),
    "ru": ("stem-russian", "stem-russian+stop", "stem-russian+trigrams"),
    "th": ("thai-words", "thai-words+bigrams"),
}
# Languages without queries -> measured languages whose script works the same way.
NEAREST = {
    "uz": ("en", "id", "vi"),  # Latin, spaced (no Snowball stemmer for Uzbek)
    "fil": ("en", "id", "vi"),  # Latin, spaced (no Snowball stemmer for Filipino)
    "si": ("ne",),  # Brahmic abugida, spaced (no Snowball stemmer for Sinhala)
    "ur": ("ne", "ru"),  # spaced, non-Latin (Snowball's Arabic stemmer is not for Urdu)
}


# --- corpus and metrics ----------------------------------------------------------------

def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@functools.lru_cache(maxsize=None)
def _page_building():
    """(body_blocks, the article body's StreamBlock, page_text), Django set up without a database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    django.setup()
    from home.importer import body_blocks
    from home.models import ArticlePage
    from home.search import page_text

    return body_blocks, ArticlePage._meta.get_field("body").stream_block, page_text


def indexed_body(line):
    """The body text the engine indexes for the page `import_pages` makes of a line.

    The importer's StreamField data (home.importer.body_blocks) through the
    article's StreamBlock, then home.search.page_text: no database needed.
    """
    body_blocks, stream_block, page_text = _page_building()
    return page_text(line["intro"], stream_block.to_python(body_blocks(line)))


def load_corpus():
    pages = read_jsonl(CORPUS / "docs.jsonl") + [page for path in DEMO for page in read_jsonl(path)]
    keys = [(page["locale"], page["key"]) for page in pages]
    if len(keys) != len(set(keys)):
        raise SystemExit("a (locale, key) appears twice in the corpus")
    for page in pages:
        page["indexed_body"] = indexed_body(page)
    return pages, read_jsonl(CORPUS / "queries.jsonl")


def metrics(ranking, relevant):
    """(nDCG@10, recall@10, MRR@10) of a ranked list of keys against {key: grade}."""
    top = ranking[:CUTOFF]
    dcg = sum((2 ** relevant.get(key, 0) - 1) / math.log2(rank + 2) for rank, key in enumerate(top))
    ideal = sorted(relevant.values(), reverse=True)[:CUTOFF]
    idcg = sum((2 ** grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(ideal))
    found = [rank for rank, key in enumerate(top) if relevant.get(key, 0) > 0]
    recall = len(found) / sum(1 for grade in relevant.values() if grade > 0)
    return dcg / idcg, recall, (1 / (found[0] + 1) if found else 0.0)


def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else float("nan")


def evaluate(pages, queries, locale, analyzer, title_weight=TITLE_WEIGHT, repeats=QUERY_TERM_REPEATS):
    """[(query, ranking of keys, (nDCG, recall, MRR))] for one locale with one analyzer."""
    index = InMemoryIndex({locale: analyzer}, title_weight, repeats)
    for page in pages:
        if page["locale"] == locale:
            index.add(page["key"], locale, page["title"], page["indexed_body"])
    results = []
    for query in queries:
        if query["locale"] == locale:
            ranking = [key for key, _ in index.search(query["query"], locale, limit=CUTOFF)]
            results.append((query, ranking, metrics(ranking, query["relevant"])))
    return results


def summary(results):
    return tuple(mean(r[2][i] for r in results) for i in range(3))


# --- choices ---------------------------------------------------------------------------

def measure_candidates(pages, queries):
    """{locale: {analyzer: (nDCG, recall, MRR)}} for every measured language."""
    table = {}
    for locale in sorted({q["locale"] for q in queries}, key=languages.CODES.index):
        table[locale] = {name: summary(evaluate(pages, queries, locale, name))
                         for name in GENERIC + SPECIFIC.get(locale, ())}
        log(f"  {locale}: " + ", ".join(f"{name} {s[0]:.3f}" for name, s in table[locale].items()))
    return table


def preferred_best(scores):
    """The earliest analyzer (in ANALYZERS order) within TIE of the best nDCG."""
    best = max(s[0] for s in scores.values())
    return next(name for name in ANALYZERS if name in scores and scores[name][0] >= best - TIE)


def choices(table):
    """{code: (analyzer, why)} for every configured language."""
    chosen = {locale: (preferred_best(scores), "measured") for locale, scores in table.items()}
    for code, nearest in NEAREST.items():
        generic = {name: (mean(table[n][name][0] for n in nearest),) for name in GENERIC}
        chosen[code] = (preferred_best(generic), f"not measured: best language-independent analyzer on "
                                                 f"{', '.join(nearest)}")
    return chosen


# --- Kiwi --------------------------------------------------------------------------------

KIWI_PROBE = """
import json, re, sys, time
def rss():
    return int(re.search(r"VmRSS:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) / 1024
before = rss()
from search.analysis import korean
korean.kiwi()
after = rss()
texts = json.load(sys.stdin)
started = time.perf_counter()
for text in texts:
    korean.morphemes([text])
print(json.dumps({"load_s": korean.load_seconds, "rss_mb": after - before, "total_rss_mb": after,
                  "chars": sum(map(len, texts)), "analyse_s": time.perf_counter() - started}))
"""


def measure_kiwi(pages):
    texts = [p["title"] + "\n" + p["indexed_body"] for p in pages if p["locale"] == "ko"]
    out = subprocess.run([sys.executable, "-c", KIWI_PROBE], input=json.dumps(texts), cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    if out.returncode:
        return {"error": out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "failed"}
    return json.loads(out.stdout)


# --- report ------------------------------------------------------------------------------

def fmt(value):
    return f"{value:.3f}"


def render(pages, queries, table, chosen, configured, sweeps, kiwi, code):
    measured = list(table)
    lines = [
        SECTION, "",
        f"Measured {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC by "
        f"`.venv/bin/python bench/search_relevance.py`.", "",
        f"- Machine: {kit.machine()}.",
        f"- Code: {code}.",
        f"- Corpus: {len(pages)} pages ({CORPUS.name}/docs.jsonl and "
        f"{', '.join(p.name for p in DEMO)}), {len(queries)} graded queries in {len(measured)} languages "
        f"(../shared/search-corpus/{CORPUS.name}/queries.jsonl).",
        f"- Ranking: `search.scoring.InMemoryIndex`, BM25 exactly as the embedded engine "
        f"(K1 = {scoring.K1}, B = {scoring.B}, title weight {TITLE_WEIGHT}, repeated query terms counted "
        f"{'per occurrence' if QUERY_TERM_REPEATS else 'once'}), each locale's pages ranked on their own; "
        f"title = title, body = what the engine indexes of the imported page (`home.search.page_text`: intro, "
        f"body, steps, documents, FAQ, contact).",
        f"- Metrics at {CUTOFF}: nDCG (gain 2^grade − 1, log2 discount), recall, MRR. Within {TIE} nDCG of the "
        f"best, the analyzer earlier in `search/analysis/analyzers.py` is chosen: the language's Snowball stemmer (word "
        f"forms must match, more than six queries exercise), then the cheaper before the costlier.", "",
        "### nDCG@10 of each candidate analyzer", "",
        "Bold: the choice (the best; within the tie margin, the earliest row). — : not a candidate for that language.", "",
    ]
    names = [name for name in ANALYZERS if any(name in scores for scores in table.values())]
    lines += ["| Analyzer | " + " | ".join(measured) + " |", "| --- |" + " ---: |" * len(measured)]
    for name in names:
        cells = []
        for locale in measured:
            score = table[locale].get(name)
            text = "—" if score is None else fmt(score[0])
            cells.append(f"**{text}**" if chosen[locale][0] == name else text)
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    lines += ["", "Analyzers: " + "; ".join(f"`{name}`: {ANALYZERS[name].description}" for name in names) + ".", ""]

    lines += ["### The configuration in `portal/languages.py`", "",
              "| Language | Analyzer | Chosen by | nDCG@10 | recall@10 | MRR@10 | Result |",
              "| --- | --- | --- | ---: | ---: | ---: | --- |"]
    passed = True
    for code_, (name, why) in chosen.items():
        mismatch = "" if configured[code_] == name else f" (**configured: `{configured[code_]}`**)"
        if code_ in sweeps["by_locale"]:
            s = sweeps["by_locale"][code_]
            ok = s[0] >= TARGET_LANGUAGE
            passed &= ok
            lines.append(f"| {code_} | `{name}`{mismatch} | {why} | {fmt(s[0])} | {fmt(s[1])} | {fmt(s[2])} | "
                         f"{'pass' if ok else '**FAIL**'} (≥ {TARGET_LANGUAGE}) |")
        else:
            lines.append(f"| {code_} | `{name}`{mismatch} | {why} | | | | |")
    overall = sweeps["overall"]
    ok = overall[0] >= TARGET_OVERALL
    passed &= ok
    lines += [f"| **all** | | | **{fmt(overall[0])}** | **{fmt(overall[1])}** | **{fmt(overall[2])}** | "
              f"{'pass' if ok else '**FAIL**'} (≥ {TARGET_OVERALL}) |", ""]

    lines += ["Alternatives to the constants of `search/scoring.py` (the configured analyzers, overall nDCG@10 / "
              "recall@10 / MRR@10):", "",
              f"- title weight {TITLE_WEIGHT}, repeated query terms {'per occurrence' if QUERY_TERM_REPEATS else 'once'}"
              f" (configured): {fmt(overall[0])} / {fmt(overall[1])} / {fmt(overall[2])}"]
    for label, s in sweeps["alternatives"]:
        lines.append(f"- {label}: {fmt(s[0])} / {fmt(s[1])} / {fmt(s[2])}")
    lines += ["", "Queries the configuration does not answer perfectly (nDCG@10 < 1): rank of each relevant page "
              "(— : not in the top 10) and the top 3.", ""]
    misses = [r for r in sweeps["results"] if r[2][0] < 1 - 1e-9]
    for query, ranking, (ndcg, _, _) in misses:
        ranks = ", ".join(f"{key} (grade {grade}): {ranking.index(key) + 1 if key in ranking else '—'}"
                          for key, grade in query["relevant"].items())
        lines.append(f"- `{query['qid']}` “{query['query']}” nDCG {fmt(ndcg)}; {ranks}; top 3: "
                     f"{', '.join(ranking[:3])}")
    if not misses:
        lines.append("- none")
    lines += ["", "Korean morphological analyser (kiwipiepy, model from kiwipiepy_model), in a fresh process: "]
    if "error" in kiwi:
        lines[-1] += f"failed: {kiwi['error']}."
    else:
        lines[-1] += (f"loads in {kiwi['load_s']:.1f} s and adds {kiwi['rss_mb']:.0f} MB resident memory "
                      f"({kiwi['total_rss_mb']:.0f} MB in all); analyses {kiwi['chars'] / kiwi['analyse_s']:,.0f} "
                      f"characters/s of the Korean pages after loading. Loaded lazily, once per process.")
    lines += ["", f"Analysis speed of the configured analyzers (all {len(pages)} pages, {sweeps['chars']:,} "
                  f"characters): {sweeps['chars'] / sweeps['analyse_s']:,.0f} characters/s, "
                  f"{sweeps['terms'] / len(pages):,.0f} terms per page on average.", ""]
    return "\n".join(lines), passed


def configured_run(pages, queries, configured, title_weight=TITLE_WEIGHT, repeats=QUERY_TERM_REPEATS):
    results, by_locale = [], {}
    for locale in sorted({q["locale"] for q in queries}, key=languages.CODES.index):
        mine = evaluate(pages, queries, locale, configured[locale], title_weight, repeats)
        results += mine
        by_locale[locale] = summary(mine)
    return results, by_locale, summary(results)


def bench_analysis(args):
    pages, queries = load_corpus()
    code = kit.code_version()
    log(f"{len(pages)} pages, {len(queries)} queries; candidates:")
    table = measure_candidates(pages, queries)
    chosen = choices(table)
    configured = {language.code: language.search_analyzer for language in languages.LANGUAGES}
    results, by_locale, overall = configured_run(pages, queries, configured)
    alternatives = []
    for weight in (1, 2, 3, 4):
        for repeats in (False, True):
            if (weight, repeats) != (TITLE_WEIGHT, QUERY_TERM_REPEATS):
                label = f"title weight {weight}, repeated query terms {'per occurrence' if repeats else 'once'}"
                alternatives.append((label, configured_run(pages, queries, configured, weight, repeats)[2]))
    configured_k1, configured_b = scoring.K1, scoring.B
    try:
        for k1, b in ((1.2, 0.75), (1.2, 1.0), (1.5, configured_b), (2.0, configured_b)):
            if (k1, b) != (configured_k1, configured_b):
                scoring.K1, scoring.B = k1, b  # scoring.term_score reads them at call time
                alternatives.append((f"K1 = {k1}, B = {b}", configured_run(pages, queries, configured)[2]))
    finally:
        scoring.K1, scoring.B = configured_k1, configured_b
    started = time.perf_counter()
    terms = sum(len(analyze(p["title"] + "\n" + p["indexed_body"], p["locale"])) for p in pages)
    sweeps = {"results": results, "by_locale": by_locale, "overall": overall, "alternatives": alternatives,
              "analyse_s": time.perf_counter() - started, "terms": terms,
              "chars": sum(len(p["title"]) + len(p["indexed_body"]) + 1 for p in pages)}
    log("measuring Kiwi's load time and memory in a fresh process")
    kiwi = measure_kiwi(pages)
    text, passed = render(pages, queries, table, chosen, configured, sweeps, kiwi, code)
    print()
    print(text)
    if not args.no_write:
        kit.write_section(SECTION, text)
        log(f"wrote {kit.RESULTS.relative_to(ROOT)}")
    mismatched = [code_ for code_, (name, _) in chosen.items() if configured[code_] != name]
    if mismatched:
        log(f"portal/languages.py differs from the measured choice for: {', '.join(mismatched)}")
    log("all targets met" if passed else "some targets missed")
    return 0 if passed and not mismatched else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-write", action="store_true", help="print the section, leave RESULTS.md alone")
    args = parser.parse_args()
    return bench_analysis(args)


if __name__ == "__main__":
    sys.exit(main())
