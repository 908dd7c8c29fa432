"""The worked example in examples/: installed through its entry point, it adds an agency,
an assessment type, glossary terms and slots, with no change to core/ or webui/."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.cases.referral_questions import questions_for
from core.people import consent, team
from core.plugins import load_plugins
from core.timeline import entries as timeline
from core.wording import English

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "educational_psychology"
KEY = "educational_psychology.consultation"


@pytest.fixture
def example_host(install_distribution):
    install_distribution(EXAMPLE)
    return load_plugins()


def test_the_example_is_found_through_its_entry_point(example_host):
    assert "educational_psychology" in example_host.plugin_names()
    assert example_host.agencies["educational_psychology"].name == "Educational psychology"


def test_it_contributes_an_assessment_type_and_fifteen_glossary_terms(example_host):
    assert example_host.assessment_types[KEY].agency == "educational_psychology"
    ours = [term for term in example_host.glossary.values() if term.agency == "educational_psychology"]
    assert len(ours) >= 15


def test_it_offers_the_psychologists_consultation_slots(db, example_host, make_person, monkeypatch):
    psychologist = make_person("professional", agency="educational_psychology")
    monkeypatch.setenv(
        "TEAMAROUND_EDUCATIONAL_PSYCHOLOGY_SLOTS",
        json.dumps({psychologist.email: [{"weekday": 3, "start": "13:30", "end": "15:30"}]}),
    )
    answers = example_host.hook.availability_slots(
        person=psychologist,
        start=datetime(2027, 3, 1, tzinfo=UTC),
        end=datetime(2027, 3, 8, tzinfo=UTC),
        db=db,
        zone="Europe/London",
    )
    [slot] = [slot for batch in answers for slot in batch]
    assert (slot.person_id, slot.start, slot.source) == (
        psychologist.id,
        datetime(2027, 3, 4, 13, 30, tzinfo=UTC),
        "educational_psychology",
    )


def test_a_consultation_with_a_missing_recommendation_names_the_field(example_host):
    schema = example_host.assessment_types[KEY].schema_for(1)
    errors = schema.validate({**example_host.assessment_types[KEY].example, "recommendations": []})
    assert list(errors) == ["recommendations"]


def test_a_consultation_is_recorded_and_shown_through_the_core_services(db, example_host, make_person, make_child):
    senco = make_person("school_staff")
    psychologist = make_person("professional", agency="educational_psychology")
    parent = make_person("parent")
    child = make_child(senco)
    team.add_member(db, senco, child.id, {"person_id": psychologist.id, "role": "educational_psychologist"})
    team.add_member(db, senco, child.id, {"person_id": parent.id, "role": "parent"})
    consent.record_consent(db, senco, child.id, "educational_psychology")
    example = dict(example_host.assessment_types[KEY].example)
    entry = timeline.post_assessment(
        db,
        psychologist,
        child.id,
        {"assessment_type": KEY, "payload": example, "visibility": "team"},
        host=example_host,
    )
    assert (entry.payload_schema, entry.payload_version) == (KEY, 1)
    shown = str(example_host.hook.render_timeline_entry(entry=entry, viewer=parent, assessment_type=None,
                                                        reader=English()))
    assert example["formulation"] in shown and "Details" not in shown


def test_it_asks_its_own_questions_of_a_referral_after_the_cores(example_host):
    asked = questions_for(example_host, "educational_psychology")
    assert [(question.key, question.required) for question in asked] == [
        ("tried", True),
        ("family_hopes", False),
        ("school_assessments", True),
        ("ehc_request", False),
    ]
    assert asked[2].text.domain == "educational_psychology"
    assert asked[2].hint.key == "Reading, spelling, number and memory: the tests and their scores."
