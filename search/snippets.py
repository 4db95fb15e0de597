"""A short excerpt of a result with the reader's words marked.

Matching is on folded text (case and Latin diacritics ignored, so "dang ky"
marks "đăng ký") with plain substring search: no regular expression is ever
built from what a reader typed. For scripts written without spaces, or with
particles glued to words (병원에서), shorter prefixes of a word are tried.
"""
import unicodedata
from functools import lru_cache

from django.utils.html import escape

WIDTH = 180
MAX_NEEDLES = 24
MIN_NEEDLE = 2
# Unicode name prefixes of scripts written with spaces between words.
SPACED_SCRIPTS = {"LATIN", "CYRILLIC", "GREEK", "DEVANAGARI", "ARABIC", "SINHALA"}
MAX_TEXT = 20000  # characters of a page looked at for the excerpt
MAX_SPANS = 200  # bounds the window search on a long page full of one short word


@lru_cache(maxsize=8192)
def _fold_char(char):
    # Accents are dropped from Latin letters only: elsewhere (Hangul, Thai,
    # Devanagari) decomposed marks are part of the letter.
    if unicodedata.name(char, "").startswith("LATIN"):
        decomposed = unicodedata.normalize("NFD", char)
        char = "".join(c for c in decomposed if not unicodedata.combining(c)) or char
    return char.replace("đ", "d").replace("Đ", "d").casefold()


def _folded_with_positions(text):
    """The folded text, and for each of its characters the index in text (None: the same index)."""
    pieces = [_fold_char(char) for char in text]
    folded = "".join(pieces)
    if len(folded) == len(text):
        return folded, None
    positions = [index for index, piece in enumerate(pieces) for _char in piece]
    return folded, positions


def _spaced(word):
    """Letters of scripts that separate words with spaces (Latin, Cyrillic, Greek, Devanagari...)."""
    return all(unicodedata.name(c, "").split(" ")[0] in SPACED_SCRIPTS or not c.isalpha() for c in word)


def _needles(query):
    """(needle, whole_word) pairs to look for, longest first per word.

    In spaced scripts a needle starts a word, and a short word must be whole:
    "hiem" marks "hiểm", never the "hi" of "chi". Elsewhere (Hangul with its
    particles, Han, Thai, Khmer) shorter prefixes are tried anywhere: 병원에서 → 병원.
    """
    needles = []
    for word in (_folded_with_positions(w)[0] for w in query.split()):
        if _spaced(word):
            if len(word) <= 3:
                needles.append((word, True))
            else:
                needles += [(word[:end], False) for end in range(len(word), max(3, len(word) - 3) - 1, -1)]
        else:
            needles += [(word[:end], False) for end in range(len(word), MIN_NEEDLE - 1, -1)]
            if len(word) < MIN_NEEDLE and word.isalnum() and not word.isascii():
                needles.append((word, False))  # a single Chinese or Japanese character is a word
        if len(needles) >= MAX_NEEDLES:
            break
    return needles[:MAX_NEEDLES]


def _is_boundary(folded, index):
    return index <= 0 or index >= len(folded) or not folded[index].isalnum()


def _matches(folded, needles):
    """Non-overlapping (start, end) spans in folded text, longest needles first."""
    taken = [False] * len(folded)
    spans = []
    for needle, whole in sorted(set(needles), key=lambda n: len(n[0]), reverse=True):
        start = folded.find(needle)
        while start != -1:
            end = start + len(needle)
            spaced = _spaced(needle)
            starts_word = not spaced or _is_boundary(folded, start - 1)
            ends_word = not whole or _is_boundary(folded, end)
            if starts_word and ends_word and not any(taken[start:end]):
                spans.append((start, end))
                for i in range(start, end):
                    taken[i] = True
            start = folded.find(needle, end if starts_word and ends_word else start + 1)
    return sorted(spans)[:MAX_SPANS]


def make_snippet(text, query, locale=None, width=WIDTH):
    """Escaped HTML: about `width` characters of text around the best match, matches in <mark>."""
    text = " ".join(text[:MAX_TEXT].split())
    folded, positions = _folded_with_positions(text)
    spans = _matches(folded, _needles(query)) if folded else []
    if positions is not None:
        spans = [(positions[s], positions[e - 1] + 1) for s, e in spans]
    if not spans:
        cut = text[:width]
        return escape(cut) + ("…" if len(text) > width else "")
    # The window that holds the most marked characters.
    best_start, best_score = 0, -1
    for start, _end in spans:
        window_start = max(0, start - width // 4)
        score = sum(min(e, window_start + width) - max(s, window_start) for s, e in spans if s < window_start + width and e > window_start)
        if score > best_score:
            best_start, best_score = window_start, score
    if best_start > 0:
        # Start at a word, not in the middle of one, when a space is near.
        space = text.find(" ", best_start, min(best_start + 15, spans[0][0] if spans else best_start + 15))
        if space != -1:
            best_start = space + 1
    window_end = min(len(text), best_start + width)
    parts, cursor = [], best_start
    for start, end in spans:
        if end <= best_start or start >= window_end:
            continue
        start, end = max(start, best_start), min(end, window_end)
        parts.append(escape(text[cursor:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    parts.append(escape(text[cursor:window_end]))
    prefix = "…" if best_start > 0 else ""
    suffix = "…" if window_end < len(text) else ""
    return prefix + "".join(parts) + suffix


def fold(text):
    """Text as the excerpt matching sees it: lower case, Latin accents dropped."""
    return _folded_with_positions(text)[0]
