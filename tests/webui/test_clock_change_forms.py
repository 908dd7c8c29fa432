"""Forms on the nights the clocks change: a time that does not exist is refused with its
reason beside its field; a time that happens twice is shown with both offsets and booked
only once the person has chosen one."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from core.types import utcnow


def clocks_change(year: int, month: int) -> datetime:
    """01:00 on the last Sunday of ``month``: when London's clocks change in March and October."""
    last = datetime(year, month + 1, 1) - timedelta(days=1)
    return (last - timedelta(days=(last.weekday() + 1) % 7)).replace(hour=1)


SPRING, AUTUMN = clocks_change(utcnow().year + 1, 3), clocks_change(utcnow().year + 1, 10)


def book(client, child_team, starts: datetime, **fields):
    return client.post(f"/children/{child_team.child.id}/meetings", data={
        "purpose": "tac_meeting", "starts_at": f"{starts:%Y-%m-%dT%H:%M}",
        "ends_at": f"{starts.replace(hour=4):%Y-%m-%dT%H:%M}", **fields})


def readings_offered(page: str, name: str = "starts_at") -> list[str]:
    return re.findall(rf'<input type="radio" name="{name}_reading" value="([^"]+)"', page)


def test_the_booking_form_refuses_a_time_the_clocks_skip_beside_its_field(client, auth, child_team):
    auth.login(child_team.senco)
    response = book(client, child_team, SPRING.replace(minute=30))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(r'id="starts_at-error">There is no 01:30 on Sunday \d+ March \d{4}: the clocks go forward '
                     r"that night, from 01:00 straight to 02:00\.", page)


def test_the_booking_form_offers_both_readings_of_a_repeated_time_and_chooses_neither(client, auth, child_team):
    auth.login(child_team.senco)
    response = book(client, child_team, AUTUMN.replace(minute=30))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "happens twice" in page
    wall = f"{AUTUMN:%Y-%m-%d}T01:30:00"
    assert readings_offered(page) == [f"{wall}+01:00", f"{wall}+00:00"]
    assert "01:30 (BST, UTC+01:00)" in page and "01:30 (GMT, UTC+00:00)" in page
    assert not re.search(r'name="starts_at_reading" value="[^"]+" checked', page)


def test_the_chosen_reading_is_booked_and_the_meeting_page_shows_its_offset(client, auth, child_team):
    auth.login(child_team.senco)
    second = f"{AUTUMN:%Y-%m-%d}T01:30:00+00:00"
    response = book(client, child_team, AUTUMN.replace(minute=30), starts_at_reading=second)
    assert response.status_code == 302
    page = client.get(f"/children/{child_team.child.id}/meetings").get_data(as_text=True)
    assert f"Sunday {AUTUMN.day} October {AUTUMN.year}, 01:30 (GMT, UTC+00:00)" in page
    invite = client.get(response.headers["Location"] + "/invite.ics").get_data(as_text=True)
    assert f"DTSTART:{AUTUMN:%Y%m%d}T013000Z" in invite


def test_a_reading_chosen_for_another_time_is_not_used(client, auth, child_team):
    auth.login(child_team.senco)
    chosen_for_01_45 = f"{AUTUMN:%Y-%m-%d}T01:45:00+00:00"
    response = book(client, child_team, AUTUMN.replace(minute=30), starts_at_reading=chosen_for_01_45)
    assert response.status_code == 400
    assert readings_offered(response.get_data(as_text=True)) == [
        f"{AUTUMN:%Y-%m-%d}T01:30:00+01:00", f"{AUTUMN:%Y-%m-%d}T01:30:00+00:00"]


def test_the_availability_form_refuses_a_time_the_clocks_skip(client, auth, child_team):
    auth.login(child_team.slt)
    response = client.post("/account/availability", data={
        "kind": "free", "starts_at": f"{SPRING:%Y-%m-%d}T01:15", "ends_at": f"{SPRING:%Y-%m-%d}T05:00"})
    assert response.status_code == 400
    assert "There is no 01:15 on Sunday" in response.get_data(as_text=True)


def test_an_observation_at_a_repeated_time_asks_which_one_was_meant(client, auth, child_team):
    auth.login(child_team.parent)
    last_autumn = clocks_change(utcnow().year - 1, 10).replace(minute=20)
    response = client.post(f"/children/{child_team.child.id}/entries", data={
        "kind": "home_observation", "title": "Woke in the night", "occurred_at": f"{last_autumn:%Y-%m-%dT%H:%M}"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert len(readings_offered(page, "occurred_at")) == 2
    assert datetime.fromisoformat(readings_offered(page, "occurred_at")[1]).astimezone(UTC).hour == 1


def test_the_api_reads_a_time_without_offset_in_the_schools_zone_and_asks_which_repeated_one(client, bearer):
    first, second = (f"{AUTUMN:%Y-%m-%d}T01:30:00{offset}" for offset in ("", "+00:00"))
    ends = f"{AUTUMN:%Y-%m-%d}T04:00:00"
    refused = client.post("/api/v1/availability", json={"starts_at": first, "ends_at": ends}, headers=bearer("slt"))
    taken = client.post("/api/v1/availability", json={"starts_at": second, "ends_at": ends}, headers=bearer("slt"))
    assert refused.status_code == 400 and "happens twice" in refused.json["errors"]["starts_at"][0]
    assert taken.status_code == 201
    assert datetime.fromisoformat(taken.json["starts_at"]).astimezone(UTC).hour == 1
