from django.utils import translation
from django.utils.translation import gettext as _

from portal import languages


def portal(request):
    """Language facts and help lines every template needs; no database access."""
    current = languages.get(translation.get_language()) or languages.get(languages.SOURCE_LANGUAGE)
    return {
        "current_language": current,
        "site_name": _("Gyeonggi Immigrant Portal"),
    }
