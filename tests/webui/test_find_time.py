"""The SENCO finds a time from everyone's availability and books it in one step."""

from datetime import UTC, timedelta

from dates import MONDAY, TUESDAY, at_school, form_time, said_clock, said_day, said_when

from core.meetings import availability

FRIDAY = MONDAY + timedelta(days=4)


def offer(db, person, start_hour, end_hour):
    return availability.offer(db, person, {"starts_at": at_school(TUESDAY, start_hour).isoformat(),
                                           "ends_at": at_school(TUESDAY, end_hour).isoformat()})


def test_suggestions_avoid_a_busy_parent_and_book_in_one_step(client, auth, db, child_team):
    offer(db, child_team.parent, 15, 17)
    auth.login(child_team.senco)
    page = client.get(
        f"/children/{child_team.child.id}/meetings/find",
        query_string={
            "required": [child_team.senco.id, child_team.parent.id],
            "duration": "60",
            "window_start": MONDAY.isoformat(),
            "window_end": FRIDAY.isoformat(),
        },
    ).get_data(as_text=True)
    assert f"{said_when(at_school(TUESDAY, 15))}–{said_clock(at_school(TUESDAY, 16))}" in page
    assert said_day(MONDAY) not in page
    response = client.post(
        f"/children/{child_team.child.id}/meetings",
        data={
            "purpose": "tac_meeting",
            "location": "Library",
            "attendee": [str(child_team.parent.id)],
            "slot": "|".join(at_school(TUESDAY, hour).astimezone(UTC).isoformat() for hour in (15, 16)),
        },
    )
    assert response.status_code == 302
    booked = f"{said_when(at_school(TUESDAY, 15))} to {said_clock(at_school(TUESDAY, 16))}"
    assert booked in client.get(response.headers["Location"]).get_data(as_text=True)


def test_when_no_time_suits_the_blocker_is_named(client, auth, db, child_team):
    offer(db, child_team.parent, 19, 20)
    auth.login(child_team.senco)
    page = client.get(
        f"/children/{child_team.child.id}/meetings/find",
        query_string={
            "required": [child_team.senco.id, child_team.parent.id],
            "duration": "60",
            "window_start": MONDAY.isoformat(),
            "window_end": FRIDAY.isoformat(),
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
            "window_start": FRIDAY.isoformat(),
            "window_end": MONDAY.isoformat(),
        },
    )
    assert response.status_code == 400 and 'href="#window_end"' in response.get_data(as_text=True)


def test_a_working_parent_offers_tuesday_evenings_every_week(client, auth, db, child_team):
    auth.login(child_team.parent)
    response = client.post(
        "/account/availability",
        data={
            "kind": "free",
            "starts_at": form_time(at_school(TUESDAY, 18)),
            "ends_at": form_time(at_school(TUESDAY, 20)),
            "weekly_until": (TUESDAY + timedelta(weeks=8)).isoformat(),
        },
    )
    assert response.status_code == 302
    page = client.get("/account/availability").get_data(as_text=True)
    assert f"{said_when(at_school(TUESDAY, 18))}–20:00" in page
    assert f"every week until {said_day(TUESDAY + timedelta(weeks=8))}" in page


def test_a_time_that_ends_before_it_starts_is_refused(client, auth, child_team):
    auth.login(child_team.parent)
    response = client.post(
        "/account/availability",
        data={"starts_at": form_time(at_school(TUESDAY, 18)), "ends_at": form_time(at_school(TUESDAY, 17))},
    )
    assert response.status_code == 400 and 'href="#ends_at"' in response.get_data(as_text=True)
