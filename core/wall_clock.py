"""A time as people type it (a wall-clock time in the school's zone) turned into an instant.

Twice a year a wall-clock time does not name one instant. When the clocks go forward an
hour is skipped: 01:30 on the last Sunday of March never happens in London. When they go
back an hour is repeated: 01:30 on the last Sunday of October happens twice, first in
summer time and then in winter time. Guessing either way books a meeting an hour away
from what someone meant, so a skipped time is refused with its reason and a repeated one
is refused until the person says which of the two they mean, by its offset from UTC.
Every form and schema that takes a local time converts it here.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from core.errors import InvalidInput


class WallClockProblem(InvalidInput):
    """A wall-clock time that names no instant, or two; ``reason`` says which, in plain words."""

    def __init__(self, field: str, reason: str):
        self.reason = reason
        super().__init__({field: [reason]})


def readings(wall: datetime, zone: str) -> tuple[datetime, ...]:
    """The instants a naive wall-clock time names in ``zone``, earliest first, each aware in
    the zone: none in the hour the clocks skip, two in the hour they repeat, one otherwise."""
    local = ZoneInfo(zone)
    found: dict[datetime, datetime] = {}
    for fold in (0, 1):
        moment = wall.replace(tzinfo=local, fold=fold)
        if moment.astimezone(UTC).astimezone(local).replace(tzinfo=None) == wall:
            found.setdefault(moment.astimezone(UTC), moment)
    return tuple(found[instant] for instant in sorted(found))


def instant(wall: datetime, zone: str, *, field: str = "_schema") -> datetime:
    """The one instant (in UTC) a naive wall-clock time in ``zone`` names.

    Raises :class:`WallClockProblem` for ``field`` when the time is skipped or repeated.
    """
    found = readings(wall, zone)
    if len(found) == 1:
        return found[0].astimezone(UTC)
    if not found:
        raise WallClockProblem(field, _skipped(wall, zone))
    raise WallClockProblem(field, _repeated(wall, found))


def recurring(wall: datetime, zone: str) -> datetime:
    """The instant (in UTC) one occurrence of a repeating time names, when ``wall`` is that
    occurrence's wall-clock time in ``zone``.

    Nobody is there to ask on each clock-change night, so the rule RFC 5545 gives for the
    occurrences of a recurrence (section 3.3.10, pointing to 3.3.5) decides: a repeated time
    is the first of the two, and a skipped time is read with the offset before the gap, i.e.
    moved forward by the gap (01:30 becomes 02:30 when the clocks skip 01:00 to 02:00) rather
    than dropped, so a weekly time is never lost for a week. The fold of ``wall`` is ignored:
    choosing the second 01:30 on one night is no choice for the nights after.
    """
    return wall.replace(tzinfo=ZoneInfo(zone), fold=0).astimezone(UTC)


def is_repeated(moment: datetime, zone: str) -> bool:
    """Whether ``moment``'s wall-clock time in ``zone`` happens twice that day, so showing
    it needs its offset too."""
    return len(readings(moment.astimezone(ZoneInfo(zone)).replace(tzinfo=None), zone)) > 1


def offset_label(moment: datetime) -> str:
    """``BST, UTC+01:00``: an aware time's zone abbreviation and offset, as shown beside a repeated time."""
    offset = moment.utcoffset() or timedelta()
    sign = "-" if offset < timedelta() else "+"
    hours, seconds = divmod(abs(int(offset.total_seconds())), 3600)
    return f"{moment.tzname()}, UTC{sign}{hours:02d}:{seconds // 60:02d}"


def _skipped(wall: datetime, zone: str) -> str:
    local = ZoneInfo(zone)
    # The offset before the change reads the wall time too late, the one after too early:
    # the change lies between, found to the minute.
    early = wall.replace(tzinfo=local, fold=1).astimezone(UTC)
    late = wall.replace(tzinfo=local, fold=0).astimezone(UTC)
    early, late = min(early, late), max(early, late)
    while late - early > timedelta(minutes=1):
        middle = early + (late - early) / 2
        before = early.astimezone(local).utcoffset()
        early, late = (early, middle) if middle.astimezone(local).utcoffset() != before else (middle, late)
    gone_from = late.astimezone(local) - (late.astimezone(local).utcoffset() - early.astimezone(local).utcoffset())
    return (
        f"There is no {wall:%H:%M} on {_day(wall)}: the clocks go forward that night, from "
        f"{gone_from:%H:%M} straight to {late.astimezone(local):%H:%M}. Choose a time outside that gap."
    )


def _repeated(wall: datetime, found: tuple[datetime, ...]) -> str:
    first, second = found[0], found[-1]
    return (
        f"{wall:%H:%M} on {_day(wall)} happens twice: the clocks go back that night. "
        f"Choose which you mean: the first ({offset_label(first)}) or the second ({offset_label(second)})."
    )


def _day(wall: datetime) -> str:
    return f"{wall:%A} {wall.day} {wall:%B %Y}"
