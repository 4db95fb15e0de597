"""Keep every configured engine in step with the content.

Content apps call update()/remove() from their signal handlers; the work runs
after the transaction commits, so a rolled-back save never reaches the index.
An engine that fails is logged and skipped: the content is saved all the same,
and `manage.py search_index check` shows the drift. Elasticsearch writes keep
their long timeout but share the search circuit breaker: while it is open they
are skipped at once, so an outage never holds up an editor's publish.
"""
import logging

from django.db import transaction

from search import engines, registry

logger = logging.getLogger(__name__)


def _each_engine(action, description):
    for engine in engines.all_configured():
        try:
            action(engine)
        except engines.SearchUnavailable as error:
            logger.warning("Search index %s not updated (%s): %s", engine.name, description, error)
        except Exception:  # an engine's bug must not turn a saved publish into an error page either
            logger.exception("Search index %s not updated (%s): unexpected error", engine.name, description)


def update(type_, obj):
    """Index obj as its source says (or remove it when it must not be indexed)."""
    source = registry.get(type_)

    def work():
        documents = source.documents_for(obj)
        if documents:
            _each_engine(lambda engine: engine.index_documents(documents), f"{type_} {obj.pk}")
        else:
            _each_engine(lambda engine: engine.remove_documents(type_, [str(obj.pk)]), f"{type_} {obj.pk}")

    transaction.on_commit(work)


def update_many(type_, objects):
    for obj in objects:
        update(type_, obj)


def remove(type_, ids):
    ids = [str(i) for i in ids]
    transaction.on_commit(
        lambda: _each_engine(lambda engine: engine.remove_documents(type_, ids), f"{type_} {ids[:5]}")
    )


def all_documents():
    for source in registry.sources().values():
        yield from source.all_documents()
