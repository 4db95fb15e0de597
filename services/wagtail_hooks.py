"""Editors manage places and events (translatable via wagtail-localize) and regions as snippets;
translators translate places and events into their language (services.permissions); editors
import places and events from files (services.admin_import)."""
import django_filters
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from services import admin_import, import_preview, permissions
from services.admin_map import MapPinPanel, PinCheckedCreateView, PinCheckedEditView
from services.forms import EventForm, PlaceForm
from services.models import Event, Place, Region
from services.place_chooser import PlaceChooserViewSet

# Before the viewsets are registered (Wagtail's rule): editors change every language, translators theirs.
permissions.register(Place, Event)


class ServicesEditView(permissions.InstanceCheckedEditView, PinCheckedEditView):
    """The place and event edit view (and wagtail-localize's translation editor it opens): this instance's language."""


class ServicesIndexView(permissions.InstanceCheckedIndexView, admin_import.ImportButtonIndexView, IndexView):
    """The place and event listings: edit links where allowed, a translator's language first, an Import button."""


class PlaceViewSet(SnippetViewSet):
    model = Place
    icon = "site"
    chooser_viewset_class = PlaceChooserViewSet  # search by name or address, filter by region and category
    add_view_class, edit_view_class = PinCheckedCreateView, ServicesEditView  # warn of a pin far off
    index_view_class = ServicesIndexView
    list_display = ["name", "category", "region", "address", "temporarily_closed"]
    list_filter = ["category", "region", "temporarily_closed"]
    search_fields = ["name", "address", "external_id"]
    edit_handler = ObjectList([
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("category"),
        MultiFieldPanel([
            FieldPanel("address"),
            FieldPanel("address_romanised"),
            FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            MapPinPanel(),  # place the pin by hand when the address is not found
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


class EventFilterSet(WagtailFilterSet):
    start = django_filters.DateFromToRangeFilter(label=_("First occurrence"), widget=DateRangePickerWidget)

    class Meta:
        model = Event
        fields = ["region", "recurrence_kind", "free_of_charge"]


class EventViewSet(SnippetViewSet):
    model = Event
    icon = "date"
    add_view_class, edit_view_class = PinCheckedCreateView, ServicesEditView  # warn of a pin far off
    index_view_class = ServicesIndexView
    list_display = ["title", "start", "recurrence_kind", "region", "address"]
    filterset_class = EventFilterSet
    search_fields = ["title", "address", "uid"]
    edit_handler = ObjectList([
        FieldPanel("title"),
        FieldPanel("description"),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
            FieldPanel("time_zone"),
        ], heading=_("When")),
        MultiFieldPanel([
            FieldPanel("recurrence_kind"),
            FieldPanel("recurrence_weekdays"),
            FieldPanel("recurrence_interval"),
            FieldRowPanel([FieldPanel("recurrence_nth"), FieldPanel("recurrence_weekday")]),
            FieldPanel("recurrence_until"),
        ], heading=_("Repeats")),
        MultiFieldPanel([
            FieldPanel("place"),
            FieldPanel("address"),
            FieldPanel("address_romanised"),
            FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            MapPinPanel(),  # place the pin by hand when the address is not found
            FieldPanel("region"),
        ], heading=_("Location")),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("cost"), FieldPanel("free_of_charge")]),
            FieldPanel("languages_spoken"),
            FieldPanel("registration_url"),
        ], heading=_("Taking part")),
        FieldPanel("uid"),
    ], base_form_class=EventForm)  # a place's location, or coordinates from the address when left empty


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "globe"
    list_display = ["code", "__str__", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["code"]


class ServicesGroup(SnippetViewSetGroup):
    items = (PlaceViewSet, EventViewSet, RegionViewSet)
    menu_label = _("Places")
    menu_icon = "site"
    submenu_hook = "register_services_menu_item"  # the import menu items below


register_snippet(ServicesGroup)


@hooks.register("register_services_menu_item")
def import_places_menu_item():
    return admin_import.ImportMenuItem(import_preview.KINDS["places"], order=10)


@hooks.register("register_services_menu_item")
def import_events_menu_item():
    return admin_import.ImportMenuItem(import_preview.KINDS["events"], order=11)


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("services/import/<slug:kind_name>/", admin_import.upload, name="services_import"),
        path("services/import/<slug:kind_name>/preview/", admin_import.preview, name="services_import_preview"),
        path("services/import/<slug:kind_name>/confirm/", admin_import.confirm, name="services_import_confirm"),
    ]
