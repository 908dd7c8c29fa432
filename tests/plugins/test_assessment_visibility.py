"""A posted assessment is on the timeline of exactly those its visibility allows: `team` for
everyone, `professionals` for all but parents, `agency` for the author's own agency only."""

import pytest

from core.people import consent, team
from core.timeline import entries as timeline

COMMUNICATION = "speech_language.communication_assessment"

WHO_READS = {
    # visibility: parent, class teacher, another therapist, the school nurse
    "team": {"parent": True, "teacher": True, "same_agency": True, "other_agency": True},
    "professionals": {"parent": False, "teacher": True, "same_agency": True, "other_agency": True},
    "agency": {"parent": False, "teacher": False, "same_agency": True, "other_agency": False},
}


@pytest.fixture
def readers(db, child_team, make_person):
    """Members of the child's team besides the therapist who posts: a parent, the class teacher,
    a second speech and language therapist and a school nurse, both agencies with consent."""
    same_agency = make_person("professional", agency="speech_language", name="Ffion Evans")
    other_agency = make_person("professional", agency="health", name="Joy Adeyemi")
    for person, role in [(same_agency, "speech_language_therapist"), (other_agency, "school_nurse")]:
        team.add_member(db, child_team.senco, child_team.child.id, {"person_id": person.id, "role": role})
    consent.record_consent(db, child_team.senco, child_team.child.id, "health")
    return {
        "parent": child_team.parent,
        "teacher": child_team.teacher,
        "same_agency": same_agency,
        "other_agency": other_agency,
    }


@pytest.mark.parametrize(
    ("visibility", "reader", "reads"),
    [(visibility, reader, reads) for visibility, row in WHO_READS.items() for reader, reads in row.items()],
)
def test_a_posted_assessment_is_read_back_by_those_its_visibility_allows(
    db, host, child_team, readers, visibility, reader, reads
):
    example = dict(host.assessment_types[COMMUNICATION].example)
    posted = timeline.post_assessment(
        db,
        child_team.slt,
        child_team.child.id,
        {"assessment_type": COMMUNICATION, "payload": example, "visibility": visibility},
        host=host,
    )
    page = timeline.read_timeline(db, readers[reader], child_team.child.id)
    found = [(entry.payload_schema, entry.payload_version) for entry in page.entries if entry.id == posted.id]
    assert found == ([(COMMUNICATION, 2)] if reads else [])
