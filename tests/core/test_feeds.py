"""Calendar subscription feeds: secret, revocable, and cheap to poll."""

from datetime import timedelta

import icalendar
import pytest

from core import consent, feeds, meetings
from core.errors import NotFound
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


def test_a_feed_drops_a_child_once_the_agencys_consent_is_withdrawn(db, child_team, make_meeting, site, soon):
    make_meeting(soon)
    token = feeds.issue(db, child_team.slt)
    consent.withdraw_consent(db, child_team.senco, child_team.child.id, "speech_language")
    db.expire_all()
    calendar = icalendar.Calendar.from_ical(feeds.render(db, feeds.state(db, token), site=site))
    assert calendar.walk("VEVENT") == []


def test_meetings_older_than_three_months_leave_the_feed(db, child_team, make_meeting, site):
    make_meeting((utcnow() - timedelta(days=120)).replace(microsecond=0))
    token = feeds.issue(db, child_team.parent)
    calendar = icalendar.Calendar.from_ical(feeds.render(db, feeds.state(db, token), site=site))
    assert calendar.walk("VEVENT") == []
