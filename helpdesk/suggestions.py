"""Portal articles that may answer a case's question, from the portal's own search (search.service).

Counsellors attach a link to their answer; when none fits they mark the case
"no article answers this", which feeds the editors' report of missing articles.
"""
from dataclasses import dataclass

from django.conf import settings

from search import query, service

LIMIT = 5


@dataclass
class Suggestion:
    title: str
    url: str  # absolute, so it works in an e-mail
    snippet: str  # HTML where only <mark> is markup (search.documents.Hit)
    locale: str


def search_text(question):
    """The question cut to what the search accepts (query.MAX_LENGTH), at a word boundary."""
    text = " ".join((question or "").split())
    if len(text) <= query.MAX_LENGTH:
        return text
    cut = text[: query.MAX_LENGTH]
    return cut.rsplit(" ", 1)[0] if " " in cut else cut


def absolute(url):
    return url if url.startswith(("http://", "https://")) else settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def suggested_articles(case, limit=LIMIT):
    """Up to `limit` pages for the case's question, in the resident's language first."""
    text = search_text(case.question)
    if not text:
        return []
    try:
        results = service.search(text, case.language or settings.LANGUAGE_CODE, types=("page",), limit=limit)
    except query.QueryError:  # nothing searchable in the question (only punctuation, for instance)
        return []
    return [Suggestion(hit.title, absolute(hit.url), hit.snippet, hit.locale) for hit in results.hits if hit.url]


def with_article(answer_text, title, url):
    """The answer text with an article link appended on a line of its own."""
    answer_text = (answer_text or "").rstrip()
    line = f"{title}: {url}" if title else url
    return f"{answer_text}\n\n{line}" if answer_text else line
