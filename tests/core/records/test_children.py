"""A child's record as a whole: closing the case, and how long each agency keeps it."""

from datetime import date

import pytest

from core.contributions import Agency
from core.errors import Forbidden
from core.records import children as records
from core.timeline import entries as timeline


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
