"""Meeting pages: booking from the form, the invite download, answers and the feed."""

import io
import logging
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from dates import TUESDAY, at_school, form_time, said_day

from core.meetings import feeds
from webui.security import RedactFeedTokens

HOUR = timedelta(hours=1)

MEETING_TIME = at_school(TUESDAY, 10)
# An afternoon a few weeks on, as a SENCO types it into the booking form.
AFTERNOON = at_school(TUESDAY + timedelta(weeks=3), 15, 30)


def book_from_the_form(client, child_team, **fields):
    """The booking form, sent for an afternoon with whatever else the test fills in."""
    return client.post(f"/children/{child_team.child.id}/meetings", data={
        "purpose": "tac_meeting", "starts_at": form_time(AFTERNOON), "ends_at": form_time(AFTERNOON + HOUR), **fields})


def test_a_senco_books_a_meeting_from_the_form_in_local_time(client, auth, child_team):
    auth.login(child_team.senco)
    response = client.post(f"/children/{child_team.child.id}/meetings", data={
        "purpose": "iep_review", "starts_at": form_time(AFTERNOON), "ends_at": form_time(AFTERNOON + HOUR),
        "location": "Library", "attendee": [str(child_team.parent.id), str(child_team.slt.id)],
        "optional": [str(child_team.slt.id)],
    })
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"{said_day(AFTERNOON)}, 15:30 to 16:30" in page


def test_the_agenda_from_the_booking_form_shows_under_the_structured_conversation(client, auth, child_team):
    auth.login(child_team.senco)
    response = book_from_the_form(
        client, child_team, agenda_explore="What is going well at school", agenda_focus="Mornings at the gate",
        agenda_plan="A visual timetable at home", agenda_review="Check in after half term",
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    order = ["<h3>Explore</h3>", "What is going well at school", "<h3>Focus</h3>", "Mornings at the gate",
             "<h3>Plan</h3>", "A visual timetable at home", "<h3>Review</h3>", "Check in after half term"]
    assert [page.index(text) for text in order] == sorted(page.index(text) for text in order)


def test_an_online_meeting_shows_its_link_on_its_page(client, auth, child_team):
    auth.login(child_team.senco)
    response = book_from_the_form(client, child_team, online_link="https://meet.example.org/amara-review",
                                  attendee=[str(child_team.parent.id)])
    auth.logout()
    auth.login(child_team.parent)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<a href="https://meet.example.org/amara-review">Join online</a>' in page


def test_a_meeting_pencilled_in_from_the_booking_form_is_to_be_confirmed(client, auth, child_team):
    auth.login(child_team.senco)
    response = book_from_the_form(client, child_team, status="proposed")
    assert "(to be confirmed)" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_the_lead_confirms_a_proposed_meeting_from_its_page(client, auth, child_team, make_meeting):
    meeting = make_meeting(MEETING_TIME, status="proposed")
    auth.login(child_team.senco)
    assert "Confirm this meeting" in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    response = client.post(f"/meetings/{meeting.id}/change", data={"status": "confirmed", "version": meeting.version})
    assert response.status_code == 302
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "(to be confirmed)" not in page and "Confirm this meeting" not in page


def test_only_the_lead_is_offered_to_confirm_a_meeting(client, auth, child_team, make_meeting):
    meeting = make_meeting(MEETING_TIME, status="proposed")
    auth.login(child_team.parent)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "(to be confirmed)" in page and "Confirm this meeting" not in page


def test_a_booking_with_bad_times_shows_the_errors(client, auth, child_team):
    auth.login(child_team.senco)
    response = client.post(f"/children/{child_team.child.id}/meetings", data={
        "purpose": "iep_review", "starts_at": form_time(AFTERNOON), "ends_at": form_time(AFTERNOON - HOUR / 2)})
    assert response.status_code == 400
    assert 'href="#ends_at"' in response.get_data(as_text=True)


def test_the_invite_downloads_as_a_calendar_request(client, auth, child_team, make_meeting):
    meeting = make_meeting(MEETING_TIME)
    auth.login(child_team.parent)
    response = client.get(f"/meetings/{meeting.id}/invite.ics")
    assert response.mimetype == "text/calendar"
    assert icalendar.Calendar.from_ical(response.data)["method"] == "REQUEST"


def test_a_parent_answers_from_the_meeting_page(client, auth, child_team, make_meeting):
    meeting = make_meeting(MEETING_TIME)
    auth.login(child_team.parent)
    client.post(f"/meetings/{meeting.id}/rsvp", data={"answer": "accepted"})
    assert "Your answer: <strong>yes</strong>" in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)


