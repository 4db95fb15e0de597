"""What a reader typed, made safe, and which languages to search for it.

Nothing typed here ever reaches a query parser or a regular expression: the
text is only cut into terms by search.analysis (Wagtail's own search once had a
regular-expression denial of service, CVE-2024-39317).
"""
import unicodedata

from django.utils.translation import gettext_lazy as _

from portal import languages
from portal.api import BadRequest

MAX_LENGTH = 200


class QueryError(BadRequest):
    """The reader's input cannot be searched; the message says why, in their language."""


def clean(text):
    """Normalised text to search for, or QueryError."""
    if text is None:
        text = ""
    text = unicodedata.normalize("NFKC", str(text))
    # Control characters, lone surrogates and private-use characters carry no words.
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") else c for c in text)
    text = " ".join(text.split())
    if not text:
        raise QueryError(_("Type a word or two to search for."))
    if len(text) > MAX_LENGTH:
        raise QueryError(_("Your search is too long. Use at most %(max)d characters.") % {"max": MAX_LENGTH})
    if not any(c.isalnum() for c in text):
        raise QueryError(_("Type a word or two to search for."))
    return text


# Unicode character-name prefixes → the language a reader typing that script wants.
_SCRIPT_OF_NAME = (
    ("HANGUL", "ko"),
    ("HIRAGANA", "ja"),
    ("KATAKANA", "ja"),
    ("CJK", "zh-hans"),
    ("THAI", "th"),
    ("KHMER", "km"),
    ("DEVANAGARI", "ne"),
    ("SINHALA", "si"),
    ("ARABIC", "ur"),
    ("CYRILLIC", "ru"),
)


def script_language(text):
    """The language whose script most letters of text are in, or None (Latin, digits)."""
    counts = {}
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        for prefix, code in _SCRIPT_OF_NAME:
            if name.startswith(prefix):
                counts[code] = counts.get(code, 0) + 1
                break
    if not counts:
        return None
    if "ja" in counts and "zh-hans" in counts:
        # Kana with Han characters is Japanese.
        counts["ja"] += counts.pop("zh-hans")
    return max(counts, key=counts.get)


def locales_to_search(text, reader_locale):
    """The reader's language first; plus the language of the script typed when it differs.

    Hangul typed in the English interface also searches Korean; Han characters
    alone could be Chinese or Japanese, so both are searched.
    """
    locales = [reader_locale]
    typed = script_language(text)
    reader = languages.get(reader_locale)
    if typed and reader and languages.get(typed).script != reader.script and typed != reader_locale:
        if not (typed == "zh-hans" and reader_locale == "ja"):
            locales.append(typed)
            if typed == "zh-hans":
                locales.append("ja")
    return tuple(dict.fromkeys(locales))


def fallback_locales(searched):
    """Where to look when nothing was found in the reader's languages: Korean and English."""
    return tuple(code for code in (languages.SOURCE_LANGUAGE, "en") if code not in searched)
