"""What every built-in agency plugin owes parents and the core, checked across all five."""

import importlib
import json

import pytest
from marshmallow import ValidationError
from summaries import in_english

from core import PlainSummary
from core.plugins import load_plugins

AGENCIES = ("health", "speech_language", "occupational_therapy", "social_care", "school")
ASSESSMENT_TYPES = load_plugins().assessment_types

# Words a parent should never have to look up in a summary written for them.
JARGON = (
    "standardised",
    "standard score",
    "percentile",
    "receptive",
    "expressive",
    "proprioception",
    "proprioceptive",
    "vestibular",
    "fine motor",
    "gross motor",
    "pragmatic",
    "differential",
    "section 17",
    "prn",
    "senco",
    "ehcp",
    "pre_key_stage",
    "being_considered",
    "with_help",
)


def plugin(agency):
    return importlib.import_module(f"plugins.{agency}")


def summary_of(assessment_type):
    """Summarise the example as the core stores it: dumped after loading, and through JSON."""
    schema = assessment_type.schema_for(assessment_type.version)
    stored = json.loads(json.dumps(schema.dump(schema.load(assessment_type.example))))
    return in_english(assessment_type.summarise(stored, assessment_type.version))


def test_the_five_built_in_plugins_load_together_without_duplicate_keys():
    host = load_plugins()
    assert set(AGENCIES) <= set(host.plugin_names())
    assert set(host.agencies) == set(AGENCIES)


@pytest.mark.parametrize("agency", AGENCIES)
def test_each_agency_offers_at_least_two_assessment_types(agency):
    assert sum(item.agency == agency for item in ASSESSMENT_TYPES.values()) >= 2


@pytest.mark.parametrize("key", sorted(ASSESSMENT_TYPES))
def test_every_assessment_type_summarises_its_example_as_stored(key):
    summary = summary_of(ASSESSMENT_TYPES[key])
    assert isinstance(summary, PlainSummary)
    assert summary.measured and summary.found and summary.next_steps


@pytest.mark.parametrize("key", sorted(ASSESSMENT_TYPES))
def test_a_stored_example_is_plain_json(key):
    assessment_type = ASSESSMENT_TYPES[key]
    schema = assessment_type.schema_for(assessment_type.version)
    stored = schema.dump(schema.load(assessment_type.example))
    assert json.loads(json.dumps(stored)) == stored


@pytest.mark.parametrize("key", sorted(ASSESSMENT_TYPES))
def test_a_summary_uses_no_jargon(key):
    summary = summary_of(ASSESSMENT_TYPES[key])
    text = f"{summary.measured} {summary.found} {summary.next_steps}".casefold()
    assert [word for word in JARGON if word in text] == []


@pytest.mark.parametrize("key", sorted(ASSESSMENT_TYPES))
def test_a_summary_ends_with_what_happens_next_as_full_sentences(key):
    next_steps = summary_of(ASSESSMENT_TYPES[key]).next_steps
    assert next_steps.endswith(".") and len(next_steps.split()) >= 6


@pytest.mark.parametrize("key", sorted(ASSESSMENT_TYPES))
def test_an_unknown_field_is_rejected_rather_than_stored(key):
    assessment_type = ASSESSMENT_TYPES[key]
    with pytest.raises(ValidationError) as error:
        assessment_type.schema_for(assessment_type.version).load({**assessment_type.example, "diagnosis_notes": "x"})
    assert "diagnosis_notes" in error.value.messages


@pytest.mark.parametrize("agency", AGENCIES)
def test_each_plugin_publishes_its_examples_as_the_registered_ones(agency):
    module = importlib.import_module(f"plugins.{agency}.assessments")
    registered = {item.key: item.example for item in plugin(agency).register_assessment_types()}
    assert module.EXAMPLE_PAYLOADS == registered


@pytest.mark.parametrize("agency", AGENCIES)
def test_each_plugin_registers_assessment_types_of_its_own_agency_only(agency):
    assessment_types = plugin(agency).register_assessment_types()
    assert {item.agency for item in assessment_types} == {agency}
    assert all(item.key.startswith(f"{agency}.") for item in assessment_types)


@pytest.mark.parametrize("agency", AGENCIES)
def test_each_plugin_explains_at_least_fifteen_terms_of_its_own(agency):
    terms = plugin(agency).register_glossary_terms()
    assert len(terms) >= 15
    assert {term.agency for term in terms} == {agency}


@pytest.mark.parametrize("agency", AGENCIES)
def test_every_glossary_explanation_is_a_sentence_or_two(agency):
    explanations = [term.plain for term in plugin(agency).register_glossary_terms()]
    assert all(plain.endswith(".") and 5 <= len(plain.split()) <= 45 for plain in explanations)
