"""Labels for the statistics' categories, in the reader's language; codes stay in the data and CSV files."""
from django.utils.translation import get_language, gettext as _
from django.utils.translation import get_language_info

from helpdesk.constants import Channel, ResidentType
from portal import languages, topics


def language_name(code):
    """The language in its own name (Tiếng Việt), as the language switcher shows it."""
    language = languages.get(code)
    return language.native_name if language else code


def language_name_for_staff(code):
    """The language in the admin's language, with its own name: "Vietnamese (Tiếng Việt)"."""
    language = languages.get(code)
    if not language:
        return code
    translated = str(get_language_info(code).get("name_translated", language.name))
    return translated if translated == language.native_name else f"{translated} ({language.native_name})"


def topic_name(key):
    return str(topics.LABELS.get(key, key))


def channel_name(value):
    return str(Channel(value).label) if value in Channel.values else value


def resident_type_name(value):
    return str(ResidentType(value).label) if value in ResidentType.values else value


def region_name(region, language_code=None):
    """A region's name in the reader's language (or its fallbacks)."""
    return region.name_in(language_code or get_language())


def province_only_name(province, language_code=None):
    """The row of a province's cases that named no city or county."""
    return _("%(province)s (city or county not given)") % {"province": region_name(province, language_code)}


def no_region_name():
    return _("Region not given")
