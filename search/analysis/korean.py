"""Korean morphemes from Kiwi (kiwipiepy, model shipped as the kiwipiepy_model package).

Korean glues particles and endings to words ("병원에서" = 병원 + 에서, "버려야" =
버리 + 어야); Kiwi splits them off and gives verb stems, so "병원에서" matches
"병원" and "버리는" matches "버려야". Only content morphemes become terms: nouns,
numerals, verb and adjective stems, roots, foreign words; particles, endings,
affixes and dependent nouns are what make forms differ, so they are dropped,
and so are the light verbs (LIGHT_VERBS): the Korean "do, become, be, not",
which carry tense and negation in nearly every sentence ("신청해야 합니다",
"할 수 있습니다") and tell no page from another, like English stop words.
Measured: without this list Korean nDCG@10 drops (bench/RESULTS.md).

The model takes about a second to load and ~300 MB of memory (figures in
bench/RESULTS.md), so it is loaded lazily, once per process, on first use;
without the multi-word proper-noun dictionary (WikiData titles: +180 MB, no
gain measured) and single-threaded (gunicorn workers are processes).
"""
import threading
import time
import warnings

# Kiwi's tags (Sejong tag set) whose morphemes are worth searching.
CONTENT_TAGS = frozenset({"NNG", "NNP", "NR", "VV", "VA", "XR", "SL", "SH", "SN"})
# 하다 do, 되다 become, 있다 be / have, 없다 not be / not have, 않다 not (stems).
LIGHT_VERBS = frozenset({"하", "되", "있", "없", "않"})

_kiwi = None
_lock = threading.Lock()
load_seconds = None  # how long loading took, for the benchmark report


def kiwi():
    """The process's Kiwi instance, loaded on first call."""
    global _kiwi, load_seconds
    if _kiwi is None:
        with _lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                started = time.perf_counter()
                with warnings.catch_warnings():  # num_workers=0 warns that its meaning changed in 0.21
                    warnings.simplefilter("ignore", DeprecationWarning)
                    model = Kiwi(num_workers=0, load_multi_dict=False)
                model.tokenize("")  # Kiwi finishes loading on first use: do it now, inside the timing
                load_seconds = time.perf_counter() - started
                _kiwi = model
    return _kiwi


def morphemes(runs, keep_light_verbs=False):
    """Content morphemes of Hangul runs, in order, with repeats."""
    if not runs:
        return []
    tokens = kiwi().tokenize(" ".join(runs))
    return [token.form for token in tokens if token.tag.split("-")[0] in CONTENT_TAGS
            and (keep_light_verbs or token.form not in LIGHT_VERBS)]
