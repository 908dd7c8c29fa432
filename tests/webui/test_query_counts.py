"""Pages run a fixed number of queries, however much data there is."""

from datetime import timedelta

from dates import TUESDAY, at_school

from core.timeline import entries as timeline

NEXT_TUESDAY = at_school(TUESDAY, 10)


def post_many(db, child_team, host, count):
    for number in range(count):
        entry = timeline.post_entry(db, child_team.teacher, child_team.child.id,
                                    {"kind": "update", "title": f"entry {number}"}, host=host)
        timeline.acknowledge(db, child_team.slt, entry.id)


def reads_for(client, path, count_queries):
    with count_queries() as queries:
        assert client.get(path).status_code == 200
    # On PostgreSQL the audit event is appended by a function, called with a SELECT (or, for a
    # page read again, from the session's statement, which counts).
    return [q for q in queries if q.lstrip().upper().startswith("SELECT") and "FROM teamaround_append_audit_" not in q]


def test_the_timeline_page_runs_the_same_few_queries_at_any_size(client, auth, db, child_team, host, count_queries):
    path = f"/children/{child_team.child.id}"
    auth.login(child_team.parent)
    post_many(db, child_team, host, 5)
    few = reads_for(client, path, count_queries)
    post_many(db, child_team, host, 55)
    many = reads_for(client, path, count_queries)
    assert len(few) == len(many) <= 6, "\n\n".join(many)


def test_the_meetings_page_reads_the_meetings_alone_at_any_size(
    client, auth, db, child_team, make_meeting, count_queries
):
    path = f"/children/{child_team.child.id}/meetings"
    auth.login(child_team.parent)
    make_meeting(NEXT_TUESDAY)
    few = reads_for(client, path, count_queries)
    for week in range(1, 6):
        make_meeting(NEXT_TUESDAY + timedelta(weeks=week))
    many = reads_for(client, path, count_queries)
    assert len(few) == len(many) <= 4, "\n\n".join(many)
