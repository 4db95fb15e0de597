"""A map in the admin's place and event forms: click or drag the pin to set latitude and longitude.

For an address the geocoder cannot find (or places it wrongly), the editor
places the pin by hand. Leaflet is our static copy of django-leaflet's; the
tiles come from settings.MAP_TILE_URL, as on the readers' maps: OpenStreetMap's
tile server unless it is set, so an editor's browser asks it for tiles whenever
a place or event form opens. When the tiles cannot load (offline, blocked) the
widget says so and the coordinate fields still work (static/js/admin-pin.js).

After a save, the create and edit views below show services.pin_check's warnings
(a pin far from its address or outside its region): the save is never refused.
"""
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.panels import Panel
from wagtail.snippets.views.snippets import CreateView, EditView

from services import maps

# Where the map opens when the object has no coordinates yet: Gyeonggi-do.
DEFAULT_CENTRE = (37.41, 127.25)
DEFAULT_ZOOM = 9


class MapPinPanel(Panel):
    """Shows the pin at the form's latitude/longitude fields and writes them when the editor moves it."""

    def __init__(self, latitude_field="latitude", longitude_field="longitude", **kwargs):
        kwargs.setdefault("heading", _("Pin on the map"))
        kwargs.setdefault("help_text", _(
            "Click the map or drag the pin to set the latitude and longitude, for example when the "
            "address cannot be found."))
        super().__init__(**kwargs)
        self.latitude_field = latitude_field
        self.longitude_field = longitude_field

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "latitude_field": self.latitude_field,
                "longitude_field": self.longitude_field}

    class BoundPanel(Panel.BoundPanel):
        template_name = "services/admin/map_pin_panel.html"

        class Media:
            css = {"all": ["leaflet/leaflet.css", "css/admin-pin.css"]}
            js = ["leaflet/leaflet.js", "js/admin-pin.js"]

        def is_shown(self):
            return self.panel.latitude_field in self.form.fields and self.panel.longitude_field in self.form.fields

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(
                latitude_id=self.form[self.panel.latitude_field].id_for_label,
                longitude_id=self.form[self.panel.longitude_field].id_for_label,
                centre=DEFAULT_CENTRE, zoom=DEFAULT_ZOOM, map=maps.map_settings(),
            )
            return context


class PinWarningsMixin:
    """Snippet create and edit views of a GeocodedAddressForm (services.forms): the pin's warnings
    as admin messages, after the success message, with its "Edit" button back to the form."""

    def save_action(self):
        response = super().save_action()
        if not self.expects_json_response:  # a JSON save has no next page to show them on
            for warning in self.form.pin_warnings():
                messages.warning(self.request, warning.message(), buttons=self.get_success_buttons())
        return response


class PinCheckedCreateView(PinWarningsMixin, CreateView):
    pass


class PinCheckedEditView(PinWarningsMixin, EditView):
    pass
