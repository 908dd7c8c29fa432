"""Agreed versions written before what changed was kept as words read like the ones written after.

The migration recognises the lines the system wrote (in plan_versions.changes and in the
body of each "Plan agreed" entry) and turns them into messages with their values; a line
it does not know stays as written, and going back gives the English again.
"""

from datetime import timedelta

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from dates import today
from sqlalchemy import select, update

from core.db import make_engine, make_session_factory
from core.migrations import alembic_config, upgrade
from core.models import AreaOfNeed, PlanVersion, TimelineEntry
from core.people.passwords import CHEAPEST
from core.plans.versions import what_changed
from core.plugins import load_plugins
from core.wording import English, render
from demo import seed as demo

BEFORE = {
    "plan_id": 1, "needs": {}, "child_views": "", "parent_views": "",
    "outcomes": [{"id": 1, "carried_from": None, "text": "Counts to 20"},
                 {"id": 2, "carried_from": None, "text": "Names colours"}],
    "strategies": [{"id": 3, "carried_from": None, "text": "Visual timetable"}],
    "provision": [{"id": 4, "carried_from": None, "support": "Small-group language work"}],
    "review_due_on": None,
}
AFTER = {
    "plan_id": 1, "needs": {AreaOfNeed.COGNITION_AND_LEARNING.value: "Counting"}, "child_views": "I like sums",
    "parent_views": "She counts at home",
    "outcomes": [{"id": 1, "carried_from": None, "text": "Counts to 30"},
                 {"id": 5, "carried_from": None, "text": "Writes her name"}],
    "strategies": [{"id": 3, "carried_from": None, "text": "Visual timetable at home too"}],
    "provision": [{"id": 6, "carried_from": None, "support": "Reading buddy"}],
    "review_due_on": (today() + timedelta(days=90)).isoformat(),
}
TYPED = "A line no Teamaround wrote"


def _before_this_migration(url):
    """The revision this migration follows, whatever number it lands under."""
    script = ScriptDirectory.from_config(alembic_config(url))
    [ours] = [rev for rev in script.walk_revisions() if rev.path.endswith("_what_changed_in_a_plan_as_words.py")]
    return ours.down_revision


@pytest.fixture
def agreed(fresh_url):
    """The demo, its agreed version listing every kind of change the system writes and one it did not."""
    upgrade(fresh_url)
    engine = make_engine(fresh_url)
    with make_session_factory(engine)() as db, db.begin():
        demo.ensure_demo(db, load_plugins(), CHEAPEST)
    changes = [*what_changed(BEFORE, AFTER), *what_changed(None, AFTER), *what_changed(AFTER, AFTER), TYPED]
    with engine.begin() as connection:
        connection.execute(update(PlanVersion).values(changes=changes))
    yield engine, changes
    engine.dispose()


def _stored(engine):
    with engine.connect() as connection:
        versions = connection.scalars(select(PlanVersion.changes)).all()
        entries = connection.scalars(select(TimelineEntry.wording).where(TimelineEntry.title == "Plan agreed")).all()
    return versions, entries


@pytest.mark.parametrize("fresh_url", ["sqlite", "postgresql"], indirect=True)
def test_going_back_leaves_english_and_migrating_again_gives_the_words_kept_today(agreed, fresh_url):
    engine, changes = agreed
    versions_today, entries_today = _stored(engine)
    command.downgrade(alembic_config(fresh_url), _before_this_migration(fresh_url))
    versions_before, _ = _stored(engine)
    assert versions_before == [[render(change, English()) if isinstance(change, dict) else change
                                for change in changes]]
    upgrade(fresh_url)
    assert _stored(engine) == (versions_today, entries_today)
    assert len({change["key"] for change in changes if isinstance(change, dict)}) == 12


@pytest.mark.parametrize("fresh_url", ["sqlite"], indirect=True)
def test_an_agreed_entry_written_in_english_reads_its_changes_as_words(agreed, fresh_url):
    engine, _ = agreed
    _, entries_today = _stored(engine)
    command.downgrade(alembic_config(fresh_url), _before_this_migration(fresh_url))
    _, entries_before = _stored(engine)
    upgrade(fresh_url)
    assert entries_before != entries_today
    assert _stored(engine)[1] == entries_today
