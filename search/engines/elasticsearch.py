"""The Elasticsearch engine: the cluster-facing half of search/elastic.

Readers and writers only ever use the alias `<prefix>-search`. A rebuild
loads a new `<prefix>-search-<timestamp>` index while the old one keeps
answering, then moves the alias in one atomic update_aliases call.

Whatever goes wrong on the way to the cluster (refused connection, timeout,
an error answer, a missing index) is raised as SearchUnavailable, so the
caller answers from the embedded engine instead of failing the page.

Reads wait a short time (ELASTICSEARCH_TIMEOUT): a reader is better served
by the embedded engine at once than by Elasticsearch late. Every call goes
through a circuit breaker (portal.circuit, "search" for the engine the
settings choose): after repeated failures the cluster is not asked at all
for a while, and SearchUnavailable is raised without touching the network.
"""
import logging
from contextlib import contextmanager
from datetime import datetime, timezone

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from elastic_transport import ApiError, TransportError
from elasticsearch import AuthorizationException, Elasticsearch, NotFoundError
from elasticsearch.dsl import Search
from elasticsearch.dsl.exceptions import ElasticsearchDslException
from elasticsearch.helpers import BulkIndexError, ScanError, bulk, streaming_bulk

from portal import circuit, languages
from search.elastic.analysis import installed_plugins
from search.elastic.mapping import SearchEntry, document_id, index_body
from search.elastic.queries import hit_from, search_request, suggest_request
from search.engines.base import SearchEngine, SearchUnavailable

logger = logging.getLogger(__name__)

CLUSTER_ERRORS = (ApiError, TransportError, BulkIndexError, ScanError, ElasticsearchDslException)


def _cluster_failed(error):
    """True when the error says the cluster is down or overloaded (not that it refused one request)."""
    if isinstance(error, TransportError):  # refused, reset, timed out: nothing usable came back
        return True
    if isinstance(error, ApiError):
        return error.meta.status >= 500 or error.meta.status == 429
    # A bulk or scan error reports what happened to single documents: the cluster answered.
    return False


