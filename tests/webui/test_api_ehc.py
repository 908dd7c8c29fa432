"""An agency's system and the EHC case through the API: it reads the stages, lists the advice
asked of its agency and answers it with a document it uploaded first."""

import io
from datetime import date, timedelta

import pytest
import sample_files

from core.cases import ehc
from core.people import accounts


@pytest.fixture
def case(db, child_team, site):
    requested = {"requested_by": "school", "requested_on": (date.today() - timedelta(days=50)).isoformat()}
    return ehc.open_case(db, child_team.senco, child_team.child.id, requested, site=site)


@pytest.fixture
def advice(db, child_team, case, site):
    return ehc.request_advice(
        db, child_team.senco, case.id, {"agency": "speech_language"}, site=site, today=date.today()
    )


def upload(client, headers, child_id, title="Speech and language advice"):
    answer = client.post(
        f"/api/v1/children/{child_id}/documents",
        data={"title": title, "file": (io.BytesIO(sample_files.pdf(title)), "advice.pdf")},
        content_type="multipart/form-data",
        headers=headers,
    )
    assert answer.status_code == 201, answer.json
    return answer.json["id"]


def test_the_case_shows_each_stage_with_who_acts_by_when_and_what_is_late(client, bearer, child_team, case):
    answer = client.get(f"/api/v1/children/{child_team.child.id}/ehc", headers=bearer("slt"))
    decision = next(stage for stage in answer.json["stages"] if stage["step"] == "decision_to_assess")
    assert (decision["who"], decision["acts"], decision["overdue"], decision["source"]) == (
        "the local authority",
        "local_authority",
        True,
        "SEND Code of Practice 0 to 25 (2015), 9.14",
    )
    assert decision["due_on"] == (date.today() - timedelta(days=50 - 42)).isoformat()


def test_a_parent_whose_language_the_interface_lacks_reads_the_stages_in_her_browsers(
    client, bearer, child_team, case, db
):
    accounts.update_preferences(db, child_team.parent, {"language": "so"})  # Somali: no translation yet
    headers = bearer("parent") | {"Accept-Language": "pl"}
    answer = client.get(f"/api/v1/children/{child_team.child.id}/ehc", headers=headers)
    assert answer.json["stages"][0]["title"] == "Wniosek o ocenę potrzeb EHC"


def test_a_child_without_a_case_has_none_to_read(client, bearer, child_team):
    assert client.get(f"/api/v1/children/{child_team.child.id}/ehc", headers=bearer()).status_code == 404


def test_the_therapists_system_lists_the_advice_asked_and_answers_it_with_its_document(
    client, bearer, child_team, advice
):
    headers = bearer("slt")
    [asked] = client.get("/api/v1/ehc-advice", headers=headers).json
    assert (asked["id"], asked["agency"], asked["answered_on"]) == (advice.id, "speech_language", None)
    document_id = upload(client, headers, child_team.child.id)
    answer = client.post(f"/api/v1/ehc-advice/{advice.id}/answer", json={"document_id": document_id}, headers=headers)
    assert answer.status_code == 200
    assert (answer.json["answered_on"], answer.json["document_id"]) == (date.today().isoformat(), document_id)
    assert client.get("/api/v1/ehc-advice", headers=headers).json == []


def test_advice_answered_twice_is_a_conflict(client, bearer, child_team, advice):
    headers = bearer("slt")
    document_id = upload(client, headers, child_team.child.id)
    client.post(f"/api/v1/ehc-advice/{advice.id}/answer", json={"document_id": document_id}, headers=headers)
    again = client.post(f"/api/v1/ehc-advice/{advice.id}/answer", json={"document_id": document_id}, headers=headers)
    assert again.status_code == 409


def test_the_lead_records_a_decision_from_the_letter_in_the_childs_file(client, bearer, child_team, case):
    headers = bearer("senco")
    letter = upload(client, headers, child_team.child.id, "Letter from the local authority")
    body = {"decision": "assess", "decided_on": date.today().isoformat(), "document_id": letter}
    answer = client.post(f"/api/v1/ehc/{case.id}/decisions", json=body, headers=headers)
    assert answer.status_code == 201
    assert (answer.json["step"], answer.json["outcome"], answer.json["document_id"]) == (
        "decision_to_assess",
        "assess",
        letter,
    )


def test_a_decision_without_the_letter_is_refused_naming_it(client, bearer, child_team, case):
    body = {"decision": "assess", "decided_on": date.today().isoformat()}
    answer = client.post(f"/api/v1/ehc/{case.id}/decisions", json=body, headers=bearer("senco"))
    assert answer.status_code == 409
    assert "letter" in answer.json["errors"]


def test_a_parent_whose_account_is_in_polish_reads_the_stages_in_polish_through_a_token(
    client, bearer, child_team, case, db
):
    accounts.update_preferences(db, child_team.parent, {"language": "pl"})
    answer = client.get(f"/api/v1/children/{child_team.child.id}/ehc", headers=bearer("parent"))
    assert answer.json["stages"][0]["title"] == "Wniosek o ocenę potrzeb EHC"


def test_a_parents_account_language_comes_before_her_browsers_through_a_token(client, bearer, child_team, case):
    headers = bearer("parent") | {"Accept-Language": "pl"}  # her account says English
    answer = client.get(f"/api/v1/children/{child_team.child.id}/ehc", headers=headers)
    assert answer.json["stages"][0]["title"] == "The request for an EHC needs assessment"
