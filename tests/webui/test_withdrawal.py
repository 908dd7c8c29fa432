"""Withdrawing an entry (issue 17): its author or the lead takes it off the timeline for
everyone; the team sees where it stood, who withdrew it and when; the audit log and the
subject access export keep it. Corrections can change when something happened."""

from datetime import timedelta

import pytest
from exports import exported_json
from sqlalchemy import select

from core.models import AuditEvent
from core.timeline import entries as timeline
from core.types import utcnow


@pytest.fixture
def observation(db, child_team, host):
    """The parent's home observation, which the whole team reads."""
    return timeline.post_entry(db, child_team.parent, child_team.child.id,
                               {"kind": "home_observation", "title": "Wet the bed again",
                                "body": "Third night this week."}, host=host)


def withdraw(client, headers, entry):
    return client.post(f"/api/v1/entries/{entry.id}/withdrawal", headers=headers)


def timeline_of(client, headers, child_team):
    return client.get(f"/api/v1/children/{child_team.child.id}/timeline", headers=headers).json["entries"]


@pytest.mark.parametrize("who", ["parent", "senco"], ids=["its author", "the lead"])
def test_the_author_or_the_lead_withdraws_an_entry(client, bearer, child_team, observation, who):
    response = withdraw(client, bearer(who), observation)
    assert response.status_code == 201
    assert response.json["withdrawn"]["by"]["name"] == getattr(child_team, who).full_name


@pytest.mark.parametrize("who", ["teacher", "slt"])
def test_another_member_of_the_team_may_not_withdraw_an_entry(client, bearer, observation, who):
    assert withdraw(client, bearer(who), observation).status_code == 403


def test_an_entry_the_person_cannot_read_is_not_found_for_withdrawing(client, bearer, db, child_team, host):
    entry = timeline.post_entry(db, child_team.senco, child_team.child.id,
                                {"kind": "update", "title": "Staff only", "visibility": "professionals"}, host=host)
    assert withdraw(client, bearer("parent"), entry).status_code == 404


def test_nobody_withdraws_an_entry_of_a_closed_case(client, bearer, db, child_team, observation):
    from core.records import children as records

    records.close_case(db, child_team.senco, child_team.child.id)
    assert withdraw(client, bearer("senco"), observation).status_code == 403


@pytest.mark.parametrize("reader", ["parent", "teacher", "senco"])
def test_a_withdrawn_entry_keeps_its_place_but_not_its_words_for_everyone(client, bearer, child_team, observation,
                                                                          reader):
    withdraw(client, bearer("parent"), observation)
    [listed] = timeline_of(client, bearer(reader), child_team)
    assert listed["id"] == observation.id and listed["withdrawn"]["by"]["name"] == "Grace Okafor"
    assert "Wet the bed" not in str(listed) and "Third night" not in str(listed)
    assert "Wet the bed" not in client.get(f"/api/v1/entries/{observation.id}", headers=bearer(reader)).text


def test_the_timeline_page_says_who_withdrew_an_entry_and_when(client, auth, bearer, child_team, observation):
    withdraw(client, bearer("senco"), observation)
    auth.login(child_team.teacher)
    page = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
    assert "Wet the bed" not in page and "Third night" not in page
    today = f"{utcnow():%B %Y}"
    assert "Withdrawn by Priya Shah on" in page and today in page


def test_the_chronology_shows_where_a_withdrawn_entry_stood_without_its_words(client, auth, bearer, child_team,
                                                                             observation):
    withdraw(client, bearer("parent"), observation)
    auth.login(child_team.senco)
    for path in ("chronology", "chronology.csv"):
        page = client.get(f"/children/{child_team.child.id}/{path}").get_data(as_text=True)
        assert "Withdrawn by Grace Okafor on" in page and "Wet the bed" not in page


def test_withdrawing_again_keeps_the_first_withdrawal(client, bearer, child_team, observation):
    first = withdraw(client, bearer("parent"), observation).json["withdrawn"]
    again = withdraw(client, bearer("senco"), observation)
    assert again.status_code == 201 and again.json["withdrawn"] == first


