"""Offered, busy and imported times, as the time-finder will read them."""

from datetime import UTC, datetime, timedelta

import pytest
from dates import MONDAY, SCHOOL_ZONE, TUESDAY, at_school, next_clock_change, said_day, utc_midnight

from core.errors import InvalidInput, NotFound
from core.meetings import availability

WEEK_START = at_school(MONDAY, 0)
HOUR, HALF_HOUR = timedelta(hours=1), timedelta(minutes=30)


def window(db, people, site, days=28, start=WEEK_START):
    return availability.availability_of(db, people, start, start + timedelta(days=days), site=site)


def test_a_person_who_offered_nothing_is_free_unless_busy(db, child_team, site):
    assert window(db, [child_team.parent], site)[child_team.parent.id].free is None


def test_a_weekly_offer_keeps_its_local_time_across_the_clock_change(db, child_team, site):
    # Tuesdays 09:00-12:00 in London, from four weeks before the clocks change (on a Sunday) to two after:
    # 09:00 is one hour in UTC before the change and another after it.
    change = next_clock_change(utc_midnight(MONDAY)).date()
    first = change - timedelta(days=26)
    before, after = (at_school(day, 9).astimezone(UTC).hour for day in (first, first + timedelta(weeks=5)))
    availability.offer(db, child_team.slt, {"starts_at": at_school(first, 9).isoformat(),
                                            "ends_at": at_school(first, 12).isoformat(),
                                            "weekly_until": (change + timedelta(days=12)).isoformat()})
    six_weeks = window(db, [child_team.slt], site, days=42, start=at_school(first - timedelta(days=1), 0))
    free = six_weeks[child_team.slt.id].free
    starts = [start.astimezone(UTC).hour for start, _ in free]
    assert before != after
    assert len(free) == 6 and starts[:4] == [before] * 4 and starts[4:] == [after] * 2


def next_change(after: datetime, *, back: bool) -> datetime:
    """The next instant the school's clocks go back (``back``) or forward after ``after``."""
    change = next_clock_change(after)
    while (change.astimezone(SCHOOL_ZONE).utcoffset() < (change - HOUR).astimezone(SCHOOL_ZONE).utcoffset()) != back:
        change = next_clock_change(change)
    return change


def half_past_in_the_skipped_hour(change: datetime) -> datetime:
    """The wall-clock time half an hour into the hour the clocks skip at ``change`` (01:30 in London)."""
    return change.astimezone(SCHOOL_ZONE).replace(tzinfo=None) - HOUR + HALF_HOUR


def offer_weekly(db, person, starts: datetime, until) -> None:
    availability.offer(db, person, {"starts_at": starts.isoformat(), "ends_at": (starts + HOUR).isoformat(),
                                    "weekly_until": until.isoformat()})


def offered_on(db, person, site, night: datetime) -> list:
    day = night.astimezone(SCHOOL_ZONE).date()
    return window(db, [person], site, days=1, start=at_school(day, 0))[person.id].free


def test_a_weekly_offer_at_a_time_the_clocks_skip_that_night_is_moved_forward_by_the_gap(db, child_team, site):
    # RFC 5545 3.3.10: the occurrence is read with the offset before the gap: 01:30 GMT, shown as 02:30 BST.
    spring = next_change(utc_midnight(MONDAY), back=False)
    wall = half_past_in_the_skipped_hour(spring)
    offer_weekly(db, child_team.parent, (wall - timedelta(weeks=3)).replace(tzinfo=SCHOOL_ZONE), wall.date())
    assert offered_on(db, child_team.parent, site, spring) == [(spring + HALF_HOUR, spring + HALF_HOUR + HOUR)]


def test_a_weekly_offer_first_given_as_the_second_repeated_time_moves_forward_over_the_gap(db, child_team, site):
    # Its first night it was the second 01:30 (after the clocks went back); that choice does not
    # carry to the spring night, where it would have gone back to 00:30 instead of on to 02:30.
    autumn = next_change(utc_midnight(MONDAY), back=True)
    spring = next_change(autumn, back=False)
    assert (spring - autumn).days % 7 == 0
    offer_weekly(db, child_team.parent, (autumn + HALF_HOUR).astimezone(SCHOOL_ZONE), spring.date())
    assert offered_on(db, child_team.parent, site, autumn) == [(autumn + HALF_HOUR, autumn + HALF_HOUR + HOUR)]
    assert offered_on(db, child_team.parent, site, spring) == [(spring + HALF_HOUR, spring + HALF_HOUR + HOUR)]


def test_a_weekly_offer_at_a_time_the_clocks_repeat_that_night_takes_the_first(db, child_team, site):
    # RFC 5545 3.3.10 and 3.3.5: the first 01:30 (BST), half an hour before the clocks go back.
    autumn = next_change(utc_midnight(MONDAY), back=True)
    first = autumn - HALF_HOUR
    offer_weekly(db, child_team.parent, first.astimezone(SCHOOL_ZONE) - timedelta(weeks=3), autumn.date())
    assert offered_on(db, child_team.parent, site, autumn) == [(first, first + HOUR)]


