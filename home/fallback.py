"""Which page a reader gets when their language has no version of it.

A page counts as translated into a locale only if a live page with its
translation key exists there and is not an alias of a page in another
locale: wagtail-localize fills untranslated trees with such aliases, whose
text is the source language's. Those, and pages missing altogether, are
served from the first real translation in the reader's fallback chain,
under a notice, with a canonical link to the real page and noindex.
"""
from django.db.models import F, Q
from wagtail.models import Page

from portal import languages

REAL = Q(alias_of__isnull=True) | Q(alias_of__locale=F("locale"))


def is_untranslated_alias(page):
    """An alias standing in a locale for a page of another locale."""
    if not page.alias_of_id:
        return False
    return Page.objects.filter(pk=page.alias_of_id).exclude(locale_id=page.locale_id).exists()


def real_translations(page):
    """Live, real versions of `page` in every locale (itself included), in table order."""
    pages = Page.objects.filter(translation_key=page.translation_key, live=True).filter(REAL).select_related("locale")
    order = {code: index for index, code in enumerate(languages.CODES)}
    return sorted(pages, key=lambda p: order.get(p.locale.language_code, len(order)))


def best_version(pages_by_language, reader_language):
    """Of {language code: page}, the one to show a reader of `reader_language`.

    Returns (page, is_fallback); (None, True) when nothing can be shown.
    """
    if reader_language in pages_by_language:
        return pages_by_language[reader_language], False
    for code in languages.fallback_chain(reader_language):
        if code in pages_by_language:
            return pages_by_language[code], True
    for code in languages.CODES:
        if code in pages_by_language:
            return pages_by_language[code], True
    return None, True


def fallback_for(page, reader_language):
    """The real page to show in place of `page` (missing or an alias) in `reader_language`."""
    by_language = {p.locale.language_code: p for p in real_translations(page)}
    by_language.pop(reader_language, None)
    shown, _is_fallback = best_version(by_language, reader_language)
    return shown
