"""Invites read the same in every calendar: two parsers, a real CalDAV server, real mail."""

import uuid
from datetime import UTC, timedelta

import icalendar
import pytest
import vobject
from caldav_client import caldav, hrefs_between
from dates import at_school, monday_with_offset
from sqlalchemy import select

from core.db import make_session_factory
from core.meetings import booking as meetings
from core.meetings import ical
from core.messaging import outbox
from core.models import OutboxMessage

WINTER = at_school(monday_with_offset(0) + timedelta(days=1), 15, 30).astimezone(UTC)  # a Tuesday, 15:30 GMT
SUMMER = at_school(monday_with_offset(1) + timedelta(days=1), 15, 30).astimezone(UTC)  # a Tuesday, 15:30 BST
HOUR = timedelta(hours=1)


def invite_bytes(meeting, person, site):
    return ical.invite(meeting, person, zone=site.zone, base_url=site.base_url, host=site.host)


def first_event_with_icalendar(data):
    return icalendar.Calendar.from_ical(data).walk("VEVENT")[0]


def first_event_with_vobject(data):
    return vobject.readOne(data.decode()).vevent


@pytest.mark.parametrize("moment", [WINTER, SUMMER], ids=["winter-GMT", "summer-BST"])
@pytest.mark.parametrize("parse", [first_event_with_icalendar, first_event_with_vobject], ids=["icalendar", "vobject"])
def test_every_parser_reads_the_same_instant_in_winter_and_summer(child_team, make_meeting, site, moment, parse):
    event = parse(invite_bytes(make_meeting(moment), child_team.parent, site))
    start = event["dtstart"].dt if isinstance(event, icalendar.Event) else event.dtstart.value
    assert start == moment
    assert start.utcoffset() == (timedelta(hours=1) if moment is SUMMER else timedelta(0))


@pytest.mark.parametrize("moment", [WINTER, SUMMER], ids=["winter-GMT", "summer-BST"])
def test_the_invite_shows_the_local_time_with_its_time_zone(child_team, make_meeting, site, moment):
    text = invite_bytes(make_meeting(moment), child_team.parent, site).decode()
    assert f"DTSTART;TZID=Europe/London:{moment:%Y%m%d}T153000" in text
    assert "BEGIN:VTIMEZONE" in text and "TZID:Europe/London" in text


def test_a_request_names_organiser_and_every_attendee_with_role_and_answer(child_team, make_meeting, site):
    event = first_event_with_icalendar(invite_bytes(make_meeting(WINTER), child_team.slt, site))
    assert str(event["organizer"]) == f"mailto:{child_team.senco.email}"
    attendees = {str(a.params["CN"]): a.params for a in event["attendee"]}
    assert attendees[child_team.slt.full_name]["ROLE"] == "OPT-PARTICIPANT"
    assert attendees[child_team.parent.full_name]["ROLE"] == "REQ-PARTICIPANT"
    assert attendees[child_team.parent.full_name]["PARTSTAT"] == "NEEDS-ACTION"
    assert attendees[child_team.parent.full_name]["RSVP"] == "TRUE"
    assert attendees[child_team.senco.full_name]["PARTSTAT"] == "ACCEPTED"


def test_a_parents_address_is_hidden_from_other_attendees_unless_they_agreed(child_team, make_meeting, site):
    meeting = make_meeting(WINTER)
    assert child_team.parent.email not in invite_bytes(meeting, child_team.slt, site).decode()
    assert child_team.parent.email in invite_bytes(meeting, child_team.parent, site).decode()
    child_team.parent.shares_contact_details = True
    assert child_team.parent.email in invite_bytes(meeting, child_team.slt, site).decode()


def test_an_invite_carries_who_when_where_and_a_link_but_no_case_detail(child_team, make_meeting, site):
    child_team.child.needs = {"communication_and_interaction": "SECRET NEED"}
    text = invite_bytes(make_meeting(WINTER), child_team.parent, site).decode()
    assert "SECRET" not in text and child_team.child.full_name not in text
    assert "Team around the child meeting: Amara" in text and "https://school.example/meetings/" in text


def test_an_invite_is_stamped_in_utc_when_its_version_was_made(child_team, make_meeting, site):
    meeting = make_meeting(SUMMER)
    data = invite_bytes(meeting, child_team.parent, site)
    stamp = first_event_with_icalendar(data)["dtstamp"].dt
    assert stamp == meeting.updated_at.replace(microsecond=0) and stamp.utcoffset() == timedelta(0)
    assert f"DTSTAMP:{stamp:%Y%m%dT%H%M%S}Z" in data.decode()  # RFC 5545 3.8.7.2: always UTC, never a TZID


def test_an_online_meeting_gives_its_link_where_calendars_offer_to_join(child_team, make_meeting, site):
    link = "https://meet.example.org/amara-review"
    event = first_event_with_icalendar(invite_bytes(make_meeting(WINTER, location="", online_link=link),
                                                    child_team.parent, site))
    assert [str(conference.uri) for conference in event.conferences] == [link]
    assert f"Join online: {link}" in event["description"] and event["location"] == "Online"


