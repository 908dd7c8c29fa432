"""The chronology: the timeline oldest first, for a date range, as CSV a spreadsheet opens safely."""

import csv
import io
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from core.errors import InvalidInput, NotFound
from core.models import AuditEvent
from core.timeline import chronology
from core.timeline import entries as timeline
from core.wording import English


@pytest.fixture
def events(db, child_team, host):
    def post(who, title, day, visibility="team", body=""):
        data = {
            "kind": "update" if who != "parent" else "home_observation",
            "title": title,
            "body": body,
            "occurred_at": datetime(2026, 3, day, 10, tzinfo=UTC).isoformat(),
            "visibility": visibility,
        }
        return timeline.post_entry(db, getattr(child_team, who), child_team.child.id, data, host=host)

    post("teacher", "Second", 10)
    post("parent", "First", 2)
    post("slt", "Therapy notes", 5, visibility="agency")
    post("teacher", '=HYPERLINK("http://evil")', 20, body="+44 7700 900000")


def titles(found):
    return [entry.title for entry in found.entries]


def test_a_chronology_runs_oldest_first(db, child_team, events):
    assert titles(chronology.chronology(db, child_team.senco, child_team.child.id)) == [
        "First",
        "Second",
        '=HYPERLINK("http://evil")',
    ]


def test_a_chronology_shows_only_what_the_reader_may_see(db, child_team, events):
    assert "Therapy notes" in titles(chronology.chronology(db, child_team.slt, child_team.child.id))
    assert "Therapy notes" not in titles(chronology.chronology(db, child_team.parent, child_team.child.id))


def test_a_chronology_covers_the_days_asked_for_inclusive(db, child_team, events):
    found = chronology.chronology(
        db, child_team.senco, child_team.child.id, {"since": "2026-03-02", "until": "2026-03-10"}
    )
    assert titles(found) == ["First", "Second"]


def test_a_range_that_ends_before_it_starts_is_refused(db, child_team):
    with pytest.raises(InvalidInput) as raised:
        chronology.chronology(db, child_team.senco, child_team.child.id, {"since": "2026-03-10", "until": "2026-03-01"})
    assert list(raised.value.errors) == ["until"]


def test_someone_outside_the_team_gets_no_chronology(db, child_team):
    with pytest.raises(NotFound):
        chronology.chronology(db, child_team.other_parent, child_team.child.id)


def test_exporting_a_chronology_is_audited(db, child_team, events):
    chronology.chronology(db, child_team.senco, child_team.child.id)
    assert db.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc()).limit(1)) == "chronology.exported"


def test_the_csv_has_a_header_and_defuses_formulas(db, child_team, events):
    found = chronology.chronology(db, child_team.senco, child_team.child.id)
    text = chronology.as_csv(found, English("Europe/London"), {}, {})
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == list(chronology.COLUMNS)
    assert table[1][:3] == ["Monday 2 March 2026", "10:00", "First"]
    assert table[-1][2].startswith("'=") and table[-1][3].startswith("'+")
