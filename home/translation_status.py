"""Where each page stands in each language: missing, in progress, outdated, up to date.

Two queries whatever the size of the site: the source pages, then every
page sharing their translation keys. A translation is outdated when its
source was published after it (the rule editors asked for: "the Korean
changed since you translated it"); re-publishing an unchanged source marks
translations outdated too, which errs on the safe side.
"""
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from portal import languages

MISSING = "missing"
IN_PROGRESS = "in_progress"
OUTDATED = "outdated"
UP_TO_DATE = "up_to_date"
STATUSES = (MISSING, IN_PROGRESS, OUTDATED, UP_TO_DATE)
LABELS = {
    MISSING: _("Missing"),
    IN_PROGRESS: _("In progress"),
    OUTDATED: _("Outdated"),
    UP_TO_DATE: _("Up to date"),
}


@dataclass
class Cell:
    language: str
    status: str
    page_id: int | None = None


@dataclass
class Row:
    source: Page
    cells: list


def status_of(source, translation):
    """The status of `translation` (a Page, or None) of `source`."""
    if translation is None or (translation.alias_of_id and translation.alias_locale_id != translation.locale_id):
        return MISSING
    if not translation.live:
        return IN_PROGRESS
    if source.last_published_at and translation.last_published_at and source.last_published_at > translation.last_published_at:
        return OUTDATED
    if translation.has_unpublished_changes:
        return IN_PROGRESS
    return UP_TO_DATE


def _target_languages(only=None):
    codes = [code for code in languages.CODES if code != languages.SOURCE_LANGUAGE]
    return [code for code in codes if code in only] if only else codes


def status_rows(target_codes=None, page_id=None):
    """Rows of source pages (tree order) with one Cell per target language."""
    from django.db.models import F

    sources = Page.objects.filter(locale__language_code=languages.SOURCE_LANGUAGE, depth__gt=1, alias_of__isnull=True).order_by("path")
    if page_id:
        key = Page.objects.filter(pk=page_id).values("translation_key")
        sources = sources.filter(translation_key__in=key)
    sources = list(sources.specific(defer=True))
    codes = _target_languages(target_codes)
    translations = (
        Page.objects.filter(translation_key__in=[s.translation_key for s in sources], locale__language_code__in=codes)
        .annotate(language=F("locale__language_code"), alias_locale_id=F("alias_of__locale_id"))
        .only("id", "translation_key", "locale_id", "live", "has_unpublished_changes", "last_published_at", "alias_of_id")
    )
    by_key = {(t.translation_key, t.language): t for t in translations}
    rows = []
    for source in sources:
        cells = []
        for code in codes:
            translation = by_key.get((source.translation_key, code))
            cells.append(Cell(code, status_of(source, translation), translation.id if translation else None))
        rows.append(Row(source, cells))
    return rows


def summary(rows):
    """{language code: {status: count}} over `rows`."""
    counts = {}
    for row in rows:
        for cell in row.cells:
            counts.setdefault(cell.language, dict.fromkeys(STATUSES, 0))[cell.status] += 1
    return counts
