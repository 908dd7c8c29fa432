"""Who sees an assessment's form as filled in (its scores and codes), not only its plain
summary, is one rule of ChildAccess; the page and the API give the same answer."""

import pytest

from core.access import child_access
from core.timeline import entries as timeline

COMMUNICATION = "speech_language.communication_assessment"


@pytest.fixture
def assessment(db, host, child_team):
    """A communication assessment the whole team, parents included, may read."""
    example = dict(host.assessment_types[COMMUNICATION].example)
    return timeline.post_assessment(
        db, child_team.slt, child_team.child.id,
        {"assessment_type": COMMUNICATION, "payload": example, "visibility": "team"}, host=host,
    )


@pytest.mark.parametrize(("who", "sees"), [("parent", False), ("teacher", True), ("slt", True), ("senco", True)])
def test_only_the_family_is_kept_to_an_assessments_plain_summary(db, child_team, who, sees):
    access = child_access(db, getattr(child_team, who), child_team.child.id)
    assert access.may_see_assessment_details() is sees


def test_a_parent_reading_an_assessment_through_the_api_gets_no_form_details(client, bearer, assessment):
    read = client.get(f"/api/v1/entries/{assessment.id}", headers=bearer("parent")).json
    assert read["assessment_type"] == COMMUNICATION and read["payload"] is None


def test_a_parent_reading_the_timeline_through_the_api_gets_no_form_details(client, bearer, child_team, assessment):
    page = client.get(f"/api/v1/children/{child_team.child.id}/timeline", headers=bearer("parent")).json
    assert [entry["payload"] for entry in page["entries"] if entry["id"] == assessment.id] == [None]


def test_a_professional_reading_an_assessment_through_the_api_gets_its_details(client, bearer, assessment):
    read = client.get(f"/api/v1/entries/{assessment.id}", headers=bearer("teacher")).json
    assert read["payload"] == assessment.payload


@pytest.mark.parametrize(("who", "sees"), [("parent", False), ("teacher", True)])
def test_the_page_and_the_api_show_the_details_to_the_same_people(client, auth, bearer, child_team, assessment,
                                                                   who, sees):
    auth.login(getattr(child_team, who))
    page = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
    api = client.get(f"/api/v1/entries/{assessment.id}", headers=bearer(who)).json
    assert ("<h4>Details</h4>" in page, api["payload"] is not None) == (sees, sees)
