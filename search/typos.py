"""Small typos in alphabetic scripts: "hosptial", "insurence", "зарплта".

A query word that no page of the locale contains is compared with the
locale's known word terms that start with the same letter; those one edit
away (a letter missing, added, changed, or two swapped) count instead, at
TYPO_WEIGHT. Known words are stems, shorter than the words typed
("hospit" for "hospital"), so a stem also matches the start of the typed word.

Only for scripts spelled letter by letter: one edit in a Hangul, Han, Thai or
Khmer term is another word. Both engines' embedded ranking (the database
engine and InMemoryIndex) use this, so they still rank alike.
"""
from portal import languages

TYPO_WEIGHT = 0.7
MIN_LENGTH = 4  # shorter words have too many neighbours one edit away
MAX_WORDS = 3  # unknown words looked at per query: bounds the work
MAX_CORRECTIONS = 3  # known words kept per unknown word
# A stem may be this much shorter than the typed word; more, and a typed word
# that is simply absent ("медстраховка") latches onto any stem it starts with.
MAX_SUFFIX = 2
ALPHABETIC_SCRIPTS = {"Latn", "Cyrl"}
WORD_PREFIX = "w:"


def eligible(term, locale):
    language = languages.get(locale)
    word = term[len(WORD_PREFIX):]
    return (
        language is not None
        and language.script in ALPHABETIC_SCRIPTS
        and term.startswith(WORD_PREFIX)
        and len(word) >= MIN_LENGTH
        and word.isalpha()
    )


def vocabulary_prefix(term):
    """Known terms worth comparing start with this (the word namespace and first letter)."""
    return term[: len(WORD_PREFIX) + 1]


def _distance(a, b, limit=1):
    """Optimal string alignment distance (Damerau-Levenshtein without repeated edits), capped at limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def corrections(term, vocabulary):
    """Known terms (from vocabulary) one edit from term, or from its start when they are stems."""
    word = term[len(WORD_PREFIX):]
    found = []
    for known in vocabulary:
        stem = known[len(WORD_PREFIX):]
        if known == term or len(stem) < MIN_LENGTH or not known.startswith(WORD_PREFIX):
            continue
        if len(word) - len(stem) > MAX_SUFFIX:
            continue
        lengths = {len(stem) - 1, len(stem), len(stem) + 1} if len(word) > len(stem) + 1 else {len(word)}
        distance = min(_distance(word[:n], stem) for n in lengths if 0 < n <= len(word))
        if distance <= 1:
            found.append((distance, -len(stem), known))
    if not found:
        return []
    # Only the closest, longest matches: "hospit" for "hosptial", not also "host".
    best = min(found)[:2]
    return [known for distance, length, known in sorted(found) if (distance, length) == best][:MAX_CORRECTIONS]
