"""Days for tests that plan things, counted from the day the tests run.

The app refuses a meeting, an offered time or a due date before today (core/time_bounds.py),
so a test that books a fixed day fails once that day has passed. Tests plan in a reference
week instead: the Monday at least eight weeks ahead (room to look back from it and to step a
few weeks on) whose week keeps one clock in the school's zone. A test about a clock change
asks for the next one. Expected text is written out here the way a reader says a date, so
it never comes from the code it checks.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# The school's zone when TEAMAROUND_TIMEZONE is not set, which the tests' app and pages use.
SCHOOL_ZONE = ZoneInfo("Europe/London")
WEEKS_AHEAD = 8


def today() -> date:
    return datetime.now(UTC).date()


def keeps_one_clock(monday: date) -> bool:
    """True when the school's clocks neither go forward nor back from this Monday to the next."""
    return _offset(_midnight(monday)) == _offset(_midnight(monday + timedelta(weeks=1)))


def reference_monday(on: date | None = None) -> date:
    """The Monday at least eight weeks after ``on`` (today) in a week without a clock change."""
    monday = (on or today()) + timedelta(weeks=WEEKS_AHEAD)
    monday += timedelta(days=-monday.weekday() % 7)
    while not keeps_one_clock(monday):
        monday += timedelta(weeks=1)
    return monday


def monday_with_offset(hours: int, on: date | None = None) -> date:
    """The reference Monday, or the first after it, whose whole week the school's clocks are
    ``hours`` ahead of UTC: 0 for a winter week in London (GMT), 1 for a summer one (BST)."""
    monday = reference_monday(on)
    while not (keeps_one_clock(monday) and _offset(_midnight(monday)) == timedelta(hours=hours)):
        monday += timedelta(weeks=1)
    return monday


def next_clock_change(after: datetime) -> datetime:
    """The first hour after ``after``, in UTC, from which the school's clocks show another offset."""
    moment = after.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    before = _offset(moment)
    while _offset(moment := moment + timedelta(hours=1)) == before:
        pass
    return moment


def at_school(day: date, hour: int, minute: int = 0) -> datetime:
    """``hour:minute`` on ``day`` on the school's clock, as an aware datetime."""
    return datetime.combine(day, time(hour, minute), SCHOOL_ZONE)


def utc_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


def form_time(moment: datetime) -> str:
    """``2027-03-02T18:00``: what a datetime-local field sends, on the school's clock."""
    return f"{moment.astimezone(SCHOOL_ZONE):%Y-%m-%dT%H:%M}"


def said_day(day: date | datetime) -> str:
    """``Tuesday 2 March 2027``: the day on the school's calendar, as a reader says it in English."""
    if isinstance(day, datetime):
        day = day.astimezone(SCHOOL_ZONE).date()
    return f"{day:%A} {day.day} {day:%B %Y}"


def said_clock(moment: datetime) -> str:
    """``15:30``: the time on the school's clock."""
    return f"{moment.astimezone(SCHOOL_ZONE):%H:%M}"


def said_when(moment: datetime) -> str:
    """``Tuesday 2 March 2027, 10:00``."""
    return f"{said_day(moment)}, {said_clock(moment)}"


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), SCHOOL_ZONE)


def _offset(moment: datetime) -> timedelta:
    return moment.astimezone(SCHOOL_ZONE).utcoffset()


MONDAY = reference_monday()
TUESDAY = MONDAY + timedelta(days=1)
