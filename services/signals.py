"""Keep derived data in step with places and events: their translations' facts,
the location of events at a place, and the search index.

Each handler is idempotent: running it twice leaves the same state.
"""
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Locale

from portal import languages
from search import sync as search_sync
from services import nearby
from services.models import PLACE_LOCATION_FIELDS, Event, Place
from services.search import EVENT_TYPE
from services.search import TYPE as PLACE_TYPE


def _push_facts_to_translations(instance, search_type):
    """A corrected phone number, time or move must reach every language at once,
    not when a translator next publishes: readers act on these facts."""
    if instance.locale.language_code != languages.SOURCE_LANGUAGE:
        return
    model = type(instance)
    translations = model.objects.filter(translation_key=instance.translation_key).exclude(pk=instance.pk)
    values = instance.synchronised_values()
    if translations.exclude(**values).update(**values):
        for translation in translations:
            search_sync.update(search_type, translation)


def _move_events_at(place):
    """Events at a place take its address, coordinates and region (in every language)."""
    values = {Place._meta.get_field(field).attname: getattr(place, Place._meta.get_field(field).attname)
              for field in PLACE_LOCATION_FIELDS}
    events = Event.objects.filter(place=place)
    if events.exclude(**values).update(**values):
        for event in events:
            search_sync.update(EVENT_TYPE, event)


@receiver(post_save, sender=Place)
def synchronise_and_reindex(sender, instance, raw=False, **kwargs):
    if raw:  # loading fixtures: the data is already as it should be
        return
    search_sync.update(PLACE_TYPE, instance)
    _push_facts_to_translations(instance, PLACE_TYPE)
    if instance.locale.language_code == languages.SOURCE_LANGUAGE:
        _move_events_at(instance)


@receiver(post_save, sender=Event)
def synchronise_and_reindex_event(sender, instance, raw=False, **kwargs):
    if raw:
        return
    search_sync.update(EVENT_TYPE, instance)
    _push_facts_to_translations(instance, EVENT_TYPE)


@receiver(post_delete, sender=Place)
def remove_from_index(sender, instance, **kwargs):
    search_sync.remove(PLACE_TYPE, [instance.pk])


@receiver(post_delete, sender=Event)
def remove_event_from_index(sender, instance, **kwargs):
    search_sync.remove(EVENT_TYPE, [instance.pk])


# The nearby query keeps the locale ids for the life of the process.
post_save.connect(nearby.forget_locale_ids, sender=Locale, dispatch_uid="services_forget_locale_ids_on_save")
post_delete.connect(nearby.forget_locale_ids, sender=Locale, dispatch_uid="services_forget_locale_ids_on_delete")
