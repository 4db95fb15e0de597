"""The spoken languages of a place or an event: codes of the portal's languages, comma-separated."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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


# The portal's languages named in the reader's language ("Vietnamese" on an English page, "베트남어" on a
# Korean one), for the languages a place's staff speak; the switcher names each in its own (Language.native_name).
NAMES = {
    "ko": pgettext_lazy("language name", "Korean"),
    "en": pgettext_lazy("language name", "English"),
    "vi": pgettext_lazy("language name", "Vietnamese"),
    "zh-hans": pgettext_lazy("language name", "Chinese"),
    "th": pgettext_lazy("language name", "Thai"),
    "km": pgettext_lazy("language name", "Khmer"),
    "ne": pgettext_lazy("language name", "Nepali"),
    "id": pgettext_lazy("language name", "Indonesian"),
    "uz": pgettext_lazy("language name", "Uzbek"),
    "fil": pgettext_lazy("language name", "Filipino"),
    "ru": pgettext_lazy("language name", "Russian"),
    "ja": pgettext_lazy("language name", "Japanese"),
    "si": pgettext_lazy("language name", "Sinhala"),
    "ur": pgettext_lazy("language name", "Urdu"),
}


def name_in_reader_language(code):
    """The language's name in the active language; its own name for a code without one here."""
    if code in NAMES:
        return str(NAMES[code])
    language = languages.get(code)
    return language.native_name if language else code
