"""The OpenAPI document, over every operation it lists: what a client generator needs from it."""

import re
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import fields
from openapi_schema_validator import OAS30ReadValidator, OAS30WriteValidator

from core.models import EntryKind
from core.timeline import entries as timeline
from webui.api.schemas import Answer


@pytest.fixture(scope="module")
def document(shared_app):
    return shared_app.test_client().get("/api/v1/openapi.json").json


def operations(document):
    return [
        (f"{method.upper()} {path}", operation)
        for path, by_method in document["paths"].items()
        for method, operation in by_method.items()
        if method != "parameters"
    ]


def component(document, reference):
    return document["components"]["schemas"][reference.rsplit("/", 1)[-1]]


def objects_within(document, schema, seen=None):
    """Every object schema an answer holds: itself, its fields', its items', through $refs."""
    seen = set() if seen is None else seen
    if "$ref" in schema:
        if schema["$ref"] in seen:
            return
        seen.add(schema["$ref"])
        schema = component(document, schema["$ref"])
    if "properties" in schema:
        yield schema
    for part in [*schema.get("properties", {}).values(), *schema.get("anyOf", [])]:
        yield from objects_within(document, part, seen)
    if "items" in schema:
        yield from objects_within(document, schema["items"], seen)


def successful_json_answers(document):
    for name, operation in operations(document):
        for status, answer in operation["responses"].items():
            schema = answer.get("content", {}).get("application/json", {}).get("schema")
            if status.startswith("2") and schema:
                yield name, status, schema


def test_every_field_of_every_answer_is_required(document):
    optional = {
        (name, status, field)
        for name, status, schema in successful_json_answers(document)
        for answer in objects_within(document, schema)
        for field in set(answer["properties"]) - set(answer.get("required", []))
    }
    assert not optional


def test_no_answer_gives_an_enumerations_value_as_plain_text():
    """An enumeration dumped as ``fields.String(attribute="x.value")`` hides its values from the
    document; ``fields.Enum`` lists them."""

    def answers(schema_class):
        for subclass in schema_class.__subclasses__():
            yield subclass
            yield from answers(subclass)

    plain = [
        f"{answer.__name__}.{name}"
        for answer in answers(Answer)
        for name, field in answer._declared_fields.items()
        if isinstance(field, fields.String) and (field.attribute or "").endswith(".value")
    ]
    assert not plain


def bodies(document):
    """Every body the document describes (JSON, and forms sent), by operation: (name, what, media type object)."""
    for name, operation in operations(document):
        sent = operation.get("requestBody", {}).get("content", {})
        for media_type in ("application/json", "multipart/form-data"):
            if media_type in sent:
                yield name, "request", sent[media_type]
        for status, answer in operation["responses"].items():
            if status.startswith("2") and "application/json" in answer.get("content", {}):
                yield name, status, answer["content"]["application/json"]


def test_every_operation_shows_an_example_of_each_json_body_it_sends_or_answers(document):
    missing = [(name, what) for name, what, body in bodies(document) if not ({"example", "examples"} & set(body))]
    assert not missing, "record them: .venv/bin/python -m demo.api_examples"


def test_every_example_is_what_the_document_says_the_body_is(document):
    mismatched = []
    for name, what, body in bodies(document):
        # A request is written, an answer read: readOnly fields belong to answers only.
        validating = OAS30WriteValidator if what == "request" else OAS30ReadValidator
        validator = validating(body["schema"] | {"components": document["components"]})
        values = [body["example"]] if "example" in body else [each["value"] for each in body["examples"].values()]
        mismatched += [(name, what, error.message) for value in values for error in validator.iter_errors(value)]
    assert not mismatched, "record them again: .venv/bin/python -m demo.api_examples"


def request_schema(document, path, method):
    schema = document["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
    return component(document, schema["$ref"])


def test_the_entry_kinds_the_document_offers_are_exactly_those_posting_takes(document, client, bearer, child_team):
    """Kinds the document leaves out are refused as bad input whoever posts them; a kind it
    offers may still be another person's to post (a home observation is a parent's: 403)."""
    offered = set(
        request_schema(document, "/api/v1/children/{child_id}/timeline", "post")["properties"]["kind"]["enum"]
    )
    headers = bearer("senco")
    taken = {
        kind.value
        for kind in EntryKind
        if client.post(
            f"/api/v1/children/{child_team.child.id}/timeline",
            headers=headers,
            json={"kind": kind.value, "title": "Swimming"},
        ).status_code
        != 400
    }
    assert offered == taken


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(st.sampled_from(" \t\n\x1c\x1f\x85\xa0\u2028\u3000\ufeffa"), min_size=1, max_size=4))
def test_a_title_is_taken_exactly_when_it_has_the_documented_pattern(document, client, bearer, child_team, title):
    """Blank titles are refused, by Python's idea of space, which a pattern's \\S does not share."""
    pattern = request_schema(document, "/api/v1/children/{child_id}/timeline", "post")["properties"]["title"]["pattern"]
    answer = client.post(
        f"/api/v1/children/{child_team.child.id}/timeline",
        headers=bearer("senco"),
        json={"kind": "update", "title": title},
    )
    assert (answer.status_code == 201) == (re.search(pattern, title) is not None), (title, answer.json)


def test_only_the_answers_an_invite_takes_are_offered(document):
    assert request_schema(document, "/api/v1/meetings/{meeting_id}/rsvp", "post")["properties"]["answer"]["enum"] == [
        "accepted",
        "tentative",
        "declined",
    ]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    if_match=st.one_of(st.from_regex(r'\A"[0-9]{1,9}"\Z'), st.text(st.characters(min_codepoint=32, max_codepoint=126)))
)
def test_an_if_match_is_read_exactly_when_it_has_the_documented_form(
    document, client, bearer, db, child_team, host, if_match
):
    parameter = next(
        parameter
        for parameter in document["paths"]["/api/v1/entries/{entry_id}"]["patch"]["parameters"]
        if parameter["name"] == "If-Match"
    )
    entry = timeline.post_entry(db, child_team.slt, child_team.child.id, {"kind": "update", "title": "v1"}, host=host)
    answer = client.patch(
        f"/api/v1/entries/{entry.id}", json={"title": "Swimming"}, headers={**bearer("slt"), "If-Match": if_match}
    )
    documented_form = re.search(parameter["schema"]["pattern"], if_match.strip()) is not None
    assert (answer.status_code in (200, 412)) == documented_form, (if_match, answer.json)


def test_input_of_the_documented_form_that_does_not_fit_the_records_is_a_conflict_naming_the_field(
    client, bearer, add_outcome
):
    """400 says the request breaks the document's rules; a reading the document allows, dated
    before this outcome's baseline, clashes with the record instead (409), its field named."""
    outcome = add_outcome()
    before_baseline = (outcome.baseline_on - timedelta(days=1)).isoformat()
    reading = {"taken_on": before_baseline, "value": 2}
    refused = client.post(f"/api/v1/outcomes/{outcome.id}/readings", headers=bearer("senco"), json=reading)
    assert refused.status_code == 409 and list(refused.json["errors"]) == ["taken_on"]
