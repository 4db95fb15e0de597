"""Emergency and help lines shown at the top of every page (tap to call)."""
from django.utils.translation import gettext_lazy as _

HELP_LINES = (
    ("119", _("Fire & ambulance")),
    ("112", _("Police")),
    ("1345", _("Immigration contact centre")),
    ("1350", _("Labour consultation")),
    ("1366", _("Women's emergency line")),
    ("1577-1366", _("Danuri helpline for multicultural families")),
)

# Shown in the collapsed row on every page, so they are one tap away without opening the list.
QUICK_NUMBERS = ("119", "1345")
