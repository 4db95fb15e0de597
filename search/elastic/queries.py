"""The JSON we send for a search or a suggestion, and the Hits we make of the answer.

Text is only ever passed to `match` queries, which analyse it and never parse
it: a reader's quotes, brackets or wildcards are words, not syntax.
"""
import html
import re

from elasticsearch.dsl import Q, Search

from portal import languages
from search.documents import Hit
from search.elastic.mapping import MARK_END, MARK_START

TITLE_BOOST = 3.0
# Editors' synonyms widen a search; a page that uses the reader's own words
# should still come first.
EXPANSION_WEIGHT = 0.5
SNIPPET_LENGTH = 200
# Only where a token is a word spelled letter by letter does an edit distance
# mean "a typo". In Hangul, Han, Kana, Thai or Khmer tokens one edit is another
# word (or, for bigrams, most of the token).
FUZZY_SCRIPTS = frozenset({"Latn", "Cyrl", "Grek"})
# Highlighting stops here on a very long page instead of failing the search.
HIGHLIGHT_MAX_ANALYZED = 100_000
RETURNED_FIELDS = ["type", "id", "key", "locale", "url", "topic", "title", "geo"]


def _text_clauses(text, code, weight, fuzzy):
    options = {"fuzziness": "AUTO", "prefix_length": 1} if fuzzy else {}
    return [
        Q("match", **{f"title.{code}": {"query": text, "boost": TITLE_BOOST * weight, **options}}),
        Q("match", **{f"body.{code}": {"query": text, "boost": weight, **options}}),
    ]


def search_request(query):
    """The search for a SearchQuery as an elasticsearch.dsl Search (not yet bound to a cluster).

    Each locale's clauses go to its own fields, so the text is analysed the
    way that language was indexed; one request serves the reader's language
    and the Korean and English fallbacks together.
    """
    codes = [code for code in query.locales if code in languages.BY_CODE]
    if not codes:
        return Search().query(Q("match_none")).extra(size=0)
    should = []
    for code in codes:
        fuzzy = languages.BY_CODE[code].script in FUZZY_SCRIPTS
        should += _text_clauses(query.text, code, 1.0, fuzzy)
        for expansion in query.expansions:
            # An editor typed the synonym on purpose: no typo tolerance.
            should += _text_clauses(expansion, code, EXPANSION_WEIGHT, False)
    filters = [Q("terms", locale=codes)]
    if query.types:
        filters.append(Q("terms", type=list(query.types)))
    return (
        Search()
        .query(Q("bool", filter=filters, should=should, minimum_should_match=1))
        .source(RETURNED_FIELDS)
        .highlight(*[f"body.{code}" for code in codes])
        .highlight_options(
            pre_tags=[MARK_START],
            post_tags=[MARK_END],
            number_of_fragments=1,
            fragment_size=SNIPPET_LENGTH,
            # When only the title matched: the start of the body, still a snippet.
            no_match_size=SNIPPET_LENGTH,
            max_analyzed_offset=HIGHLIGHT_MAX_ANALYZED,
        )
        .extra(size=query.limit, track_total_hits=False)
    )


def build_query(query):
    """The JSON body of the search request for a SearchQuery."""
    return search_request(query).to_dict()


def suggest_request(prefix, code, limit):
    """Titles in one locale that start with the prefix, or whose words do."""
    return (
        Search()
        .query(
            Q(
                "bool",
                filter=[Q("term", locale=code)],
                should=[
                    Q("prefix", **{f"title.{code}.raw": {"value": prefix, "case_insensitive": True, "boost": 2.0}}),
                    Q("match_phrase_prefix", **{f"title.{code}": {"query": prefix, "max_expansions": 20}}),
                ],
                minimum_should_match=1,
            )
        )
        .source(["title", "url", "locale"])
        # Several types and translations can share a title; ask for more so
        # that `limit` distinct titles are left after removing repeats.
        .extra(size=limit * 3, track_total_hits=False)
    )


def build_suggest(prefix, code, limit):
    return suggest_request(prefix, code, limit).to_dict()


_MARKED = re.compile(f"{MARK_START}(.*?){MARK_END}", re.S)


def safe_snippet(fragments, body=""):
    """HTML for a result: the text escaped as a whole, then only the sentinels made <mark>.

    Escaping first means nothing in a page (a <script>, an attribute, a stray
    ampersand) can become markup; sentinels cannot be forged because indexed
    text has them removed. Without fragments, the start of the body.
    """
    if not fragments:
        text = " ".join(body.split())
        cut = text[:SNIPPET_LENGTH]
        return html.escape(cut.replace(MARK_START, "").replace(MARK_END, "")) + ("…" if len(text) > SNIPPET_LENGTH else "")
    escaped = html.escape(" … ".join(" ".join(fragment.split()) for fragment in fragments))
    marked = _MARKED.sub(lambda match: f"<mark>{match.group(1)}</mark>", escaped)
    # Bigram analysis highlights 목록 as 목 + 록: one word, one mark. An unpaired
    # sentinel (a fragment cut inside a match) marks nothing.
    return marked.replace("</mark><mark>", "").replace(MARK_START, "").replace(MARK_END, "")


def hit_from(raw):
    """A Hit from one element of hits.hits in a search answer."""
    source = raw["_source"]
    code = source["locale"]
    extra = {}
    if source.get("geo"):
        extra["geo"] = (source["geo"]["lat"], source["geo"]["lon"])
    return Hit(
        type=source["type"],
        id=source["id"],
        key=source["key"],
        locale=code,
        title=source.get("title", {}).get(code, ""),
        url=source.get("url", ""),
        snippet=safe_snippet(raw.get("highlight", {}).get(f"body.{code}", [])),
        score=float(raw.get("_score") or 0.0),
        topic=source.get("topic", ""),
        extra=extra,
    )
