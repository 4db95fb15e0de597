"""A place's opening hours as a reader is told them: the described lines, open now or not, or the text as written.

Computed on every request (the place pages are not in the whole-page cache, services.pages),
in the active language. A stored value that is not opening-hours syntax (written before the
syntax was required, services migration 0007) is shown as written: Korean, in lang="ko".
"""
from dataclasses import dataclass, field

from django.utils import timezone

from services.opening_hours import OpeningState, describe, parse_or_none, state_at


@dataclass(frozen=True)
class PlaceHours:
    lines: list = field(default_factory=list)  # [opening_hours.Line]
    state: OpeningState = None  # None: not known, or temporarily closed
    legacy: str = ""  # hours as written, when they do not parse
    temporarily_closed: bool = False

    @property
    def open_now(self):
        """True or False; None when not known."""
        if self.temporarily_closed:
            return False
        return None if self.state is None else self.state.is_open

    @property
    def text_lines(self):
        return [str(line) for line in self.lines]


def place_hours(place, now=None):
    """PlaceHours of the place at now (default: the clock)."""
    now = now or timezone.now()
    hours = parse_or_none(place.opening_hours)
    if hours is None:
        return PlaceHours(legacy=(place.opening_hours or "").strip(), temporarily_closed=place.temporarily_closed)
    return PlaceHours(
        lines=describe(hours, now),
        state=None if place.temporarily_closed else state_at(hours, now),
        temporarily_closed=place.temporarily_closed,
    )


def described_text(opening_hours):
    """The described lines as one text in the active language (the search index), or the text as written."""
    hours = parse_or_none(opening_hours)
    if hours is None:
        return (opening_hours or "").strip()
    return "\n".join(str(line) for line in describe(hours))
