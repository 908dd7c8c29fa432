"""Booking, changing and cancelling meetings; answers, notes and agreed actions."""

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from dates import TUESDAY, at_school, said_clock, said_day, said_when
from sqlalchemy import select

from core.errors import Conflict, Forbidden, InvalidInput, NotFound
from core.meetings import booking as meetings
from core.models import AuditEvent, EntryKind, MeetingStatus, OutboxMessage, Rsvp, TimelineEntry
from core.people import consent

NEXT_TUESDAY = at_school(TUESDAY, 10)
# The Wednesday of the week after the meeting: when its agreed actions fall due.
DUE = TUESDAY + timedelta(days=8)


def queued(db):
    return db.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def calendar_reply(meeting, person, partstat, *, sequence, stamped):
    """What a calendar app sends back (METHOD:REPLY) when ``person`` answers one version of the invite."""
    event = icalendar.Event()
    event.add("uid", meeting.uid)
    event.add("sequence", sequence)
    event["dtstamp"] = icalendar.vDatetime(stamped)  # as given: a careless client's floating time too
    event.add("attendee", f"mailto:{person.email}", parameters={"PARTSTAT": partstat})
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//A calendar app//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REPLY")
    calendar.add_component(event)
    return calendar.to_ical()


def answer_of(meeting, person):
    return next(attendee.rsvp for attendee in meeting.attendees if attendee.person == person)


def move_by_a_day(db, child_team, meeting, site):
    later = meeting.starts_at + timedelta(days=1)
    meetings.change(db, child_team.senco, meeting.id,
                    {"starts_at": later.isoformat(), "ends_at": (later + timedelta(hours=1)).isoformat()},
                    expected_version=meeting.version, site=site)


def test_booking_invites_every_attendee_but_the_organiser(db, child_team, make_meeting):
    meeting = make_meeting(NEXT_TUESDAY)
    assert {a.person for a in meeting.attendees} == {child_team.senco, child_team.parent, child_team.slt}
    assert {m.to_address for m in queued(db)} == {child_team.parent.email, child_team.slt.email}
    assert {m.calendar_method for m in queued(db)} == {"REQUEST"}


def test_the_organiser_is_an_attendee_who_has_accepted(db, child_team, make_meeting):
    meeting = make_meeting(NEXT_TUESDAY)
    [organiser] = [a for a in meeting.attendees if a.person == child_team.senco]
    assert organiser.rsvp is Rsvp.ACCEPTED and organiser.required


def test_booking_puts_the_meeting_on_the_timeline(db, child_team, make_meeting):
    make_meeting(NEXT_TUESDAY)
    entry = db.scalar(select(TimelineEntry).where(TimelineEntry.kind == EntryKind.MEETING))
    assert entry.title == "Meeting booked: Team around the child meeting"
    assert entry.body == f"{said_when(NEXT_TUESDAY)} to {said_clock(NEXT_TUESDAY + timedelta(hours=1))}, School library"


@pytest.mark.parametrize("who", ["teacher", "parent", "slt"])
def test_only_the_lead_professional_books_meetings(db, child_team, site, who):
    data = {"purpose": "tac_meeting", "starts_at": NEXT_TUESDAY.isoformat(),
            "ends_at": (NEXT_TUESDAY + timedelta(hours=1)).isoformat()}
    with pytest.raises(Forbidden):
        meetings.schedule(db, getattr(child_team, who), child_team.child.id, data, site=site)


def test_the_team_to_invite_is_given_only_to_who_books_meetings(db, child_team):
    senco_sees = meetings.child_overview(db, child_team.senco, child_team.child.id)
    parent_sees = meetings.child_overview(db, child_team.parent, child_team.child.id)
    assert child_team.parent in {member.person for member in senco_sees.team}
    assert parent_sees.team == []


def test_someone_outside_the_team_cannot_be_invited(db, child_team, make_meeting):
    with pytest.raises(InvalidInput) as raised:
        make_meeting(NEXT_TUESDAY, attendees=[{"person_id": child_team.ot_without_consent.id}])
    assert list(raised.value.errors) == ["attendees"]


def test_a_meeting_must_end_after_it_starts(db, make_meeting):
    with pytest.raises(InvalidInput) as raised:
        make_meeting(NEXT_TUESDAY, minutes=-30)
    assert list(raised.value.errors) == ["ends_at"]


def test_moving_a_meeting_raises_its_sequence_and_sends_the_invite_again(db, child_team, make_meeting, site):
    meeting = make_meeting(NEXT_TUESDAY)
    move_by_a_day(db, child_team, meeting, site)
    assert meeting.sequence == 1
    assert len(queued(db)) == 4
    assert queued(db)[-1].subject.startswith("Changed: ")


