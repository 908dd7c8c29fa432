"""The printable chronology: the child's significant events between two days, oldest first."""

import pytest

from core.people import accounts
from core.timeline import entries as timeline


@pytest.fixture
def events(db, child_team, host):
    """Three updates: in January, February and March 2025."""
    for title, day in [
        ("Started nursery", "2025-01-10"),
        ("Hearing test", "2025-02-14"),
        ("Moved house", "2025-03-20"),
    ]:
        timeline.post_entry(
            db,
            child_team.teacher,
            child_team.child.id,
            {"kind": "update", "title": title, "occurred_at": f"{day}T10:00:00+00:00"},
            host=host,
        )


def chronology(client, auth, child_team, **dates):
    auth.login(child_team.senco)
    response = client.get(f"/children/{child_team.child.id}/chronology", query_string=dates)
    return response.status_code, response.get_data(as_text=True)


def test_the_chronology_shows_only_the_events_between_the_days_in_the_address(client, auth, child_team, events):
    status, page = chronology(client, auth, child_team, since="2025-02-01", until="2025-02-28")
    assert status == 200
    assert "Hearing test" in page and "Started nursery" not in page and "Moved house" not in page


def test_the_chronology_says_which_days_it_covers_and_how_many_events(client, auth, child_team, events):
    _, page = chronology(client, auth, child_team, since="2025-02-01", until="2025-03-31")
    assert "From Saturday 1 February 2025 to Monday 31 March 2025" in page and "2 events" in page


def test_the_chronology_lists_events_oldest_first(client, auth, child_team, events):
    _, page = chronology(client, auth, child_team)
    assert page.index("Started nursery") < page.index("Hearing test") < page.index("Moved house")


def test_the_csv_link_keeps_the_days_chosen(client, auth, child_team, events):
    _, page = chronology(client, auth, child_team, since="2025-02-01", until="2025-02-28")
    assert "chronology.csv?since=2025-02-01&amp;until=2025-02-28" in page


def test_days_in_the_wrong_order_are_refused_naming_the_field(client, auth, child_team, events):
    status, page = chronology(client, auth, child_team, since="2025-03-01", until="2025-02-01")
    assert status == 400 and "until" in page and "The last day comes after the first." in page


def test_the_agencies_are_named_in_the_readers_language(client, auth, db, child_team, host):
    accounts.update_preferences(db, child_team.parent, {"language": "ur"})
    sports_day = {"kind": "update", "title": "Sports day"}
    timeline.post_entry(db, child_team.teacher, child_team.child.id, sports_day, host=host)
    auth.login(child_team.parent)
    page = client.get(f"/children/{child_team.child.id}/chronology").get_data(as_text=True)
    assert '<td data-label="ادارہ">اسکول</td>' in page
