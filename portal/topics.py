"""The portal's fixed topic areas.

Keys are the import format's `topic` values; labels go through gettext so
every locale's topic index page gets its title from the interface catalogs.
"""
from django.utils.translation import gettext_lazy as _

TOPICS = (
    ("immigration", _("Stay & visas"), "stay-and-visas", _("Visas, alien registration, extending your stay and reporting changes.")),
    ("employment", _("Work & labour rights"), "work", _("Wages, contracts, workplace injuries and where to get help at work.")),
    ("education", _("Education & Korean classes"), "education", _("Schools, childcare and Korean language classes.")),
    ("housing", _("Housing"), "housing", _("Renting a home, deposits, contracts and moving.")),
    ("healthcare", _("Healthcare"), "healthcare", _("Health insurance, hospitals, public health centres and emergencies.")),
    ("welfare", _("Welfare & family"), "welfare-and-family", _("Support for families, children and people in crisis.")),
    ("daily-life", _("Daily life"), "daily-life", _("Phones, banks, transport, rubbish and help lines.")),
)

KEYS = tuple(topic[0] for topic in TOPICS)
CHOICES = [(topic[0], topic[1]) for topic in TOPICS]
LABELS = {topic[0]: topic[1] for topic in TOPICS}
SLUGS = {topic[0]: topic[2] for topic in TOPICS}
INTROS = {topic[0]: topic[3] for topic in TOPICS}
