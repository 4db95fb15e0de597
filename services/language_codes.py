"""The spoken languages of a place or an event: codes of the portal's languages, comma-separated."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal import languages


def validate_language_codes(value):
    unknown = [code for code in parse_language_codes(value) if not languages.get(code)]
    if unknown:
        raise ValidationError(
            _("Unknown language codes: %(codes)s. Use codes of the portal's languages, separated by commas."),
            params={"codes": ", ".join(unknown)},
        )


def parse_language_codes(value):
    return [code.strip().lower() for code in (value or "").split(",") if code.strip()]
