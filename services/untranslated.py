"""Copies that are not translations yet: what readers must not be served as one.

wagtail-localize cannot keep a draft of a snippet, so sending a place or an
event for translation at once saves a version in the target language that is a
verbatim copy of the Korean one. Such a version is flagged `untranslated`
(derived on every save by mark_untranslated()) and every reader path (lists, APIs, pages,
feeds, search) asks for readable() versions only, so the reader keeps the
fallback, marked as such, until a translator publishes real text. The admin
uses the default managers and sees every version.

The flag is derived when the translation is saved, not when the Korean text
changes later: a translation that was real text stays readable (it is then out
of date, which is the translation status's business, not this flag's). A
translation that a translator publishes word for word equal to the Korean
(a proper noun with no description) stays hidden too: readers then see the
Korean version, which says the same.
"""
from django.db.models import Q

READABLE = Q(untranslated=False)


def readable(queryset):
    """The versions readers may be served: sources and real translations, not the copies made on sending."""
    return queryset.filter(READABLE)


def translated_text_fields(model):
    """The fields translators translate (name or title, description), from wagtail-localize's declaration."""
    from wagtail_localize.fields import TranslatableField

    return [field.field_name for field in model.override_translatable_fields if isinstance(field, TranslatableField)]


def is_copy_of(instance, source):
    """True when every translated field of instance still holds the source's text."""
    return all(getattr(instance, name) == getattr(source, name) for name in translated_text_fields(type(instance)))


def mark_untranslated(instance, source):
    """Set instance.untranslated before a save; source is its Korean version (None for a source or an orphan)."""
    instance.untranslated = source is not None and is_copy_of(instance, source)