def test_confirming_a_proposed_meeting_sends_a_new_version_marked_confirmed(db, child_team, make_meeting, site):
    meeting = make_meeting(WINTER, status="proposed")
    before = first_event_with_icalendar(invite_bytes(meeting, child_team.parent, site))
    meetings.change(db, child_team.senco, meeting.id, {"status": "confirmed"}, expected_version=meeting.version,
                    site=site)
    after = first_event_with_icalendar(invite_bytes(meeting, child_team.parent, site))
    assert (before["status"], after["status"]) == ("TENTATIVE", "CONFIRMED")
    assert after["uid"] == before["uid"] and after["sequence"] == before["sequence"] + 1


def test_a_reschedule_keeps_the_uid_and_raises_the_sequence(db, child_team, make_meeting, site):
    meeting = make_meeting(WINTER)
    before = first_event_with_icalendar(invite_bytes(meeting, child_team.parent, site))
    later = WINTER + timedelta(hours=1)
    meetings.change(db, child_team.senco, meeting.id,
                    {"starts_at": later.isoformat(), "ends_at": (later + timedelta(hours=1)).isoformat()},
                    expected_version=meeting.version, site=site)
    after = first_event_with_icalendar(invite_bytes(meeting, child_team.parent, site))
    assert after["uid"] == before["uid"] and after["sequence"] == before["sequence"] + 1


def test_a_cancelled_meeting_gives_method_cancel_with_the_same_uid(db, child_team, make_meeting, site):
    meeting = make_meeting(WINTER)
    meetings.cancel(db, child_team.senco, meeting.id, site=site)
    calendar = icalendar.Calendar.from_ical(invite_bytes(meeting, child_team.parent, site))
    assert calendar["method"] == "CANCEL"
    assert calendar.walk("VEVENT")[0]["uid"] == meeting.uid
    assert calendar.walk("VEVENT")[0]["status"] == "CANCELLED"


def put_in_a_new_calendar(caldav_server, invite):
    """PUT the invite into a fresh calendar collection on the server; its address."""
    owner = f"{caldav_server}/{uuid.uuid4()}/"
    collection = owner + "meetings/"
    caldav("MKCOL", owner)
    caldav("MKCALENDAR", collection)
    status, _ = caldav("PUT", collection + "invite.ics", invite, {"Content-Type": "text/calendar; charset=utf-8"})
    assert status in (201, 204)
    return collection


def found_between(collection, start, end):
    """Whether the server itself finds the invite overlapping [start, end), both UTC."""
    return "invite.ics" in hrefs_between(collection, start, end)


@pytest.mark.parametrize("moment", [WINTER, SUMMER], ids=["winter-GMT", "summer-BST"])
def test_a_real_caldav_server_stores_the_invite_at_the_same_instant(caldav_server, child_team, make_meeting, site,
                                                                     moment):
    meeting = make_meeting(moment)
    collection = put_in_a_new_calendar(caldav_server, invite_bytes(meeting, child_team.parent, site))
    _, stored = caldav("GET", collection + "invite.ics")
    event = first_event_with_vobject(stored)
    assert event.dtstart.value == moment and event.uid.value == meeting.uid


@pytest.mark.parametrize("moment", [WINTER, SUMMER], ids=["winter-GMT", "summer-BST"])
def test_a_real_caldav_server_finds_the_meeting_at_its_utc_time_and_not_an_hour_off(caldav_server, child_team,
                                                                                     make_meeting, site, moment):
    collection = put_in_a_new_calendar(caldav_server, invite_bytes(make_meeting(moment), child_team.parent, site))
    minute = timedelta(minutes=1)
    found = [found_between(collection, start, start + minute) for start in (moment - HOUR, moment, moment + HOUR)]
    assert found == [False, True, False]


def test_mail_carries_the_invite_as_a_calendar_request_with_a_plain_text_body(db, connection, smtp_server, child_team,
                                                                                make_meeting):
    url, sink = smtp_server
    make_meeting(WINTER)
    db.flush()
    sent, failed = outbox.deliver_due(make_session_factory(connection), url)
    assert (sent, failed) == (2, 0)
    to_parent = next(m for m in sink.messages if m["To"] == child_team.parent.email)
    calendar_part = next(p for p in to_parent.walk() if p.get_content_type() == "text/calendar")
    assert calendar_part.get_param("method") == "REQUEST"
    assert icalendar.Calendar.from_ical(calendar_part.get_content())["method"] == "REQUEST"
    assert "invites you to a meeting about Amara" in to_parent.get_body(("plain",)).get_content()


def test_a_failed_send_is_kept_and_retried_later(db, connection, smtp_server, child_team, make_meeting):
    url, sink = smtp_server
    make_meeting(WINTER)
    db.flush()
    factory = make_session_factory(connection)
    assert outbox.deliver_due(factory, "smtp://127.0.0.1:9") == (0, 2)
    failed = db.scalars(select(OutboxMessage)).all()
    db.expire_all()
    assert all(m.attempts == 1 and m.sent_at is None and m.last_error for m in failed)
    assert outbox.deliver_due(factory, url) == (0, 0)  # waiting for its back-off
    for message in failed:
        message.next_attempt_at = message.created_at
    db.flush()
    assert outbox.deliver_due(factory, url) == (2, 0)
    assert len(sink.messages) == 2


def test_a_message_is_sent_once(db, connection, smtp_server, make_meeting):
    url, sink = smtp_server
    make_meeting(WINTER)
    db.flush()
    factory = make_session_factory(connection)
    outbox.deliver_due(factory, url)
    outbox.deliver_due(factory, url)
    assert len(sink.messages) == 2
