"""Two people change the same target of a plan at the same moment, each in their own
connection and transaction: the first change is kept, the second is told of the clash, and
nothing is overwritten silently (the outcome's version counter)."""

import threading
from datetime import date, timedelta

import pytest
from conftest import PASSWORD

from core.db import make_engine, make_session_factory
from core.errors import StaleVersion
from core.migrations import upgrade
from core.models import Outcome, Person
from core.people import team
from core.people.passwords import CHEAPEST
from core.plans import content as plans
from core.plugins import load_plugins
from core.site import Site


def _two_leads_and_a_target(factory) -> tuple[int, int, int]:
    """A child led by two SENCOs (a SENCO and her deputy), with one SMART target; returns their ids."""
    with factory() as db, db.begin():
        hashed = CHEAPEST.hash(PASSWORD)
        senco = team.create_person(db, {"full_name": "Priya Shah", "email": "senco@example.org",
                                        "kind": "school_staff", "agency": "school"}, password_hash=hashed)
        deputy = team.create_person(db, {"full_name": "Ali Khan", "email": "deputy@example.org",
                                         "kind": "school_staff", "agency": "school"}, password_hash=hashed)
        child = team.create_child(db, senco, {"full_name": "Amara Okafor", "date_of_birth": "2018-03-14"})
        team.add_member(db, senco, child.id, {"person_id": deputy.id, "role": "senco", "is_lead": True})
        site = Site(host=load_plugins())
        plan = plans.create_plan(db, senco, child.id, site=site)
        today = date.today()
        outcome = plans.add_outcome(db, senco, plan.id, {
            "area": "cognition_and_learning", "text": "Reads words from the Year 2 list", "unit": "words",
            "baseline_value": 6, "baseline_on": (today - timedelta(days=30)).isoformat(),
            "target_value": 16, "target_on": (today + timedelta(days=60)).isoformat(), "owner_id": senco.id,
        }, site=site)
        return senco.id, deputy.id, outcome.id


@pytest.mark.parametrize("fresh_url", ["sqlite", "postgresql"], indirect=True)
def test_the_second_of_two_simultaneous_changes_to_a_target_is_refused(fresh_url):
    upgrade(fresh_url)
    engine = make_engine(fresh_url)
    factory = make_session_factory(engine)
    senco_id, deputy_id, outcome_id = _two_leads_and_a_target(factory)
    site = Site(host=load_plugins())
    read_version = 1  # both read the target before either saved
    senco_changed, senco_may_commit = threading.Event(), threading.Event()
    results: dict[str, object] = {}

    def change(person_id: int, target: float):
        with factory() as db, db.begin():
            person = db.get(Person, person_id)
            plans.change_outcome(db, person, outcome_id, {"target_value": target}, expected_version=read_version,
                                 site=site)
            if person_id == senco_id:
                senco_changed.set()
                senco_may_commit.wait(timeout=10)

    def senco():
        change(senco_id, 12)
        results["senco"] = "saved"

    def deputy():
        senco_changed.wait(timeout=10)
        try:
            change(deputy_id, 14)
            results["deputy"] = "saved"
        except StaleVersion as clash:
            results["deputy"] = clash

    threads = [threading.Thread(target=senco), threading.Thread(target=deputy)]
    for thread in threads:
        thread.start()
    # Let the deputy's save reach the database while the SENCO's is still open: on
    # PostgreSQL her UPDATE waits on the row, on SQLite her transaction on the write lock.
    threading.Event().wait(0.5)
    senco_may_commit.set()
    for thread in threads:
        thread.join(timeout=30)
    assert results["senco"] == "saved"
    assert isinstance(results["deputy"], StaleVersion) and "Someone else changed this" in str(results["deputy"])
    with factory() as db:
        kept = db.get(Outcome, outcome_id)
        assert (kept.target_value, kept.version) == (12, 2)
    engine.dispose()
