"""Calendar subscription feeds: secret, revocable, and cheap to poll."""

from datetime import timedelta

import icalendar
import pytest

from core.errors import NotFound
from core.hookspecs import hookimpl
from core.meetings import booking as meetings
from core.meetings import feeds, ical
from core.people import accounts, consent
from core.plugins import load_plugins
from core.site import Site
from core.types import utcnow


@pytest.fixture
def soon():
    return (utcnow() + timedelta(days=7)).replace(microsecond=0)


def test_a_feed_lists_the_persons_meetings(db, child_team, make_meeting, site, soon):
    meeting = make_meeting(soon)
    token = feeds.issue(db, child_team.parent)
    calendar = icalendar.Calendar.from_ical(feeds.render(db, feeds.state(db, token), site=site))
    assert [event["uid"] for event in calendar.walk("VEVENT")] == [meeting.uid]
    assert "method" not in calendar


def feed_events(db, person, site):
    token = feeds.issue(db, person)
    return icalendar.Calendar.from_ical(feeds.render(db, feeds.state(db, token), site=site)).walk("VEVENT")


def test_a_feed_shows_each_meeting_as_its_invite_does(db, child_team, make_meeting, site, soon):
    online = make_meeting(soon, location="", online_link="https://meet.example.org/amara")
    smaller = make_meeting(soon + timedelta(days=1), attendees=[{"person_id": child_team.parent.id}])
    meetings.respond(db, child_team.parent, online.id, {"answer": "declined"})
    db.expire_all()
    for person in (child_team.senco, child_team.parent):
        invites = [ical.invite(meeting, person, zone=site.zone, base_url=site.base_url, host=site.host)
                   for meeting in (online, smaller)]
        assert [event.to_ical() for event in feed_events(db, person, site)] == [
            icalendar.Calendar.from_ical(invite).walk("VEVENT")[0].to_ical() for invite in invites
        ]


def test_a_plugin_decorating_an_event_is_shown_what_a_calendar_shows_and_no_more(db, child_team, make_meeting,
                                                                                 soon):
    given = []

    class Decorator:
        @hookimpl
        def decorate_calendar_event(self, event, meeting, attendee):
            given.append((meeting, attendee))
            event.add("comment", "Step-free access by the main entrance.")

    site = Site(host=load_plugins(extra=[Decorator()]), zone="Europe/London", base_url="https://school.example")
    meeting = make_meeting(soon)
    meetings.record_notes(db, child_team.senco, meeting.id, {"explore": "Private"}, expected_version=meeting.version)
    invite = ical.invite(meeting, child_team.slt, zone=site.zone, base_url=site.base_url, host=site.host)
    events = [icalendar.Calendar.from_ical(invite).walk("VEVENT")[0], *feed_events(db, child_team.slt, site)]
    assert [str(event["comment"]) for event in events] == ["Step-free access by the main entrance."] * 2
    for shown, attendee in given:
        assert isinstance(shown, ical.CalendarMeeting) and not hasattr(shown, "notes")
        assert attendee.person_id == child_team.slt.id and attendee.required is False


def test_only_the_tokens_hash_is_stored(db, child_team):
    from core.models import CalendarFeed

    token = feeds.issue(db, child_team.parent)
    stored = db.query(CalendarFeed).one()
    assert token not in stored.token_hash and len(stored.token_hash) == 64


def test_a_renewed_feed_retires_the_old_address(db, child_team):
    old = feeds.issue(db, child_team.parent)
    new = feeds.issue(db, child_team.parent)
    with pytest.raises(NotFound):
        feeds.state(db, old)
    assert feeds.state(db, new).person == child_team.parent


def test_a_revoked_feed_is_not_found(db, child_team):
    token = feeds.issue(db, child_team.parent)
    feeds.revoke(db, child_team.parent)
    with pytest.raises(NotFound):
        feeds.state(db, token)


def test_the_feed_etag_changes_when_a_meeting_changes(db, child_team, make_meeting, site, soon):
    meeting = make_meeting(soon)
    token = feeds.issue(db, child_team.parent)
    before = feeds.state(db, token).etag
    meetings.change(db, child_team.senco, meeting.id, {"location": "Room 2"}, expected_version=meeting.version,
                    site=site)
    db.expire_all()
    assert feeds.state(db, token).etag != before


