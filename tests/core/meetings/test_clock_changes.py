"""The nights the clocks change, 2026 to 2030: every minute of the hour the clocks skip is
refused with its reason; every minute of the hour they repeat is refused until the person
says which, and each accepted time reaches the invite and the feed as the same instant
in icalendar and vobject, and in a real CalDAV server. Times elsewhere are sampled.

Everything but the CalDAV batch runs in-process: a form's time goes through the same
schema the pages and the API use, and the invite and feed are pure functions.
"""

from __future__ import annotations

import io
import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from caldav_client import caldav, hrefs_between
from dateutil.tz import tzical
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from core import wall_clock
from core.errors import InvalidInput
from core.meetings import ical
from core.models import Child, Meeting, MeetingPurpose, MeetingStatus, Person, PersonKind
from core.schemas import MeetingInput
from core.types import utcnow
from core.validation import load

ZONE = "Europe/London"
LONDON = ZoneInfo(ZONE)
YEARS = range(2026, 2031)
MINUTE = timedelta(minutes=1)


def clock_changes(year: int) -> list[datetime]:
    """The instants the clocks change in London in ``year``, found from the time-zone database."""
    def offset(moment):
        return moment.astimezone(LONDON).utcoffset()

    found, hour = [], datetime(year, 1, 1, tzinfo=UTC)
    while hour.year == year:
        if offset(hour + timedelta(hours=1)) != offset(hour):
            found.append(next(hour + n * MINUTE for n in range(1, 61) if offset(hour + n * MINUTE) != offset(hour)))
        hour += timedelta(hours=1)
    return found


SPRING = [changes[0] for changes in map(clock_changes, YEARS)]
AUTUMN = [changes[1] for changes in map(clock_changes, YEARS)]
SKIPPED = [(change.astimezone(LONDON) - timedelta(hours=1)).replace(tzinfo=None) + minute * MINUTE
           for change in SPRING for minute in range(60)]
REPEATED = [change.astimezone(LONDON).replace(tzinfo=None) + minute * MINUTE
            for change in AUTUMN for minute in range(60)]


def typed(wall: datetime, offset: str = "") -> dict:
    """What a meeting form sends: the time as typed, or with the reading the person chose."""
    return {"purpose": "tac_meeting", "starts_at": wall.isoformat() + offset,
            "ends_at": (wall + timedelta(hours=3)).isoformat() + "+00:00"}


def form_reads(wall: datetime, offset: str = "") -> datetime:
    return load(MeetingInput(zone=ZONE), typed(wall, offset))["starts_at"]


def form_reason(wall: datetime) -> list[str]:
    with pytest.raises(InvalidInput) as refused:
        form_reads(wall)
    return refused.value.errors["starts_at"]


def is_planned(wall: datetime) -> bool:
    """The meeting form takes days from today; a day already past is checked as a wall time only."""
    return wall.date() > utcnow().date()


def test_the_days_found_are_the_last_sundays_of_march_and_october():
    assert [(c.month, c.weekday(), c.day > 24) for c in SPRING + AUTUMN] == [(3, 6, True)] * 5 + [(10, 6, True)] * 5


def test_every_minute_the_clocks_skip_is_refused_with_its_reason():
    for wall in SKIPPED:
        assert form_reason(wall) == [
            f"There is no {wall:%H:%M} on Sunday {wall.day} March {wall.year}: the clocks go forward that night, "
            "from 01:00 straight to 02:00. Choose a time outside that gap."
        ], wall


def test_every_minute_the_clocks_repeat_is_refused_until_the_person_says_which():
    for wall in REPEATED:
        (reason,) = form_reason(wall)
        assert reason.startswith(f"{wall:%H:%M} on Sunday {wall.day} October {wall.year} happens twice")
        assert "the first (BST, UTC+01:00) or the second (GMT, UTC+00:00)" in reason


def calendar_meeting(number: int, starts: datetime) -> ical.CalendarMeeting:
    organiser = ical.CalendarPerson(1, PersonKind.SCHOOL_STAFF, "Priya Shah", "senco@school.example", True)
    return ical.CalendarMeeting(
        number, f"{number}@teamaround", 0, datetime(2026, 12, 1, tzinfo=UTC), MeetingPurpose.TAC_MEETING,
        MeetingStatus.CONFIRMED, starts, starts + timedelta(minutes=1), "School library", "", "Amara", organiser, (),
    )


def invite_of(starts: datetime, host) -> bytes:
    """A single meeting's invite, from a meeting that is never stored."""
    organiser = Person(id=1, kind=PersonKind.SCHOOL_STAFF, full_name="Priya Shah", email="senco@school.example",
                       shares_contact_details=True)
    meeting = Meeting(
        id=1, uid="1@teamaround", sequence=0, updated_at=datetime(2026, 12, 1, tzinfo=UTC),
        purpose=MeetingPurpose.TAC_MEETING, status=MeetingStatus.CONFIRMED, starts_at=starts,
        ends_at=starts + timedelta(minutes=1), location="School library", online_link="",
        child=Child(full_name="Amara Okafor", preferred_name="Amara"), organiser=organiser, attendees=[],
    )
    return ical.invite(meeting, organiser, zone=ZONE, base_url="https://school.example", host=host)


