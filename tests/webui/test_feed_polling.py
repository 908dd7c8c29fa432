"""How calendars poll a subscription feed: how often they are asked to, and the cheap
"nothing new" answer, also when a proxy on the way has weakened the ETag."""

from datetime import timedelta

import icalendar

from core.meetings import feeds
from core.types import utcnow


def subscribed(db, child_team, make_meeting):
    make_meeting((utcnow() + timedelta(days=7)).replace(hour=10, minute=0, second=0, microsecond=0))
    return f"/calendar/{feeds.issue(db, child_team.parent)}.ics"


def test_the_feed_asks_calendars_to_look_again_every_hour(client, db, child_team, make_meeting):
    calendar = icalendar.Calendar.from_ical(client.get(subscribed(db, child_team, make_meeting)).data)
    assert calendar.refresh_interval == timedelta(hours=1)
    assert calendar["refresh-interval"].params["VALUE"] == "DURATION"
    assert icalendar.vDuration.from_ical(str(calendar["x-published-ttl"])) == timedelta(hours=1)


def test_a_weak_match_of_the_latest_etag_is_not_modified(client, db, child_team, make_meeting):
    address = subscribed(db, child_team, make_meeting)
    first = client.get(address)
    again = client.get(address, headers={"If-None-Match": "W/" + first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_a_weak_match_of_an_older_version_gets_the_new_feed(client, db, child_team, make_meeting):
    address = subscribed(db, child_team, make_meeting)
    first = client.get(address)
    make_meeting((utcnow() + timedelta(days=8)).replace(hour=10, minute=0, second=0, microsecond=0))
    again = client.get(address, headers={"If-None-Match": "W/" + first.headers["ETag"]})
    assert again.status_code == 200 and len(icalendar.Calendar.from_ical(again.data).walk("VEVENT")) == 2
