"""Regions and places: where things are, with the facts every language shares.

A Place is a wagtail-localize translatable snippet: its name and description
are translated; everything a reader acts on (coordinates, phone, hours,
category...) is a fact that is the same in every language, so it is
synchronised from the Korean source and never translated or overridden.
"""
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from portal import languages
from services import categories

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
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name_in(get_language() or languages.SOURCE_LANGUAGE)

    def name_in(self, language_code):
        """The name in that language, else in its fallback languages, else the Korean name."""
        for code in (language_code, *languages.fallback_chain(language_code), languages.SOURCE_LANGUAGE):
            if self.names.get(code):
                return self.names[code]
        return self.code

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


def validate_language_codes(value):
    unknown = [code for code in parse_language_codes(value) if not languages.get(code)]
    if unknown:
        raise ValidationError(
            _("Unknown language codes: %(codes)s. Use codes of the portal's languages, separated by commas."),
            params={"codes": ", ".join(unknown)},
        )


def parse_language_codes(value):
    return [code.strip().lower() for code in (value or "").split(",") if code.strip()]


# Facts shared by every language version: copied from the Korean source on
# every save (services.signals), never offered to translators.
SYNCHRONISED_FIELDS = (
    "category", "address", "latitude", "longitude", "phone", "website", "opening_hours",
    "by_appointment", "temporarily_closed", "languages_spoken", "interpretation_available",
    "free_of_charge", "barrier_free", "region", "external_id",
)


class Place(TranslatableMixin, models.Model):
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=40, choices=categories.CHOICES)
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.FloatField(_("latitude"), validators=LATITUDE_VALIDATORS)
    longitude = models.FloatField(_("longitude"), validators=LONGITUDE_VALIDATORS)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    opening_hours = models.TextField(_("opening hours"), blank=True)
    by_appointment = models.BooleanField(_("by appointment only"), default=False)
    temporarily_closed = models.BooleanField(_("temporarily closed"), default=False)
    languages_spoken = models.CharField(
        _("languages spoken"), max_length=200, blank=True, validators=[validate_language_codes],
        help_text=_("Language codes separated by commas, for example: ko, en, vi"),
    )
    interpretation_available = models.BooleanField(_("interpretation available"), default=False)
    free_of_charge = models.BooleanField(_("free of charge"), default=False)
    barrier_free = models.BooleanField(_("barrier-free access"), default=False)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.SET_NULL, related_name="places",
    )
    # The identifier in the imported open-data file: re-importing updates, never duplicates.
    external_id = models.CharField(_("external ID"), max_length=100, blank=True)

    override_translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        *(SynchronizedField(field, overridable=False) for field in SYNCHRONISED_FIELDS),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("place")
        verbose_name_plural = _("places")
        # The nearby query narrows by a latitude range, then a longitude range.
        indexes = [models.Index(fields=["latitude", "longitude"], name="services_place_lat_lon")]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id", "locale"], condition=~Q(external_id=""),
                name="services_place_unique_external_id_per_locale",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def category_label(self):
        category = categories.get(self.category)
        return category.label if category else self.category

    @property
    def languages_list(self):
        return parse_language_codes(self.languages_spoken)

    def source_version(self):
        """The Korean version this one translates, or None when this is the source (or has none)."""
        if self.locale_id and self.locale.language_code == languages.SOURCE_LANGUAGE:
            return None
        return (
            Place.objects.filter(translation_key=self.translation_key, locale__language_code=languages.SOURCE_LANGUAGE)
            .exclude(pk=self.pk).first()
        )

    def copy_synchronised_fields(self, source):
        for field in SYNCHRONISED_FIELDS:
            attname = self._meta.get_field(field).attname  # region -> region_id: no extra query
            setattr(self, attname, getattr(source, attname))

    def save(self, *args, **kwargs):
        # A translation never drifts from its source's facts, whoever saves it.
        source = self.source_version() if self.translation_key else None
        if source is not None:
            self.copy_synchronised_fields(source)
        super().save(*args, **kwargs)
