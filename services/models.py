"""Regions, places and events: where and when things are, with the facts every language shares.

A Place or an Event is a wagtail-localize translatable snippet: its name (title)
and description are translated; everything a reader acts on (coordinates, phone,
hours, times, cost...) is a fact that is the same in every language, so it is
synchronised from the Korean source and never translated or overridden.
"""
import functools

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from portal import languages
from services import categories
from services.addresses import romanise_address
from services.language_codes import parse_language_codes, validate_language_codes  # noqa: F401 (imported from here)
from services.opening_hours import validate_opening_hours
from services.region_model import LATITUDE_VALIDATORS, LONGITUDE_VALIDATORS, Region
from services.untranslated import mark_untranslated


class SynchronisedFacts:
    """A translatable snippet whose facts (synchronised_fields) are the Korean source's.

    Every save of a translation copies them from the source, so a translation
    never drifts, whoever saves it; services.signals pushes a corrected source
    to its translations at once.
    """

    synchronised_fields = ()

    def source_version(self):
        """The Korean version this one translates, or None when this is the source (or has none)."""
        if self.locale_id and self.locale.language_code == languages.SOURCE_LANGUAGE:
            return None
        return (
            type(self)._default_manager
            .filter(translation_key=self.translation_key, locale__language_code=languages.SOURCE_LANGUAGE)
            .exclude(pk=self.pk).first()
        )

    def synchronised_values(self):
        """{attname: value} of the facts (region -> region_id: no extra query)."""
        return {self._meta.get_field(field).attname: getattr(self, self._meta.get_field(field).attname)
                for field in self.synchronised_fields}

    def copy_synchronised_fields(self, source):
        for attname, value in source.synchronised_values().items():
            setattr(self, attname, value)

    def save(self, *args, **kwargs):
        source = self.source_version() if self.translation_key else None
        if source is not None:
            self.copy_synchronised_fields(source)
        mark_untranslated(self, source)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "untranslated"}
        super().save(*args, **kwargs)


def latin_address(located):
    """A place's or an event's address in Latin letters (services.addresses); an editor's typed value wins."""
    return located.address_romanised.strip() or romanise_address(located.address)


# Facts shared by every language version: copied from the Korean source on
# every save (services.signals), never offered to translators.
SYNCHRONISED_FIELDS = (
    "category", "address", "address_romanised", "latitude", "longitude", "phone", "website", "opening_hours",
    "by_appointment", "temporarily_closed", "languages_spoken", "interpretation_available",
    "free_of_charge", "barrier_free", "region", "external_id",
)


class Place(SynchronisedFacts, TranslatableMixin, models.Model):
    synchronised_fields = SYNCHRONISED_FIELDS

    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=40, choices=categories.CHOICES)
    address = models.CharField(_("address"), max_length=255, blank=True)
    address_romanised = models.CharField(
        _("address in Latin letters"), max_length=255, blank=True,
        help_text=_("The road-name address as written in English. Empty: romanised from the Korean address."))
    latitude = models.FloatField(_("latitude"), validators=LATITUDE_VALIDATORS)
    longitude = models.FloatField(_("longitude"), validators=LONGITUDE_VALIDATORS)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    opening_hours = models.TextField(
        _("opening hours"), blank=True, validators=[validate_opening_hours],
        help_text=_("Days, then hours; rules separated by semicolons (OpenStreetMap opening_hours). "
                    "For example: Mo-Fr 09:00-18:00; Sa 09:00-13:00; PH off (PH: public holidays). Empty: not known."))
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
    # A copy wagtail-localize made on sending for translation, not yet translated: readers get the
    # fallback instead (services.untranslated); derived on save, never edited.
    untranslated = models.BooleanField(default=False, editable=False, db_index=True)

    override_translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        *(SynchronizedField(field, overridable=False) for field in SYNCHRONISED_FIELDS),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("place")
        verbose_name_plural = _("places")
        # The nearby query uses the spatial index of migration 0002 (services/spatial.py);
        # this B-tree serves databases without one.
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
    def address_in_latin(self):
        """The address as readers who do not read Hangul see it: the editor's Latin form, else romanised."""
        return latin_address(self)

    @property
    def category_label(self):
        category = categories.get(self.category)
        return category.label if category else self.category

    @property
    def languages_list(self):
        return parse_language_codes(self.languages_spoken)



