"""BM25 as the embedded engine ranks, and InMemoryIndex, the same ranking in pure Python.

The database engine (search/engines/database.py) and the relevance benchmark
(bench/search_relevance.py, through InMemoryIndex) must rank identically, so the
formula lives here, once. For the documents of one locale:

    tf(t, d)  = TITLE_WEIGHT * (occurrences of t in analyze(title))
                + (occurrences of t in analyze(body))
    dl(d)     = sum over t of tf(t, d)
              = TITLE_WEIGHT * len(analyze(title)) + len(analyze(body))
    N         = number of documents in the locale
    avgdl     = (sum of dl(d) over the locale's documents) / N
    df(t)     = number of the locale's documents with tf(t, d) > 0
    idf(t)    = ln(1 + (N - df(t) + 0.5) / (df(t) + 0.5))
    score(d)  = sum over t in Q of
                idf(t) * tf(t, d) * (K1 + 1) / (tf(t, d) + K1 * (1 - B + B * dl(d) / avgdl))

Q is the set of *distinct* terms of analyze_query(query, locale): a term
repeated in the query counts once (QUERY_TERM_REPEATS = False). Measured on the
dev corpus (bench/RESULTS.md, "Search relevance"), once and per occurrence rank
the same; once is kept because a word typed twice ("visa visa") should not
double its weight and it bounds the work. Terms with tf(t, d) = 0 add nothing; a
document none of whose terms is in Q is not a result. A word term of Q that
no document of the locale has may stand for a typo: search/typos.py adds the
known terms one edit away, each weighted TYPO_WEIGHT. Results are ordered by
score, highest first, ties by doc_id ascending (as strings).

analyze() and analyze_query() are search.analysis with the language's analyzer
(portal/languages.py, search_analyzer); the title and body are analysed with the
document's language, the query with the locale searched.
"""
import math
from collections import Counter, defaultdict

from search import typos
from search.analysis import analyze, analyze_query

K1 = 1.2
# Length normalisation. The indexed pages differ a lot in length: an article with
# steps, a documents checklist, contacts and FAQ is three times as long as a plain
# one, and mentions its subject's neighbours many times over ("health insurance"
# fifteen times in the page on care without insurance). With Lucene's default 0.75
# such long pages outranked the short page that is about the query; measured on the
# real pages (bench/RESULTS.md, "Search relevance"): 0.75 -> nDCG@10 0.965, 0.9 and
# 1.0 -> 0.977 with K1 anywhere in 1.2-2.0. 0.9: the lower end of that plateau.
B = 0.9
# A title term counts as this many body terms. Measured (bench/RESULTS.md) on the real
# pages with B = 0.9: 1 ranks worse (nDCG@10 0.965), 2, 3 and 4 the same overall
# (0.977). 3, not 2: a title is a page's own summary of what it is about, and at 2
# the richer Korean analysis (kiwi+bigrams, which matches inside compounds) only
# ties plain kiwi, while at 3 it is clearly better (0.915 against 0.854).
TITLE_WEIGHT = 3
QUERY_TERM_REPEATS = False  # False: a query term counts once however often the query repeats it


def idf(documents, document_frequency):
    """Inverse document frequency, never negative (the "+1" inside the log)."""
    return math.log(1 + (documents - document_frequency + 0.5) / (document_frequency + 0.5))


def term_score(tf, df, documents, dl, avgdl):
    """One query term's BM25 contribution to one document."""
    return idf(documents, df) * tf * (K1 + 1) / (tf + K1 * (1 - B + B * dl / avgdl))


def document_terms(title, body, language_code, title_weight=TITLE_WEIGHT, analyzer=None):
    """(Counter term -> weighted tf, dl) of a document: what the postings table stores."""
    tf = Counter()
    for term in analyze(title, language_code, analyzer):
        tf[term] += title_weight
    tf.update(analyze(body, language_code, analyzer))
    return tf, sum(tf.values())


def query_terms(text, language_code, repeats=QUERY_TERM_REPEATS, analyzer=None):
    """The terms Q a query looks up (distinct unless `repeats`), in query order."""
    terms = analyze_query(text, language_code, analyzer)
    return terms if repeats else list(dict.fromkeys(terms))


class InMemoryIndex:
    """Documents per locale in dicts, ranked with exactly the formula above.

    `analyzers` ({language code: analyzer name}), `title_weight` and
    `query_term_repeats` override the configured ones: the benchmark compares
    choices with them; the defaults are what the database engine does.
    """

    def __init__(self, analyzers=None, title_weight=TITLE_WEIGHT, query_term_repeats=QUERY_TERM_REPEATS):
        self.analyzers = analyzers or {}
        self.title_weight = title_weight
        self.query_term_repeats = query_term_repeats
        self._documents = defaultdict(dict)  # locale -> doc_id -> (tf Counter, dl)
        self._postings = defaultdict(lambda: defaultdict(dict))  # locale -> term -> {doc_id: tf}
        self._total_length = defaultdict(int)  # locale -> sum of dl

    def add(self, doc_id, locale, title, body, language_code=None):
        """Add or replace a document of a locale (language_code defaults to the locale)."""
        language_code = language_code or locale
        self.remove(doc_id, locale)
        tf, dl = document_terms(title, body, language_code, self.title_weight, self.analyzers.get(language_code))
        self._documents[locale][doc_id] = (tf, dl)
        self._total_length[locale] += dl
        for term, count in tf.items():
            self._postings[locale][term][doc_id] = count

    def remove(self, doc_id, locale):
        old = self._documents[locale].pop(doc_id, None)
        if old is None:
            return
        tf, dl = old
        self._total_length[locale] -= dl
        for term in tf:
            postings = self._postings[locale][term]
            del postings[doc_id]
            if not postings:
                del self._postings[locale][term]

    def search(self, query_text, locale, limit=10):
        """[(doc_id, score)] best first, at most `limit`."""
        documents = self._documents[locale]
        if not documents:
            return []
        avgdl = self._total_length[locale] / len(documents)
        scores = defaultdict(float)
        terms = query_terms(query_text, locale, self.query_term_repeats, self.analyzers.get(locale))
        weights = dict.fromkeys(terms, 1.0)
        unknown = [t for t in dict.fromkeys(terms) if t not in self._postings[locale] and typos.eligible(t, locale)]
        for term in unknown[: typos.MAX_WORDS]:
            prefix = typos.vocabulary_prefix(term)
            vocabulary = [known for known in self._postings[locale] if known.startswith(prefix)]
            for known in typos.corrections(term, vocabulary):
                weights[known] = max(weights.get(known, 0.0), typos.TYPO_WEIGHT)
        for term, weight in weights.items():
            postings = self._postings[locale].get(term)
            if not postings:
                continue
            for doc_id, tf in postings.items():
                scores[doc_id] += weight * term_score(tf, len(postings), len(documents), documents[doc_id][1], avgdl)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], str(item[0])))
        return ranked[:limit]

    def __len__(self):
        return sum(len(documents) for documents in self._documents.values())
