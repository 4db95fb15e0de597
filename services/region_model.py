"""The Region model: provinces and their cities and counties, named in every reader language.

Kept apart from services/models.py (which imports it, so it stays a model of the
services app) because places and events only point at it.
"""
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal import languages

LATITUDE_VALIDATORS = [MinValueValidator(-90.0), MaxValueValidator(90.0)]
LONGITUDE_VALIDATORS = [MinValueValidator(-180.0), MaxValueValidator(180.0)]


class Region(models.Model):
    """A province or a city/county in it. Codes: ISO 3166-2 for provinces ("KR-41"),
    "KR-" + the 5-digit national district code for cities and counties ("KR-41110"),
    so province open-data exports that carry the district code map onto them."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        COUNTY = "county", _("County")

    code = models.CharField(max_length=16, unique=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    # {language code: name}: names are reference data loaded from
    # services/data/regions.json, not content translators work on.
    names = models.JSONField(default=dict)
    latitude = models.FloatField(validators=LATITUDE_VALIDATORS)  # centroid
    longitude = models.FloatField(validators=LONGITUDE_VALIDATORS)
    south = models.FloatField(validators=LATITUDE_VALIDATORS)  # approximate bounding box
    west = models.FloatField(validators=LONGITUDE_VALIDATORS)
    north = models.FloatField(validators=LATITUDE_VALIDATORS)
    east = models.FloatField(validators=LONGITUDE_VALIDATORS)

    class Meta:
        app_label = "services"
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name_in(get_language() or languages.SOURCE_LANGUAGE)

    def name_with_language(self, language_code):
        """(name, the language code it is written in): the name in that language, else in its
        fallback languages, else the Korean name; (code, None) for a region without any name.

        The language goes with the name so a page can mark a borrowed name with its own
        lang (an English name on an Urdu page is read with an English voice, left to right)."""
        for code in (language_code, *languages.fallback_chain(language_code), languages.SOURCE_LANGUAGE):
            if self.names.get(code):
                return self.names[code], code
        return self.code, None

    def name_in(self, language_code):
        """The name in that language, else in its fallback languages, else the Korean name."""
        return self.name_with_language(language_code)[0]

    def clean(self):
        missing = [code for code in (languages.SOURCE_LANGUAGE, "en") if not (self.names or {}).get(code)]
        if missing:
            raise ValidationError({"names": _("Names in Korean and English are required.")})
        if not (self.south <= self.latitude <= self.north and self.west <= self.longitude <= self.east):
            raise ValidationError(_("The centroid must lie inside the bounding box."))

    def with_descendants(self):
        """This region and every region under it (a province's cities and counties)."""
        found, frontier = [self], [self]
        while frontier:
            frontier = list(Region.objects.filter(parent__in=frontier))
            found += frontier
        return found
