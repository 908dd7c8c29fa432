"""The changes feed tells a copy kept in step that a child's case was erased, and nothing of it."""

from core.access import visible_entries, visible_team_records
from core.models import Meeting, Plan
from core.sync.changes import read_changes


class Copy:
    """An agency system's copy: every record by (kind, id) with its child, kept by the feed."""

    def __init__(self, db, person):
        self.db, self.person, self.cursor, self.records = db, person, 0, {}

    def sync(self):
        while True:
            page = read_changes(self.db, self.person, {"cursor": self.cursor})
            for change in page.changes:
                if change.kind == "child_erased":
                    self.records = {
                        key: child for key, child in self.records.items() if child != change.record.child_id
                    }
                else:
                    self.records[(change.kind, change.record.id)] = change.record.child_id
            self.cursor = page.next_cursor
            if not page.more:
                return self


def server_state(db, person):
    """What ``person`` may read on the server now, as a copy holds it."""
    return {
        **{("entry", entry.id): entry.child_id for entry in db.scalars(visible_entries(person)).unique()},
        **{("meeting", meeting.id): meeting.child_id for meeting in db.scalars(visible_team_records(person, Meeting))},
        **{("plan", plan.id): plan.child_id for plan in db.scalars(visible_team_records(person, Plan))},
    }


def test_a_copy_in_step_drops_an_erased_case_and_ends_as_the_server_is(db, child_team, full_case, erase_case):
    copy = Copy(db, child_team.senco).sync()
    assert child_team.child.id in copy.records.values()
    erase_case()
    assert copy.sync().records == server_state(db, child_team.senco)


def test_an_erased_case_is_told_once_naming_only_the_child(db, child_team, full_case, erase_case):
    cursor = read_changes(db, child_team.senco).next_cursor
    erase_case()
    page = read_changes(db, child_team.senco, {"cursor": cursor})
    assert [(change.kind, change.record.child_id) for change in page.changes] == [("child_erased", child_team.child.id)]
    assert read_changes(db, child_team.senco, {"cursor": page.next_cursor}).changes == []


def test_someone_who_could_not_read_the_child_is_not_told_of_its_erasure(db, child_team, full_case, erase_case):
    cursor = read_changes(db, child_team.other_parent).next_cursor
    erase_case()
    assert read_changes(db, child_team.other_parent, {"cursor": cursor}).changes == []
