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
MAX_TEXT = 20000  # characters of a page looked at for the excerpt
MAX_SPANS = 200  # bounds the window search on a long page full of one short word


@lru_cache(maxsize=8192)
def _fold_char(char):
    # Accents are dropped from Latin letters only: elsewhere (Hangul, Thai,
    # Devanagari) decomposed marks are part of the letter.
    if char < "\u0250":
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


def _needles(query):
    words = [_folded_with_positions(word)[0] for word in query.split()]
    needles = []
    for word in words:
        # The whole word first, then shorter prefixes: 병원에서 → 병원에, 병원.
        for end in range(len(word), MIN_NEEDLE - 1, -1):
            needles.append(word[:end])
            if len(needles) >= MAX_NEEDLES:
                return needles
        if len(word) < MIN_NEEDLE and word.isalnum() and not word.isascii():
            needles.append(word)  # a single Chinese or Japanese character is a word
    return needles


def _matches(folded, needles):
    """Non-overlapping (start, end) spans in folded text, longest needles first."""
    taken = [False] * len(folded)
    spans = []
    for needle in sorted(set(needles), key=len, reverse=True):
        start = folded.find(needle)
        while start != -1:
            end = start + len(needle)
            if not any(taken[start:end]):
                spans.append((start, end))
                for i in range(start, end):
                    taken[i] = True
            start = folded.find(needle, end)
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
