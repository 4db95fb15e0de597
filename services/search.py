"""What the portal search indexes of places and events: each in every one of its languages, with a geo point.

The geo point lets Elasticsearch filter and sort by distance when it is
enabled; the embedded engine stores it alongside the entry.
"""
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal import languages
from search.documents import SearchDocument
from search.registry import SearchSource
from services import categories, links
from services.place_hours import described_text
from services.untranslated import readable

TYPE = "place"
EVENT_TYPE = "event"


def address_text(located):
    """The address as the version's readers read it: in Latin letters first outside Korean, then in Hangul
    (what is on a letter or a sign, so pasting it finds the place too)."""
    if located.locale.language_code == languages.SOURCE_LANGUAGE or located.address_in_latin == located.address:
        return located.address
    return f"{located.address_in_latin}\n{located.address}"


def place_text(place):
    """The searchable body: what the place is, where, and when it is open (in the place's language)."""
    with translation.override(place.locale.language_code):
        parts = [str(place.category_label), place.description, address_text(place),
                 described_text(place.opening_hours)]
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


class PlaceSearchSource(SearchSource):
    type = TYPE
    label = _("Place")

    def documents_for(self, obj):
        if obj.untranslated:  # a copy sent for translation: not a version readers may find (sync removes it)
            return []
        category = categories.get(obj.category)
        return [SearchDocument(
            type=TYPE, id=str(obj.pk), key=obj.external_id or str(obj.translation_key),
            locale=obj.locale.language_code, title=obj.name, body=place_text(obj),
            url=links.place_url(obj),
            topic=category.topic if category else "", geo=(obj.latitude, obj.longitude),
        )]

    def all_documents(self):
        from services.models import Place

        for place in readable(Place.objects).select_related("locale").iterator(chunk_size=200):
            yield from self.documents_for(place)


def event_text(event, now=None):
    """The searchable body: what, where, and when it next happens (in the event's language).

    The date is the next occurrence at the time the event is indexed (on every
    save); `manage.py search_index rebuild` moves it on, so run it daily to keep
    the dates of repeating events current (`check` reports the stale ones).
    """
    from django.utils import formats

    from services.events import next_occurrence

    with translation.override(event.locale.language_code):
        upcoming = next_occurrence(event, now)
        when = formats.date_format(upcoming[0].astimezone(event.zone), "DATE_FORMAT") if upcoming else ""
        parts = [event.description, address_text(event), when]
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


class EventSearchSource(SearchSource):
    type = EVENT_TYPE
    label = _("Event")

    def documents_for(self, obj):
        if obj.untranslated:  # as for places
            return []
        return [SearchDocument(
            type=EVENT_TYPE, id=str(obj.pk), key=obj.uid or str(obj.translation_key),
            locale=obj.locale.language_code, title=obj.title, body=event_text(obj),
            url=links.event_url(obj), geo=(obj.latitude, obj.longitude),
        )]

    def all_documents(self):
        from services.models import Event

        for event in readable(Event.objects).select_related("locale").iterator(chunk_size=200):
            yield from self.documents_for(event)
