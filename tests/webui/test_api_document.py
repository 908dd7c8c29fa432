"""The OpenAPI document, over every operation it lists: what a client generator needs from it."""

import pytest
from marshmallow import fields
from openapi_schema_validator import OAS30ReadValidator, OAS30WriteValidator

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
    """Every JSON body the document describes, by operation: (name, what, media type object)."""
    for name, operation in operations(document):
        request = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if request is not None:
            yield name, "request", request
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