def test_a_weekly_offer_first_given_as_the_second_repeated_time_takes_the_first_a_year_on(db, child_team, site):
    autumn = next_change(utc_midnight(MONDAY), back=True)
    year_on = next_change(next_change(autumn, back=False), back=True)
    while year_on - autumn != timedelta(weeks=52):  # some years the last Sunday of October is 53 weeks on
        autumn, year_on = year_on, next_change(next_change(year_on, back=False), back=True)
    offer_weekly(db, child_team.parent, (autumn + HALF_HOUR).astimezone(SCHOOL_ZONE), year_on.date())
    assert offered_on(db, child_team.parent, site, year_on) == [(year_on - HALF_HOUR, year_on + HALF_HOUR)]


def test_a_weekly_offer_starting_at_a_time_the_clocks_skip_is_refused_with_its_reason(db, child_team):
    spring = next_change(utc_midnight(MONDAY), back=False)
    wall = half_past_in_the_skipped_hour(spring)
    with pytest.raises(InvalidInput) as refused:
        availability.offer(db, child_team.parent, {"starts_at": wall.isoformat(),
                                                   "ends_at": (wall + 2 * HOUR).isoformat(),
                                                   "weekly_until": (wall.date() + timedelta(weeks=4)).isoformat()},
                           zone="Europe/London")
    assert refused.value.errors["starts_at"] == [
        f"There is no {wall:%H:%M} on {said_day(wall.date())}: the clocks go forward that night, "
        "from 01:00 straight to 02:00. Choose a time outside that gap."
    ]


def test_a_bad_offer_is_refused_with_the_field(db, child_team):
    with pytest.raises(InvalidInput) as raised:
        availability.offer(db, child_team.parent, {"starts_at": at_school(TUESDAY, 18).isoformat(),
                                                   "ends_at": at_school(TUESDAY, 17).isoformat()})
    assert list(raised.value.errors) == ["ends_at"]


def test_only_the_person_who_offered_a_time_withdraws_it(db, child_team):
    slot = availability.offer(db, child_team.parent, {"starts_at": at_school(TUESDAY, 18).isoformat(),
                                                      "ends_at": at_school(TUESDAY, 20).isoformat()})
    with pytest.raises(NotFound):
        availability.withdraw(db, child_team.slt, slot.id)
    availability.withdraw(db, child_team.parent, slot.id)
    assert availability.own_slots(db, child_team.parent) == []


def test_meetings_already_booked_count_as_busy(db, child_team, make_meeting, site):
    make_meeting(at_school(TUESDAY, 10))
    busy = window(db, [child_team.parent], site)[child_team.parent.id].busy
    assert busy == [(at_school(TUESDAY, 10), at_school(TUESDAY, 11))]


IMPORTED = f"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//EN
BEGIN:VEVENT
UID:clinic@example
DTSTAMP:{MONDAY - timedelta(weeks=4):%Y%m%d}T000000Z
DTSTART;TZID=Europe/London:{MONDAY:%Y%m%d}T140000
DTEND;TZID=Europe/London:{MONDAY:%Y%m%d}T170000
RRULE:FREQ=WEEKLY;COUNT=3
SUMMARY:Clinic
END:VEVENT
BEGIN:VEVENT
UID:free@example
DTSTAMP:{MONDAY - timedelta(weeks=4):%Y%m%d}T000000Z
DTSTART:{TUESDAY:%Y%m%d}T090000Z
DTEND:{TUESDAY:%Y%m%d}T100000Z
TRANSP:TRANSPARENT
SUMMARY:Tentative hold
END:VEVENT
END:VCALENDAR
""".encode()


def test_imported_busy_times_include_repeats_and_skip_free_marked_events(db, child_team, site):
    assert availability.import_busy(db, child_team.slt, IMPORTED, now=WEEK_START) == 3
    busy = sorted(window(db, [child_team.slt], site)[child_team.slt.id].busy)
    assert busy[0] == (at_school(MONDAY, 14), at_school(MONDAY, 17))


def test_importing_again_replaces_the_earlier_import(db, child_team, site):
    availability.import_busy(db, child_team.slt, IMPORTED, now=WEEK_START)
    availability.import_busy(db, child_team.slt, IMPORTED, now=WEEK_START)
    assert len(window(db, [child_team.slt], site)[child_team.slt.id].busy) == 3


def test_a_file_that_is_not_a_calendar_is_refused(db, child_team):
    with pytest.raises(InvalidInput) as raised:
        availability.import_busy(db, child_team.slt, b"hello", now=WEEK_START)
    assert list(raised.value.errors) == ["file"]
