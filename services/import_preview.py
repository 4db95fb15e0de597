"""What importing an uploaded file of places or events would do, and doing it: the admin's import.

The preview runs the commands' importers (services.importer,
services.event_import) inside a transaction that is rolled back: it reports
exactly what saving would do (created, updated, unchanged, each bad line with
its reason) and leaves nothing behind, not even search index updates (they
wait for a commit that never comes). Saving runs the same importer again on
the same stored text, for real, and reports what it did.
"""
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale
from wagtail.permissions import policy_registry

from services import event_import, importer
from services.ical import CalendarError
from services.import_reasons import reason_of, translated
from services.models import Event, Place, Region

LISTED_CHANGES = 200  # the preview names this many places or events; the counts cover all


def _import_places(text, options, saved):
    return importer.import_text(text, saved=saved)


def _import_events(text, options, saved):
    region = Region.objects.filter(code=options.get("region") or "").first()
    return event_import.import_calendar(text, locale=options.get("locale") or "ko", region=region, saved=saved)


@dataclass(frozen=True)
class Kind:
    name: str
    model: type
    importer: object  # (text, options, saved list) -> ImportReport; CalendarError refuses the whole file
    file_label: str
    # Whole sentences, not "Import %(things)s": languages decline the noun differently in each.
    upload_title: str
    preview_title: str
    result_title: str
    back_label: str


KINDS = {
    "places": Kind("places", Place, _import_places, _("CSV file"), _("Import places"),
                   _("Preview: import places"), _("Places imported"), _("Back to the places")),
    "events": Kind("events", Event, _import_events, _("iCalendar file (.ics)"), _("Import events"),
                   _("Preview: import events"), _("Events imported"), _("Back to the events")),
}


def can_import(user, kind):
    """Importing creates and updates: those who may add and change this model (editors, administrators)."""
    policy = policy_registry.get_by_type(kind.model)
    return policy.user_has_permission(user, "add") and policy.user_has_permission(user, "change")


@dataclass
class Outcome:
    """An import's report for the admin, the reasons in the active (admin) language."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    bad: list = field(default_factory=list)  # [(line, uid or "", reason)] in file order
    changes: list = field(default_factory=list)  # [(name, language code, created)], at most LISTED_CHANGES
    refusal: str = ""  # the whole file was refused (not a calendar, cut off): nothing can be imported

    @property
    def total(self):
        return self.created + self.updated + self.unchanged + len(self.bad)

    @property
    def saves_something(self):
        return not self.refusal and (self.created or self.updated)


def _outcome(report, saved):
    locales = dict(Locale.objects.values_list("id", "language_code"))
    bad = [(error[-2], error[0] if len(error) == 3 else "", translated(error[-1])) for error in report.errors]
    changes = [(str(obj), locales.get(obj.locale_id, ""), created) for obj, created in saved[:LISTED_CHANGES]]
    return Outcome(created=report.created, updated=report.updated, unchanged=report.unchanged,
                   bad=sorted(bad, key=lambda row: row[0]), changes=changes)


def _run(kind, text, options):
    saved = []
    try:
        report = kind.importer(text, options, saved)
    except CalendarError as error:
        return Outcome(refusal=translated(reason_of(error)))
    return _outcome(report, saved)


def preview(kind, text, options):
    """What importing would do, with nothing saved: the import, rolled back."""
    with transaction.atomic():
        outcome = _run(kind, text, options)
        transaction.set_rollback(True)
    return outcome


def run(kind, text, options):
    """Import for real; the good rows are saved, the bad ones reported (as the commands do)."""
    return _run(kind, text, options)
