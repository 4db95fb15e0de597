"""Text analysis for the embedded search engine: text -> terms, per language.

    analyze("외국인등록은 HiKorea에서", "ko")       terms to index (with repeats)
    analyze_query("외국인 등록", "ko")               terms to look up

Both normalise (text.py), cut the text into script runs, and pass each run
through the producers that the language's analyzer names for that script
(analyzers.py; the language's analyzer is `search_analyzer` in
portal/languages.py, chosen by bench/search_relevance.py). A term is a plain
string without spaces, prefixed by its kind ("w:", "g:", ...), at most
MAX_TERM_LENGTH characters.
"""
from collections import defaultdict

from portal.languages import get as get_language

from .analyzers import ANALYZERS, DEFAULT_ANALYZER, Analyzer
from .text import normalize, script_runs

__all__ = ["ANALYZERS", "Analyzer", "analyze", "analyze_query", "analyzer_for", "normalize", "script_runs"]

MAX_TERM_LENGTH = 64  # longer words are cut: same cut at index and query time, so they still match
MAX_QUERY_TERMS = 256  # distinct terms a query may look up: bounds the work of a pathological query


def analyzer_for(language_code, analyzer=None):
    """The Analyzer for a language (or the one named by `analyzer`, for the benchmark)."""
    if analyzer is None:
        language = get_language(language_code)
        analyzer = language.search_analyzer if language else DEFAULT_ANALYZER
    return analyzer if isinstance(analyzer, Analyzer) else ANALYZERS[analyzer]


def analyze(text, language_code, analyzer=None):
    """Terms to index for a text in a language, with repeats (term frequency counts)."""
    analyzer = analyzer_for(language_code, analyzer)
    runs_by_script = defaultdict(list)
    for script, run in script_runs(text or ""):
        runs_by_script[script].append(run)
    terms = []
    for script, runs in runs_by_script.items():
        for produce in analyzer.producers_for(script):
            terms.extend(term[:MAX_TERM_LENGTH] for term in produce(runs))
    return terms


def analyze_query(text, language_code, analyzer=None):
    """Terms to look up for a query: the terms analyze gives the same text.

    Queries and pages go through the same analysis: the one index-only
    expansion measured (CJK single characters indexed but not looked up) did
    no better than bigrams alone, while looking them up too fixed abbreviations
    (医保 ~ 医疗保险). Repeats are kept (the scorer decides what they mean); at
    most MAX_QUERY_TERMS distinct terms, the first ones.
    """
    terms, seen = [], set()
    for term in analyze(text, language_code, analyzer):
        if term not in seen:
            if len(seen) == MAX_QUERY_TERMS:
                break
            seen.add(term)
        terms.append(term)
    return terms
