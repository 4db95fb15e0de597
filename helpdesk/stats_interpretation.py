"""The dashboard's interpretation figure: cases with three-way interpretation, by the interpreter's language.

One GROUP BY over the interpreted cases' own index (a partial index, see
Case.Meta.indexes), for the dashboard's filters and date range.

Unlike the dashboard's other tables, these counts go through the public
tables' small-count suppression (helpdesk.suppression, the same threshold):
few residents need an interpreter in a given language, so a count of 1 or 2
in a region and a month could point at one person, and this table is the
kind that gets exported and passed on. The rows are the whole column the
rules work on (every portal language, even at zero, in a fixed order: sorting
by count would give the withheld cells' order away), the number of interpreted
cases is its total. Its share of all cases is published, and so is the
dashboard's number of cases; neither tells anything about a withheld cell.
"""
from dataclasses import dataclass

from django.db.models import Count

from helpdesk import open_data, statistics, stats_sql, suppression
from helpdesk.models import STATS_INTERPRETATION_INDEX
from helpdesk.open_data import Cell
from portal import languages

# Interpretation ticked but no interpreter's language: cases logged before the form asked for one.
NOT_RECORDED = ""


@dataclass(frozen=True)
class InterpretationFigure:
    rows: tuple  # (interpreter's language code or NOT_RECORDED, Cell), in a fixed order
    total: Cell  # the cases with three-way interpretation
    threshold: int


def counts(filters):
    """{interpreter's language: cases with three-way interpretation} among the cases the filters select."""
    interpreted = statistics.cases(filters).filter(interpretation=True)
    return dict(stats_sql.fetch(interpreted.values_list("interpreter_language").annotate(n=Count("*")),
                                STATS_INTERPRETATION_INDEX))


def row_keys(found, vocabulary=languages.CODES):
    """Every language of the vocabulary, then others found (sorted), then "not recorded" if found."""
    others = sorted(key for key in found if key not in vocabulary and key != NOT_RECORDED)
    return [*vocabulary, *others, *([NOT_RECORDED] if found.get(NOT_RECORDED) else [])]


def figure(found, limit=None, vocabulary=languages.CODES):
    """The figure from counts(), small counts withheld under `limit` (the settings' threshold by default)."""
    limit = open_data.threshold() if limit is None else limit
    keys = row_keys(found, vocabulary)
    values = [found.get(key, 0) for key in keys]
    flags, total_flag = suppression.protect_column(values, limit)
    return InterpretationFigure(
        rows=tuple((key, Cell(value, flag)) for key, value, flag in zip(keys, values, flags)),
        total=Cell(sum(values), total_flag), threshold=limit,
    )
