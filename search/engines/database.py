"""The embedded engine: BM25 over our own postings table, on SQLite or PostgreSQL.

Neither database's full-text search analyses Korean, Thai or Khmer, and their
rankings differ (SQLite FTS5 has BM25, PostgreSQL's ts_rank has no idf), so
terms come from search.analysis and the score from search.scoring: the same
answers on both databases, and the same formula the relevance benchmark
measures. Why not FTS5/tsvector: docs/decisions/0005-embedded-search.md.
"""
from collections import Counter

from django.db import connection, transaction
from django.db.models import Avg, Count

from portal import languages
from search import scoring, snippets, typos
from search.documents import Hit
from search.engines.base import SearchEngine
from search.models import IndexEntry, Posting

BATCH = 2000
EXPANSION_WEIGHT = 0.8  # a synonym counts a little less than the reader's own word


def _language(locale):
    return locale if languages.get(locale) else languages.SOURCE_LANGUAGE


def _postings(document):
    """(weighted term frequencies, document length) for one document."""
    return scoring.document_terms(document.title, document.body, _language(document.locale))


def _posting(entry, term, frequency):
    return Posting(entry=entry, locale=entry.locale, type=entry.type, length=entry.length, term=term, frequency=frequency)


class DatabaseEngine(SearchEngine):
    name = "database"

    # --- writing ---------------------------------------------------------------

    def index_documents(self, documents):
        count = 0
        with transaction.atomic():
            for document in documents:
                self._index_one(document)
                count += 1
        return count

    def _index_one(self, document):
        frequencies, length = _postings(document)
        latitude, longitude = document.geo or (None, None)
        entry, _created = IndexEntry.objects.update_or_create(
            type=document.type,
            object_id=document.id,
            locale=document.locale,
            defaults=dict(
                key=document.key, title=document.title, body=document.body, url=document.url,
                topic=document.topic, latitude=latitude, longitude=longitude, length=max(length, 1),
            ),
        )
        entry.postings.all().delete()
        Posting.objects.bulk_create(
            [_posting(entry, term, tf) for term, tf in frequencies.items()],
            batch_size=BATCH,
        )

    def remove_documents(self, type_, ids, locale=None):
        entries = IndexEntry.objects.filter(type=type_, object_id__in=[str(i) for i in ids])
        if locale:
            entries = entries.filter(locale=locale)
        # Postings first: one DELETE per table, not Django's cascade collector per row.
        Posting.objects.filter(entry__in=entries).delete()
        entries.delete()

    def rebuild(self, documents, progress=None):
        # One transaction: readers keep seeing the old index until it commits
        # (PostgreSQL MVCC, SQLite WAL/rollback journal).
        count = 0
        with transaction.atomic():
            Posting.objects.all().delete()
            IndexEntry.objects.all().delete()
            entries, pending = [], []
            for document in documents:
                frequencies, length = _postings(document)
                latitude, longitude = document.geo or (None, None)
                entries.append(IndexEntry(
                    type=document.type, object_id=document.id, locale=document.locale, key=document.key,
                    title=document.title, body=document.body, url=document.url, topic=document.topic,
                    latitude=latitude, longitude=longitude, length=max(length, 1),
                ))
                pending.append(frequencies)
                count += 1
                if len(entries) >= 200:
                    self._bulk_insert(entries, pending)
                    entries, pending = [], []
                    if progress:
                        progress(count)
            self._bulk_insert(entries, pending)
            if progress:
                progress(count)
            # Fresh statistics after a bulk load, or the planners guess at the posting counts.
            with connection.cursor() as cursor:
                for model in (IndexEntry, Posting):
                    cursor.execute(f"ANALYZE {model._meta.db_table}")
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Marks the new rows all-visible, so a query reads the postings
            # from the index alone instead of visiting every row (VACUUM cannot
            # run inside a transaction, hence after it).
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM {Posting._meta.db_table}")
        return count

    @staticmethod
    def _bulk_insert(entries, frequencies_per_entry):
        if not entries:
            return
        IndexEntry.objects.bulk_create(entries, batch_size=BATCH)  # sets pk on SQLite and PostgreSQL
        Posting.objects.bulk_create(
            [
                _posting(entry, term, tf)
                for entry, frequencies in zip(entries, frequencies_per_entry)
                for term, tf in frequencies.items()
            ],
            batch_size=BATCH,
        )

    def indexed_keys(self):
        return set(IndexEntry.objects.values_list("type", "object_id", "locale"))

    # --- reading ---------------------------------------------------------------

    def search(self, query):
        scores = Counter()
        for locale in query.locales:
            scores.update(dict(self._score_locale(query, locale)))
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))  # ties: first indexed first
        best = [entry_id for entry_id, _score in ranked[: query.limit]]
        entries = IndexEntry.objects.in_bulk(best)
        return [self._hit(entries[entry_id], scores[entry_id], query) for entry_id in best]

    @staticmethod
    def _hit(entry, score, query):
        return Hit(
            type=entry.type, id=entry.object_id, key=entry.key, locale=entry.locale, title=entry.title,
            url=entry.url, topic=entry.topic, score=round(score, 4),
            snippet=snippets.make_snippet(entry.body, query.text, entry.locale),
            extra={"geo": (entry.latitude, entry.longitude)} if entry.latitude is not None else {},
        )

    def _query_weights(self, query, language):
        """Term → weight: the reader's words, then their synonyms slightly lower."""
        weights = Counter(scoring.query_terms(query.text, language))
        for expansion in query.expansions:
            for term in scoring.query_terms(expansion, language):
                weights[term] = max(weights[term], EXPANSION_WEIGHT)
        return weights

    def _score_locale(self, query, locale):
        """[(entry id, BM25 score)] of the best query.limit entries of one locale.

        Two statements: document frequencies of the query terms, then the sum
        of BM25 per entry computed by the database over the postings, so only
        the best few rows come back to Python whatever the size of the index.
        """
        weights = self._query_weights(query, _language(locale))
        if not weights:
            return []
        entries = IndexEntry.objects.filter(locale=locale)
        postings = Posting.objects.filter(locale=locale, term__in=list(weights))
        if query.types:
            entries = entries.filter(type__in=query.types)
            postings = postings.filter(type__in=query.types)
        stats = entries.aggregate(n=Count("id"), average=Avg("length"))
        if not stats["n"]:
            return []
        frequencies = dict(postings.values_list("term").annotate(df=Count("id")).order_by())
        corrected = self._typo_corrections(locale, weights, frequencies)
        if corrected:
            weights.update(corrected)
            frequencies.update(
                Posting.objects.filter(locale=locale, term__in=list(corrected), **({"type__in": query.types} if query.types else {}))
                .values_list("term").annotate(df=Count("id")).order_by()
            )
        if not frequencies:
            return []
        term_weight = {term: weights[term] * scoring.idf(stats["n"], df) for term, df in frequencies.items()}
        return _bm25_top(locale, query.types, term_weight, stats["average"], query.limit)

    @staticmethod
    def _typo_corrections(locale, weights, frequencies):
        """{known term: weight} standing in for query words no page has (search/typos.py)."""
        unknown = [t for t in weights if t not in frequencies and typos.eligible(t, locale)]
        corrected = {}
        for term in unknown[: typos.MAX_WORDS]:
            prefix = typos.vocabulary_prefix(term)
            # A range, not LIKE: SQLite's LIKE is case-insensitive and would not use the index.
            vocabulary = (
                Posting.objects.filter(locale=locale, term__gte=prefix, term__lt=prefix[:-1] + chr(ord(prefix[-1]) + 1))
                .values_list("term", flat=True).distinct()
            )
            for known in typos.corrections(term, vocabulary):
                if known not in weights:
                    corrected[known] = max(corrected.get(known, 0.0), typos.TYPO_WEIGHT)
        return corrected

    def suggest(self, prefix, locale, limit=8):
        prefix = prefix.strip()
        if not prefix:
            return []
        starts = IndexEntry.objects.filter(locale=locale, title__istartswith=prefix)
        contains = IndexEntry.objects.filter(locale=locale, title__icontains=prefix).exclude(title__istartswith=prefix)
        titles = []
        for entries in (starts, contains):
            for title, url in entries.order_by("title").values_list("title", "url")[:limit]:
                if len(titles) < limit and title not in [t for t, _u in titles]:
                    titles.append((title, url))
        return titles


def _bm25_top(locale, types, term_weight, average_length, limit):
    """The database sums scoring's BM25 over the postings (same formula as scoring.term_score).

    The query terms and their weights (idf × query weight) come in as a small
    table joined on the (locale, term) index: one index probe per term, and no
    per-row CASE over every term, which PostgreSQL evaluates slowly.
    """
    table = Posting._meta.db_table
    values = ", ".join("(%s, %s)" for _term in term_weight)
    type_filter = f" AND p.type IN ({', '.join('%s' for _t in types)})" if types else ""
    sql = (
        f"WITH q(term, weight) AS (VALUES {values}) "
        f"SELECT p.entry_id, SUM(q.weight * p.frequency * %s"
        f" / (p.frequency + %s * (1 - %s + %s * p.length / %s))) AS score"
        f" FROM q JOIN {table} p ON p.term = q.term AND p.locale = %s{type_filter}"
        f" GROUP BY p.entry_id ORDER BY score DESC, p.entry_id LIMIT %s"
    )
    params = [value for term, weight in term_weight.items() for value in (term, float(weight))]
    params += [scoring.K1 + 1, scoring.K1, scoring.B, scoring.B, average_length, locale, *types, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
