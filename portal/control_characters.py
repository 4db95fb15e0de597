"""Control characters in text from outside: import files and query strings.

PostgreSQL refuses NUL in text (a DataError when saving or even querying)
while SQLite stores it, and no reader needs NUL or any other control
character, nor the lone surrogates a JSON file can carry ("\\ud800"). So the
importers and the APIs refuse them alike on both databases, before anything
is read or written. Tabs and line breaks are allowed where a text has lines.
"""
import re

LINE_BREAKS_AND_TABS = "\t\n\r"

def _pattern(allowed):
    """C0 controls but `allowed`, DEL, C1 controls and surrogates (Unicode categories Cc and Cs)."""
    characters = "".join(c for c in map(chr, range(0x20)) if c not in allowed)
    return re.compile(f"[{re.escape(characters)}\x7f-\x9f\ud800-\udfff]")


_PATTERNS = {"": _pattern(""), LINE_BREAKS_AND_TABS: _pattern(LINE_BREAKS_AND_TABS)}


def find(text, allowed=""):
    """(position from 0, "U+0000") of the first control character of text not in `allowed`, or None."""
    pattern = _PATTERNS.get(allowed) or _pattern(allowed)
    match = pattern.search(text)
    if match is None:
        return None
    return match.start(), f"U+{ord(match.group()):04X}"


def visible(text, allowed=""):
    """The text with each control character not in `allowed` written as U+XXXX, for a report."""
    pattern = _PATTERNS.get(allowed) or _pattern(allowed)
    return pattern.sub(lambda match: f"U+{ord(match.group()):04X}", text)


def in_query(query):
    """True when a name or value of a QueryDict holds a control character."""
    return any(find(text) for name, values in query.lists() for text in (name, *values))
