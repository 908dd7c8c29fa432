"""The time-finder: every time it offers suits everyone needed, and it misses none."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.meetings.time_finder import Availability, SchoolHours, find_times, merge

MONDAY = datetime(2027, 3, 1, tzinfo=UTC)  # GMT; the clocks change on 28 March 2027
HOUR = timedelta(hours=1)


def at(day, hour, minute=0):
    return MONDAY + timedelta(days=day, hours=hour, minutes=minute)


def week():
    return (MONDAY, MONDAY + timedelta(days=7))


def test_busy_times_are_avoided_and_the_earliest_comes_first():
    result = find_times(
        {"senco": Availability(free=None, busy=[(at(0, 8, 30), at(0, 12))])}, {}, duration=HOUR, window=week()
    )
    assert result.suggestions[0].start == at(0, 12)


def test_times_where_every_optional_attendee_can_come_rank_first():
    slt = Availability(free=[(at(2, 14), at(2, 15))])
    result = find_times({"senco": Availability(free=None)}, {"slt": slt}, duration=HOUR, window=week())
    first = result.suggestions[0]
    assert (first.start, first.missing_optional) == (at(2, 14), ())
    assert result.suggestions[1].missing_optional == ("slt",)


def test_a_parent_free_only_in_the_evening_is_missing_in_school_hours():
    parent = Availability(free=[(at(1, 18), at(1, 20))])
    result = find_times({"parent": parent, "senco": Availability(free=None)}, {}, duration=HOUR, window=week())
    assert result.suggestions == [] and result.missing_required == ["parent"]
    evening = find_times(
        {"parent": parent, "senco": Availability(free=None)}, {}, duration=HOUR, window=week(), hours=None
    )
    assert evening.suggestions[0].start == at(1, 18)


def test_when_no_time_suits_everyone_the_one_in_the_way_is_named():
    result = find_times(
        {
            "a": Availability(free=[(at(0, 9), at(0, 11))]),
            "b": Availability(free=[(at(0, 9), at(0, 11))]),
            "c": Availability(free=[(at(1, 9), at(1, 11))]),
        },
        {},
        duration=HOUR,
        window=week(),
    )
    assert result.missing_required == ["c"]


def test_school_hours_follow_the_clock_change():
    # 09:00 in London is 09:00 UTC in winter and 08:00 UTC in summer.
    summer = (datetime(2027, 6, 14, tzinfo=UTC), datetime(2027, 6, 15, tzinfo=UTC))
    hours = SchoolHours(start=time(9), end=time(17))
    winter_first = find_times({"x": Availability(free=None)}, {}, duration=HOUR, window=week(), hours=hours)
    summer_first = find_times({"x": Availability(free=None)}, {}, duration=HOUR, window=summer, hours=hours)
    assert winter_first.suggestions[0].start.hour == 9 and summer_first.suggestions[0].start.hour == 8


def test_weekends_are_not_offered():
    saturday = (at(5, 0), at(7, 0))
    assert find_times({"x": Availability(free=None)}, {}, duration=HOUR, window=saturday).suggestions == []


def test_school_hours_on_each_side_of_the_spring_clock_change_are_local():
    # Clocks go forward on Sunday 28 March 2027: 08:30 is 08:30 UTC on Friday, 07:30 UTC on Monday.
    window = (datetime(2027, 3, 26, tzinfo=UTC), datetime(2027, 3, 30, tzinfo=UTC))
    starts = [s.start for s in find_times({"x": Availability(free=None)}, {}, duration=HOUR, window=window,
                                          limit=1000).suggestions]
    assert min(starts) == datetime(2027, 3, 26, 8, 30, tzinfo=UTC)
    assert min(s for s in starts if s.day == 29) == datetime(2027, 3, 29, 7, 30, tzinfo=UTC)


# Property-based: small random diaries, checked against a plain quarter-by-quarter reference,
# in a week without a clock change and in windows across each of London's clock changes.
STEP = timedelta(minutes=15)
WINDOWS = {
    "Monday to Thursday in March, GMT": (MONDAY, MONDAY + timedelta(days=4)),
    # Friday to Tuesday across Sunday 28 March 2027, when the clocks go forward to BST...
    "across the spring clock change": (datetime(2027, 3, 26, tzinfo=UTC), datetime(2027, 3, 31, tzinfo=UTC)),
    # ...and across Sunday 31 October 2027, when they go back to GMT.
    "across the autumn clock change": (datetime(2027, 10, 29, tzinfo=UTC), datetime(2027, 11, 3, tzinfo=UTC)),
}
windows = pytest.mark.parametrize("window", WINDOWS.values(), ids=WINDOWS)
duration = st.sampled_from([STEP, 2 * STEP, 4 * STEP])


def people(window):
    """Up to three attendees, each with a few free and busy times inside ``window``."""
    quarters = (window[1] - window[0]) // STEP
    slot = st.tuples(st.integers(0, quarters - 1), st.integers(1, 16)).map(
        lambda t: (window[0] + t[0] * STEP, window[0] + (t[0] + t[1]) * STEP)
    )
    diary = st.builds(
        Availability,
        free=st.one_of(st.none(), st.lists(slot, max_size=4)),
        busy=st.lists(slot, max_size=5),
    )
    return st.dictionaries(st.sampled_from("abcde"), diary, min_size=1, max_size=3)


def free_at(person, start, end):
    inside_free = person.free is None or any(s <= start and end <= e for s, e in merge(person.free))
    clashes = any(s < end and start < e for s, e in person.busy)
    return inside_free and not clashes


def in_school_hours(start, end):
    local = [moment.astimezone(ZoneInfo("Europe/London")) for moment in (start, end)]
    return (
        local[0].date() == local[1].date()
        and local[0].weekday() < 5
        and local[0].time() >= time(8, 30)
        and local[1].time() <= time(17, 30)
    )


@windows
@settings(max_examples=200, deadline=None)
@given(data=st.data(), length=duration)
def test_every_time_offered_has_every_required_attendee_free(window, data, length):
    required = data.draw(people(window))
    result = find_times(required, {}, duration=length, window=window, limit=10_000)
    for suggestion in result.suggestions:
        assert suggestion.end - suggestion.start == length
        assert in_school_hours(suggestion.start, suggestion.end)
        assert all(free_at(person, suggestion.start, suggestion.end) for person in required.values())


@windows
@settings(max_examples=200, deadline=None)
@given(data=st.data(), length=duration)
def test_no_free_time_of_the_asked_length_is_missed(window, data, length):
    required = data.draw(people(window))
    offered = {s.start for s in find_times(required, {}, duration=length, window=window, limit=10_000).suggestions}
    moment = window[0]
    while moment + length <= window[1]:
        if in_school_hours(moment, moment + length) and all(
            free_at(person, moment, moment + length) for person in required.values()
        ):
            assert moment in offered, moment
        moment += STEP


@windows
@settings(max_examples=100, deadline=None)
@given(data=st.data(), length=duration)
def test_fewer_missing_optional_attendees_rank_first_then_earlier(window, data, length):
    required = data.draw(people(window))
    optional = {f"opt-{who}": person for who, person in data.draw(people(window)).items()}
    suggestions = find_times(required, optional, duration=length, window=window, limit=10_000).suggestions
    keys = [(len(s.missing_optional), s.start) for s in suggestions]
    assert keys == sorted(keys)
    for suggestion in suggestions:
        for who, person in optional.items():
            assert (who in suggestion.missing_optional) != free_at(person, suggestion.start, suggestion.end)
