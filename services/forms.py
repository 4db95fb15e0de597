"""Place and event forms in the admin: coordinates from the address when the editor leaves them empty."""
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from services import geocoding, pin_check
from services.addresses import romanise_address
from services.regions import region_for_point
from services.models import WEEKDAY_CHOICES, WEEKDAY_CODES, available_time_zones, format_weekdays, parse_weekdays


class GeocodedAddressForm(WagtailAdminModelForm):
    """A form with address, latitude and longitude: both coordinates empty means "find them
    from the address" (services.geocoding); the editor is told when that fails. Coordinates
    the editor gave are checked against the address and the region after saving (pin_warnings)."""

    # A change to any of these is worth checking the pin again.
    PIN_FIELDS = ("latitude", "longitude", "address", "region")

    def location_given_elsewhere(self, cleaned):
        """True when the coordinates come from something else than the form (an event's place)."""
        return False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.geocoded = False  # True once clean() filled the coordinates from the address
        for name in ("latitude", "longitude"):
            if name in self.fields:
                self.fields[name].required = False
                self.fields[name].help_text = _("Leave both empty to find them from the address.")
        if "address_romanised" in self.fields and self.instance.address:
            # What readers get when the field stays empty, so the editor types only a correction.
            self.fields["address_romanised"].widget.attrs["placeholder"] = romanise_address(self.instance.address)

    def clean(self):
        cleaned = super().clean()
        if "latitude" not in self.fields or self.has_error("latitude") or self.has_error("longitude"):
            return cleaned
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if self.location_given_elsewhere(cleaned):
            return cleaned
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
        self.geocoded = True

    def pin_warnings(self):
        """services.pin_check's warnings about the pin of a valid form, for the admin to show after
        saving. [] at an event's place (the place's pin is checked when the place is saved) and when
        no part of the location changed (no lookup on every save). Coordinates found from the
        address agree with it by construction: only the region is compared then."""
        if not self.is_valid() or "latitude" not in self.fields:
            return []
        cleaned = self.cleaned_data
        if self.location_given_elsewhere(cleaned) or not set(self.PIN_FIELDS) & set(self.changed_data):
            return []
        return pin_check.check_pin(cleaned.get("latitude"), cleaned.get("longitude"),
                                   "" if self.geocoded else cleaned.get("address", ""), cleaned.get("region"))


class PlaceForm(GeocodedAddressForm):
    """Places: a region left empty is filled in from the coordinates (services.regions.region_for_point),
    a suggestion the editor sees and can change; a region the editor chose is kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "region" in self.fields:
            self.fields["region"].help_text = _(
                "Leave empty to have it filled in from the coordinates. Check it after saving: "
                "near a border the suggestion can be the neighbouring city.")

    def clean(self):
        cleaned = super().clean()
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if ("region" in self.fields and not cleaned.get("region") and not self.errors
                and latitude is not None and longitude is not None):
            cleaned["region"] = region_for_point(latitude, longitude)
        return cleaned


class EventForm(GeocodedAddressForm):
    """Events: at a place, or at an address geocoded like a place's; weekdays as checkboxes;
    start and end entered as wall-clock times in the event's own time zone."""

    recurrence_weekdays = forms.MultipleChoiceField(
        label=_("on weekdays"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(WEEKDAY_CODES[number], label) for number, label in WEEKDAY_CHOICES],
        help_text=_("Weekly events: the days of the week. The start must be on one of them."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        event = self.instance
        if event.pk:
            weekdays = parse_weekdays(event.recurrence_weekdays)
            self.initial["recurrence_weekdays"] = [WEEKDAY_CODES[day] for day in weekdays]
            # Shown as the event's wall-clock times (a naive value is not converted to the editor's zone).
            for name in ("start", "end"):
                if getattr(event, name) and name in self.fields:
                    self.initial[name] = getattr(event, name).astimezone(event.zone).replace(tzinfo=None)
        for name in ("start", "end"):
            if name in self.fields:
                self.fields[name].help_text = _("In the event's time zone.")

    def location_given_elsewhere(self, cleaned):
        return cleaned.get("place") is not None

    def clean_recurrence_weekdays(self):
        return format_weekdays(WEEKDAY_CODES.index(code) for code in self.cleaned_data["recurrence_weekdays"])

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        if zone_name in available_time_zones():
            # The form read the times in the editor's zone; they are wall-clock times of the event's.
            editor_zone, event_zone = timezone.get_current_timezone(), ZoneInfo(zone_name)
            for name in ("start", "end"):
                if cleaned.get(name):
                    wall_clock = cleaned[name].astimezone(editor_zone).replace(tzinfo=None)
                    cleaned[name] = wall_clock.replace(tzinfo=event_zone)
        return cleaned
