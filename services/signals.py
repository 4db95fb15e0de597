"""Keep derived data in step with the places: their translations' facts and the search index.

Each handler is idempotent: running it twice leaves the same state.
"""
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from portal import languages
from search import sync as search_sync
from services.models import SYNCHRONISED_FIELDS, Place
from services.search import TYPE as SEARCH_TYPE


@receiver(post_save, sender=Place)
def synchronise_and_reindex(sender, instance, raw=False, **kwargs):
    if raw:  # loading fixtures: the data is already as it should be
        return
    search_sync.update(SEARCH_TYPE, instance)
    if instance.locale.language_code != languages.SOURCE_LANGUAGE:
        return
    # A corrected phone number or a move must reach every language at once,
    # not when a translator next publishes: readers act on these facts.
    translations = Place.objects.filter(translation_key=instance.translation_key).exclude(pk=instance.pk)
    values = {Place._meta.get_field(field).attname: getattr(instance, Place._meta.get_field(field).attname)
              for field in SYNCHRONISED_FIELDS}
    if translations.exclude(**values).update(**values):
        for translation in translations:
            search_sync.update(SEARCH_TYPE, translation)


@receiver(post_delete, sender=Place)
def remove_from_index(sender, instance, **kwargs):
    search_sync.remove(SEARCH_TYPE, [instance.pk])
