"""The named analyzers: for each script, which term producers its runs go through.

A language picks one by name (portal/languages.py, field search_analyzer); the
choice per language is measured by bench/search_relevance.py, whose candidates
are the rows below. The rows are in order of preference when scores tie: a
language's own analysis first, its Snowball stemmer (readers type word forms,
"зарплату" for "зарплата", that six test queries cannot all exercise) or its
dictionary segmenter (Thai: real words, not code-point n-grams that straddle
word boundaries and split vowels and tone marks from their consonant), then the
cheaper analyzers before the costlier (words, n-grams, combinations, then Kiwi,
which loads a model).

Scripts not named in a row use the row's default (words); Hangul and the
unspaced scripts default to character bigrams, and digit runs are always kept
whole, so "1345" and "1577" find the help lines in any language.
"""
from dataclasses import dataclass, field
from functools import partial

from . import producers as p

UNSPACED_SCRIPTS = ("cjk", "thai", "lao", "khmer", "myanmar", "tibetan")

# Snowball stemmers we measure, and the script of the language they stem.
STEMMERS = {"english": "latin", "indonesian": "latin", "russian": "cyrillic", "nepali": "devanagari"}
# Languages for which Snowball also publishes a stop list (stopwords.py).
STOP_LISTS = ("english", "russian")


@dataclass(frozen=True)
class Analyzer:
    name: str
    description: str
    scripts: dict = field(default_factory=dict)  # script group -> producers for its runs
    default: tuple = (p.words,)  # producers for scripts not in `scripts`

    def producers_for(self, script):
        return self.scripts.get(script, self.default)


def _analyzer(name, description, default=(p.words,), **scripts):
    """A row. Digits stay whole; Hangul and unspaced scripts get bigrams unless the row changes the default."""
    unspaced = {script: (p.bigrams,) for script in ("hangul", *UNSPACED_SCRIPTS)} if default == (p.words,) else {}
    return Analyzer(name, description, {"digits": (p.words,), **unspaced, **scripts}, default)


def _stems(language):
    script = STEMMERS[language]
    return _analyzer(f"stem-{language}", f"Snowball {language} stems of {script} words; words elsewhere",
                     **{script: (p.stemmer(language),)})


def _stems_without_stop_words(language):
    script = STEMMERS[language]
    return _analyzer(f"stem-{language}+stop", f"Snowball {language} stems of {script} words, Snowball stop words dropped",
                     **{script: (p.stemmer(language, stop_words=True),)})


def _stems_and_trigrams(language):
    script = STEMMERS[language]
    return _analyzer(f"stem-{language}+trigrams", f"Snowball {language} stems and trigrams of {script} words",
                     **{script: (p.stemmer(language), p.trigrams)})


_ROWS = [
    *(_stems(language) for language in STEMMERS),
    _analyzer("thai-words", "Thai dictionary words (newmm); words elsewhere", thai=(p.thai_words,)),
    _analyzer("thai-words+bigrams", "Thai dictionary words (newmm) and character bigrams", thai=(p.thai_words, p.bigrams)),
    _analyzer("words", "words in spaced scripts; bigrams in Hangul and unspaced scripts"),
    _analyzer("bigrams", "character bigrams in every script (the reference)", default=(p.bigrams,)),
    _analyzer("trigrams", "character trigrams in every script", default=(p.trigrams,)),
    _analyzer("words+trigrams", "words and their trigrams in spaced scripts", default=(p.words, p.trigrams),
              **{script: (p.bigrams,) for script in ("hangul", *UNSPACED_SCRIPTS)}),
    *(_stems_without_stop_words(language) for language in STOP_LISTS),
    *(_stems_and_trigrams(language) for language in STEMMERS),
    _analyzer("words+pairs", "Latin words and adjacent word pairs (Vietnamese syllables)",
              latin=(p.words, p.word_pairs)),
    _analyzer("bigrams+unigrams", "words; CJK bigrams and single characters (abbreviations, one-character queries)",
              cjk=(p.bigrams, p.unigrams)),
    _analyzer("kiwi", "Korean content morphemes (Kiwi), light verbs dropped; words elsewhere",
              hangul=(p.korean_morphemes,)),
    _analyzer("kiwi+bigrams", "Korean content morphemes and their bigrams, light verbs dropped",
              hangul=(partial(p.korean_morphemes, bigrams=True),)),
    _analyzer("kiwi+bigrams+light-verbs", "as kiwi+bigrams, keeping the light verbs 하, 되, 있, 없, 않",
              hangul=(partial(p.korean_morphemes, bigrams=True, keep_light_verbs=True),)),
]

ANALYZERS = {row.name: row for row in _ROWS}
DEFAULT_ANALYZER = "words"
