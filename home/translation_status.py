"""Where each page stands in each language: missing, in progress, outdated, up to date.

A handful of queries whatever the size of the site (StatusFacts gathers them
for all the pages at once). The rules, in every transition a page goes through:
- sent for translation, machine-translated or edited but not published: in progress;
- published from the current source: up to date;
- the source published with a change to its text after the translation was
  last published (translations.models.SourceChange; a minor change does not
  count), or the live translation still lacking a translation of some source
  segment (re-publishing a stale translation does not make it current): outdated;
- never translated, an alias of the source, or deleted: missing.
Translations made outside wagtail-localize (imports) are compared by dates: the
source published after the translation makes it outdated.
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


class StatusFacts:
    """What the status rules need to know about a set of source pages, in bulk."""

    def __init__(self, sources, codes):
        from django.db.models import Max
        from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

        from translations.models import SourceChange

        keys = [source.translation_key for source in sources]
        self.managed = set(
            Translation.objects.filter(source__object_id__in=keys, enabled=True, target_locale__language_code__in=codes)
            .values_list("source__object_id", "target_locale__language_code")
        )
        translation_sources = dict(
            TranslationSource.objects.filter(object_id__in=keys, locale__language_code=languages.SOURCE_LANGUAGE)
            .values_list("id", "object_id")
        )
        self.has_source = set(translation_sources.values())
        self.changed_at = dict(
            SourceChange.objects.filter(translation_key__in=keys, minor=False)
            .values("translation_key").annotate(last=Max("changed_at")).values_list("translation_key", "last")
        )
        segments = list(StringSegment.objects.filter(source_id__in=translation_sources).values_list("source_id", "string_id", "context_id"))
        done = {}
        for string_id, context_id, code, updated_at in StringTranslation.objects.filter(
            context_id__in={context for _s, _string, context in segments}, locale__language_code__in=codes, has_error=False
        ).values_list("translation_of_id", "context_id", "locale__language_code", "updated_at"):
            done[(string_id, context_id, code)] = updated_at
        self.untranslated = {}
        self.last_edit = {}
        for source_id, string_id, context_id in segments:
            key = translation_sources[source_id]
            for code in codes:
                edited = done.get((string_id, context_id, code))
                if edited is None:
                    self.untranslated[(key, code)] = self.untranslated.get((key, code), 0) + 1
                elif (key, code) not in self.last_edit or edited > self.last_edit[(key, code)]:
                    self.last_edit[(key, code)] = edited


def status_of(source, translation, facts=None):
    """The status of `translation` (a Page, or None) of `source`; `facts` from StatusFacts([source], ...)."""
    if translation is None or (translation.alias_of_id and translation.alias_locale_id != translation.locale_id):
        return MISSING
    if not translation.live:
        return IN_PROGRESS
    code = translation.language if hasattr(translation, "language") else translation.locale.language_code
    if facts is None:
        facts = StatusFacts([source], [code])
    key = source.translation_key
    if key in facts.has_source:
        changed_at = facts.changed_at.get(key)
    else:
        changed_at = source.last_published_at
    published_at = translation.last_published_at
    if changed_at and published_at and changed_at > published_at:
        return OUTDATED
    if (key, code) in facts.managed:
        if facts.untranslated.get((key, code)):
            return OUTDATED
        edited = facts.last_edit.get((key, code))
        if edited and published_at and edited > published_at:
            return IN_PROGRESS
    if translation.has_unpublished_changes:
        return IN_PROGRESS
    return UP_TO_DATE


def _target_languages(only=None):
    codes = [code for code in languages.CODES if code != languages.SOURCE_LANGUAGE]
    return [code for code in codes if code in only] if only else codes


TRANSLATION_FIELDS = ("id", "translation_key", "locale_id", "live", "has_unpublished_changes", "last_published_at", "alias_of_id")


def translations_of(keys, codes):
    """{(translation key, language code): page} of the pages with `keys` in the languages `codes`,
    with what status_of reads (`language`, `alias_locale_id`) and nothing more."""
    from django.db.models import F

    pages = (
        Page.objects.filter(translation_key__in=keys, locale__language_code__in=codes)
        .annotate(language=F("locale__language_code"), alias_locale_id=F("alias_of__locale_id"))
        .only(*TRANSLATION_FIELDS)
    )
    return {(page.translation_key, page.language): page for page in pages}


def status_rows(target_codes=None, page_id=None):
    """Rows of source pages (tree order) with one Cell per target language."""
    sources = Page.objects.filter(locale__language_code=languages.SOURCE_LANGUAGE, depth__gt=1, alias_of__isnull=True).order_by("path")
    if page_id:
        key = Page.objects.filter(pk=page_id).values("translation_key")
        sources = sources.filter(translation_key__in=key)
    sources = list(sources.specific(defer=True))
    codes = _target_languages(target_codes)
    by_key = translations_of([source.translation_key for source in sources], codes)
    facts = StatusFacts(sources, codes)
    rows = []
    for source in sources:
        cells = []
        for code in codes:
            translation = by_key.get((source.translation_key, code))
            cells.append(Cell(code, status_of(source, translation, facts), translation.id if translation else None))
        rows.append(Row(source, cells))
    return rows


def summary(rows):
    """{language code: {status: count}} over `rows`."""
    counts = {}
    for row in rows:
        for cell in row.cells:
            counts.setdefault(cell.language, dict.fromkeys(STATUSES, 0))[cell.status] += 1
    return counts
