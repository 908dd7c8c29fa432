"""Plan changes one person makes together read as one item on the timeline, acknowledged once."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from core.models import Acknowledgement, EntryKind, TimelineEntry
from core.timeline import entries as timeline

# Thirteen changes in one minute: the plan started, then twelve strategies added.
MINUTE = datetime(2026, 11, 10, 16, 5, tzinfo=UTC)


@pytest.fixture
def thirteen_changes(db, plan, add_strategy):
    """The SENCO's plan and twelve strategies, written within one minute: their entries, oldest first."""
    for number in range(12):
        add_strategy(text=f"Strategy {number}")
    changes = list(
        db.scalars(
            select(TimelineEntry)
            .where(TimelineEntry.child_id == plan.child_id, TimelineEntry.kind == EntryKind.PLAN_CHANGE)
            .order_by(TimelineEntry.id)
        )
    )
    for second, entry in enumerate(changes):
        entry.occurred_at = MINUTE + timedelta(seconds=second * 4)
    db.flush()
    return changes


def items_read_by(db, person, child_id, **query):
    return timeline.read_timeline(db, person, child_id, query).items


def test_thirteen_plan_changes_in_one_minute_by_one_person_are_one_item(db, child_team, thirteen_changes):
    [item] = items_read_by(db, child_team.parent, child_team.child.id)
    assert len(item.together) == 13
    assert item.entry.id == thirteen_changes[-1].id
    assert [entry.id for entry in item.together] == [entry.id for entry in reversed(thirteen_changes)]


def test_plan_changes_in_the_next_minute_start_a_new_item(db, child_team, thirteen_changes):
    thirteen_changes[-1].occurred_at = MINUTE + timedelta(minutes=1)
    db.flush()
    assert [len(item.together) for item in items_read_by(db, child_team.parent, child_team.child.id)] == [1, 12]


def test_other_entries_in_the_same_minute_stay_apart(db, child_team, host, thirteen_changes):
    for title in ("Slept badly", "Ate well"):
        entry = timeline.post_entry(
            db, child_team.parent, child_team.child.id, {"kind": "home_observation", "title": title}, host=host
        )
        entry.occurred_at = MINUTE + timedelta(minutes=5)
    db.flush()
    assert [len(item.together) for item in items_read_by(db, child_team.parent, child_team.child.id)] == [1, 1, 13]


def test_a_page_that_would_cut_the_changes_in_two_reads_them_whole(db, child_team, thirteen_changes):
    page = timeline.read_timeline(db, child_team.parent, child_team.child.id, {"limit": 5})
    assert [len(item.together) for item in page.items] == [13]
    assert page.next_cursor is None


def test_acknowledging_the_item_acknowledges_every_change_made_with_it(db, child_team, thirteen_changes):
    timeline.acknowledge(db, child_team.parent, thirteen_changes[-1].id)
    acknowledged = {row.entry_id for row in db.query(Acknowledgement).filter_by(person_id=child_team.parent.id)}
    assert acknowledged == {entry.id for entry in thirteen_changes}
