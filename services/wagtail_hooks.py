"""Editors manage places (translatable via wagtail-localize) and regions as snippets."""
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from services.forms import PlaceForm
from services.models import Place, Region


class PlaceViewSet(SnippetViewSet):
    model = Place
    icon = "site"
    list_display = ["name", "category", "region", "address", "temporarily_closed"]
    list_filter = ["category", "region", "temporarily_closed"]
    search_fields = ["name", "address", "external_id"]
    edit_handler = ObjectList([
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("category"),
        MultiFieldPanel([
            FieldPanel("address"),
            FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            FieldPanel("region"),
        ], heading=_("Location")),
        MultiFieldPanel([
            FieldPanel("phone"), FieldPanel("website"), FieldPanel("opening_hours"),
            FieldRowPanel([FieldPanel("by_appointment"), FieldPanel("temporarily_closed")]),
        ], heading=_("Contact and hours")),
        MultiFieldPanel([
            FieldPanel("languages_spoken"),
            FieldRowPanel([FieldPanel("interpretation_available"), FieldPanel("free_of_charge"),
                           FieldPanel("barrier_free")]),
        ], heading=_("Access")),
        FieldPanel("external_id"),
    ], base_form_class=PlaceForm)  # coordinates from the address when left empty


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "globe"
    list_display = ["code", "__str__", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["code"]


class ServicesGroup(SnippetViewSetGroup):
    items = (PlaceViewSet, RegionViewSet)
    menu_label = _("Places")
    menu_icon = "site"


register_snippet(ServicesGroup)
