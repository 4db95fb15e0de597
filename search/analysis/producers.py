"""Term producers: each turns the runs of one script into terms.

A producer takes the list of runs (already normalised, in text order) and
returns terms. Each kind of term has its own prefix, its namespace, so an
analyzer can combine kinds ("w:" words or stems, "g:" bigrams, "u:" single
characters, "t:" trigrams, "p:" word pairs, "m:" Korean morphemes) and every
kind of match counts without a word colliding with an n-gram.

Only word pairs use the order of the runs (a pair may join words across
punctuation: rare, harmless noise); BM25 itself sees a bag of terms.
"""
from functools import lru_cache

WORD, BIGRAM, UNIGRAM, TRIGRAM, PAIR, MORPHEME = "w:", "g:", "u:", "t:", "p:", "m:"


def words(runs):
    """Each run as one term: for scripts that put spaces between words, and for numbers."""
    return [WORD + run for run in runs]


def _ngrams(run, n):
    if len(run) <= n:
        return [run]  # a short run is its own n-gram, so one-character words still match
    return [run[i:i + n] for i in range(len(run) - n + 1)]


def bigrams(runs):
    """Overlapping character bigrams: the classic analysis of unspaced scripts (CJK, Thai, Khmer)."""
    return [BIGRAM + gram for run in runs for gram in _ngrams(run, 2)]


def unigrams(runs):
    """Single characters: Chinese abbreviations keep the characters of the full word (医保 ~ 医疗保险)."""
    return [UNIGRAM + char for run in runs for char in run]


def trigrams(runs):
    """Overlapping character trigrams: tolerate small typos and unknown inflections."""
    return [TRIGRAM + gram for run in runs for gram in _ngrams(run, 3)]


def word_pairs(runs):
    """Adjacent words joined ("dang_ky"): Vietnamese words are mostly two syllables."""
    return [f"{PAIR}{a}_{b}" for a, b in zip(runs, runs[1:])]


@lru_cache(maxsize=None)
def _stemmer(language):
    import snowballstemmer

    stem_word = snowballstemmer.stemmer(language).stemWord
    # Stemming is pure Python; vocabulary is Zipfian, so a cache makes indexing fast.
    return lru_cache(maxsize=200_000)(stem_word)


def stemmer(language, stop_words=False):
    """A producer giving the Snowball stem of each run, in the word namespace.

    With `stop_words`, the words of the Snowball stop list of the language
    (stopwords.py) are dropped first.
    """
    from .stopwords import STOP_WORDS

    stop = STOP_WORDS[language] if stop_words else frozenset()

    def stems(runs):
        stem = _stemmer(language)
        return [WORD + stem(run) for run in runs if run not in stop]

    return stems


# NFKC (text.py) splits Thai SARA AM into NIKHAHIT + SARA AA; dictionaries spell it as one character.
_THAI_SARA_AM = ("\u0e4d\u0e32", "\u0e33")


@lru_cache(maxsize=None)
def _thai_segment():
    from newmm_tokenizer.newmm import segment  # loads the 62,000-word dictionary on first use

    return lru_cache(maxsize=100_000)(lambda run: tuple(segment(run)))


def thai_words(runs):
    """Thai words by dictionary maximal matching (newmm, PyThaiNLP's default segmenter).

    Thai writes no spaces between words; newmm cuts a run at the boundaries of
    Thai Character Clusters (a consonant with its vowels and tone marks, which
    are never split) into the fewest dictionary words, as ICU's and Lucene's
    Thai tokenizers do with their dictionaries. Words are in the word namespace.
    """
    segment = _thai_segment()
    terms = []
    for run in runs:
        for word in segment(run.replace(*_THAI_SARA_AM)):
            word = word.strip()
            if word:
                terms.append(WORD + word.replace(_THAI_SARA_AM[1], _THAI_SARA_AM[0]))
    return terms


def korean_morphemes(runs, bigrams=False, keep_light_verbs=False):
    """Korean content morphemes (korean.py); with `bigrams`, also the bigrams of each morpheme.

    Morpheme bigrams match parts of compounds Kiwi keeps whole (등록증 ~ 등록)
    without the noise of bigrams over particles and endings ("까지", "해야").
    """
    from .korean import morphemes  # loads the model on first use only

    found = morphemes(runs, keep_light_verbs)
    terms = [MORPHEME + morpheme for morpheme in found]
    if bigrams:
        terms += [BIGRAM + gram for morpheme in found for gram in _ngrams(morpheme, 2)]
    return terms
