"""An agency's system keeps a copy in step through the changes feed while the team writes:
three people post, back-date, correct and withdraw entries at once, each in their own
transaction held open a moment, and a client polling the API all the while ends with
exactly the entries the server holds, having been given no change twice."""

import random
import threading
import time
from datetime import timedelta

import pytest
from conftest import PASSWORD

from core.access import visible_entries
from core.db import make_engine, make_session_factory
from core.migrations import upgrade
from core.models import Person
from core.people import consent, team
from core.people import tokens as api_tokens
from core.people.passwords import CHEAPEST
from core.plugins import load_plugins
from core.timeline import entries as timeline
from core.types import utcnow
from webui import create_app

WRITERS = ("senco", "teacher", "slt")
CHANGES_EACH = 25


def _a_team(factory) -> tuple[dict[str, int], int, str]:
    """A child, its SENCO, class teacher and speech and language therapist; their ids, the
    child's, and a token of the SENCO's for the polling system."""
    with factory() as db, db.begin():
        hashed = CHEAPEST.hash(PASSWORD)

        def person(name, kind, agency):
            email = f"{name}@example.org"
            return team.create_person(
                db, {"full_name": name.title(), "email": email, "kind": kind, "agency": agency}, password_hash=hashed
            )

        senco = person("senco", "school_staff", "school")
        child = team.create_child(db, senco, {"full_name": "Amara Okafor", "date_of_birth": "2018-03-14"})
        teacher, slt = person("teacher", "school_staff", "school"), person("slt", "professional", "speech_language")
        team.add_member(db, senco, child.id, {"person_id": teacher.id, "role": "class_teacher"})
        team.add_member(db, senco, child.id, {"person_id": slt.id, "role": "speech_language_therapist"})
        consent.record_consent(db, senco, child.id, "speech_language")
        _, secret = api_tokens.create(db, senco, {"name": "Agency system"})
        return {"senco": senco.id, "teacher": teacher.id, "slt": slt.id}, child.id, secret


def _write(factory, person_id: int, child_id: int, seed: int, errors: list) -> None:
    """Post, back-date, correct and withdraw one's own entries, each change in a transaction
    kept open a few milliseconds after its writes, so that commits overtake one another."""
    chance, host, own = random.Random(seed), load_plugins(), []
    try:
        for number in range(CHANGES_EACH):
            with factory() as db, db.begin():
                person = db.get(Person, person_id)
                choice = chance.random() if own else 0
                if choice < 0.5:
                    back = timedelta(days=chance.choice([0, 0, 3, 40]))
                    entry = timeline.post_entry(db, person, child_id, {
                        "kind": "update", "title": f"Note {number}", "occurred_at": (utcnow() - back).isoformat(),
                        "visibility": chance.choice(["team", "professionals", "agency"]),
                    }, host=host)
                    own.append(entry.id)
                elif choice < 0.8:
                    entry_id = chance.choice(own)
                    version = timeline.get_entry(db, person, entry_id)[1].version
                    timeline.edit_entry(db, person, entry_id, {
                        "title": f"Corrected {number}",
                        "occurred_at": (utcnow() - timedelta(days=chance.randint(0, 60))).isoformat(),
                    }, expected_version=version)
                else:
                    timeline.withdraw_entry(db, person, own.pop(chance.randrange(len(own))))
                time.sleep(chance.random() / 50)
    except Exception as error:  # noqa: BLE001 (reported by the test, not lost in a thread)
        errors.append(error)


def _state(entry) -> tuple:
    return entry["version"], entry["title"], entry["occurred_at"], entry["withdrawn"] is not None


@pytest.mark.parametrize("fresh_url", ["postgresql", "sqlite"], indirect=True)
def test_a_client_polling_the_changes_while_people_write_ends_with_the_servers_entries(fresh_url):
    upgrade(fresh_url)
    engine = make_engine(fresh_url)
    factory = make_session_factory(engine)
    people, child_id, secret = _a_team(factory)
    app = create_app({"DATABASE_URL": fresh_url, "SECRET_KEY": "sync", "PASSWORD_PROFILE": "cheapest",
                      "API_RATE_LIMIT": "100000 per minute"})
    client, headers = app.test_client(), {"Authorization": f"Bearer {secret}"}
    copy, given, cursor = {}, [], "0"

    def poll() -> bool:
        nonlocal cursor
        answer = client.get("/api/v1/changes", query_string={"cursor": cursor, "limit": 7}, headers=headers)
        assert answer.status_code == 200, answer.json
        for change in answer.json["changes"]:
            given.append((change["id"], change["entry"]["version"]))
            copy[change["id"]] = _state(change["entry"])
        cursor = answer.json["next_cursor"]
        return answer.json["more"]

    errors: list[Exception] = []
    writers = [
        threading.Thread(target=_write, args=(factory, people[who], child_id, seed, errors))
        for seed, who in enumerate(WRITERS)
    ]
    for writer in writers:
        writer.start()
    while any(writer.is_alive() for writer in writers):
        poll()
    for writer in writers:
        writer.join()
    while poll():
        pass
    assert not errors
    assert len(given) == len(set(given)), "a change was given twice"
    with factory() as db:
        senco = db.get(Person, people["senco"])
        server = {
            entry.id: (entry.version, entry.title if entry.withdrawn_at is None else "",
                       entry.occurred_at.isoformat(), entry.withdrawn_at is not None)
            for entry in db.scalars(visible_entries(senco))
        }
    assert copy == server
    engine.dispose()
