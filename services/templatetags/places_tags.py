"""Template helpers of the places pages: distances per locale, call and directions links, languages."""
from django import template
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from portal import languages
from services import listing, region_labels
from services.links import event_url, place_url
from services.place_hours import place_hours as hours_of_place

register = template.Library()


@register.filter
def distance(kilometres):
    """"350 m", "1.2 km", "12 km", with the decimal separator of the reader's language."""
    if kilometres is None:
        return ""
    if kilometres < 1:
        # Tens of metres: a shared location is rounded to about a kilometre anyway.
        metres = max(10, round(kilometres * 100) * 10)
        return _("%(distance)s m") % {"distance": number_format(metres, use_l10n=True)}
    decimals = 1 if kilometres < 9.95 else 0  # 9.96 km reads "10 km", not "10.0 km"
    return _("%(distance)s km") % {"distance": number_format(round(kilometres, decimals), decimals, use_l10n=True)}


@register.filter
def tel_href(phone):
    return listing.tel_href(phone or "")


@register.simple_tag
def directions_url(latitude, longitude, name=""):
    return listing.directions_url(latitude, longitude, name)


@register.filter
def language_names(codes):
    """[Language] for a list of codes, each to be shown in its own name with its lang and dir."""
    return listing.language_names(codes)


@register.filter
def language_of(code):
    return languages.get(code)


@register.filter
def region_name(region):
    """A region's name in the reader's language (plain; region_label or region_text to show it)."""
    return region.name_in(translation.get_language()) if region else ""


@register.filter
def region_label(region):
    """The region's name as HTML: a name borrowed from another language in a <span lang dir>."""
    return region_labels.label(region, translation.get_language()) if region else ""


@register.filter
def region_text(region):
    """The region's name as plain text for a <title> or an option's words (isolated where borrowed)."""
    return region_labels.text(region, translation.get_language()) if region else ""


@register.simple_tag
def place_href(place, language_code=None):
    """The place's page in the reader's language (or in language_code)."""
    return place_url(place, language_code or translation.get_language())


@register.simple_tag
def place_hours(place):
    """{% place_hours place as hours %}: its hours described, open now or not (services.place_hours), at this request's time."""
    return hours_of_place(place)


@register.simple_tag
def event_href(event, language_code=None):
    return event_url(event, language_code or translation.get_language())
