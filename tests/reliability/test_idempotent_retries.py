"""A system that sends the same request twice at once, with one Idempotency-Key, gets one
entry posted and the same answer twice: the second waits for the first to commit."""

import threading

import pytest
from conftest import PASSWORD
from sqlalchemy import func, select

from core.db import make_engine, make_session_factory
from core.migrations import upgrade
from core.models import Person, TimelineEntry
from core.people import team
from core.people.passwords import CHEAPEST
from core.plugins import load_plugins
from core.sync import idempotency
from core.timeline import entries as timeline


@pytest.mark.parametrize("fresh_url", ["postgresql", "sqlite"], indirect=True)
def test_two_requests_with_one_key_at_once_post_one_entry(fresh_url):
    upgrade(fresh_url)
    engine = make_engine(fresh_url)
    factory = make_session_factory(engine)
    with factory() as db, db.begin():
        senco = team.create_person(db, {"full_name": "Priya Shah", "email": "senco@example.org",
                                        "kind": "school_staff", "agency": "school"},
                                   password_hash=CHEAPEST.hash(PASSWORD))
        child_id = team.create_child(db, senco, {"full_name": "Amara Okafor", "date_of_birth": "2018-03-14"}).id
        senco_id = senco.id
    host, asked = load_plugins(), idempotency.fingerprint("POST", "/timeline", b"{}")
    first_reserved, answers = threading.Event(), []

    def send(first: bool):
        with factory() as db, db.begin():
            kept = idempotency.kept_or_reserved(db, db.get(Person, senco_id), "visit-1", asked)
            if kept.status is None:
                entry = timeline.post_entry(db, db.get(Person, senco_id), child_id,
                                            {"kind": "update", "title": "Visit"}, host=host)
                idempotency.keep(kept, status=201, body=str(entry.id), headers={})
                if first:
                    first_reserved.set()
                    threading.Event().wait(0.5)  # the second request arrives meanwhile
            answers.append(kept.body)

    first = threading.Thread(target=send, args=(True,))
    first.start()
    first_reserved.wait(timeout=10)
    second = threading.Thread(target=send, args=(False,))
    second.start()
    first.join(timeout=30)
    second.join(timeout=30)
    with factory() as db:
        assert db.scalar(select(func.count()).select_from(TimelineEntry)) == 1
    assert len(answers) == 2 and answers[0] == answers[1]
    engine.dispose()