class ElasticsearchEngine(SearchEngine):
    name = "elasticsearch"
    # Creating an index and loading thousands of pages legitimately take
    # longer than a reader should wait for a search.
    write_timeout = 60.0
    bulk_chunk = 500

    def __init__(self, url, index_prefix="portal", timeout=0.5, breaker=None):
        """timeout: seconds a read (search, suggestions) may take; writes get write_timeout.

        breaker: a portal.circuit.CircuitBreaker; by default one of this engine's own.
        """
        self.index_prefix = index_prefix
        self.alias = f"{index_prefix}-search"
        # No retries: a second attempt at a dead cluster only doubles the time
        # before the embedded engine answers.
        self.client = Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)
        self._writer = self.client.options(request_timeout=max(timeout, self.write_timeout))
        self._alias_known = False
        self.breaker = breaker or circuit.CircuitBreaker("search")

    @contextmanager
    def _cluster(self, action):
        if not self.breaker.allow():
            raise SearchUnavailable(f"Elasticsearch {action} skipped: it failed repeatedly (circuit breaker open)")
        cluster_failed = True  # until the block ends normally or the cluster is shown to have answered
        try:
            yield
            cluster_failed = False
        except CLUSTER_ERRORS as error:
            cluster_failed = _cluster_failed(error)
            # The alias may be what went missing; check it again next time.
            self._alias_known = False
            raise SearchUnavailable(f"Elasticsearch {action} failed: {type(error).__name__}: {error}") from error
        finally:
            # Always one of the two, so a half-open breaker's trial call is never left pending.
            if cluster_failed:
                self.breaker.record_failure()
            else:
                self.breaker.record_success()

    # Reading

    def search(self, query):
        with self._cluster("search"):
            response = search_request(query).using(self.client).index(self.alias).execute()
            return [hit_from(raw) for raw in response.to_dict()["hits"]["hits"]]

    def suggest(self, prefix, locale, limit=8):
        """(title, url) pairs, as the embedded engine gives them, without repeated titles."""
        prefix = prefix.strip()
        if not prefix or locale not in languages.BY_CODE or limit < 1:
            return []
        with self._cluster("suggest"):
            response = suggest_request(prefix, locale, limit).using(self.client).index(self.alias).execute()
            raw_hits = response.to_dict()["hits"]["hits"]
        suggestions, seen = [], set()
        for raw in raw_hits:
            title = raw["_source"].get("title", {}).get(locale, "")
            if title and title not in seen:
                seen.add(title)
                suggestions.append((title, raw["_source"].get("url", "")))
        return suggestions[:limit]

    def indexed_keys(self):
        search = Search(using=self.client, index=self.alias).source(["type", "id", "locale"]).params(size=1000, scroll="2m")
        with self._cluster("listing the index"):
            try:
                return {(hit.type, hit.id, hit.locale) for hit in search.scan()}
            except NotFoundError:
                return set()  # never built: everything in the database is missing from it

    # Writing

    def index_documents(self, documents):
        actions = [self._index_action(document) for document in documents]
        if not actions:
            return 0
        with self._cluster("indexing"):
            self._ensure_index()
            # require_alias: if the alias vanished since we looked, fail instead
            # of letting Elasticsearch auto-create an index with guessed mappings.
            indexed, _errors = bulk(self._writer, actions, index=self.alias, require_alias=True)
        return indexed

    def remove_documents(self, type_, ids, locale=None):
        codes = [locale] if locale else list(languages.CODES)
        # Deleting by id rather than by query: a delete-by-query does not see
        # documents indexed less than a refresh interval ago, so a page
        # published and unpublished in quick succession would stay findable.
        actions = [
            {"_op_type": "delete", "_id": document_id(type_, id_, code)}
            for id_ in ids
            for code in codes
        ]
        if not actions:
            return 0
        with self._cluster("removing"):
            # 404: that locale was never indexed, or nothing was yet.
            removed, _not_found = bulk(self._writer, actions, index=self.alias, ignore_status=(404,), stats_only=True)
        return removed

    def rebuild(self, documents, progress=None):
        with self._cluster("rebuild"):
            previous = self._aliased_indices()
            # Refreshing while loading only costs time: nobody reads it yet.
            name = self._create_index(refresh_interval="-1")
            try:
                done = 0
                for _ok, _item in streaming_bulk(
                    self._writer,
                    (self._index_action(document) for document in documents),
                    index=name,
                    chunk_size=self.bulk_chunk,
                    max_retries=3,
                ):
                    done += 1
                    if progress:
                        progress(done)
                self._writer.indices.put_settings(index=name, settings={"index": {"refresh_interval": None}})
                self._writer.indices.refresh(index=name)
                actions = [{"remove": {"index": old, "alias": self.alias}} for old in previous]
                actions.append({"add": {"index": name, "alias": self.alias, "is_write_index": True}})
                self._writer.indices.update_aliases(actions=actions)
            except BaseException:
                self._delete_quietly([name])
                raise
            self._alias_known = True
        self._delete_quietly(previous)
        return done

    # Index management

    def _index_action(self, document):
        return SearchEntry.from_document(document).to_dict(include_meta=True, skip_empty=False)

    def _aliased_indices(self):
        try:
            return sorted(self.client.indices.get_alias(name=self.alias).body)
        except NotFoundError:
            return []

    def _ensure_index(self):
        """Create the first index behind the alias if there is none (first index_documents)."""
        if self._alias_known or self.client.indices.exists_alias(name=self.alias):
            self._alias_known = True
            return
        try:
            # Created with the alias in one request, as the write index: of
            # two processes racing here only one can succeed.
            self._create_index(aliased=True)
        except ApiError:
            if not self.client.indices.exists_alias(name=self.alias):
                raise
        self._alias_known = True

    def _create_index(self, aliased=False, refresh_interval=None):
        name = f"{self.alias}-{datetime.now(timezone.utc):%Y%m%d%H%M%S%f}"
        body = index_body(self._installed_plugins())
        if refresh_interval:
            body["settings"]["refresh_interval"] = refresh_interval
        if aliased:
            body["aliases"] = {self.alias: {"is_write_index": True}}
        self._writer.indices.create(index=name, **body)
        return name

    def _installed_plugins(self):
        """Plugins every node has, read from the cluster at index creation, never assumed."""
        try:
            return installed_plugins(self.client.nodes.info(metric="plugins").body)
        except AuthorizationException:
            # A key allowed to write but not to monitor the cluster: built-in
            # analysis works everywhere, so use that rather than fail.
            logger.warning("Not allowed to list Elasticsearch plugins; indexing with built-in analyzers only")
            return frozenset()

    def _delete_quietly(self, names):
        # Leftover indexes waste disk but break nothing; the rebuild's outcome
        # should not depend on cleaning them up.
        if not names:
            return
        try:
            self._writer.indices.delete(index=",".join(names), ignore_unavailable=True)
        except CLUSTER_ERRORS as error:
            logger.warning("Could not delete Elasticsearch indexes %s: %s", names, error)


def from_settings():
    """The engine for settings.ELASTICSEARCH_URL, SEARCH_INDEX_PREFIX and ELASTICSEARCH_TIMEOUT.

    It shares the process's "search" breaker, which the readiness check reports.
    """
    url = getattr(settings, "ELASTICSEARCH_URL", "")
    if not url:
        raise ImproperlyConfigured("ELASTICSEARCH_URL is not set: there is no Elasticsearch engine to use")
    try:
        return ElasticsearchEngine(
            url, index_prefix=getattr(settings, "SEARCH_INDEX_PREFIX", "portal") or "portal",
            timeout=getattr(settings, "ELASTICSEARCH_TIMEOUT", 0.5),
            breaker=circuit.breaker("search", failure_threshold=3, reset_after=30.0),
        )
    except ValueError as error:
        raise ImproperlyConfigured(f"ELASTICSEARCH_URL is not a usable URL: {error}") from error
