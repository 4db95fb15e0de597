"""The fixed vocabulary of place categories: one table, read by the model, the API and the importer.

Each category also names the portal topic it belongs to (portal.topics), so a
place found by the portal search shows under the same topic as the articles
about it.
"""
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Category:
    code: str  # stored in Place.category and used by the API (?category=) and CSV imports
    label: Promise  # gettext_lazy: shown to readers and editors in their language
    topic: str  # a key of portal.topics


CATEGORIES = (
    Category("hospital", _("Hospital"), "healthcare"),
    Category("free-clinic", _("Clinic free for migrants"), "healthcare"),
    Category("pharmacy", _("Pharmacy"), "healthcare"),
    Category("school", _("School"), "education"),
    Category("korean-class", _("Korean class / KIIP centre"), "education"),
    Category("multicultural-family-centre", _("Multicultural family support centre"), "welfare"),
    Category("foreign-resident-centre", _("Foreign resident support centre"), "welfare"),
    Category("immigration-office", _("Immigration office"), "immigration"),
    Category("employment-centre", _("Employment centre"), "employment"),
    Category("labour-office", _("Labour office"), "employment"),
    Category("police", _("Police"), "daily-life"),
    Category("legal-aid", _("Legal aid"), "daily-life"),
    Category("embassy", _("Embassy or consulate"), "immigration"),
    Category("community-centre", _("Religious or community centre"), "daily-life"),
)

BY_CODE = {category.code: category for category in CATEGORIES}
CODES = tuple(BY_CODE)
CHOICES = [(category.code, category.label) for category in CATEGORIES]


def get(code):
    """The Category for a code, or None."""
    return BY_CODE.get(code)
