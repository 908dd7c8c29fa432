"""Each assessment type's payload is published, so an integrator posts one without reading Python."""

import pytest
from openapi_schema_validator import OAS30Validator


@pytest.fixture(scope="module")
def document(shared_app):
    return shared_app.test_client().get("/api/v1/openapi.json").json


def resolved(document, schema):
    """``schema`` with its $ref followed, as a client reading the document follows it."""
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def assessment_request(document):
    operation = document["paths"]["/api/v1/children/{child_id}/assessments"]["post"]
    return operation["requestBody"]["content"]["application/json"]


def test_the_assessment_create_operation_takes_one_request_shape_per_assessment_type(document, host):
    request = resolved(document, assessment_request(document)["schema"])
    mapping = request["discriminator"]["mapping"]
    assert request["discriminator"]["propertyName"] == "assessment_type"
    assert set(mapping) == set(host.assessment_types)
    assert sorted(variant["$ref"] for variant in request["oneOf"]) == sorted(mapping.values())
    for key, reference in mapping.items():
        assert resolved(document, {"$ref": reference})["properties"]["assessment_type"]["enum"] == [key]


def test_each_published_payload_has_the_fields_the_plugins_schema_reads_in_its_current_version(document, host):
    request = resolved(document, assessment_request(document)["schema"])
    for key, reference in request["discriminator"]["mapping"].items():
        kind = host.assessment_types[key]
        payload = resolved(document, resolved(document, {"$ref": reference})["properties"]["payload"])
        schema = kind.schemas[kind.version]()
        assert f"version {kind.version}" in payload["description"]
        assert set(payload["properties"]) == set(schema.fields)
        assert set(payload.get("required", [])) == {name for name, field in schema.fields.items() if field.required}


def test_every_assessment_types_example_is_a_request_the_document_accepts(document, host):
    content = assessment_request(document)
    validator = OAS30Validator(resolved(document, content["schema"]) | {"components": document["components"]})
    assert set(content["examples"]) == {key for key, kind in host.assessment_types.items() if kind.example}
    for example in content["examples"].values():
        validator.validate(example["value"])


def test_an_assessment_type_is_read_with_its_payload_schema_and_version(client, bearer, document, host):
    kind = host.assessment_types["speech_language.therapy_targets"]
    read = client.get("/api/v1/assessment-types/speech_language.therapy_targets", headers=bearer("slt")).json
    assert (read["key"], read["version"], read["agency"]) == (kind.key, kind.version, "speech_language")
    assert read["payload_schema"]["required"] == ["targets"]
    OAS30Validator(read["payload_schema"]).validate(read["example"])


def test_the_listed_types_each_lead_to_their_own_payload_schema(client, bearer, host):
    listed = client.get("/api/v1/assessment-types", headers=bearer()).json
    assert [kind["key"] for kind in listed] == sorted(host.assessment_types)
    read = client.get(f"/api/v1/assessment-types/{listed[0]['key']}", headers=bearer())
    assert read.status_code == 200 and read.json["payload_schema"]["type"] == "object"


def test_an_assessment_type_no_plugin_registers_is_not_found(client, bearer):
    missing = client.get("/api/v1/assessment-types/school.no_such_form", headers=bearer())
    assert missing.status_code == 404 and set(missing.json) == {"message", "errors"}