def test_a_withdrawn_entry_stays_in_the_audit_log(client, bearer, db, child_team, observation):
    withdraw(client, bearer("parent"), observation)
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.subject == f"entry:{observation.id}")).all()
    assert "entry.posted" in actions and "entry.withdrawn" in actions


def test_a_withdrawn_entry_stays_in_the_subject_access_export(client, auth, bearer, child_team, observation):
    withdraw(client, bearer("parent"), observation)
    auth.login(child_team.admin)
    exported = exported_json(client.get(f"/admin/children/{child_team.child.id}/export.zip"))
    [row] = [row for row in exported["timeline_entries"] if row["id"] == observation.id]
    assert row["title"] == "Wet the bed again" and row["withdrawn_by_id"] == child_team.parent.id
    assert row["withdrawn_at"] is not None


def test_a_withdrawn_entry_leaves_the_leads_list_of_unanswered_family_news(client, auth, bearer, child_team,
                                                                          observation):
    auth.login(child_team.senco)
    assert "Wet the bed" in client.get("/").get_data(as_text=True)
    withdraw(client, bearer("parent"), observation)
    assert "Wet the bed" not in client.get("/").get_data(as_text=True)


def test_a_withdrawn_entry_cannot_be_corrected(client, bearer, child_team, observation):
    withdraw(client, bearer("parent"), observation)
    response = client.patch(f"/api/v1/entries/{observation.id}", json={"title": "Changed"},
                            headers={**bearer("parent"), "If-Match": '"2"'})
    assert response.status_code == 409


def test_a_withdrawn_message_cannot_be_answered(client, bearer, db, child_team, host):
    message = timeline.post_entry(db, child_team.parent, child_team.child.id,
                                  {"kind": "message", "title": "Can we talk?"}, host=host)
    withdraw(client, bearer("parent"), message)
    response = client.post(f"/api/v1/children/{child_team.child.id}/timeline",
                           json={"kind": "message", "title": "Yes", "reply_to": message.id}, headers=bearer("senco"))
    assert response.status_code == 400 and list(response.json["errors"]) == ["reply_to"]


def test_the_timeline_page_offers_withdrawing_to_the_author_with_a_csrf_token(client, auth, child_team, observation):
    auth.login(child_team.parent)
    page = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
    form = page[page.index(f'action="/entries/{observation.id}/withdraw"'):]
    assert 'name="csrf_token"' in form[:form.index("</form>")]


@pytest.mark.parametrize(("who", "offered"), [("parent", True), ("senco", True), ("teacher", False)])
def test_the_withdraw_button_shows_to_those_who_may_withdraw(client, auth, child_team, observation, who, offered):
    auth.login(getattr(child_team, who))
    page = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
    assert (f'action="/entries/{observation.id}/withdraw"' in page) is offered


def test_the_author_withdraws_an_entry_from_the_page(client, auth, child_team, observation):
    auth.login(child_team.parent)
    response = client.post(f"/entries/{observation.id}/withdraw")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Wet the bed" not in page and "Withdrawn by Grace Okafor on" in page


def test_the_api_describes_withdrawing(client):
    operation = client.get("/api/v1/openapi.json").json["paths"]["/api/v1/entries/{entry_id}/withdrawal"]["post"]
    assert {"201", "403", "404"} <= set(operation["responses"])


def test_a_correction_changes_when_something_happened(client, bearer, child_team, observation):
    happened = (utcnow() - timedelta(days=2)).replace(microsecond=0)
    response = client.patch(f"/api/v1/entries/{observation.id}", json={"occurred_at": happened.isoformat()},
                            headers={**bearer("parent"), "If-Match": '"1"'})
    assert response.status_code == 200 and response.json["occurred_at"] == happened.isoformat()


def test_a_correction_to_year_one_is_refused(client, bearer, child_team, observation):
    response = client.patch(f"/api/v1/entries/{observation.id}", json={"occurred_at": "0001-01-01T00:00:00Z"},
                            headers={**bearer("parent"), "If-Match": '"1"'})
    assert response.status_code == 400 and list(response.json["errors"]) == ["occurred_at"]
