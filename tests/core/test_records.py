"""Subject access exports, closing a case, and retention."""

import json
from datetime import date

import pytest

from core import records, timeline
from core.contributions import Agency
from core.errors import Forbidden


@pytest.fixture
def two_timelines(db, child_team, host):
    mine = timeline.post_entry(
        db,
        child_team.slt,
        child_team.child.id,
        {"kind": "update", "title": "Session notes", "visibility": "agency"},
        host=host,
    )
    other = timeline.post_entry(
        db,
        child_team.other_parent,
        child_team.other_child.id,
        {"kind": "home_observation", "title": "Other family's news"},
        host=host,
    )
    return mine, other


def test_a_childs_export_holds_their_whole_record_at_every_visibility(db, child_team, two_timelines):
    document = records.export_child(db, child_team.admin, child_team.child.id)
    assert document["child"]["full_name"] == child_team.child.full_name
    assert [entry["title"] for entry in document["timeline"]] == ["Session notes"]
    assert {member["person_id"] for member in document["team"]} >= {child_team.parent.id, child_team.slt.id}
    assert [consent["agency"] for consent in document["consents"]] == ["speech_language"]


def test_a_childs_export_holds_nothing_of_another_child(db, child_team, two_timelines):
    text = json.dumps(records.export_child(db, child_team.admin, child_team.child.id))
    assert "Other family" not in text and child_team.other_child.full_name not in text
    assert f'"child_id": {child_team.other_child.id},' not in text


def test_a_persons_export_holds_their_account_and_writing_but_no_password(db, child_team, two_timelines):
    document = records.export_person(db, child_team.admin, child_team.slt.id)
    assert document["person"]["email"] == child_team.slt.email
    assert "password_hash" not in document["person"]
    assert [entry["title"] for entry in document["entries_written"]] == ["Session notes"]


def test_only_administrators_export(db, child_team):
    with pytest.raises(Forbidden):
        records.export_child(db, child_team.senco, child_team.child.id)


def test_a_closed_case_is_read_only(db, child_team, host):
    records.close_case(db, child_team.senco, child_team.child.id)
    assert timeline.read_timeline(db, child_team.parent, child_team.child.id).entries == []
    with pytest.raises(Forbidden):
        timeline.post_entry(
            db, child_team.parent, child_team.child.id, {"kind": "message", "title": "Still there?"}, host=host
        )


def test_retention_runs_to_each_agencys_birthday_with_configured_overrides(child_team):
    child_team.child.date_of_birth = date(2016, 2, 29)
    agencies = {
        "school": Agency(code="school", name="School", roles=(), retention_years=31),
        "health": Agency(code="health", name="Health", roles=(), retention_years=25),
    }
    assert records.retention_dates(child_team.child, agencies, {"health": 26}) == {
        "school": date(2047, 2, 28),
        "health": date(2042, 2, 28),
    }
