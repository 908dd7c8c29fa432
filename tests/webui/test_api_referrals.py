"""Referrals through the API: the team refers with the family's consent, the receiving agency's
system reads its referrals and answers them, in the words of the reader's language."""

import pytest

from core.people import accounts
from core.people import tokens as api_tokens

CONSENT = {"given_by": "Grace Okafor, mother", "given_on": "2026-08-28", "method": "phone"}
TO_HEALTH = {
    "agency": "health",
    "reason": "Tires quickly and falls often.",
    "answers": {"tried": "Rest breaks since June.", "gp_knows": "Yes."},
    "consent": CONSENT,
}


@pytest.fixture
def paediatrician(db, make_person):
    """Headers of a paediatrician's token: health receives the referral, and she is not in the team."""
    person = make_person("professional", agency="health", name="Dr Rosa Mendes")
    _, secret = api_tokens.create(db, person, {"name": "Clinic system"})
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def referral(client, bearer, child_team):
    response = client.post(f"/api/v1/children/{child_team.child.id}/referrals", json=TO_HEALTH, headers=bearer())
    assert response.status_code == 201, response.json
    return response.json


def test_a_referral_made_answers_with_where_it_is_in_words(referral):
    assert (referral["status"], referral["where"], referral["waited"]) == (
        "waiting",
        "Waiting for Health to answer",
        "less than a day",
    )
    assert referral["consent"] == CONSENT
    assert [(q["key"], q["question"], q["answer"]) for q in referral["questions"]][2] == (
        "gp_knows",
        "Does the family's GP know about the concern?",
        "Yes.",
    )


def test_without_the_familys_consent_the_referral_is_refused_naming_consent(client, bearer, child_team):
    response = client.post(
        f"/api/v1/children/{child_team.child.id}/referrals", json=TO_HEALTH | {"consent": None}, headers=bearer()
    )
    assert response.status_code == 400 and list(response.json["errors"]) == ["consent"]


def test_a_required_question_of_the_agency_left_out_is_refused_naming_it(client, bearer, child_team):
    response = client.post(
        f"/api/v1/children/{child_team.child.id}/referrals",
        json=TO_HEALTH | {"answers": {"tried": "Rest breaks."}},
        headers=bearer(),
    )
    assert response.status_code == 400 and list(response.json["errors"]) == ["answers.gp_knows"]


def test_the_agency_reads_its_referral_and_accepts_it(client, referral, paediatrician, child_team):
    [received] = client.get("/api/v1/referrals", headers=paediatrician).json
    assert (received["id"], received["child"]["full_name"]) == (referral["id"], "Amara Okafor")
    response = client.post(f"/api/v1/referrals/{referral['id']}/acceptance", json={}, headers=paediatrician)
    assert response.status_code == 200 and response.json["status"] == "accepted"
    assert client.get(f"/api/v1/children/{child_team.child.id}/team", headers=paediatrician).status_code == 200


def test_more_information_asked_given_then_declined(client, bearer, referral, paediatrician):
    url = f"/api/v1/referrals/{referral['id']}"
    asked = client.post(f"{url}/information-requests", json={"question": "Falls at home?"}, headers=paediatrician)
    assert asked.json["where"] == "Health asked for more information: waiting for the team to answer"
    given = client.post(f"{url}/information", json={"text": "Twice a week."}, headers=bearer())
    assert given.json["status"] == "waiting"
    declined = client.post(f"{url}/decline", json={"reason": "The GP first."}, headers=paediatrician)
    assert [step["kind"] for step in declined.json["steps"]] == [
        "made",
        "more_information_asked",
        "information_given",
        "declined",
    ]


def test_a_referral_answered_twice_is_a_conflict(client, referral, paediatrician):
    url = f"/api/v1/referrals/{referral['id']}"
    client.post(f"{url}/decline", json={"reason": "Not for us."}, headers=paediatrician)
    assert client.post(f"{url}/acceptance", json={}, headers=paediatrician).status_code == 409


def test_another_agency_does_not_learn_of_the_referral(client, db, make_person, referral):
    person = make_person("professional", agency="social_care")
    _, secret = api_tokens.create(db, person, {"name": "Other system"})
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get(f"/api/v1/referrals/{referral['id']}", headers=headers).status_code == 404
    assert client.get("/api/v1/referrals", headers=headers).json == []


def test_an_agencys_questions_read_in_the_readers_language(client, bearer, child_team, db):
    accounts.update_preferences(db, child_team.senco, {"language": "pl"})
    response = client.get("/api/v1/agencies/speech_language/referral-questions", headers=bearer())
    assert [question["text"] for question in response.json][2] == "Jakie języki dziecko słyszy w domu i w jakich mówi?"
