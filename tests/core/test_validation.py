"""Bad input names every bad field and its reason, and saves nothing."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.errors import InvalidInput
from core.models import Child, TimelineEntry
from core.people import team
from core.timeline import entries as timeline
from core.types import utcnow


def test_a_bad_entry_reports_every_field_and_saves_nothing(db, child_team, host):
    bad = {
        "kind": "gossip",
        "title": "   ",
        "occurred_at": (utcnow() + timedelta(days=2)).isoformat(),
        "visibility": "everyone",
        "colour": "red",
    }
    with pytest.raises(InvalidInput) as raised:
        timeline.post_entry(db, child_team.teacher, child_team.child.id, bad, host=host)
    assert set(raised.value.errors) == {"kind", "title", "occurred_at", "visibility", "colour"}
    assert raised.value.errors["occurred_at"] == ["This cannot be in the future: when did it happen?"]
    assert db.scalar(select(func.count()).select_from(TimelineEntry)) == 0


def test_a_bad_child_reports_every_field_and_saves_nothing(db, child_team):
    before = db.scalar(select(func.count()).select_from(Child))
    bad = {"full_name": "", "date_of_birth": "14/03/2018", "needs": {"maths": "x"}, "sen_status": "statement"}
    with pytest.raises(InvalidInput) as raised:
        team.create_child(db, child_team.senco, bad)
    assert {"full_name", "date_of_birth", "needs.maths", "sen_status"} <= set(raised.value.errors)
    assert db.scalar(select(func.count()).select_from(Child)) == before


def test_a_missing_required_field_is_named(db, child_team, host):
    with pytest.raises(InvalidInput) as raised:
        timeline.post_entry(db, child_team.teacher, child_team.child.id, {"kind": "update"}, host=host)
    assert raised.value.errors == {"title": ["Please fill this in."]}


def test_input_that_is_not_an_object_is_refused(db, child_team, host):
    with pytest.raises(InvalidInput) as raised:
        timeline.post_entry(db, child_team.teacher, child_team.child.id, ["update"], host=host)
    assert "_schema" in raised.value.errors


def test_a_professional_account_needs_an_agency(db):
    with pytest.raises(InvalidInput) as raised:
        team.create_person(db, {"full_name": "No Agency", "email": "n@example.org", "kind": "professional"})
    assert raised.value.errors == {"agency": ["An agency professional needs an agency."]}


def test_an_email_address_is_used_by_one_account_only(db, make_person):
    person = make_person("parent")
    with pytest.raises(InvalidInput) as raised:
        team.create_person(db, {"full_name": "Twin", "email": person.email.upper(), "kind": "parent"})
    assert list(raised.value.errors) == ["email"]
