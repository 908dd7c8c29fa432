"""A page of the timeline reads each entry as plain values: every column, and the people it names."""

from core.models import TimelineEntry
from core.timeline import entries as timeline
from core.timeline.reading import COLUMNS


def test_a_page_reads_every_column_an_entry_has():
    assert {column.name for column in COLUMNS} == {column.name for column in TimelineEntry.__table__.c}


def test_a_read_entry_names_who_wrote_it_who_withdrew_it_and_who_has_seen_it(db, child_team, host):
    posted = timeline.post_entry(
        db, child_team.teacher, child_team.child.id, {"kind": "update", "title": "PE"}, host=host
    )
    timeline.acknowledge(db, child_team.parent, posted.id)
    timeline.acknowledge(db, child_team.slt, posted.id)
    timeline.withdraw_entry(db, child_team.senco, posted.id)
    db.expunge_all()  # read back from the database, not from what posting left in the session
    [entry] = timeline.read_timeline(db, child_team.senco, child_team.child.id).entries
    assert (entry.id, entry.title, entry.author.full_name) == (posted.id, "PE", child_team.teacher.full_name)
    assert entry.withdrawal.by.full_name == child_team.senco.full_name
    assert [(seen.person_id, seen.person.full_name) for seen in entry.acknowledgements] == [
        (child_team.parent.id, child_team.parent.full_name),
        (child_team.slt.id, child_team.slt.full_name),
    ]