def validate_time_zone(value):
    if value not in available_time_zones():
        raise ValidationError(_("Unknown time zone %(zone)s. Use an IANA name such as Asia/Seoul."),
                              params={"zone": value})


@functools.cache
def available_time_zones():
    import zoneinfo

    return zoneinfo.available_timezones()


# iCal's weekday codes (RRULE BYDAY), Monday first as in Python's date.weekday().
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def parse_weekdays(value):
    """"MO,TH" -> (0, 3); unknown codes are left out (validate_weekdays reports them)."""
    codes = [code.strip().upper() for code in (value or "").split(",") if code.strip()]
    return tuple(sorted({WEEKDAY_CODES.index(code) for code in codes if code in WEEKDAY_CODES}))


def format_weekdays(weekdays):
    return ",".join(WEEKDAY_CODES[day] for day in sorted(set(weekdays)))


def validate_weekdays(value):
    unknown = [code for code in (value or "").split(",") if code.strip() and code.strip().upper() not in WEEKDAY_CODES]
    if unknown:
        raise ValidationError(_("Weekdays are two-letter codes separated by commas: MO, TU, WE, TH, FR, SA, SU."))


WEEKDAY_CHOICES = [(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")),
                   (4, _("Friday")), (5, _("Saturday")), (6, _("Sunday"))]

# Facts of an event shared by every language: only the title and description are translated.
EVENT_SYNCHRONISED_FIELDS = (
    "start", "end", "time_zone", "recurrence_kind", "recurrence_weekdays", "recurrence_interval",
    "recurrence_nth", "recurrence_weekday", "recurrence_until", "place", "address", "address_romanised",
    "latitude", "longitude",
    "region", "cost", "free_of_charge", "languages_spoken", "registration_url", "uid",
)
# What an event at a place takes from it (services.signals keeps them in step when the place moves).
PLACE_LOCATION_FIELDS = ("address", "address_romanised", "latitude", "longitude", "region")


class Event(SynchronisedFacts, TranslatableMixin, models.Model):
    """Something that happens at a time: a class, a clinic day, a festival; it may repeat.

    start and end are the first occurrence. Later occurrences keep its wall-clock
    times in time_zone (services.recurrence). At a place, the event's location
    (address, coordinates, region) is the place's, copied on save so the nearby
    query reads one table.
    """

    class Repeat(models.TextChoices):
        NONE = "none", _("Does not repeat")
        WEEKLY = "weekly", _("Weekly")
        MONTHLY = "monthly", _("Monthly")

    synchronised_fields = EVENT_SYNCHRONISED_FIELDS

    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Seoul", validators=[validate_time_zone])
    recurrence_kind = models.CharField(_("repeats"), max_length=8, choices=Repeat.choices, default=Repeat.NONE)
    recurrence_weekdays = models.CharField(
        _("on weekdays"), max_length=30, blank=True, validators=[validate_weekdays],
        help_text=_("Weekly events: the days of the week, for example MO,TH."))
    recurrence_interval = models.PositiveSmallIntegerField(
        _("every how many weeks"), default=1, validators=[MinValueValidator(1), MaxValueValidator(52)])
    recurrence_nth = models.SmallIntegerField(
        _("which week of the month"), default=1,
        choices=[(1, _("First")), (2, _("Second")), (3, _("Third")), (4, _("Fourth")), (-1, _("Last"))])
    recurrence_weekday = models.SmallIntegerField(_("weekday of the month"), default=0, choices=WEEKDAY_CHOICES)
    recurrence_until = models.DateField(_("repeats until"), null=True, blank=True,
                                        help_text=_("The last day an occurrence may start. Empty: no end."))
    place = models.ForeignKey(
        Place, verbose_name=_("place"), null=True, blank=True, on_delete=models.SET_NULL, related_name="events",
        help_text=_("When the event is at a place, its address and coordinates are the place's."))
    address = models.CharField(_("address"), max_length=255, blank=True)
    address_romanised = models.CharField(
        _("address in Latin letters"), max_length=255, blank=True,
        help_text=_("The road-name address as written in English. Empty: romanised from the Korean address."))
    latitude = models.FloatField(_("latitude"), null=True, blank=True, validators=LATITUDE_VALIDATORS)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, validators=LONGITUDE_VALIDATORS)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    cost = models.CharField(_("cost"), max_length=100, blank=True,
                            help_text=_("For example: 5,000 won, materials included."))
    free_of_charge = models.BooleanField(_("free of charge"), default=False)
    languages_spoken = models.CharField(
        _("languages"), max_length=200, blank=True, validators=[validate_language_codes],
        help_text=_("Language codes separated by commas, for example: ko, en, vi"))
    registration_url = models.URLField(_("registration link"), blank=True)
    # The iCal UID of an imported event: re-importing updates, never duplicates.
    uid = models.CharField(_("iCal UID"), max_length=255, blank=True)
    untranslated = models.BooleanField(default=False, editable=False, db_index=True)  # as Place.untranslated

    override_translatable_fields = [
        TranslatableField("title"),
        TranslatableField("description"),
        *(SynchronizedField(field, overridable=False) for field in EVENT_SYNCHRONISED_FIELDS),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start"]
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="services_event_lat_lon"),
            models.Index(fields=["start"], name="services_event_start"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["uid", "locale"], condition=~Q(uid=""),
                                    name="services_event_unique_uid_per_locale"),
            models.CheckConstraint(
                condition=Q(place__isnull=False) | Q(latitude__isnull=False, longitude__isnull=False),
                name="services_event_located"),
        ]

    def __str__(self):
        return self.title

    @property
    def zone(self):
        from zoneinfo import ZoneInfo

        return ZoneInfo(self.time_zone)

    @property
    def languages_list(self):
        return parse_language_codes(self.languages_spoken)

    @property
    def address_in_latin(self):
        """The address as readers who do not read Hangul see it: the editor's Latin form, else romanised."""
        return latin_address(self)

    @property
    def is_recurring(self):
        return self.recurrence_kind != self.Repeat.NONE

    def recurrence_rule(self):
        """The services.recurrence rule; ValueError when the fields do not make one."""
        from services.recurrence import Recurrence

        return Recurrence(
            kind=self.recurrence_kind, weekdays=parse_weekdays(self.recurrence_weekdays),
            interval=self.recurrence_interval, nth=self.recurrence_nth, weekday=self.recurrence_weekday,
            until=self.recurrence_until)

    def occurrences(self, window_start, window_end):
        """[(start, end)] of the occurrences overlapping [window_start, window_end), in the event's zone."""
        from services.recurrence import occurrences

        zone = self.zone
        return occurrences(self.start.astimezone(zone), self.end.astimezone(zone), self.recurrence_rule(),
                           window_start, window_end)

    def copy_place_location(self):
        """At a place: its location is the event's (from the Korean version, the one facts follow)."""
        if self.place_id is None:
            return
        place = self.place
        if place.locale.language_code != languages.SOURCE_LANGUAGE:
            place = place.source_version() or place
            self.place = place
        for field in PLACE_LOCATION_FIELDS:
            attname = Place._meta.get_field(field).attname
            setattr(self, attname, getattr(place, attname))

    def clean(self):
        super().clean()
        self.copy_place_location()
        errors = {}
        if self.latitude is None or self.longitude is None:
            errors["latitude"] = _("Choose a place, or enter the coordinates (or an address to find them from).")
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The end must be after the start.")
        errors.update(self._recurrence_errors())
        if errors:
            raise ValidationError(errors)

    def _recurrence_errors(self):
        if not self.is_recurring or not self.start or self.time_zone not in available_time_zones():
            return {}
        first_day = self.start.astimezone(self.zone).date()
        if self.recurrence_until and self.recurrence_until < first_day:
            return {"recurrence_until": _("The repetition cannot end before the first occurrence.")}
        if self.recurrence_kind == self.Repeat.WEEKLY:
            weekdays = parse_weekdays(self.recurrence_weekdays)
            if not weekdays:
                return {"recurrence_weekdays": _("Choose the days of the week the event repeats on.")}
            if first_day.weekday() not in weekdays:
                return {"start": _("The start is the first occurrence: it must fall on one of the chosen weekdays.")}
        if self.recurrence_kind == self.Repeat.MONTHLY:
            from services.recurrence import nth_weekday

            if nth_weekday(first_day.year, first_day.month, self.recurrence_nth, self.recurrence_weekday) != first_day:
                return {"start": _(
                    "The start is the first occurrence: it must fall on the chosen weekday of the month.")}
        return {}

    def save(self, *args, **kwargs):
        self.copy_place_location()
        super().save(*args, **kwargs)


from services.pending_imports import PendingImport  # noqa: E402,F401 (the admin import's uploads: a model of this app)
