"""No date or number breaks a page (issue 17): implausible input is refused with a 400 that
says why, ranges are clamped, and a value already stored is shown plainly."""

from datetime import UTC, datetime, timedelta

import pytest
from dates import MONDAY
from sqlalchemy import update

from core.meetings import availability
from core.models import AvailabilitySlot, TimelineEntry
from core.timeline import entries as timeline
from core.timeline.entries import encode_cursor
from core.types import utcnow

YEAR_ONE = datetime(1, 1, 1, tzinfo=UTC)
LARGEST_ID = 2**31 - 1


def post(client, headers, child_team, **values):
    return client.post(f"/api/v1/children/{child_team.child.id}/timeline",
                       json={"kind": "home_observation", "title": "At home", **values}, headers=headers)


def refused(response, *names):
    """The answer is a 400 in the one error shape, naming these fields and only them;
    returns the reasons given for the first."""
    assert response.status_code == 400, response.get_data(as_text=True)[:500]
    assert set(response.json) == {"message", "errors"} and sorted(response.json["errors"]) == sorted(names)
    return response.json["errors"][names[0]]


@pytest.mark.parametrize("occurred_at", ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00+14:00",
                                         "1899-12-31T23:59:59+00:00"])
def test_an_entry_dated_before_1900_is_refused_saying_why(client, bearer, child_team, occurred_at):
    reasons = refused(post(client, bearer("parent"), child_team, occurred_at=occurred_at), "occurred_at")
    assert reasons == ["This is before 1900: when did it happen?"]


def test_an_entry_dated_in_the_last_year_there_is_is_refused(client, bearer, child_team):
    refused(post(client, bearer("parent"), child_team, occurred_at="9999-12-31T23:59:59-23:59"), "occurred_at")


def test_an_entry_dated_on_the_first_day_of_1900_is_kept(client, bearer, child_team):
    response = post(client, bearer("parent"), child_team, occurred_at="1900-01-01T00:00:00+00:00")
    assert response.status_code == 201 and response.json["occurred_at"].startswith("1900-01-01")


def test_a_reply_to_a_message_id_no_database_holds_is_refused(client, bearer, child_team):
    response = post(client, bearer("parent"), child_team, kind="message", reply_to=2**63)
    assert refused(response, "reply_to")


def test_a_reply_to_from_the_page_no_database_holds_is_refused(client, auth, child_team):
    auth.login(child_team.parent)
    response = client.post(f"/children/{child_team.child.id}/entries",
                           data={"kind": "message", "title": "Hello", "reply_to": str(2**63)})
    assert response.status_code == 400 and 'href="#entry-reply_to"' in response.get_data(as_text=True)


@pytest.mark.parametrize("starts_at", ["9999-12-31T20:00:00-14:00", "0001-01-01T00:00:00+14:00"])
def test_an_offered_time_no_calendar_can_hold_is_refused(client, bearer, starts_at):
    ends_at = starts_at.replace("T20:", "T21:").replace("T00:", "T01:")
    response = client.post("/api/v1/availability", json={"starts_at": starts_at, "ends_at": ends_at},
                           headers=bearer("slt"))
    assert refused(response, "starts_at", "ends_at")


