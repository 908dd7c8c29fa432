"""A time shown on a page is the wall-clock time in the school's zone, with its offset beside it
exactly when that time happens twice that day (core.timefmt), on the days the clocks change
and every other day, in zones that change at other hours and by other amounts."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from core import wall_clock
from core.timefmt import clock, when

# St John's went back at 00:01 from 1987 to 2010, repeating the last hour of the day before.
ZONES = [
    "Europe/London",
    "America/New_York",
    "America/St_Johns",
    "Australia/Lord_Howe",
    "America/Sao_Paulo",
    "Pacific/Apia",
]


def days_the_clocks_change(zone: str, year: int) -> list[date]:
    tz = ZoneInfo(zone)
    first = datetime(year, 1, 1, tzinfo=tz)
    return [
        (first + timedelta(days=number)).date()
        for number in range(365)
        if (first + timedelta(days=number)).utcoffset() != (first + timedelta(days=number + 1)).utcoffset()
    ]


@st.composite
def instants_near_a_change(draw):
    """An instant within a day of the clocks changing in a zone, if they change that year."""
    zone, year = draw(st.sampled_from(ZONES)), draw(st.integers(1970, 2037))
    days = days_the_clocks_change(zone, year) or [date(year, 6, 1)]
    day = draw(st.sampled_from(days))
    minutes = draw(st.integers(-24 * 60, 48 * 60))
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(minutes=minutes), zone


any_instant = st.tuples(
    st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)),
    st.sampled_from(ZONES),
)


def as_people_read_it(moment: datetime, zone: str) -> str:
    local = moment.astimezone(ZoneInfo(zone))
    repeated = f" ({wall_clock.offset_label(local)})" if wall_clock.is_repeated(moment, zone) else ""
    return f"{local:%H:%M}{repeated}"


@settings(max_examples=150)
@given(st.one_of(instants_near_a_change(), any_instant))
def test_a_time_carries_its_offset_exactly_when_it_happens_twice_that_day(instant):
    moment, zone = instant
    assert when(moment, zone).endswith(f", {as_people_read_it(moment, zone)}")
    assert clock(moment, zone) == as_people_read_it(moment, zone)


def test_the_hour_the_clocks_go_back_in_london_is_shown_twice_with_each_offset():
    first, second = datetime(2027, 10, 31, 0, 30, tzinfo=UTC), datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    assert when(first, "Europe/London") == "Sunday 31 October 2027, 01:30 (BST, UTC+01:00)"
    assert when(second, "Europe/London") == "Sunday 31 October 2027, 01:30 (GMT, UTC+00:00)"
    assert when(second + timedelta(hours=1), "Europe/London") == "Sunday 31 October 2027, 02:30"


def test_the_hour_before_midnight_repeated_in_st_johns_is_shown_with_each_offset():
    """Newfoundland's clocks went back at 00:01 to 23:01: the last hour of the day before repeats."""
    first, second = datetime(1990, 10, 28, 1, 45, tzinfo=UTC), datetime(1990, 10, 28, 2, 45, tzinfo=UTC)
    assert when(first, "America/St_Johns") == "Saturday 27 October 1990, 23:15 (NDT, UTC-02:30)"
    assert when(second, "America/St_Johns") == "Saturday 27 October 1990, 23:15 (NST, UTC-03:30)"
