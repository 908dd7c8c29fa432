"""Offered, busy and imported times, as the time-finder will read them."""

from datetime import UTC, datetime, timedelta

import pytest

from core.errors import InvalidInput, NotFound
from core.meetings import availability

MONDAY = datetime(2027, 3, 1, tzinfo=UTC)


def window(db, people, site, days=28):
    return availability.availability_of(db, people, MONDAY, MONDAY + timedelta(days=days), site=site)


def test_a_person_who_offered_nothing_is_free_unless_busy(db, child_team, site):
    assert window(db, [child_team.parent], site)[child_team.parent.id].free is None


def test_a_weekly_offer_keeps_its_local_time_across_the_clock_change(db, child_team, site):
    # Tuesdays 09:00-12:00 in London: 09:00 GMT in March, 08:00 UTC once summer time starts (28 March 2027).
    availability.offer(db, child_team.slt, {"starts_at": "2027-03-02T09:00:00+00:00",
                                            "ends_at": "2027-03-02T12:00:00+00:00", "weekly_until": "2027-04-30"})
    free = window(db, [child_team.slt], site, days=42)[child_team.slt.id].free
    starts = [start.astimezone(UTC).hour for start, _ in free]
    assert len(free) == 6 and starts[:4] == [9, 9, 9, 9] and starts[4:] == [8, 8]


def test_a_bad_offer_is_refused_with_the_field(db, child_team):
    with pytest.raises(InvalidInput) as raised:
        availability.offer(db, child_team.parent, {"starts_at": "2027-03-02T18:00:00+00:00",
                                                   "ends_at": "2027-03-02T17:00:00+00:00"})
    assert list(raised.value.errors) == ["ends_at"]


def test_only_the_person_who_offered_a_time_withdraws_it(db, child_team):
    slot = availability.offer(db, child_team.parent, {"starts_at": "2027-03-02T18:00:00+00:00",
                                                      "ends_at": "2027-03-02T20:00:00+00:00"})
    with pytest.raises(NotFound):
        availability.withdraw(db, child_team.slt, slot.id)
    availability.withdraw(db, child_team.parent, slot.id)
    assert availability.own_slots(db, child_team.parent) == []


def test_meetings_already_booked_count_as_busy(db, child_team, make_meeting, site):
    make_meeting(MONDAY + timedelta(days=1, hours=10))
    busy = window(db, [child_team.parent], site)[child_team.parent.id].busy
    assert busy == [(MONDAY + timedelta(days=1, hours=10), MONDAY + timedelta(days=1, hours=11))]


IMPORTED = b"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//EN
BEGIN:VEVENT
UID:clinic@example
DTSTAMP:20270101T000000Z
DTSTART;TZID=Europe/London:20270301T140000
DTEND;TZID=Europe/London:20270301T170000
RRULE:FREQ=WEEKLY;COUNT=3
SUMMARY:Clinic
END:VEVENT
BEGIN:VEVENT
UID:free@example
DTSTAMP:20270101T000000Z
DTSTART:20270302T090000Z
DTEND:20270302T100000Z
TRANSP:TRANSPARENT
SUMMARY:Tentative hold
END:VEVENT
END:VCALENDAR
"""


def test_imported_busy_times_include_repeats_and_skip_free_marked_events(db, child_team, site):
    assert availability.import_busy(db, child_team.slt, IMPORTED, now=MONDAY) == 3
    busy = sorted(window(db, [child_team.slt], site)[child_team.slt.id].busy)
    assert busy[0] == (datetime(2027, 3, 1, 14, tzinfo=UTC), datetime(2027, 3, 1, 17, tzinfo=UTC))


def test_importing_again_replaces_the_earlier_import(db, child_team, site):
    availability.import_busy(db, child_team.slt, IMPORTED, now=MONDAY)
    availability.import_busy(db, child_team.slt, IMPORTED, now=MONDAY)
    assert len(window(db, [child_team.slt], site)[child_team.slt.id].busy) == 3


def test_a_file_that_is_not_a_calendar_is_refused(db, child_team):
    with pytest.raises(InvalidInput) as raised:
        availability.import_busy(db, child_team.slt, b"hello", now=MONDAY)
    assert list(raised.value.errors) == ["file"]