def starts_in_icalendar(data: bytes) -> list[datetime]:
    return [event["dtstart"].dt for event in icalendar.Calendar.from_ical(data).walk("VEVENT")]


def starts_in_vobject(data: bytes) -> list[datetime]:
    return [event.dtstart.value for event in vobject.readOne(data.decode()).vevent_list]


def accepted_repeated_times() -> list[datetime]:
    """Both readings of every repeated minute, as the form accepts them once chosen."""
    accepted = []
    for wall in REPEATED:
        for offset in ("+01:00", "+00:00"):
            accepted.append(form_reads(wall, offset) if is_planned(wall) else
                            datetime.fromisoformat(wall.isoformat() + offset))
    return accepted


def test_each_chosen_reading_of_a_repeated_minute_is_its_own_instant():
    accepted = accepted_repeated_times()
    assert len({moment.astimezone(UTC) for moment in accepted}) == len(REPEATED) * 2
    firsts, seconds = accepted[::2], accepted[1::2]
    assert all(later - earlier == timedelta(hours=1) for earlier, later in zip(firsts, seconds, strict=True))


@pytest.mark.parametrize("read", [starts_in_icalendar, starts_in_vobject], ids=["icalendar", "vobject"])
def test_the_feed_gives_every_reader_the_instant_chosen_in_the_repeated_hour(host, read):
    accepted = accepted_repeated_times()
    feed = ical.feed([calendar_meeting(n, moment) for n, moment in enumerate(accepted)], _reader(),
                     zone=ZONE, base_url="https://school.example", host=host)
    assert read(feed) == accepted


@pytest.mark.parametrize("read", [starts_in_icalendar, starts_in_vobject], ids=["icalendar", "vobject"])
def test_the_invite_gives_every_reader_the_instant_chosen_in_the_repeated_hour(host, read):
    for moment in accepted_repeated_times():
        assert read(invite_of(moment, host)) == [moment], moment


def _reader():
    return Person(id=99, kind=PersonKind.PARENT, full_name="Grace Okafor", email="parent@example.org")


# From the day after tomorrow to four years on: times the meeting form takes, whenever this runs.
PLANNABLE = st.datetimes(min_value=datetime.combine(utcnow().date() + timedelta(days=2), time()),
                         max_value=datetime.combine(utcnow().date() + timedelta(days=4 * 365), time()))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(wall=PLANNABLE.map(lambda moment: moment.replace(second=0, microsecond=0)))
def test_any_other_time_typed_reaches_invite_and_feed_as_the_same_instant(host, wall):
    assume(len(wall_clock.readings(wall, ZONE)) == 1)  # the clock-change hours are gone through above
    accepted = form_reads(wall)
    assert accepted == wall.replace(tzinfo=LONDON)
    invite = invite_of(accepted, host)
    feed = ical.feed([calendar_meeting(1, accepted)], _reader(), zone=ZONE, base_url="https://school.example",
                     host=host)
    for data in (invite, feed):
        assert starts_in_icalendar(data) == starts_in_vobject(data) == [accepted]


def boundary_times() -> list[datetime]:
    """The minutes either side of each change, and both readings of the first and last repeated minute."""
    moments = []
    for change in SPRING + AUTUMN:
        moments += [change - MINUTE, change, change + timedelta(hours=1), change - timedelta(hours=1)]
    return sorted(set(moments))


def meetings_found_between(collection: str, start: datetime, end: datetime) -> set[str]:
    """The UIDs of the events the server itself finds overlapping [start, end)."""
    return {href.removesuffix(".ics") for href in hrefs_between(collection, start, end) if href.endswith(".ics")}


def test_a_real_caldav_server_finds_every_time_around_the_changes_at_its_instant(caldav_server, host):
    moments = boundary_times()
    feed = ical.feed([calendar_meeting(n, moment) for n, moment in enumerate(moments)], _reader(),
                     zone=ZONE, base_url="https://school.example", host=host)
    collection = f"{caldav_server}/{uuid.uuid4()}/meetings/"
    caldav("MKCOL", collection.removesuffix("meetings/"))
    # A whole calendar PUT on the collection: the server files each event by its UID.
    assert caldav("PUT", collection, feed, {"Content-Type": "text/calendar; charset=utf-8"})[0] in (200, 201, 204)
    for number, moment in enumerate(moments):
        assert meetings_found_between(collection, moment, moment + MINUTE) == {f"{number}@teamaround"}, moment


def test_the_time_zone_definition_holds_read_literally_for_meetings_years_apart(host):
    """A reader that keeps the definition it first sees for the TZID (here: of a 2027 invite)
    reads every summer and winter of the years after by it."""
    summer_2027 = datetime(2027, 7, 1, 9, tzinfo=UTC)
    definition = icalendar.Calendar.from_ical(invite_of(summer_2027, host)).walk("VTIMEZONE")[0]
    literal = tzical(io.StringIO(definition.to_ical().decode())).get()
    for year in range(2026, 2036):
        for day in (date(year, 1, 15), date(year, 7, 15), date(year, 3, 31), date(year, 10, 1), date(year, 11, 1)):
            wall = datetime.combine(day, time(10))
            assert literal.utcoffset(wall) == wall.replace(tzinfo=LONDON).utcoffset(), wall
