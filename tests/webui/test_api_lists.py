"""Lists an agency's system reads: a person's meetings across all their children, a child's
assessments, an outcome's readings; each through the access policy."""

from datetime import timedelta

import pytest
from dates import TUESDAY, at_school
from sqlalchemy import select

from core.meetings import booking as meetings
from core.models import Membership, Person
from core.people import team
from core.plans import content as plans
from core.timeline import entries as timeline


@pytest.fixture
def two_childrens_meetings(db, child_team, make_meeting, site):
    """The SENCO in both children's teams, with a meeting about each; the second one's first."""
    other_lead = db.scalar(
        select(Person)
        .join(Membership, Membership.person_id == Person.id)
        .where(Membership.child_id == child_team.other_child.id, Membership.is_lead)
    )
    team.add_member(db, other_lead, child_team.other_child.id, {"person_id": child_team.senco.id, "role": "senco"})
    starts = at_school(TUESDAY, 9)
    other = meetings.schedule(
        db,
        other_lead,
        child_team.other_child.id,
        {
            "purpose": "tac_meeting",
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=1)).isoformat(),
            "location": "Hall",
            "attendees": [{"person_id": child_team.senco.id, "required": True}],
        },
        site=site,
    )
    return other, make_meeting(at_school(TUESDAY, 11))


def ids(page):
    return [meeting["id"] for meeting in page["meetings"]]


def test_a_persons_meetings_across_their_children_come_soonest_first(client, bearer, two_childrens_meetings):
    answer = client.get("/api/v1/meetings", headers=bearer("senco"))
    assert ids(answer.json) == [meeting.id for meeting in two_childrens_meetings]


def test_meetings_of_a_child_one_does_not_see_are_not_listed(client, bearer, child_team, two_childrens_meetings):
    _, own = two_childrens_meetings
    assert ids(client.get("/api/v1/meetings", headers=bearer("parent")).json) == [own.id]


def test_meetings_page_by_cursor_each_once(client, bearer, two_childrens_meetings):
    headers, seen, query = bearer("senco"), [], {"limit": 1}
    while True:
        page = client.get("/api/v1/meetings", query_string=query, headers=headers).json
        seen += ids(page)
        if not page["next_cursor"]:
            break
        query = {"limit": 1, "after": page["next_cursor"]}
    assert seen == [meeting.id for meeting in two_childrens_meetings]


def test_a_malformed_meetings_cursor_is_refused_naming_it(client, bearer):
    answer = client.get("/api/v1/meetings", query_string={"after": "yesterday"}, headers=bearer("senco"))
    assert answer.status_code == 400 and list(answer.json["errors"]) == ["after"]


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_a_since_beyond_any_meeting_selects_by_the_nearest_possible_moment(client, bearer, two_childrens_meetings,
                                                                          moment):
    answer = client.get("/api/v1/meetings", query_string={"since": moment}, headers=bearer("senco"))
    expected = [meeting.id for meeting in two_childrens_meetings] if moment.startswith("0001") else []
    assert answer.status_code == 200 and ids(answer.json) == expected


def test_a_cursor_beyond_any_meeting_lists_nothing_after_it(client, bearer, two_childrens_meetings):
    cursor = "9999-12-31T23:59:59-14:00|1"
    answer = client.get("/api/v1/meetings", query_string={"after": cursor}, headers=bearer("senco"))
    assert answer.status_code == 200 and ids(answer.json) == []


@pytest.fixture
def assessment(db, child_team, host):
    """The therapist's assessment shared with the team, after the teacher's update."""
    timeline.post_entry(db, child_team.teacher, child_team.child.id, {"kind": "update", "title": "Good day"}, host=host)
    targets = host.assessment_types["speech_language.therapy_targets"]
    return timeline.post_assessment(
        db,
        child_team.slt,
        child_team.child.id,
        {"assessment_type": targets.key, "payload": dict(targets.example), "visibility": "team"},
        host=host,
    )


def test_a_childs_assessments_are_listed_without_other_entries(client, bearer, child_team, assessment):
    page = client.get(f"/api/v1/children/{child_team.child.id}/assessments", headers=bearer("senco")).json
    assert [entry["id"] for entry in page["entries"]] == [assessment.id]


def test_a_parent_reads_listed_assessments_as_their_plain_summary(client, bearer, child_team, assessment):
    page = client.get(f"/api/v1/children/{child_team.child.id}/assessments", headers=bearer("parent")).json
    assert [entry["payload"] for entry in page["entries"]] == [None]


def test_another_childs_assessments_are_not_found(client, bearer, child_team, assessment):
    answer = client.get(f"/api/v1/children/{child_team.other_child.id}/assessments", headers=bearer("senco"))
    assert answer.status_code == 404


def test_an_outcomes_readings_are_listed_oldest_first(db, client, bearer, child_team, add_outcome):
    outcome = add_outcome()
    for day, value in (("2026-10-01", 1), ("2026-11-01", 2)):
        plans.record_reading(db, child_team.teacher, outcome.id, {"taken_on": day, "value": value})
    readings = client.get(f"/api/v1/outcomes/{outcome.id}/readings", headers=bearer("parent")).json
    assert [reading["value"] for reading in readings] == [1, 2]


def test_the_readings_of_another_childs_outcome_are_not_found(client, bearer, add_outcome):
    outcome = add_outcome()
    assert client.get(f"/api/v1/outcomes/{outcome.id}/readings", headers=bearer("outsider")).status_code == 404
