"""Does the pin an editor placed agree with the address and the region? Warnings, never refusals.

Editors place pins by hand when the geocoder cannot find an address, and a click
in the wrong city of an unlabelled map is easy (issue 20). The save goes through:
the admin shows each warning after it (services.admin_map), because the editor
may well be right (a new building the geocoder does not know, an address written
loosely) and only a person can tell.

The address is looked up through services.geocoding, which is cached, has a short
timeout and a circuit breaker; when the geocoder cannot answer, the address is
simply not compared (there is nothing useful to tell the editor).
"""
import logging
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext

from services import geocoding

logger = logging.getLogger(__name__)

# Korean road addresses are often found only to the road (whose centre can be a
# few km from the number) or to the district, so nearer than this is no news.
# A pin in another city, the mistake this catches, is farther.
FAR_FROM_ADDRESS_KM = 5.0


@dataclass(frozen=True)
class PinFarFromAddress:
    distance_km: float
    found_address: str  # the address as the geocoder understood it

    def message(self):
        """The warning, in the active (admin) language."""
        return gettext(
            "The pin is %(distance)s km from where the address is found on the map (%(address)s). "
            "Check the pin and the address."
        ) % {"distance": formats.number_format(round(self.distance_km)), "address": self.found_address}


@dataclass(frozen=True)
class PinOutsideRegion:
    region: object  # services.models.Region chosen for the place or event
    found: object = None  # the Region the pin seems to lie in (services.regions.region_for_point), if any

    def message(self):
        if self.found is None:
            return gettext("The pin is outside %(region)s, the chosen region. Check the pin and the region.") % {
                "region": self.region}
        return gettext(
            "The pin is outside %(region)s, the chosen region: it seems to be in %(found)s. "
            "Check the pin and the region."
        ) % {"region": self.region, "found": self.found}


def region_holds(region, latitude, longitude):
    """Whether the point is in the region's bounding box. The boxes are drawn generously
    (services/data/regions.json), so a point outside is really outside."""
    return region.south <= latitude <= region.north and region.west <= longitude <= region.east


def check_pin(latitude, longitude, address="", region=None, geocoder=None):
    """The warnings about a pin at (latitude, longitude): far from where `address` is found,
    or outside `region`. [] when all agree or there is nothing to compare with.

    geocoder: a services.geocoding.Geocoder (the configured one by default).
    """
    from services.nearby import distance_km
    from services.regions import region_for_point

    if latitude is None or longitude is None:
        return []
    warnings = []
    address = (address or "").strip()
    if address:
        try:
            location = (geocoder or geocoding.get_geocoder()).geocode(address)
        except geocoding.GeocoderUnavailable as error:
            logger.info("Pin not compared with the address: the geocoder is unavailable (%s)", error)
            location = None
        if location is not None:
            distance = distance_km((latitude, longitude), (location.latitude, location.longitude))
            if distance > FAR_FROM_ADDRESS_KM:
                warnings.append(PinFarFromAddress(distance, location.address))
    if region is not None and not region_holds(region, latitude, longitude):
        warnings.append(PinOutsideRegion(region, region_for_point(latitude, longitude)))
    return warnings
