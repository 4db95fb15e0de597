"""The place form in the admin: coordinates from the address when the editor leaves them empty."""
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from services import geocoding


class PlaceForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("latitude", "longitude"):
            if name in self.fields:
                self.fields[name].required = False
                self.fields[name].help_text = _("Leave both empty to find them from the address.")

    def clean(self):
        cleaned = super().clean()
        if "latitude" not in self.fields or self.has_error("latitude") or self.has_error("longitude"):
            return cleaned
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None):
            self.add_error("latitude" if latitude is None else "longitude", _("Enter both latitude and longitude, or neither."))
        elif latitude is None:
            self._geocode(cleaned)
        return cleaned

    def _geocode(self, cleaned):
        address = (cleaned.get("address") or "").strip()
        if not address:
            self.add_error("address", _("Enter the address or the coordinates."))
            return
        try:
            location = geocoding.get_geocoder().geocode(address)
        except geocoding.GeocoderUnavailable:
            self.add_error("latitude", _(
                "The address could not be looked up: the geocoding service is unreachable. "
                "Enter the latitude and longitude (for example from a map), or try again later."))
            return
        if location is None:
            self.add_error("address", _(
                "No coordinates were found for this address. Check it, or enter the latitude and longitude "
                "(for example from a map)."))
            return
        cleaned["latitude"], cleaned["longitude"] = location.latitude, location.longitude
        self.instance.latitude, self.instance.longitude = location.latitude, location.longitude