def test_a_meeting_at_a_new_time_asks_everyone_again(db, child_team, make_meeting, site):
    meeting = make_meeting(NEXT_TUESDAY)
    meetings.respond(db, child_team.parent, meeting.id, {"answer": "accepted"})
    move_by_a_day(db, child_team, meeting, site)
    answers = {attendee.person_id: attendee.rsvp for attendee in meeting.attendees}
    assert answers[child_team.parent.id] is Rsvp.NEEDS_ACTION
    assert answers[child_team.senco.id] is Rsvp.ACCEPTED  # the organiser moved it


def test_someone_who_left_the_team_is_not_sent_the_changed_invite(db, child_team, make_meeting, site):
    meeting = make_meeting(NEXT_TUESDAY)
    consent.withdraw_consent(db, child_team.senco, child_team.child.id, "speech_language", site=site)
    move_by_a_day(db, child_team, meeting, site)
    changed = [message for message in queued(db) if message.subject.startswith("Changed: ")]
    assert [message.to_address for message in changed] == [child_team.parent.email]


def test_a_meeting_in_a_new_room_keeps_the_answers(db, child_team, make_meeting, site):
    meeting = make_meeting(NEXT_TUESDAY)
    meetings.respond(db, child_team.parent, meeting.id, {"answer": "accepted"})
    meetings.change(db, child_team.senco, meeting.id, {"location": "Room 9"}, expected_version=meeting.version,
                    site=site)
    assert next(a for a in meeting.attendees if a.person_id == child_team.parent.id).rsvp is Rsvp.ACCEPTED


def test_confirming_a_proposed_meeting_tells_every_attendee_with_a_new_version(db, child_team, make_meeting, site):
    meeting = make_meeting(NEXT_TUESDAY, status="proposed")
    meetings.change(db, child_team.senco, meeting.id, {"status": "confirmed"}, expected_version=meeting.version,
                    site=site)
    assert (meeting.status, meeting.sequence) == (MeetingStatus.CONFIRMED, 1)
    confirmations = queued(db)[2:]
    assert {m.to_address for m in confirmations} == {child_team.parent.email, child_team.slt.email}
    assert all(m.subject.startswith("Confirmed: ") and m.calendar_method == "REQUEST" for m in confirmations)
    assert all("has confirmed the meeting about Amara" in m.text_body for m in confirmations)


def test_confirming_a_meeting_goes_on_the_timeline(db, child_team, make_meeting, site):
    meeting = make_meeting(NEXT_TUESDAY, status="proposed")
    meetings.change(db, child_team.senco, meeting.id, {"status": "confirmed"}, expected_version=meeting.version,
                    site=site)
    titles = db.scalars(select(TimelineEntry.title).where(TimelineEntry.kind == EntryKind.MEETING)).all()
    assert "Meeting confirmed: Team around the child meeting" in titles


def test_a_meeting_cannot_be_changed_to_cancelled_except_by_cancelling_it(db, child_team, make_meeting, site):
    meeting = make_meeting(NEXT_TUESDAY)
    with pytest.raises(InvalidInput) as raised:
        meetings.change(db, child_team.senco, meeting.id, {"status": "cancelled"}, expected_version=meeting.version,
                        site=site)
    assert list(raised.value.errors) == ["status"]


def test_renaming_a_meeting_does_not_send_it_again(db, child_team, make_meeting, site):
    meeting = make_meeting(NEXT_TUESDAY)
    meetings.change(db, child_team.senco, meeting.id, {"title": "Amara's review"},
                    expected_version=meeting.version, site=site)
    assert meeting.sequence == 0 and len(queued(db)) == 2


def test_a_change_made_on_a_stale_copy_is_refused(db, child_team, make_meeting, site):
    meeting = make_meeting(NEXT_TUESDAY)
    stale = meeting.version
    meetings.change(db, child_team.senco, meeting.id, {"location": "Room 4"}, expected_version=stale, site=site)
    with pytest.raises(Conflict):
        meetings.change(db, child_team.senco, meeting.id, {"location": "Hall"}, expected_version=stale, site=site)
    assert meeting.location == "Room 4"


def test_cancelling_keeps_the_uid_and_sends_a_cancel(db, child_team, make_meeting, site):
    meeting = make_meeting(NEXT_TUESDAY)
    uid = meeting.uid
    meetings.cancel(db, child_team.senco, meeting.id, site=site)
    assert (meeting.uid, meeting.sequence, meeting.status) == (uid, 1, MeetingStatus.CANCELLED)
    assert [m.calendar_method for m in queued(db)[-2:]] == ["CANCEL", "CANCEL"]


