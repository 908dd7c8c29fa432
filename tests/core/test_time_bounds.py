"""The one definition of a plausible time: what it accepts can always be stored and shown."""

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from marshmallow import ValidationError

from core import time_bounds
from core.types import utcnow

# Every offset a time can be written with (ISO 8601 allows up to 23:59 either way).
offsets = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
moments = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=offsets)
ZONES = [ZoneInfo(name) for name in ("Europe/London", "Pacific/Kiritimati", "Pacific/Pago_Pago")]


def accepts(check, value) -> bool:
    try:
        check(value)
    except ValidationError:
        return False
    return True


@given(moments)
def test_a_moment_accepted_as_happened_can_be_stored_and_shown_in_any_zone(moment):
    if accepts(time_bounds.happened, moment):
        for zone in ZONES:
            moment.astimezone(UTC).astimezone(zone)


@given(moments)
def test_a_moment_accepted_as_planned_can_be_stored_and_shown_in_any_zone(moment):
    if accepts(time_bounds.planned, moment):
        for zone in ZONES:
            moment.astimezone(UTC).astimezone(zone)


@pytest.mark.parametrize("check", [time_bounds.happened, time_bounds.planned, time_bounds.plausible])
@pytest.mark.parametrize("value", [date(1, 1, 1), date(9999, 12, 31)])
def test_the_first_and_last_days_of_the_calendar_are_refused(check, value):
    assert not accepts(check, value)


@pytest.mark.parametrize("value", [datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))),
                                   datetime(9999, 12, 31, 20, tzinfo=timezone(timedelta(hours=-14)))])
def test_moments_no_zone_can_hold_are_refused_without_overflowing(value):
    assert not accepts(time_bounds.happened, value) and not accepts(time_bounds.planned, value)


def test_something_happened_from_the_first_day_of_1900_to_tomorrow():
    today = utcnow().date()
    assert accepts(time_bounds.happened, date(1900, 1, 1)) and not accepts(time_bounds.happened, date(1899, 12, 31))
    assert accepts(time_bounds.happened, today + timedelta(days=1))
    assert not accepts(time_bounds.happened, today + timedelta(days=2))


def test_a_moment_that_happened_may_be_only_minutes_ahead_of_the_clock():
    assert accepts(time_bounds.happened, utcnow() + timedelta(minutes=4))
    assert not accepts(time_bounds.happened, utcnow() + timedelta(hours=1))


def test_something_planned_falls_from_today_to_five_years_ahead():
    days = time_bounds.planned_days(date(2026, 12, 5))
    assert days.last == date(2031, 12, 5) and days.first == date(2026, 12, 4)  # a day of grace for the zone


def test_five_years_after_a_29_february_is_the_28th():
    assert time_bounds.planned_days(date(2028, 2, 29)).last == date(2033, 2, 28)


def test_a_range_that_selects_what_happened_is_clamped_to_the_days_it_can_select():
    assert time_bounds.clamp_happened(date(1, 1, 1)) == date(1900, 1, 1)
    assert time_bounds.clamp_happened(date(9999, 12, 31)) == utcnow().date() + timedelta(days=1)
    assert time_bounds.clamp_happened(date(2020, 5, 1)) == date(2020, 5, 1)
