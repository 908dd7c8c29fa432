"""Finding a time when everyone needed can come: a sweep over sorted intervals.

Each attendee's availability is the union of the times they offered (or all the
time, if they offered none) less the union of their busy times: their intervals
are sorted once and merged. Common times then come from linear sweeps along those
sorted lists; candidates are laid on a grid inside the common times and within
school hours, and ranked by how many optional attendees can come (checked by
binary search), then by how soon.

Sorting dominates: O(n log n) in the number of intervals; checking k candidate
times against m optional attendees adds O(m (k + n)), and keeping the best costs
O(k log limit).
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from operator import itemgetter
from zoneinfo import ZoneInfo

# Aware datetimes in UTC, as the database gives them: two datetimes of one local zone
# compare by their wall-clock times, which is wrong across a clock change.
Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class Availability:
    """One attendee: the times they offered (None: free whenever not busy) and busy times."""

    free: list[Interval] | None
    busy: list[Interval] = field(default_factory=list)


@dataclass(frozen=True)
class SchoolHours:
    """When meetings may be held unless allowed otherwise: local wall-clock times on weekdays."""

    zone: str = "Europe/London"
    start: time = time(8, 30)
    end: time = time(17, 30)


@dataclass(frozen=True)
class Suggestion:
    start: datetime
    end: datetime
    missing_optional: tuple[Hashable, ...]


@dataclass(frozen=True)
class TimeFinderResult:
    suggestions: list[Suggestion]
    # When nothing suits everyone: the required attendees with no time of that length at
    # all, or else those without whom a time would be found.
    missing_required: list[Hashable]


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, non-overlapping intervals covering the same time.

    The sweep needs the intervals in order of their starts alone: sorting on that one
    key compares each pair once, where sorting the pairs compares tuples.
    """
    merged: list = []
    last_start = last_end = None
    for start, end in sorted(intervals, key=_START):
        if end <= start:
            continue
        if last_end is not None and start <= last_end:
            if end > last_end:
                last_end = end
        else:
            if last_end is not None:
                merged.append((last_start, last_end))
            last_start, last_end = start, end
    if last_end is not None:
        merged.append((last_start, last_end))
    return merged


def subtract(base: list[Interval], removed: list[Interval]) -> list[Interval]:
    """``base`` less ``removed``, both merged: one linear pass over both."""
    result, index = [], 0
    for start, end in base:
        while index < len(removed) and removed[index][1] <= start:
            index += 1
        cursor, scan = start, index
        while scan < len(removed) and removed[scan][0] < end:
            if removed[scan][0] > cursor:
                result.append((cursor, removed[scan][0]))
            cursor = max(cursor, removed[scan][1])
            scan += 1
        if cursor < end:
            result.append((cursor, end))
    return result


_START = itemgetter(0)


def available(person: Availability, window: tuple[int, int]) -> list[tuple[int, int]]:
    """The person's available times in ``window``, all as epoch seconds.

    Each list is merged before it becomes numbers: overlapping busy times are common,
    and turning an aware datetime into seconds costs more than comparing two.
    """
    free = intersect(_seconds(merge(person.free)), [window]) if person.free is not None else [window]
    return subtract(free, _seconds(merge(person.busy)))


def _seconds(intervals: Iterable[Interval]) -> list[tuple[float, float]]:
    # The sweeps after the merge compare these many times over: plain numbers are faster.
    return [(start.timestamp(), end.timestamp()) for start, end in intervals]


def intersect(first: list, second: list) -> list:
    """Times in both of two merged lists: one sweep along both at once, linear."""
    result, i, j = [], 0, 0
    count_first, count_second = len(first), len(second)
    while i < count_first and j < count_second:
        a_start, a_end = first[i]
        b_start, b_end = second[j]
        start = a_start if a_start > b_start else b_start
        if a_end <= b_end:
            if start < a_end:
                result.append((start, a_end))
            i += 1
        else:
            if start < b_end:
                result.append((start, b_end))
            j += 1
    return result


