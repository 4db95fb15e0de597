"""What a reader is shown in a language they did not ask for, found in a page or a mail.

Each piece of text a reader meets (text nodes, and the attributes read aloud or
shown: alt, title, aria-label, placeholder, a button's value, the page's
description) takes the language of its nearest element with a lang attribute.
Two things are reported:

- Hangul in a part whose language is not Korean: Korean the reader did not ask
  for, or Korean shown on purpose but not marked lang="ko" (WCAG 3.1.2);
- on an Urdu page, Latin letters in a part whose language is still Urdu: a
  screen reader reads them with the Urdu voice, and the bidirectional algorithm
  lays out their punctuation right to left. Codes with no language are marked
  lang="zxx".
"""
import re
from html.parser import HTMLParser

HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff]+")
LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]+")
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
READ_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
RIGHT_TO_LEFT = {"ur"}


def base(language):
    return (language or "").split("-")[0].lower()


class _Checker(HTMLParser):
    def __init__(self, page_language):
        super().__init__(convert_charrefs=True)
        self.page_language = page_language
        self.stack = []  # (tag, language)
        self.problems = []

    def _language(self):
        return self.stack[-1][1] if self.stack else self.page_language

    def _where(self):
        return "/".join(tag for tag, _language in self.stack[-4:])

    def _check(self, text, language, where):
        if base(language) != "ko":
            for run in HANGUL.findall(text):
                self.problems.append(f"Korean outside lang=ko in {where} (lang={language}): {text.strip()[:80]!r}")
                break
        if base(self.page_language) in RIGHT_TO_LEFT and base(language) == base(self.page_language):
            if LATIN.search(text):
                self.problems.append(f"Latin text not marked with its language in {where}: {text.strip()[:80]!r}")

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        language = attributes.get("lang", self._language()) if "lang" in attributes else self._language()
        where = f"{self._where()}/{tag}"
        for name in READ_ATTRIBUTES:
            if attributes.get(name):
                self._check(attributes[name], language, f"{where}@{name}")
        if tag == "input" and attributes.get("type") in ("submit", "button", "reset") and attributes.get("value"):
            self._check(attributes["value"], language, f"{where}@value")
        if tag == "meta" and attributes.get("name") == "description" and attributes.get("content"):
            self._check(attributes["content"], language, f"{where}@content")
        if tag not in VOID:
            self.stack.append((tag, language))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] in ("script", "style"):
            return
        if data.strip():
            self._check(data, self._language(), self._where())


def problems_in_page(html, page_language):
    checker = _Checker(page_language)
    checker.feed(html)
    checker.close()
    return checker.problems


def problems_in_mail(subject, body, language):
    """A mail is plain text: it has no parts to mark, so any Korean in it is unasked (to a non-Korean reader)."""
    if base(language) == "ko":
        return []
    return [f"Korean in the mail: {line.strip()[:80]!r}" for line in f"{subject}\n{body}".splitlines()
            if HANGUL.search(line)]
