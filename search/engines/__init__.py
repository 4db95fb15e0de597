"""The engine chosen by settings; the rest of the code never imports a concrete one."""
from functools import lru_cache

from django.conf import settings

from search.documents import SearchQuery  # noqa: F401  (re-exported for callers)
from search.engines.base import SearchUnavailable  # noqa: F401


@lru_cache(maxsize=1)
def embedded():
    from search.engines.database import DatabaseEngine

    return DatabaseEngine()


def configured_elasticsearch():
    """The Elasticsearch engine when ELASTICSEARCH_URL is set, else None."""
    if not getattr(settings, "ELASTICSEARCH_URL", ""):
        return None
    return _elasticsearch(settings.ELASTICSEARCH_URL, settings.SEARCH_INDEX_PREFIX)


@lru_cache(maxsize=4)
def _elasticsearch(url, prefix):
    """One client per URL and prefix (settings may change in tests), created on first use."""
    from search.engines.elasticsearch import from_settings

    return from_settings()


def primary():
    """Who answers searches: Elasticsearch when configured, else the embedded engine."""
    return configured_elasticsearch() or embedded()


def all_configured():
    """Every engine the index must be kept in: the embedded one always (it is the fallback)."""
    return [engine for engine in (embedded(), configured_elasticsearch()) if engine is not None]