def intersect_all(sets: list[list]) -> list:
    """Times inside every one of several merged lists."""
    if not sets:
        return []
    common = sets[0]
    for other in sets[1:]:
        common = intersect(common, other)
    return common


def allowed_hours(window: Interval, hours: SchoolHours | None) -> list[Interval]:
    """The window itself, or its school hours on weekdays, day by day in local time."""
    if hours is None:
        return [window]
    zone = ZoneInfo(hours.zone)
    day, last = window[0].astimezone(zone).date(), window[1].astimezone(zone).date()
    result = []
    while day <= last:
        if day.weekday() < 5:
            start = datetime.combine(day, hours.start, zone).astimezone(UTC)
            end = datetime.combine(day, hours.end, zone).astimezone(UTC)
            result.append((max(start, window[0]), min(end, window[1])))
        day += timedelta(days=1)
    return [interval for interval in result if interval[1] > interval[0]]


def find_times(
    required: Mapping[Hashable, Availability],
    optional: Mapping[Hashable, Availability],
    *,
    duration: timedelta,
    window: Interval,
    hours: SchoolHours | None = SchoolHours(),
    step: timedelta = timedelta(minutes=15),
    limit: int = 20,
) -> TimeFinderResult:
    """Times of ``duration`` in ``window`` when every required attendee is free, best first."""
    window = (window[0].astimezone(UTC), window[1].astimezone(UTC))
    span = (int(window[0].timestamp()), int(window[1].timestamp()))
    allowed = _seconds(allowed_hours(window, hours))
    length, grid = int(duration.total_seconds()), int(step.total_seconds())
    each_required = {who: intersect_all([available(person, span), allowed]) for who, person in required.items()}
    missing = [who for who, times in each_required.items() if not any(e - s >= length for s, e in times)]
    common = intersect_all([*each_required.values(), allowed]) if required else allowed
    starts = []
    for start, end in common:
        # Starts on the grid laid from the window's start, so times look like 09:00, 09:15...
        slot = start + (-(start - span[0]) % grid)
        while slot + length <= end:
            starts.append(slot)
            slot += grid
    absent: list[list[Hashable]] = [[] for _ in starts]
    for who, person in optional.items():
        for index in _not_covered(available(person, span), starts, length):
            absent[index].append(who)
    candidates = heapq.nsmallest(
        limit, zip(map(len, absent), starts, map(tuple, absent), strict=True), key=lambda candidate: candidate[:2]
    )
    if candidates:
        return TimeFinderResult([_suggestion(slot, length, missing) for _, slot, missing in candidates], [])
    return TimeFinderResult([], missing or _blockers(each_required, allowed, length))


def _suggestion(start: int, length: int, absent: tuple) -> Suggestion:
    begins = datetime.fromtimestamp(start, UTC)
    return Suggestion(begins, begins + timedelta(seconds=length), absent)


def _blockers(each_required: Mapping[Hashable, list[tuple[int, int]]], allowed, length: int) -> list[Hashable]:
    """Required attendees without whom a time would exist: the people to ask about other times.

    The common times of everyone but one come from the common times of those before
    and of those after them, so finding every such attendee costs k sweeps, not k².
    """
    people, sets = list(each_required), list(each_required.values())
    before = [allowed]
    for times in sets[:-1]:
        before.append(intersect(before[-1], times))
    after: list = [None] * len(sets)
    running = None
    for index in reversed(range(len(sets))):
        after[index] = running
        running = sets[index] if running is None else intersect(running, sets[index])
    blockers = []
    for index, who in enumerate(people):
        without = before[index] if after[index] is None else intersect(before[index], after[index])
        if any(end - start >= length for start, end in without):
            blockers.append(who)
    return blockers or people


def _not_covered(times: list, starts: list, length: float):
    """Indexes of the (ascending) starts whose whole slot is not inside ``times``: one
    sweep along both lists together, linear in their lengths."""
    position = 0
    for index, start in enumerate(starts):
        while position < len(times) and times[position][1] < start + length:
            position += 1
        if position == len(times) or times[position][0] > start:
            yield index