def test_without_a_mail_server_nothing_is_queued(db, child_team, make_meeting, site, host):
    from dataclasses import replace

    data = {"purpose": "iep_review", "starts_at": NEXT_TUESDAY.isoformat(),
            "ends_at": (NEXT_TUESDAY + timedelta(hours=1)).isoformat(),
            "attendees": [{"person_id": child_team.parent.id}]}
    meetings.schedule(db, child_team.senco, child_team.child.id, data, site=replace(site, mail_enabled=False))
    assert queued(db) == []


def test_an_attendee_answers_their_invite(db, child_team, make_meeting):
    meeting = make_meeting(NEXT_TUESDAY)
    attendee = meetings.respond(db, child_team.parent, meeting.id, {"answer": "declined"})
    assert attendee.rsvp is Rsvp.DECLINED and attendee.responded_at is not None


def test_someone_not_invited_cannot_answer(db, child_team, make_meeting):
    meeting = make_meeting(NEXT_TUESDAY)
    with pytest.raises(Forbidden):
        meetings.respond(db, child_team.teacher, meeting.id, {"answer": "accepted"})


def test_a_parent_of_another_child_cannot_see_the_meeting(db, child_team, make_meeting):
    meeting = make_meeting(NEXT_TUESDAY)
    with pytest.raises(NotFound):
        meetings.view(db, child_team.other_parent, meeting.id)


def test_an_answer_is_taken_from_a_calendar_reply(db, child_team, make_meeting):
    meeting = make_meeting(NEXT_TUESDAY)
    reply = calendar_reply(meeting, child_team.parent, "TENTATIVE", sequence=0, stamped=datetime.now(UTC))
    assert meetings.apply_reply(db, child_team.parent, meeting.id, reply).rsvp is Rsvp.TENTATIVE


def test_a_reply_to_an_earlier_version_of_the_invite_does_not_replace_the_answer(db, child_team, make_meeting,
                                                                                   site):
    meeting = make_meeting(NEXT_TUESDAY)
    move_by_a_day(db, child_team, meeting, site)
    meetings.respond(db, child_team.parent, meeting.id, {"answer": "declined"})
    old_reply = calendar_reply(meeting, child_team.parent, "ACCEPTED", sequence=0, stamped=datetime.now(UTC))
    with pytest.raises(InvalidInput) as raised:
        meetings.apply_reply(db, child_team.parent, meeting.id, old_reply)
    assert "earlier version" in raised.value.errors["file"][0]
    assert answer_of(meeting, child_team.parent) is Rsvp.DECLINED


def test_a_reply_stamped_before_the_answer_given_on_the_page_does_not_replace_it(db, child_team, make_meeting):
    meeting = make_meeting(NEXT_TUESDAY)
    meetings.respond(db, child_team.parent, meeting.id, {"answer": "declined"})
    earlier = calendar_reply(meeting, child_team.parent, "ACCEPTED", sequence=0,
                             stamped=datetime.now(UTC) - timedelta(hours=1))
    with pytest.raises(InvalidInput) as raised:
        meetings.apply_reply(db, child_team.parent, meeting.id, earlier)
    assert list(raised.value.errors) == ["file"]
    assert answer_of(meeting, child_team.parent) is Rsvp.DECLINED


def test_a_reply_to_the_latest_version_replaces_an_earlier_answer(db, child_team, make_meeting, site):
    meeting = make_meeting(NEXT_TUESDAY)
    meetings.respond(db, child_team.parent, meeting.id, {"answer": "accepted"})
    move_by_a_day(db, child_team, meeting, site)
    reply = calendar_reply(meeting, child_team.parent, "DECLINED", sequence=1, stamped=datetime.now(UTC))
    assert meetings.apply_reply(db, child_team.parent, meeting.id, reply).rsvp is Rsvp.DECLINED


@pytest.mark.parametrize("sequence, stamped", [(1, datetime.now(UTC)), (0, datetime.now(UTC).replace(tzinfo=None))],
                         ids=["a version never sent", "a stamp without a time zone"])
def test_a_reply_that_cannot_answer_this_invite_is_refused(db, child_team, make_meeting, sequence, stamped):
    meeting = make_meeting(NEXT_TUESDAY)
    reply = calendar_reply(meeting, child_team.parent, "ACCEPTED", sequence=sequence, stamped=stamped)
    with pytest.raises(InvalidInput) as raised:
        meetings.apply_reply(db, child_team.parent, meeting.id, reply)
    assert list(raised.value.errors) == ["file"]


def test_a_file_that_is_not_a_reply_is_refused_with_the_reason(db, child_team, make_meeting):
    meeting = make_meeting(NEXT_TUESDAY)
    with pytest.raises(InvalidInput) as raised:
        meetings.apply_reply(db, child_team.parent, meeting.id, b"not a calendar")
    assert list(raised.value.errors) == ["file"]


