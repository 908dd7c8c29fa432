"""The changes feed: every change to what a person may read, after their cursor, once."""

from datetime import timedelta

import pytest

from core.errors import InvalidInput
from core.plans import content as plans
from core.sync.changes import read_changes
from core.timeline import entries as timeline
from core.types import utcnow


@pytest.fixture
def post(db, child_team, host):
    """Post an entry as a member of the team (the teacher unless ``who`` says) and commit it."""

    def make(title="Reading group", who="teacher", **values):
        data = {"kind": "update", "title": title, **values}
        entry = timeline.post_entry(db, getattr(child_team, who), child_team.child.id, data, host=host)
        db.commit()
        return entry

    return make


@pytest.fixture
def changes(db):
    """Read every change after ``cursor`` as ``person``: (what changed as (kind, id), the next cursor)."""

    def read(person, cursor=0, limit=100):
        page = read_changes(db, person, {"cursor": cursor, "limit": limit})
        return [(change.kind, change.record.id) for change in page.changes], page.next_cursor

    return read


def test_an_entry_back_dated_after_the_cursor_is_in_the_next_changes(child_team, post, changes):
    _, cursor = changes(child_team.senco)
    late = post("Hearing test last month", occurred_at=(utcnow() - timedelta(days=30)).isoformat())
    assert changes(child_team.senco, cursor)[0] == [("entry", late.id)]


def test_a_correction_brings_the_entry_back_once_with_its_new_words(db, child_team, post, changes):
    entry = post("Reading grop")
    _, cursor = changes(child_team.senco)
    timeline.edit_entry(db, child_team.teacher, entry.id, {"title": "Reading group"}, expected_version=entry.version)
    db.commit()
    found, cursor = changes(child_team.senco, cursor)
    assert found == [("entry", entry.id)]
    assert changes(child_team.senco, cursor)[0] == []


def test_a_withdrawn_entry_comes_back_withdrawn(db, child_team, post, changes):
    entry = post()
    _, cursor = changes(child_team.senco)
    timeline.withdraw_entry(db, child_team.teacher, entry.id)
    db.commit()
    page = read_changes(db, child_team.senco, {"cursor": cursor})
    assert [(change.record.id, change.record.withdrawn_at is not None) for change in page.changes] == [(entry.id, True)]


def test_changes_come_in_pages_that_neither_skip_nor_repeat(child_team, post, changes):
    posted = [post(f"Session {number}").id for number in range(5)]
    read, cursor = [], 0
    while True:
        found, cursor = changes(child_team.senco, cursor, limit=2)
        if not found:
            break
        read += [record_id for _, record_id in found]
    assert read[-5:] == posted


def test_an_entry_the_person_may_not_read_is_not_among_their_changes(child_team, post, changes):
    _, cursor = changes(child_team.parent)
    post("For professionals", visibility="professionals")
    assert changes(child_team.parent, cursor)[0] == []


def test_a_child_the_person_does_not_see_has_no_changes_for_them(db, child_team, host, changes):
    _, cursor = changes(child_team.outsider)
    timeline.post_entry(db, child_team.teacher, child_team.child.id, {"kind": "update", "title": "News"}, host=host)
    db.commit()
    assert changes(child_team.outsider, cursor)[0] == []


def test_a_meeting_booked_and_changed_is_among_the_changes(db, child_team, make_meeting, changes):
    _, cursor = changes(child_team.parent)
    meeting = make_meeting(utcnow() + timedelta(days=3))
    db.commit()
    assert ("meeting", meeting.id) in changes(child_team.parent, cursor)[0]


def test_a_change_to_the_plan_is_among_the_changes(db, child_team, plan, site, changes):
    db.commit()
    _, cursor = changes(child_team.parent)
    plans.update_plan(db, child_team.senco, plan.id, {"parent_views": "She likes the new timetable"},
                      expected_version=plan.version, site=site)
    db.commit()
    assert ("plan", plan.id) in changes(child_team.parent, cursor)[0]


def test_a_cursor_that_is_not_a_number_is_refused_naming_it(db, child_team):
    with pytest.raises(InvalidInput) as refused:
        read_changes(db, child_team.senco, {"cursor": "yesterday"})
    assert "cursor" in refused.value.errors
