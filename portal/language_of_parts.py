"""Language of parts (WCAG 3.1.2): mark Korean, and Latin in right-to-left text.

Translated articles and posts keep Korean terms on purpose ("the health
centre (보건소)", an address to show a taxi driver). A screen reader reads
them with the page's voice unless an element says lang="ko", so the
renderer wraps every run of Hangul in <span lang="ko">. In a right-to-left
language (Urdu) it also wraps runs of Latin letters (a programme's name, a
word the reader must say in English) in <span lang="en" dir="ltr">: without
it the Urdu voice spells them and the bidirectional algorithm moves their
punctuation to the wrong end. It works on
already-sanitised HTML and only ever adds that span around text: tags,
attributes, comments and the text of <script>/<style> pass through byte for
byte, so it can neither unescape nor inject anything.
"""
import re
from html.parser import HTMLParser

from django import forms

from portal import languages

KOREAN = "ko"

_HANGUL = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff"
# A run: Hangul words with the spaces, digits and punctuation between them
# ("경기도 안성시 123-4번지"), but not brackets or quotes around them, which
# belong to the sentence in the page's language.
_KOREAN_RUN = re.compile(rf"[{_HANGUL}]+(?:[\s\d.,·:;!?~\-–/]+[{_HANGUL}]+)*")
_LATIN = "A-Za-z\u00c0-\u024f"
# Latin words with the spaces, digits and punctuation between them ("Danuri Call Centre", "e-mail").
_LATIN_RUN = re.compile(rf"[{_LATIN}]+(?:[\s\d.,'’:&\-–/]+[{_LATIN}]+)*")

# Elements that have no end tag, so never enclose text.
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# Elements whose text is not prose.
_RAW_TEXT = frozenset(("script", "style", "textarea", "title"))


def has_korean(text):
    return bool(_KOREAN_RUN.search(text or ""))


def wrap_korean_text(text):
    """Raw (already escaped) text with each Hangul run in <span lang="ko">."""
    return _KOREAN_RUN.sub(lambda m: f'<span lang="{KOREAN}">{m.group(0)}</span>', text)


def wrap_latin_text(text):
    """Raw (already escaped) text with each Latin run in <span lang="en" dir="ltr">.

    Character references (&amp;, &#39;) arrive as their own pieces (convert_charrefs=False), so a
    run never swallows one; "amp" inside "&amp;" is never seen here.
    """
    return _LATIN_RUN.sub(lambda m: f'<span lang="en" dir="ltr">{m.group(0)}</span>', text)


class _PartsMarker(HTMLParser):
    """Re-emits the HTML it is fed, wrapping Hangul (and, right to left, Latin) runs in text nodes
    that have no language of their own."""

    def __init__(self, mark_korean=True, mark_latin=False):
        # convert_charrefs=False: text and character references arrive
        # separately and raw, so nothing is decoded and re-encoded.
        super().__init__(convert_charrefs=False)
        self.mark_korean, self.mark_latin = mark_korean, mark_latin
        self.out = []
        self.open = []  # (tag, marks_language_or_raw_text) for every open element

    def _shielded(self):
        return any(shielded for _tag, shielded in self.open)

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        if tag not in _VOID:
            self.open.append((tag, tag in _RAW_TEXT or any(name == "lang" for name, _value in attrs)))

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")
        # Tolerate stray end tags: close up to the matching open element, if any.
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                break

    def handle_data(self, data):
        if not self._shielded():
            data = wrap_korean_text(data) if self.mark_korean else data
            if self.mark_latin:  # after Korean: its spans' attributes are markup, not text
                pieces = re.split(r"(<span lang=\"ko\">|</span>)", data)  # odd indices: the spans' tags
                data = "".join(piece if index % 2 else wrap_latin_text(piece) for index, piece in enumerate(pieces))
        self.out.append(data)

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def unknown_decl(self, data):
        self.out.append(f"<![{data}]>")

    def handle_pi(self, data):
        self.out.append(f"<?{data}>")


def mark_language_runs(html, page_language):
    """html with every run of Hangul not already inside a lang-marked element wrapped in <span lang="ko">,
    and, when `page_language` is right to left, every such run of Latin letters in <span lang="en" dir="ltr">.

    `html` must be safe HTML (sanitised or escaped); `page_language` is the
    language of the element the fragment is shown in. Korean text in a Korean
    element needs no marking, so then the HTML is returned unchanged.
    """
    html = str(html or "")
    mark_korean = (page_language or "").lower() != KOREAN and has_korean(html)
    mark_latin = direction(page_language) == "rtl" and bool(_LATIN_RUN.search(html))
    if not (mark_korean or mark_latin):
        return html
    marker = _PartsMarker(mark_korean, mark_latin)
    marker.feed(html)
    marker.close()
    return "".join(marker.out)


_BRACKETED_KOREAN = re.compile(rf"\s*[(（]\s*{_KOREAN_RUN.pattern}\s*[)）]")


def without_korean(text, page_language):
    """Plain text for a <title> or a description, which cannot hold an element marked lang="ko": a Korean
    term kept beside its translation ("Trạm y tế (보건소)") is left out there; the page's heading keeps it."""
    text = str(text or "")
    if (page_language or "").lower() == KOREAN or not has_korean(text):
        return text
    return re.sub(r"\s{2,}", " ", _KOREAN_RUN.sub("", _BRACKETED_KOREAN.sub("", text))).strip()


def direction(code):
    """"rtl" or "ltr" for a language code (unknown codes read left to right)."""
    language = languages.get(code)
    return "rtl" if language and language.rtl else "ltr"


class LanguageSelect(forms.Select):
    """A select of languages whose options, shown by their own names, carry lang and dir.

    Without it a screen reader reads "한국어" or "اردو" with the page's voice.
    Options whose value is not a language code ("Detect automatically") stay as they are.
    """

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        if languages.get(str(value)):
            option["attrs"] = {**option["attrs"], "lang": str(value), "dir": direction(str(value))}
        return option
