"""Pages run a fixed number of queries, however much data there is."""

from core.timeline import entries as timeline


def post_many(db, child_team, host, count):
    for number in range(count):
        entry = timeline.post_entry(db, child_team.teacher, child_team.child.id,
                                    {"kind": "update", "title": f"entry {number}"}, host=host)
        timeline.acknowledge(db, child_team.slt, entry.id)


def reads_for(client, path, count_queries):
    with count_queries() as queries:
        assert client.get(path).status_code == 200
    # On PostgreSQL the audit event is appended by a function, called with a SELECT.
    return [q for q in queries if q.lstrip().upper().startswith("SELECT") and "teamaround_append_audit_event" not in q]


def test_the_timeline_page_runs_the_same_few_queries_at_any_size(client, auth, db, child_team, host, count_queries):
    path = f"/children/{child_team.child.id}"
    auth.login(child_team.parent)
    post_many(db, child_team, host, 5)
    few = reads_for(client, path, count_queries)
    post_many(db, child_team, host, 55)
    many = reads_for(client, path, count_queries)
    assert len(few) == len(many) <= 6, "\n\n".join(many)