def test_an_offered_time_more_than_five_years_ahead_is_refused(client, bearer):
    starts = utcnow().replace(microsecond=0) + timedelta(days=6 * 366)
    response = client.post("/api/v1/availability", headers=bearer("slt"), json={
        "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=1)).isoformat()})
    assert refused(response, "starts_at", "ends_at") == ["Choose a date at most 5 years ahead."]


def test_an_offered_time_in_the_past_is_refused(client, bearer):
    starts = utcnow().replace(microsecond=0) - timedelta(days=30)
    response = client.post("/api/v1/availability", headers=bearer("slt"), json={
        "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=1)).isoformat()})
    assert refused(response, "starts_at", "ends_at") == ["Choose a date from today on."]


def test_a_meeting_more_than_five_years_ahead_is_refused_on_the_page(client, auth, child_team):
    auth.login(child_team.senco)
    year = utcnow().year + 6
    response = client.post(f"/children/{child_team.child.id}/meetings", data={
        "purpose": "tac_meeting", "starts_at": f"{year}-06-15T15:30", "ends_at": f"{year}-06-15T16:30"})
    assert response.status_code == 400 and "Choose a date at most 5 years ahead." in response.get_data(as_text=True)


def test_a_meeting_in_the_last_minutes_there_are_is_refused_on_the_page(client, auth, child_team):
    auth.login(child_team.senco)
    response = client.post(f"/children/{child_team.child.id}/meetings", data={
        "purpose": "tac_meeting", "starts_at": "9999-12-31T23:00", "ends_at": "9999-12-31T23:59"})
    assert response.status_code == 400


def test_an_action_due_in_year_9999_is_refused_on_the_page(client, auth, child_team, make_meeting):
    meeting = make_meeting(utcnow().replace(microsecond=0) + timedelta(days=7))
    auth.login(child_team.senco)
    response = client.post(f"/meetings/{meeting.id}/actions",
                           data={"owner_id": str(child_team.slt.id), "text": "Report", "due_on": "9999-12-31"})
    assert response.status_code == 400 and "Choose a date at most 5 years ahead." in response.get_data(as_text=True)


def test_a_search_for_a_time_far_ahead_finds_none_rather_than_failing(client, auth, child_team):
    auth.login(child_team.senco)
    response = client.get(f"/children/{child_team.child.id}/meetings/find", query_string={
        "required": [child_team.senco.id], "duration": "60", "window_start": "9999-12-30", "window_end": "9999-12-31"})
    assert response.status_code == 200


def test_a_search_for_a_time_with_an_id_no_database_holds_is_refused(client, auth, child_team):
    auth.login(child_team.senco)
    response = client.get(f"/children/{child_team.child.id}/meetings/find", query_string={
        "required": [str(2**70)], "duration": "60", "window_start": str(MONDAY),
        "window_end": str(MONDAY + timedelta(days=4))})
    assert response.status_code in (400, 404)


@pytest.fixture
def entries(db, child_team, host):
    """An update last week and one today."""
    for days_ago, title in ((7, "Last week"), (0, "Today")):
        timeline.post_entry(db, child_team.teacher, child_team.child.id, {
            "kind": "update", "title": title,
            "occurred_at": (utcnow() - timedelta(days=days_ago, minutes=1)).isoformat()}, host=host)


@pytest.mark.parametrize("dates", [{"until": "9999-12-31"}, {"since": "0001-01-01"},
                                   {"since": "0001-01-01", "until": "9999-12-31"}])
def test_a_timeline_asked_from_or_to_the_ends_of_the_calendar_lists_every_entry(
        client, bearer, child_team, entries, dates):
    response = client.get(f"/api/v1/children/{child_team.child.id}/timeline", query_string=dates,
                          headers=bearer("senco"))
    assert response.status_code == 200
    assert [entry["title"] for entry in response.json["entries"]] == ["Today", "Last week"]


@pytest.mark.parametrize("path", ["chronology", "chronology.csv"])
@pytest.mark.parametrize("dates", [{"until": "9999-12-31"}, {"since": "0001-01-01"}])
def test_a_chronology_asked_from_or_to_the_ends_of_the_calendar_lists_every_entry(
        client, auth, child_team, entries, path, dates):
    auth.login(child_team.senco)
    response = client.get(f"/children/{child_team.child.id}/{path}", query_string=dates)
    assert response.status_code == 200
    assert "Last week" in response.get_data(as_text=True) and "Today" in response.get_data(as_text=True)


def cursor_of(occurred_at: str, entry_id) -> str:
    import base64
    import json

    return base64.urlsafe_b64encode(json.dumps([occurred_at, entry_id]).encode()).decode().rstrip("=")


@pytest.mark.parametrize("cursor", [cursor_of("2026-01-01T00:00:00+00:00", 2**70),
                                    cursor_of("2026-01-01T00:00:00+00:00", 0),
                                    cursor_of("9999-12-31T23:59:59-23:59", 1),
                                    cursor_of("0001-01-01T00:00:00+23:59", 1)],
                         ids=["id 2^70", "id 0", "offset -23:59", "offset +23:59"])
def test_a_cursor_no_timeline_gave_out_is_refused(client, bearer, child_team, entries, cursor):
    response = client.get(f"/api/v1/children/{child_team.child.id}/timeline", query_string={"cursor": cursor},
                          headers=bearer("senco"))
    assert refused(response, "cursor")


def test_a_cursor_from_the_page_no_timeline_gave_out_is_refused(client, auth, child_team, entries):
    auth.login(child_team.senco)
    response = client.get(f"/children/{child_team.child.id}",
                          query_string={"after": cursor_of("2026-01-01T00:00:00+00:00", 2**70)})
    assert response.status_code == 400


@pytest.fixture
def year_one_entry(db, child_team, host):
    """A team entry dated 1 January of year 1 (UTC), as an old release let a system store it."""
    entry = timeline.post_entry(db, child_team.parent, child_team.child.id,
                                {"kind": "home_observation", "title": "Date unknown"}, host=host)
    db.execute(update(TimelineEntry).where(TimelineEntry.id == entry.id).values(occurred_at=YEAR_ONE))
    db.expire_all()
    return entry


PAGES_LISTING_THE_ENTRY = {
    "child page": "/children/{child}",
    "chronology": "/children/{child}/chronology",
    "chronology csv": "/children/{child}/chronology.csv",
    "home page": "/",
    "notifications": "/notifications",
    "read receipts": "/entries/{entry}/receipts",
}


@pytest.mark.parametrize("who", ["senco", "parent"])  # the parent posted it: their receipts page
@pytest.mark.parametrize("path", PAGES_LISTING_THE_ENTRY.values(), ids=PAGES_LISTING_THE_ENTRY)
def test_every_page_listing_a_stored_year_one_entry_answers(client, auth, child_team, year_one_entry, who, path):
    auth.login(getattr(child_team, who))
    assert client.get(path.format(child=child_team.child.id, entry=year_one_entry.id)).status_code == 200


def test_a_stored_year_one_entry_is_dated_plainly_where_it_stands(client, auth, child_team, year_one_entry):
    auth.login(child_team.parent)
    page = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
    assert "0001-01-01 00:00 UTC" in page and page.index("Date unknown") < page.index("0001-01-01 00:00 UTC")


@pytest.mark.parametrize("path", ["/api/v1/children/{child}/timeline", "/api/v1/entries/{entry}"])
def test_the_api_reads_a_stored_year_one_entry(client, bearer, child_team, year_one_entry, path):
    response = client.get(path.format(child=child_team.child.id, entry=year_one_entry.id), headers=bearer("parent"))
    assert response.status_code == 200 and "0001-01-01T00:00:00+00:00" in response.get_data(as_text=True)


def test_the_timeline_pages_past_a_stored_year_one_entry(client, bearer, db, child_team, year_one_entry, entries):
    headers, titles, cursor = bearer("senco"), [], None
    while True:
        query = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        page = client.get(f"/api/v1/children/{child_team.child.id}/timeline", query_string=query, headers=headers)
        assert page.status_code == 200
        titles += [entry["title"] for entry in page.json["entries"]]
        if not (cursor := page.json["next_cursor"]):
            break
    assert titles == ["Today", "Last week", "Date unknown"]
    assert encode_cursor(db.get(TimelineEntry, year_one_entry.id))


def test_a_moment_that_cannot_be_shown_in_the_schools_zone_is_shown_plainly(app, client, auth, db, child_team,
                                                                            year_one_entry):
    app.config["TIMEZONE"] = "Pacific/Kiritimati"  # UTC+14: the last hours of 9999 have no local time
    db.execute(update(TimelineEntry).where(TimelineEntry.id == year_one_entry.id)
               .values(occurred_at=datetime(9999, 12, 31, 23, tzinfo=UTC)))
    auth.login(child_team.senco)
    response = client.get(f"/children/{child_team.child.id}")
    assert response.status_code == 200 and "9999-12-31 23:00 UTC" in response.get_data(as_text=True)


def test_the_availability_page_shows_a_stored_year_one_slot(client, auth, db, child_team):
    slot = availability.offer(db, child_team.slt, {"starts_at": (utcnow() + timedelta(days=1)).isoformat(),
                                                   "ends_at": (utcnow() + timedelta(days=1, hours=1)).isoformat()})
    db.execute(update(AvailabilitySlot).where(AvailabilitySlot.id == slot.id)
               .values(starts_at=YEAR_ONE, ends_at=YEAR_ONE + timedelta(hours=1)))
    auth.login(child_team.slt)
    response = client.get("/account/availability")
    assert response.status_code == 200 and "0001-01-01" in response.get_data(as_text=True)
    assert client.get("/api/v1/availability", headers={}).status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/children?after={big}", "/api/v1/entries/{big}",
                                  "/api/v1/children/{big}/timeline"])
def test_an_id_no_database_holds_is_not_found_or_refused(client, bearer, path):
    response = client.get(path.format(big=2**63), headers=bearer("senco"))
    assert response.status_code in (400, 404) and set(response.json) == {"message", "errors"}


def test_the_largest_id_the_database_holds_is_simply_not_found(client, bearer):
    assert client.get(f"/api/v1/entries/{LARGEST_ID}", headers=bearer("senco")).status_code == 404
