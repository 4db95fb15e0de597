"""Posts are plain text with light formatting, rendered to sanitised HTML.

What a member can write: paragraphs (separated by a blank line; single line
breaks are kept), bulleted lists ("- " or "* " at the start of a line),
numbered lists ("1. " or "1) "), bare http(s) addresses and [text](address)
links. Everything else is text: the renderer escapes every character it does
not generate itself, then nh3 (an allowlist sanitiser) removes anything but
<p>, <br>, <ul>, <ol>, <li> and <a href> with an http(s) address, and gives
every link rel="nofollow ugc noopener". Two independent layers, so a bug in
one is not a stored XSS.
"""
import html
import re
import unicodedata
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "a"}
LINK_REL = "nofollow ugc noopener"

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes={"a": {"href"}},
    url_schemes={"http", "https"},
    url_relative="deny",
    link_rel=LINK_REL,
    strip_comments=True,
)

# [text](address) — no brackets in the text, no parentheses, spaces, quotes or
# angle brackets in the address; or a bare http(s) address up to the next space or bracket.
_LINK = re.compile(
    r"\[(?P<text>[^\[\]\n]{1,300})\]\((?P<target>[^()\s<>\"'\[\]]{1,2000})\)"
    r"|(?P<bare>\bhttps?://[^\s<>\"'\[\]]{1,2000})",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^ {0,3}[-*•] +(?P<item>.*)$")
_NUMBERED = re.compile(r"^ {0,3}\d{1,3}[.)] +(?P<item>.*)$")
# Characters that reorder or hide text (bidirectional overrides and
# isolates): they can disguise a link or a name. Joiners, which Indic and
# Arabic-script languages need, are kept.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
_TRAILING_PUNCTUATION = ".,;:!?'\"…。、"


def normalise(text):
    """The text as stored: NFC, Unix line breaks, no control or bidirectional-override characters."""
    text = unicodedata.normalize("NFC", str(text or "")).replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_BIDI_CONTROLS)
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cs"))
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def safe_url(url):
    """url when it is an absolute http(s) address with a host, else None."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if any(unicodedata.category(c) in ("Cc", "Zs", "Zl", "Zp") for c in url):
        return None
    return url


def _trim_bare_url(url):
    """Punctuation that ends a sentence is not part of the address; nor is an unbalanced ')'."""
    while url and (url[-1] in _TRAILING_PUNCTUATION or (url[-1] == ")" and url.count(")") > url.count("("))):
        url = url[:-1]
    return url


def _links(text):
    """(start, end, label, url) for every link in a line of text, in order."""
    for match in _LINK.finditer(text):
        if match.group("bare"):
            url = _trim_bare_url(match.group("bare"))
            if safe_url(url):
                yield match.start(), match.start() + len(url), url, url
        elif safe_url(match.group("target")):
            yield match.start(), match.end(), match.group("text"), match.group("target")


def links_in(text):
    """The addresses a post links to (for the per-post link limit)."""
    return [url for line in normalise(text).split("\n") for _start, _end, _label, url in _links(line)]


def _inline(text):
    out, position = [], 0
    for start, end, label, url in _links(text):
        out.append(html.escape(text[position:start]))
        out.append(f'<a href="{html.escape(url)}">{html.escape(label)}</a>')
        position = end
    out.append(html.escape(text[position:]))
    return "".join(out)


def _blocks(text):
    """[(kind, [line, ...])] with kind "p", "ul" or "ol": blank lines and list markers start blocks."""
    blocks = []
    for line in text.split("\n"):
        if not line.strip():
            blocks.append(None)
            continue
        for kind, pattern in (("ul", _BULLET), ("ol", _NUMBERED)):
            match = pattern.match(line)
            if match:
                content = match.group("item")
                break
        else:
            kind, content = "p", line.strip()
        if blocks and blocks[-1] and blocks[-1][0] == kind:
            blocks[-1][1].append(content)
        else:
            blocks.append((kind, [content]))
    return [block for block in blocks if block]


def render(text):
    """Safe HTML for a post's text (see the module docstring for what is formatted)."""
    parts = []
    for kind, lines in _blocks(normalise(text)):
        if kind == "p":
            parts.append("<p>" + "<br>".join(_inline(line) for line in lines) + "</p>")
        else:
            parts.append(f"<{kind}>" + "".join(f"<li>{_inline(line)}</li>" for line in lines) + f"</{kind}>")
    return _cleaner.clean("".join(parts))


def plain_text(text):
    """The text without formatting marks, for search and mail: link labels and addresses stay as words."""
    lines = []
    for kind, block in _blocks(normalise(text)):
        for line in block:
            lines.append(_LINK.sub(lambda m: f"{m.group('text')} {m.group('target')}" if m.group("text") else m.group(0), line))
        lines.append("")
    return "\n".join(lines).strip()
