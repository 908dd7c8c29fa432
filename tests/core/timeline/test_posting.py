"""Posting to the timeline and acknowledging entries."""

from datetime import timedelta

import pytest

from core.errors import Forbidden, InvalidInput
from core.models import EntryKind
from core.timeline import entries as timeline
from core.types import utcnow


def test_a_parent_posts_a_home_observation_shared_with_the_whole_team(db, child_team, host):
    entry = timeline.post_entry(
        db, child_team.parent, child_team.child.id, {"kind": "home_observation", "title": "Slept badly"}, host=host
    )
    assert (entry.kind, entry.visibility.value, entry.agency, entry.author) == (
        EntryKind.HOME_OBSERVATION,
        "team",
        None,
        child_team.parent,
    )


def test_an_entry_keeps_when_it_happened_apart_from_when_it_was_posted(db, child_team, host):
    happened = (utcnow() - timedelta(days=3)).replace(microsecond=0)
    entry = timeline.post_entry(
        db,
        child_team.teacher,
        child_team.child.id,
        {"kind": "update", "title": "Trip", "occurred_at": happened.isoformat()},
        host=host,
    )
    db.expire(entry)
    assert entry.occurred_at == happened
    assert entry.posted_at > happened


def test_a_professionals_entry_carries_their_agency(db, child_team, host):
    entry = timeline.post_entry(
        db, child_team.slt, child_team.child.id, {"kind": "update", "title": "Session"}, host=host
    )
    assert entry.agency == "speech_language"


def test_a_parent_cannot_post_a_professional_update(db, child_team, host):
    with pytest.raises(Forbidden):
        timeline.post_entry(db, child_team.parent, child_team.child.id, {"kind": "update", "title": "x"}, host=host)


@pytest.mark.parametrize("kind", ["meeting", "plan_change", "assessment"])
def test_entries_written_by_teamaround_itself_cannot_be_posted_by_hand(db, child_team, host, kind):
    with pytest.raises(InvalidInput) as raised:
        timeline.post_entry(db, child_team.senco, child_team.child.id, {"kind": kind, "title": "x"}, host=host)
    assert list(raised.value.errors) == ["kind"]


def test_acknowledging_records_who_saw_an_entry_and_when(db, child_team, host):
    entry = timeline.post_entry(
        db, child_team.teacher, child_team.child.id, {"kind": "update", "title": "x"}, host=host
    )
    acknowledgement = timeline.acknowledge(db, child_team.parent, entry.id)
    assert acknowledgement.person == child_team.parent
    assert [a.person for a in entry.acknowledgements] == [child_team.parent]


def test_acknowledging_twice_keeps_the_first_time(db, child_team, host):
    entry = timeline.post_entry(
        db, child_team.teacher, child_team.child.id, {"kind": "update", "title": "x"}, host=host
    )
    first = timeline.acknowledge(db, child_team.parent, entry.id)
    again = timeline.acknowledge(db, child_team.parent, entry.id)
    assert again.id == first.id and len(entry.acknowledgements) == 1


def test_posting_an_entry_calls_the_timeline_entry_posted_hook(db, child_team):
    from core.hookspecs import hookimpl
    from core.plugins import load_plugins

    seen = []

    class Listener:
        @hookimpl
        def timeline_entry_posted(self, entry, db):
            seen.append(entry.title)

    listening_host = load_plugins(extra=[Listener()])
    timeline.post_entry(
        db, child_team.teacher, child_team.child.id, {"kind": "update", "title": "heard"}, host=listening_host
    )
    assert seen == ["heard"]