def answer(db, child_team, meeting, site):
    meetings.respond(db, child_team.parent, meeting.id, {"answer": "declined"})


def move(db, child_team, meeting, site):
    later = meeting.starts_at + timedelta(hours=1)
    meetings.change(db, child_team.senco, meeting.id,
                    {"starts_at": later.isoformat(), "ends_at": (later + timedelta(hours=1)).isoformat()},
                    expected_version=meeting.version, site=site)


def confirm(db, child_team, meeting, site):
    meetings.change(db, child_team.senco, meeting.id, {"status": "confirmed"}, expected_version=meeting.version,
                    site=site)


def cancel(db, child_team, meeting, site):
    meetings.cancel(db, child_team.senco, meeting.id, site=site)


def read_every_feed(db, tokens, site):
    db.expire_all()
    return [(state.etag, state.last_modified, feeds.render(db, state, site=site))
            for state in (feeds.state(db, token) for token in tokens)]


@pytest.mark.parametrize("make_change", [answer, move, confirm, cancel],
                         ids=["the parent answers", "a new time", "confirmed", "cancelled"])
def test_every_attendee_and_the_organiser_see_a_change_as_a_new_etag_and_date(db, child_team, make_meeting, site,
                                                                                soon, make_change):
    meeting = make_meeting(soon, status="proposed")
    tokens = [feeds.issue(db, person) for person in (child_team.senco, child_team.parent, child_team.slt)]
    before = read_every_feed(db, tokens, site)
    make_change(db, child_team, meeting, site)
    after = read_every_feed(db, tokens, site)
    for (etag, changed_at, body), (new_etag, new_changed_at, new_body) in zip(before, after, strict=True):
        assert new_body != body and new_etag != etag and new_changed_at > changed_at


def test_a_parent_agreeing_to_share_their_address_changes_the_feeds_of_those_they_meet(
    db, child_team, make_meeting, site, soon
):
    make_meeting(soon)
    tokens = [feeds.issue(db, person) for person in (child_team.senco, child_team.slt, child_team.teacher)]
    before = read_every_feed(db, tokens, site)
    accounts.update_preferences(db, child_team.parent, {"shares_contact_details": True})
    after = read_every_feed(db, tokens, site)
    met, not_met = list(zip(before, after, strict=True))[:2], list(zip(before, after, strict=True))[2]
    assert all(new_body != body and new_etag != etag for (etag, _, body), (new_etag, _, new_body) in met)
    assert not_met[0] == not_met[1]  # the teacher is in no meeting with her


def test_writing_up_a_meeting_leaves_the_feeds_as_they_were(db, child_team, make_meeting, site, soon):
    meeting = make_meeting(soon)
    tokens = [feeds.issue(db, person) for person in (child_team.senco, child_team.parent, child_team.slt)]
    before = read_every_feed(db, tokens, site)
    meetings.record_notes(db, child_team.senco, meeting.id, {"explore": "Going well"},
                          expected_version=meeting.version)
    assert read_every_feed(db, tokens, site) == before


def test_a_feed_drops_a_child_once_the_agencys_consent_is_withdrawn(db, child_team, make_meeting, site, soon):
    make_meeting(soon)
    token = feeds.issue(db, child_team.slt)
    consent.withdraw_consent(db, child_team.senco, child_team.child.id, "speech_language", site=site)
    db.expire_all()
    calendar = icalendar.Calendar.from_ical(feeds.render(db, feeds.state(db, token), site=site))
    assert calendar.walk("VEVENT") == []


def test_meetings_older_than_three_months_leave_the_feed(db, child_team, make_meeting, site):
    meeting = make_meeting((utcnow() + timedelta(days=1)).replace(microsecond=0))
    # Meetings are booked from today on: this one is moved back to four months ago.
    meeting.starts_at -= timedelta(days=121)
    meeting.ends_at -= timedelta(days=121)
    db.flush()
    token = feeds.issue(db, child_team.parent)
    calendar = icalendar.Calendar.from_ical(feeds.render(db, feeds.state(db, token), site=site))
    assert calendar.walk("VEVENT") == []