def test_an_agenda_follows_the_structured_conversation(db, make_meeting):
    meeting = make_meeting(NEXT_TUESDAY, agenda={"explore": "What is going well", "review": "Next review date"})
    assert meeting.agenda == {"explore": "What is going well", "focus": "", "plan": "", "review": "Next review date"}


def test_an_agenda_under_a_heading_outside_the_structured_conversation_is_refused(db, make_meeting):
    with pytest.raises(InvalidInput) as raised:
        make_meeting(NEXT_TUESDAY, agenda={"gossip": "Who said what"})
    assert list(raised.value.errors) == ["agenda.gossip"]


def test_notes_follow_the_structured_conversation(db, child_team, make_meeting):
    meeting = make_meeting(NEXT_TUESDAY)
    notes = {"explore": "What is going well", "focus": "Mornings", "plan": "Visual timetable", "review": "In 6 weeks"}
    meetings.record_notes(db, child_team.senco, meeting.id, notes, expected_version=meeting.version)
    assert meeting.notes == notes


def test_an_agreed_action_goes_on_the_owners_list_and_the_timeline(db, child_team, make_meeting, site):
    meeting = make_meeting(NEXT_TUESDAY)
    action = meetings.add_action(db, child_team.senco, meeting.id,
                                 {"owner_id": child_team.parent.id, "text": "Try the timetable at home",
                                  "due_on": (TUESDAY + timedelta(weeks=2)).isoformat()}, site=site)
    assert meetings.actions_for(db, child_team.parent, TUESDAY + timedelta(days=1)).mine == [action]
    titles = db.scalars(select(TimelineEntry.title).where(TimelineEntry.kind == EntryKind.MEETING)).all()
    assert f"Action for {child_team.parent.full_name}, by {said_day(TUESDAY + timedelta(weeks=2))}" in titles


def test_an_overdue_action_is_flagged_to_the_lead_professional(db, child_team, make_meeting, site):
    meeting = make_meeting(NEXT_TUESDAY)
    action = meetings.add_action(db, child_team.senco, meeting.id,
                                 {"owner_id": child_team.slt.id, "text": "Send report", "due_on": DUE.isoformat()},
                                 site=site)
    assert meetings.actions_for(db, child_team.senco, DUE + timedelta(days=1)).overdue_in_my_teams == [action]
    meetings.complete_action(db, child_team.slt, action.id)
    assert meetings.actions_for(db, child_team.senco, DUE + timedelta(days=1)).overdue_in_my_teams == []


def agreed(db, child_team, meeting, site, owner, due_on):
    return meetings.add_action(db, child_team.senco, meeting.id,
                               {"owner_id": owner.id, "text": "Do it", "due_on": due_on.isoformat()}, site=site)


def test_the_counts_of_actions_are_as_long_as_the_lists(db, child_team, make_meeting, site):
    meeting = make_meeting(NEXT_TUESDAY)
    agreed(db, child_team, meeting, site, child_team.senco, DUE + timedelta(days=5))  # mine, not overdue
    agreed(db, child_team, meeting, site, child_team.senco, DUE - timedelta(days=1))  # mine and overdue
    agreed(db, child_team, meeting, site, child_team.slt, DUE - timedelta(days=2))  # overdue in the team
    agreed(db, child_team, meeting, site, child_team.slt, DUE + timedelta(days=2))  # neither
    done = agreed(db, child_team, meeting, site, child_team.senco, DUE - timedelta(days=3))
    meetings.complete_action(db, child_team.senco, done.id)
    listed = meetings.actions_for(db, child_team.senco, DUE)
    counts = meetings.action_counts(db, child_team.senco, DUE)
    assert (counts.mine, counts.overdue_in_my_teams) == (len(listed.mine), len(listed.overdue_in_my_teams)) == (2, 2)


def test_counting_actions_is_audited_naming_the_children_the_lists_would_show(db, child_team, make_meeting, site):
    agreed(db, child_team, make_meeting(NEXT_TUESDAY), site, child_team.slt, DUE - timedelta(days=1))
    meetings.action_counts(db, child_team.senco, DUE)
    meetings.action_counts(db, child_team.teacher, DUE)  # neither theirs nor a child they lead
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "actions.viewed").order_by(AuditEvent.id))
    assert [(event.actor_id, event.detail) for event in events] == [
        (child_team.senco.id, {"children": [child_team.child.id]}),
        (child_team.teacher.id, {"children": []}),
    ]


def test_an_action_owner_must_be_in_the_team(db, child_team, make_meeting, site):
    meeting = make_meeting(NEXT_TUESDAY)
    with pytest.raises(InvalidInput) as raised:
        meetings.add_action(db, child_team.senco, meeting.id,
                            {"owner_id": child_team.outsider.id, "text": "x", "due_on": DUE.isoformat()}, site=site)
    assert list(raised.value.errors) == ["owner_id"]
