"""The plan through the API: read as the policy allows, change on the version read, record progress."""

from datetime import timedelta

from conftest import today

from core.models import ProgressReading
from core.plans import content as plans


def test_a_parent_reads_the_plan_with_what_the_data_shows(client, bearer, child_team, add_outcome, add_provision):
    outcome = add_outcome()
    add_provision()
    response = client.get(f"/api/v1/children/{child_team.child.id}/plan", headers=bearer("parent"))
    assert response.status_code == 200
    plan = response.json
    assert [item["id"] for item in plan["outcomes"]] == [outcome.id]
    assert plan["outcomes"][0]["status"] == "no_readings"
    assert plan["outcomes"][0]["owner"]["name"] == "Daniel Hughes"
    assert plan["provision"][0]["delivery"]["planned"] > 0


def test_the_plan_names_who_recorded_each_reading(client, bearer, db, child_team, add_outcome):
    outcome = add_outcome()
    for who, day in ((child_team.teacher, "2025-10-01"), (child_team.parent, "2025-10-02")):
        plans.record_reading(db, who, outcome.id, {"taken_on": day, "value": 2})
    response = client.get(f"/api/v1/children/{child_team.child.id}/plan", headers=bearer("senco"))
    readings = response.json["outcomes"][0]["readings"]
    assert [(item["recorded_by"]["name"], item["from_home"]) for item in readings] == [
        (child_team.teacher.full_name, False),
        (child_team.parent.full_name, True),
    ]


def test_a_child_without_a_plan_answers_not_found(client, bearer, child_team):
    response = client.get(f"/api/v1/children/{child_team.child.id}/plan", headers=bearer("parent"))
    assert response.status_code == 404 and set(response.json) == {"message", "errors"}


def test_another_childs_plan_answers_not_found(client, bearer, child_team, plan):
    response = client.get(f"/api/v1/children/{child_team.child.id}/plan", headers=bearer("other_parent"))
    assert response.status_code == 404


def test_a_second_change_on_the_same_version_of_an_outcome_is_refused(client, bearer, db, add_outcome):
    outcome = add_outcome()
    headers = bearer("senco")
    etag = client.get(f"/api/v1/outcomes/{outcome.id}", headers=headers).headers["ETag"]
    first = client.patch(f"/api/v1/outcomes/{outcome.id}", json={"target_value": 12},
                         headers={**headers, "If-Match": etag})
    second = client.patch(f"/api/v1/outcomes/{outcome.id}", json={"target_value": 8},
                          headers={**headers, "If-Match": etag})
    assert first.status_code == 200 and first.headers["ETag"] != etag
    assert second.status_code == 412 and "Someone else changed this target" in second.json["message"]
    db.refresh(outcome)
    assert outcome.target_value == 12


def test_an_outcome_changed_out_of_smart_is_refused_naming_the_field(client, bearer, add_outcome):
    outcome = add_outcome()
    response = client.patch(f"/api/v1/outcomes/{outcome.id}", json={"target_value": 0},
                            headers={**bearer("senco"), "If-Match": f'"{outcome.version}"'})
    assert response.status_code == 400 and "target_value" in response.json["errors"]


def test_a_reading_posted_by_a_parent_is_marked_from_home(client, bearer, db, add_outcome):
    outcome = add_outcome(baseline_on=(today() - timedelta(days=10)).isoformat(),
                          target_on=(today() + timedelta(days=50)).isoformat())
    reading = {"taken_on": today().isoformat(), "value": 3}
    response = client.post(f"/api/v1/outcomes/{outcome.id}/readings", json=reading, headers=bearer("parent"))
    assert response.status_code == 201 and response.json["from_home"] is True
    assert db.query(ProgressReading).one().value == 3


def test_an_agency_system_logs_a_delivered_session(client, bearer, add_provision):
    provision = add_provision(starts_on=(today() - timedelta(days=7)).isoformat())
    response = client.post(f"/api/v1/provision/{provision.id}/sessions",
                           json={"held_on": today().isoformat(), "delivered": True}, headers=bearer("slt"))
    assert response.status_code == 201 and response.json["delivered"] is True
