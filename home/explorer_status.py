"""Translation statuses where people work: the page explorer and a translator's dashboard.

Built on home.translation_status (its Cells, STATUSES, status_of and StatusFacts),
with the same rule: a fixed number of queries whatever the number of pages listed
(the Korean sources, their translations, and StatusFacts' bulk queries).
"""
from dataclasses import dataclass

from wagtail.models import Page

from home import translation_status
from home.translation_status import UP_TO_DATE, Cell
from portal import languages, roles

def target_codes():
    return [code for code in languages.CODES if code != languages.SOURCE_LANGUAGE]


def language_label(code):
    """The language as the admin names it everywhere: "Tiếng Việt (Vietnamese)"."""
    language = languages.get(code)
    return language.staff_name if language else code


def cells_for_pages(pages):
    """{page id: [Cell]} for pages of any language, as the explorer lists them.

    A Korean page gets one Cell per target language; a translation gets its own
    Cell (its status against its Korean source); a page with no Korean source, none.
    """
    pages = list(pages)
    keys = {page.translation_key for page in pages}
    if not keys:
        return {}
    sources = {
        source.translation_key: source
        for source in Page.objects.filter(
            translation_key__in=keys, locale__language_code=languages.SOURCE_LANGUAGE, alias_of__isnull=True, depth__gt=1
        )
    }
    codes = target_codes()
    translations = translation_status.translations_of(list(sources), codes)
    translations_by_id = {translation.pk: translation for translation in translations.values()}
    facts = translation_status.StatusFacts(list(sources.values()), codes)
    cells = {}
    for page in pages:
        source = sources.get(page.translation_key)
        if source is None:
            continue
        if page.pk == source.pk:
            cells[page.pk] = [_cell(source, translations, code, facts) for code in codes]
        elif page.pk in translations_by_id:
            cells[page.pk] = [_cell(source, translations, translations_by_id[page.pk].language, facts)]
    return cells


def _cell(source, translations, code, facts):
    translation = translations.get((source.translation_key, code))
    return Cell(code, translation_status.status_of(source, translation, facts), translation.id if translation else None)


def page_ids_with_status(statuses, codes=None):
    """Ids of the Korean pages whose translation into one of `codes` (any language when None) has
    one of `statuses`, and of those translations themselves: what the explorer's filter keeps."""
    rows = translation_status.status_rows(codes)
    ids = set()
    for row in rows:
        for cell in row.cells:
            if cell.status in statuses:
                ids.add(row.source.pk)
                if cell.page_id:
                    ids.add(cell.page_id)
    return ids


def translator_languages(user):
    """The target languages of the user's "Translators: <language>" groups, in the portal's order."""
    if not user.is_authenticated:
        return []
    codes = roles.translator_language_codes(user)
    return [code for code in target_codes() if code in codes]


def sends_for_translation(user):
    """Editors and administrators: they send pages for translation and watch every language."""
    return user.has_perm("wagtail_localize.submit_translation")


@dataclass
class WorkItem:
    """A Korean page and where its translation into one language stands."""

    source: Page
    cell: Cell


def work_for_languages(codes):
    """(counts per language and status, the pages not up to date) for a translator's languages.

    Pages already being translated come first (in progress, then outdated, then
    any other status), then the missing ones, each group in tree order.
    """
    rows = translation_status.status_rows(codes)
    items = [WorkItem(row.source, cell) for row in rows for cell in row.cells if cell.status != UP_TO_DATE]
    order = {translation_status.IN_PROGRESS: 0, translation_status.OUTDATED: 1, translation_status.MISSING: 3}
    items.sort(key=lambda item: order.get(item.cell.status, 2))  # stable: tree order within a status
    return translation_status.summary(rows), items
