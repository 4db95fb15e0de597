"""The demo's one rule: each demo item is created once, and never written again.

`make run` runs `load_demo` every time, on a database editors may have worked
in. So a demo page, place, event or synonym group is created only when it is
missing *and* the demo never created it before: an item an editor changed,
unpublished, moved or deleted stays as the editor left it.

What the demo created is remembered in Wagtail's own history (the item's
"Created" entry carries the demo's name for it), because that history outlives
the item: Wagtail keeps log entries after a page or snippet is deleted. A demo
item found in a database loaded before this rule is recorded the first time a
load sees it, so from then on it is the editors' too.
"""
import json

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, PageLogEntry

from portal.reports import ImportReport

MARK = "portal_demo"
CREATED = "wagtail.create"


class Tally(ImportReport):
    """What a demo load did, counted like the importers' reports: the demo never updates,
    so an item it left alone is "unchanged"."""



def remembered():
    """The names of every demo item the demo has created in this database (read once per load)."""
    names = set()
    for log_model in (PageLogEntry, ModelLogEntry):
        entries = log_model.objects.filter(action=CREATED, data__has_key=MARK).values_list("data", flat=True)
        names.update(data[MARK] for data in entries)
    return names


def remember(instance, name):
    """Record in the instance's history that the demo created it, as `name`."""
    log(instance=instance, action=CREATED, data={MARK: name})


def needs_creating(name, existing, known):
    """True when the demo should create the item `name` now: it never did, and nothing is there.
    An item that is there but not remembered (loaded before this rule) is remembered now."""
    if name in known:
        return False
    if existing is not None:
        remember(existing, name)
        known.add(name)
        return False
    return True


def load_synonyms(path, known):
    """Create the demo's synonym groups ([{"locale", "terms"}]) the demo never created; returns a Tally."""
    from search.models import SynonymGroup

    tally = Tally()
    for group in json.loads(path.read_text(encoding="utf-8")):
        name = f"synonyms:{group['locale']}:{group['terms']}"
        existing = SynonymGroup.objects.filter(locale=group["locale"], terms=group["terms"]).first()
        if needs_creating(name, existing, known):
            remember(SynonymGroup.objects.create(locale=group["locale"], terms=group["terms"]), name)
            tally.created += 1
        else:
            tally.unchanged += 1
    return tally


def summary(source, counted, report, *, skips=True):
    """One line in the importers' words, e.g. "demo-places.csv: 362 rows: 0 created, 0 updated,
    362 unchanged, 0 skipped"; counted says what the file holds ("362 rows", "24 lines, 8 articles")."""
    words = f"{source}: {counted}: {report.created} created, {report.updated} updated, {report.unchanged} unchanged"
    return f"{words}, {len(report.errors)} skipped" if skips else words
