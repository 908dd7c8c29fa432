"""The SENCO finds a time from everyone's availability and books it in one step."""

from core.meetings import availability


def test_suggestions_avoid_a_busy_parent_and_book_in_one_step(client, auth, db, child_team):
    availability.offer(
        db, child_team.parent, {"starts_at": "2027-03-02T15:00:00+00:00", "ends_at": "2027-03-02T17:00:00+00:00"}
    )
    auth.login(child_team.senco)
    page = client.get(
        f"/children/{child_team.child.id}/meetings/find",
        query_string={
            "required": [child_team.senco.id, child_team.parent.id],
            "duration": "60",
            "window_start": "2027-03-01",
            "window_end": "2027-03-05",
        },
    ).get_data(as_text=True)
    assert "Tuesday 2 March 2027, 15:00–16:00" in page
    assert "Monday 1 March" not in page
    response = client.post(
        f"/children/{child_team.child.id}/meetings",
        data={
            "purpose": "tac_meeting",
            "location": "Library",
            "attendee": [str(child_team.parent.id)],
            "slot": "2027-03-02T15:00:00+00:00|2027-03-02T16:00:00+00:00",
        },
    )
    assert response.status_code == 302
    assert "Tuesday 2 March 2027, 15:00 to 16:00" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_when_no_time_suits_the_blocker_is_named(client, auth, db, child_team):
    availability.offer(
        db, child_team.parent, {"starts_at": "2027-03-02T19:00:00+00:00", "ends_at": "2027-03-02T20:00:00+00:00"}
    )
    auth.login(child_team.senco)
    page = client.get(
        f"/children/{child_team.child.id}/meetings/find",
        query_string={
            "required": [child_team.senco.id, child_team.parent.id],
            "duration": "60",
            "window_start": "2027-03-01",
            "window_end": "2027-03-05",
        },
    ).get_data(as_text=True)
    assert "No time in those days suits everyone" in page and child_team.parent.full_name in page


def test_a_bad_window_is_refused_with_the_field(client, auth, child_team):
    auth.login(child_team.senco)
    response = client.get(
        f"/children/{child_team.child.id}/meetings/find",
        query_string={
            "required": [child_team.senco.id],
            "duration": "60",
            "window_start": "2027-03-05",
            "window_end": "2027-03-01",
        },
    )
    assert response.status_code == 400 and 'href="#window_end"' in response.get_data(as_text=True)


def test_a_working_parent_offers_tuesday_evenings_every_week(client, auth, db, child_team):
    auth.login(child_team.parent)
    response = client.post(
        "/account/availability",
        data={
            "kind": "free",
            "starts_at": "2027-03-02T18:00",
            "ends_at": "2027-03-02T20:00",
            "weekly_until": "2027-04-27",
        },
    )
    assert response.status_code == 302
    page = client.get("/account/availability").get_data(as_text=True)
    assert "Tuesday 2 March 2027, 18:00–20:00" in page and "every week until Tuesday 27 April 2027" in page


def test_a_time_that_ends_before_it_starts_is_refused(client, auth, child_team):
    auth.login(child_team.parent)
    response = client.post(
        "/account/availability", data={"starts_at": "2027-03-02T18:00", "ends_at": "2027-03-02T17:00"}
    )
    assert response.status_code == 400 and 'href="#ends_at"' in response.get_data(as_text=True)
