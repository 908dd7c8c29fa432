"""The one definition of a plausible time, which pages, the API and the command line share.

A date far outside a child's life records nothing and breaks much: year 1, which .NET
systems write for an unknown date, or year 9999 cannot be moved into the school's time
zone, so once stored it would break every page that lists it. So when something
happened is a day from 1 January 1900 to tomorrow (a moment: to now), and a meeting,
an offered time or a due date is a day from today to five years ahead. Both checks
compare before converting anything, so no value can overflow on the way. A range that
only selects what to show (since, until, a window to search) is clamped to the same
days rather than refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from marshmallow import ValidationError

from core.types import utcnow

EARLIEST_HAPPENED = date(1900, 1, 1)
PLANNING_YEARS = 5
# The school's day can be ahead of the server's UTC date, or behind it.
DAY_OF_GRACE = timedelta(days=1)
# Clocks on phones drift; an observation typed "now" may arrive a little ahead.
FUTURE_TOLERANCE = timedelta(minutes=5)


@dataclass(frozen=True)
class Days:
    """The days from ``first`` to ``last``, both included."""

    first: date
    last: date

    @property
    def start(self) -> datetime:
        """The first moment of ``first``, in UTC."""
        return datetime.combine(self.first, time(), UTC)

    @property
    def end(self) -> datetime:
        """The moment ``last`` is over, in UTC."""
        return datetime.combine(self.last + timedelta(days=1), time(), UTC)

    def clamp(self, day: date) -> date:
        return min(max(day, self.first), self.last)


def happened_days(today: date | None = None) -> Days:
    """The days something can have happened on: from 1 January 1900 to tomorrow."""
    return Days(EARLIEST_HAPPENED, (today or utcnow().date()) + DAY_OF_GRACE)


def planned_days(today: date | None = None) -> Days:
    """The days a meeting, an offered time or a due date can fall on: today to five years ahead."""
    today = today or utcnow().date()
    return Days(today - DAY_OF_GRACE, _years_after(today, PLANNING_YEARS))


def happened(value: date | datetime | None) -> None:
    """Validator of when something happened; a moment may be at most a few minutes ahead."""
    if value is None:
        return
    if isinstance(value, datetime):
        if value < happened_days().start:
            raise ValidationError(_BEFORE_1900)
        if value > utcnow() + FUTURE_TOLERANCE:
            raise ValidationError(_IN_THE_FUTURE)
    elif value < EARLIEST_HAPPENED:
        raise ValidationError(_BEFORE_1900)
    elif value > happened_days().last:
        raise ValidationError(_IN_THE_FUTURE)


def planned(value: date | datetime | None) -> None:
    """Validator of when a meeting, an offered time or a due date falls."""
    if value is None:
        return
    days = planned_days()
    early, late = (days.start, days.end) if isinstance(value, datetime) else (days.first, days.last)
    if value < early:
        raise ValidationError("Choose a date from today on.")
    if value > late:
        raise ValidationError(_TOO_FAR_AHEAD)


def plausible(value: date | None) -> None:
    """Validator of a day that may be past or planned (a target, a stretch of support):
    from 1 January 1900 to five years ahead."""
    if value is None:
        return
    if value < EARLIEST_HAPPENED:
        raise ValidationError("Choose a date from 1900 on.")
    if value > planned_days().last:
        raise ValidationError(_TOO_FAR_AHEAD)


def clamp_happened(day: date | None) -> date | None:
    """A day that selects what happened (since, until), moved within the days it can select."""
    return None if day is None else happened_days().clamp(day)


def clamp_moment(moment: datetime) -> datetime:
    """A moment that selects what to show (meetings since it), moved within the days anything
    can have happened or be planned on, before it is converted: a year 1 given at +14:00 has
    no UTC."""
    return min(max(moment, happened_days().start), planned_days().end)


def clamp_planned(day: date) -> date:
    """A day that selects planned times (a window to search), moved within the planned days."""
    return planned_days().clamp(day)


_BEFORE_1900 = "This is before 1900: when did it happen?"
_IN_THE_FUTURE = "This cannot be in the future: when did it happen?"
_TOO_FAR_AHEAD = f"Choose a date at most {PLANNING_YEARS} years ahead."


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, in a year that has none
        return day.replace(year=day.year + years, day=28)
