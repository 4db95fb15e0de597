"""What the portal search indexes of the places: every place, in each of its languages, with a geo point.

The geo point lets Elasticsearch filter and sort by distance when it is
enabled; the embedded engine stores it alongside the entry.
"""
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from search.documents import SearchDocument
from search.registry import SearchSource
from services import categories

TYPE = "place"


def place_text(place):
    """The searchable body: what the place is, where, and when it is open (in the place's language)."""
    with translation.override(place.locale.language_code):
        parts = [str(place.category_label), place.description, place.address, place.opening_hours]
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


class PlaceSearchSource(SearchSource):
    type = TYPE
    label = _("Place")

    def documents_for(self, obj):
        category = categories.get(obj.category)
        return [SearchDocument(
            type=TYPE, id=str(obj.pk), key=obj.external_id or str(obj.translation_key),
            locale=obj.locale.language_code, title=obj.name, body=place_text(obj),
            url="",  # place pages come with the map pages (issue 4, later slice)
            topic=category.topic if category else "", geo=(obj.latitude, obj.longitude),
        )]

    def all_documents(self):
        from services.models import Place

        for place in Place.objects.select_related("locale").iterator(chunk_size=200):
            yield from self.documents_for(place)
