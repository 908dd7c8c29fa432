"""The timeline pages by keyset: nothing lost or repeated, even at equal times."""

from datetime import timedelta

import pytest

from core.errors import InvalidInput
from core.timeline import entries as timeline
from core.types import utcnow


@pytest.fixture
def many_entries(db, child_team, host):
    """25 entries, in groups of five that happened at exactly the same moment."""
    start = utcnow() - timedelta(days=30)
    posted = []
    for index in range(25):
        occurred_at = start + timedelta(hours=index // 5)
        data = {"kind": "update", "title": f"entry {index}", "occurred_at": occurred_at.isoformat()}
        posted.append(timeline.post_entry(db, child_team.teacher, child_team.child.id, data, host=host))
    return posted


def read_all(db, person, child, limit):
    seen, cursor = [], None
    while True:
        page = timeline.read_timeline(db, person, child.id, {"limit": limit, "cursor": cursor})
        seen.extend(entry.id for entry in page.entries)
        if page.next_cursor is None:
            return seen
        cursor = page.next_cursor


@pytest.mark.parametrize("limit", [1, 3, 5, 7, 25, 200])
def test_paging_through_returns_every_entry_once_newest_first(db, child_team, many_entries, limit):
    ids = read_all(db, child_team.parent, child_team.child, limit)
    expected = [entry.id for entry in sorted(many_entries, key=lambda e: (e.occurred_at, e.id), reverse=True)]
    assert ids == expected


def test_an_entry_posted_while_paging_is_not_repeated_or_skipped_in_older_pages(db, child_team, many_entries, host):
    first = timeline.read_timeline(db, child_team.parent, child_team.child.id, {"limit": 10})
    timeline.post_entry(db, child_team.teacher, child_team.child.id, {"kind": "update", "title": "new"}, host=host)
    rest = timeline.read_timeline(
        db, child_team.parent, child_team.child.id, {"limit": 100, "cursor": first.next_cursor}
    )
    assert len(first.entries) + len(rest.entries) == 25
    assert not {e.id for e in first.entries} & {e.id for e in rest.entries}


def test_the_timeline_is_ordered_by_when_things_happened_not_when_they_were_typed(db, child_team, host):
    late_report = {"kind": "update", "title": "last month", "occurred_at": (utcnow() - timedelta(days=30)).isoformat()}
    timeline.post_entry(db, child_team.teacher, child_team.child.id, {"kind": "update", "title": "today"}, host=host)
    timeline.post_entry(db, child_team.teacher, child_team.child.id, late_report, host=host)
    page = timeline.read_timeline(db, child_team.parent, child_team.child.id)
    assert [entry.title for entry in page.entries] == ["today", "last month"]


@pytest.mark.parametrize("cursor", ["nonsense", "W10", "WyIyMDI2LTAxLTAxIiwgMV0"])
def test_a_cursor_the_timeline_did_not_give_out_is_refused(db, child_team, cursor):
    with pytest.raises(InvalidInput) as raised:
        timeline.read_timeline(db, child_team.parent, child_team.child.id, {"cursor": cursor})
    assert list(raised.value.errors) == ["cursor"]


def test_the_timeline_filters_by_kind_and_agency(db, child_team, many_entries, host):
    timeline.post_entry(
        db, child_team.parent, child_team.child.id, {"kind": "home_observation", "title": "home"}, host=host
    )
    timeline.post_entry(db, child_team.slt, child_team.child.id, {"kind": "update", "title": "slt"}, host=host)
    by_kind = timeline.read_timeline(db, child_team.senco, child_team.child.id, {"kinds": ["home_observation"]})
    by_agency = timeline.read_timeline(db, child_team.senco, child_team.child.id, {"agencies": ["speech_language"]})
    assert [e.title for e in by_kind.entries] == ["home"]
    assert [e.title for e in by_agency.entries] == ["slt"]


def test_each_entry_on_every_page_carries_its_own_acknowledgements_oldest_first(db, child_team, many_entries):
    for entry in many_entries[::3]:
        timeline.acknowledge(db, child_team.parent, entry.id)
    for entry in many_entries[::2]:
        timeline.acknowledge(db, child_team.senco, entry.id)
    expected = {
        entry.id: [person for person, index in ((child_team.parent, 3), (child_team.senco, 2)) if number % index == 0]
        for number, entry in enumerate(many_entries)
    }
    db.expunge_all()  # read back from the database, not from what acknowledging left in the session
    seen, cursor = {}, None
    while True:
        page = timeline.read_timeline(db, child_team.slt, child_team.child.id, {"limit": 4, "cursor": cursor})
        seen |= {entry.id: [ack.person.id for ack in entry.acknowledgements] for entry in page.entries}
        if (cursor := page.next_cursor) is None:
            break
    assert seen == {entry_id: [person.id for person in people] for entry_id, people in expected.items()}


def test_a_filtered_page_carries_the_acknowledgements_of_its_own_entries(db, child_team, many_entries, host):
    observation = timeline.post_entry(
        db, child_team.parent, child_team.child.id, {"kind": "home_observation", "title": "Slept well"}, host=host
    )
    timeline.acknowledge(db, child_team.senco, observation.id)
    timeline.acknowledge(db, child_team.senco, many_entries[0].id)
    db.expunge_all()
    page = timeline.read_timeline(db, child_team.parent, child_team.child.id, {"kinds": ["home_observation"]})
    assert [(entry.id, [ack.person.id for ack in entry.acknowledgements]) for entry in page.entries] == [
        (observation.id, [child_team.senco.id])
    ]

