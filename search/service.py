"""One search for everything that asks: the results page, the API, the help desk.

Elasticsearch answers when it is configured and up; otherwise, or when it
fails, the embedded engine does, and the answer says which one did. A failed
Elasticsearch costs a reader at most one short timeout per search (and none
once its circuit breaker is open): the rest of that search stays embedded.
"""
import logging
from dataclasses import dataclass, field

from search import engines, query, tuning

logger = logging.getLogger(__name__)

MAX_LIMIT = 50


@dataclass
class SearchResults:
    query: str
    locale: str
    engine: str
    searched_locales: tuple
    hits: list
    # Korean and English, searched because nothing was found in the reader's languages.
    fallback_locales: tuple = ()
    promoted: list = field(default_factory=list)


def _run(search_query, embedded_only=False):
    """(hits, name of the engine that answered)."""
    primary = engines.primary()
    if primary.name != "database" and not embedded_only:
        try:
            return primary.search(search_query), primary.name
        except engines.SearchUnavailable as error:
            logger.warning("Search engine %s unavailable, answering from the database: %s", primary.name, error)
    return engines.embedded().search(search_query), "database"


def search(text, locale, types=(), limit=10):
    """SearchResults for text typed by a reader of `locale`; raises query.QueryError for bad input."""
    cleaned = query.clean(text)
    limit = max(1, min(int(limit), MAX_LIMIT))
    locales = query.locales_to_search(cleaned, locale)
    search_query = engines.SearchQuery(
        text=cleaned, locales=locales, types=tuple(types), limit=limit,
        expansions=tuning.expansions(cleaned, locales),
    )
    hits, engine = _run(search_query)
    fallback = ()
    if not hits:
        fallback = query.fallback_locales(locales)
        if fallback:
            search_query = engines.SearchQuery(
                text=cleaned, locales=fallback, types=tuple(types), limit=limit,
                expansions=tuning.expansions(cleaned, fallback),
            )
            # The engine that failed a moment ago is not asked again in the same search.
            hits, engine = _run(search_query, embedded_only=engine == "database")
    promoted = tuning.promotions(cleaned, locale) if not types or "page" in types else []
    return SearchResults(cleaned, locale, engine, locales, hits, fallback, promoted)


def suggest(prefix, locale, limit=8):
    prefix = " ".join(str(prefix or "").split())[: query.MAX_LENGTH]
    if len(prefix) < 1:
        return []
    try:
        return engines.primary().suggest(prefix, locale, limit)
    except engines.SearchUnavailable:
        return engines.embedded().suggest(prefix, locale, limit)