def test_a_parent_answers_by_uploading_the_reply_their_calendar_made(client, auth, child_team, make_meeting):
    meeting = make_meeting(MEETING_TIME)
    auth.login(child_team.parent)
    calendar = icalendar.Calendar.from_ical(client.get(f"/meetings/{meeting.id}/invite.ics").data)
    # What a calendar app does on "Yes": the same event, METHOD:REPLY, only the person answering.
    calendar["method"] = "REPLY"
    event = calendar.walk("VEVENT")[0]
    mine = next(a for a in event["attendee"] if str(a) == f"mailto:{child_team.parent.email}")
    mine.params["PARTSTAT"] = "ACCEPTED"
    event["attendee"] = mine
    event["dtstamp"] = icalendar.vDatetime(datetime.now(UTC))
    response = client.post(f"/meetings/{meeting.id}/reply",
                           data={"file": (io.BytesIO(calendar.to_ical()), "reply.ics")})
    assert response.status_code == 302
    assert "Your answer: <strong>yes</strong>" in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)


def test_the_feed_answers_not_modified_to_a_calendar_that_has_the_latest(client, db, child_team, make_meeting):
    make_meeting(MEETING_TIME)
    token = feeds.issue(db, child_team.parent)
    first = client.get(f"/calendar/{token}.ics")
    again = client.get(f"/calendar/{token}.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert first.status_code == 200 and again.status_code == 304 and again.data == b""


@pytest.mark.parametrize("message", ['"GET /calendar/s3cr3t-T0ken_x.ics HTTP/1.1" 200', "/calendar/abc.ics?x=1"])
def test_feed_tokens_never_reach_the_logs(message):
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, "%s", (message,), None)
    RedactFeedTokens().filter(record)
    assert "s3cr3t" not in record.getMessage() and "abc" not in record.getMessage()


def test_feed_tokens_never_reach_gunicorns_access_log_and_the_line_is_still_written():
    atoms = {"r": "GET /calendar/s3cr3t.ics HTTP/1.1", "s": "200", "U": "/calendar/s3cr3t.ics"}
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, "%(r)s %(s)s %(U)s", (atoms,), None)
    RedactFeedTokens().filter(record)
    assert record.getMessage() == "GET /calendar/[token] HTTP/1.1 200 /calendar/[token]"


def test_the_feed_answers_not_modified_to_a_calendar_that_polls_by_date(client, db, child_team, make_meeting):
    make_meeting(MEETING_TIME)
    token = feeds.issue(db, child_team.parent)
    first = client.get(f"/calendar/{token}.ics")
    again = client.get(f"/calendar/{token}.ics", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert again.status_code == 304


@pytest.fixture
def notes_changed_meanwhile(db, child_team, make_meeting):
    """A meeting whose notes someone else saved after the SENCO opened it: the meeting and the version she read."""
    from core.meetings import booking

    meeting = make_meeting(MEETING_TIME)
    read_version = meeting.version
    booking.record_notes(db, child_team.senco, meeting.id, {"explore": "Mornings are hard."},
                         expected_version=read_version)
    return meeting, read_version


def test_notes_saved_on_a_stale_page_come_back_to_their_form_with_what_was_typed(
    client, auth, child_team, notes_changed_meanwhile, error_summary
):
    meeting, read_version = notes_changed_meanwhile
    auth.login(child_team.senco)
    response = client.post(f"/meetings/{meeting.id}/notes",
                           data={"plan": "Picture timetable at home and at school.", "version": read_version})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Picture timetable at home and at school.</textarea>" in page and "what you typed is kept" in page
    assert error_summary(page).links == ["notes-version"] and error_summary(page).broken == []


def test_a_change_of_place_on_a_stale_page_comes_back_with_the_place_typed(
    client, auth, child_team, notes_changed_meanwhile, error_summary
):
    meeting, read_version = notes_changed_meanwhile
    auth.login(child_team.senco)
    response = client.post(f"/meetings/{meeting.id}/change", data={"location": "Room 4", "version": read_version})
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and 'value="Room 4"' in page
    assert error_summary(page).broken == []


def test_the_home_page_says_how_many_actions_are_the_persons_and_overdue_in_their_teams(
    client, auth, db, child_team, make_meeting, site
):
    from core.meetings import booking
    from core.types import utcnow

    meeting = make_meeting(MEETING_TIME)
    today = utcnow().date()
    for owner, days in [(child_team.senco, 3), (child_team.slt, -2), (child_team.teacher, -1)]:
        action = booking.add_action(db, child_team.senco, meeting.id, {
            "owner_id": owner.id, "text": "Do it", "due_on": (today + timedelta(days=3)).isoformat()}, site=site)
        action.due_on = today + timedelta(days=days)  # days have passed since it was agreed
    db.flush()
    auth.login(child_team.senco)
    page = client.get("/").get_data(as_text=True)
    assert "You have 1 action to do. 2 in your teams are overdue." in page
