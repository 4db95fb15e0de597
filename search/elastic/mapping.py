"""The index: one for every content type and language, with per-locale text fields.

Why one index with `title.<locale>` / `body.<locale>` fields rather than an
index per locale: docs/decisions/0004-search-index-layout.md.
"""
from elasticsearch.dsl import Document, GeoPoint, Index, Keyword, MetaField, Object, Text, normalizer

from portal import languages
from search.elastic.analysis import analyzer_name, locale_analyzers

# The highlighter wraps matches in these private-use characters instead of
# HTML, so the snippet can be escaped as a whole first (queries.safe_snippet).
# They are removed from indexed text so that no page can forge a mark.
MARK_START = "\ue000"
MARK_END = "\ue001"

# Titles for suggestions are also kept whole, so "starts with" works in
# scripts whose tokenizer would split a half-typed word differently.
TITLE_PREFIX_NORMALIZER = normalizer("title_prefix", filter=["lowercase"])


def _per_locale(field_for):
    return Object(properties={language.code: field_for(language.code) for language in languages.LANGUAGES})


def _title_field(code):
    return Text(
        analyzer=analyzer_name(code),
        fields={"raw": Keyword(normalizer=TITLE_PREFIX_NORMALIZER, ignore_above=256)},
    )


def _body_field(code):
    return Text(analyzer=analyzer_name(code))


class SearchEntry(Document):
    """One SearchDocument as stored: its text only under its own locale's fields."""

    type = Keyword()
    id = Keyword()
    key = Keyword()
    locale = Keyword()
    url = Keyword(index=False)
    topic = Keyword()
    geo = GeoPoint()
    title = _per_locale(_title_field)
    body = _per_locale(_body_field)

    class Meta:
        # A document in a locale the mapping does not know is rejected rather
        # than silently indexed with the default analyzer.
        dynamic = MetaField("strict")

    @classmethod
    def from_document(cls, document):
        if document.locale not in languages.BY_CODE:
            raise ValueError(f"{document.type} {document.id}: locale {document.locale!r} is not in portal.languages")
        fields = {
            "type": document.type,
            "id": str(document.id),
            "key": document.key,
            "locale": document.locale,
            "url": document.url,
            "topic": document.topic,
            "title": {document.locale: strip_marks(document.title)},
            "body": {document.locale: strip_marks(document.body)},
        }
        if document.geo is not None:
            latitude, longitude = document.geo
            # A dict, because geo_point arrays are [longitude, latitude].
            fields["geo"] = {"lat": latitude, "lon": longitude}
        return cls(meta={"id": document_id(document.type, document.id, document.locale)}, **fields)


def strip_marks(text):
    return text.replace(MARK_START, "").replace(MARK_END, "")


def document_id(type_, id_, locale):
    return f"{type_}:{id_}:{locale}"


def index_body(installed_plugins):
    """Settings and mappings for a new index on a cluster with these plugins.

    The mapping is the same on every cluster; only the definitions of the
    `<locale>_text` analyzers it names change with the plugins.
    """
    index = Index("unnamed")  # the name is chosen at creation, not part of the body
    # One shard: a province's pages fit easily, and a single shard gives every
    # document the same term statistics, so scores are comparable.
    index.settings(number_of_shards=1)
    for locale_analyzer in locale_analyzers(installed_plugins).values():
        index.analyzer(locale_analyzer)
    index.mapping(SearchEntry._doc_type.mapping)
    return index.to_dict()
