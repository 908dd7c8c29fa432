"""Offered, busy and imported times, as the time-finder will read them."""

from datetime import UTC, timedelta

import pytest
from dates import MONDAY, TUESDAY, at_school, next_clock_change, utc_midnight

from core.errors import InvalidInput, NotFound
from core.meetings import availability

WEEK_START = at_school(MONDAY, 0)


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
