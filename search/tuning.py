"""What editors tune: synonyms (both engines) and promoted results.

Synonyms expand the reader's query (not the index), so a new synonym works at
once on both engines without a reindex.
"""
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Locale
from wagtail.search.utils import normalise_query_string

from portal import languages
from search.models import SynonymGroup
from search.query import script_language
from search.snippets import fold

# Scripts written without spaces between words (or, for Korean, with
# particles glued on): a synonym there matches inside a longer word.
UNSPACED_SCRIPTS = {"Kore", "Hans", "Jpan", "Thai", "Khmr"}


def _fold(text):
    return " ".join(fold(text).split())


def _occurs(term, folded_query):
    code = script_language(term)
    if code and languages.get(code).script in UNSPACED_SCRIPTS:
        return term in folded_query
    return f" {term} " in f" {folded_query} "


def load_synonyms(path):
    """Add the synonym groups of a JSON file ([{"locale", "terms"}]) that are not there yet."""
    import json

    created = 0
    for group in json.loads(path.read_text(encoding="utf-8")):
        created += SynonymGroup.objects.get_or_create(locale=group["locale"], terms=group["terms"])[1]
    return created


def expansions(text, locales):
    """Synonyms of words in text, from the groups of the searched languages."""
    folded_query = _fold(text)
    found = []
    for group in SynonymGroup.objects.filter(locale__in=locales):
        terms = group.term_list()
        folded = [_fold(term) for term in terms]
        if any(term and _occurs(term, folded_query) for term in folded):
            found += [term for term, f in zip(terms, folded) if not _occurs(f, folded_query)]
    return tuple(dict.fromkeys(found))


def promotions(text, locale):
    """Editors' promoted pages for this query, each in the reader's language when it exists."""
    picks = (
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(text))
        .select_related("page")
        .order_by("sort_order")
    )
    reader_locale = Locale.objects.filter(language_code=locale).first()
    results = []
    for pick in picks:
        if pick.page_id:
            page = pick.page
            if reader_locale:
                page = page.get_translation_or_none(reader_locale) or page
            page = page.specific
            if not page.live or getattr(page, "alias_of_id", None):
                continue
            results.append({"title": page.title, "url": page.url, "description": pick.description,
                            "locale": page.locale.language_code})
        elif pick.external_link_url:
            results.append({"title": pick.external_link_text or pick.external_link_url,
                            "url": pick.external_link_url, "description": pick.description, "locale": locale})
    return results


