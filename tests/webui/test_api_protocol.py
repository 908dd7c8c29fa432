"""What the API says about HTTP itself: the methods a URL takes, and the bodies it reads."""


def test_a_method_the_url_does_not_take_is_refused_naming_those_it_does(client, bearer):
    refused = client.delete("/api/v1/glossary", headers=bearer("slt"))
    assert refused.status_code == 405 and set(refused.json) == {"message", "errors"}
    assert {method.strip() for method in refused.headers["Allow"].split(",")} >= {"GET"}


def test_a_body_sent_as_a_form_is_refused_as_not_json(client, bearer, child_team):
    refused = client.post(
        f"/api/v1/children/{child_team.child.id}/timeline",
        headers=bearer("slt"),
        data={"kind": "update", "title": "A form"},
    )
    assert refused.status_code == 415 and set(refused.json) == {"message", "errors"}


def test_json_with_its_charset_named_is_read(client, bearer, child_team):
    posted = client.post(
        f"/api/v1/children/{child_team.child.id}/timeline",
        headers=bearer("slt"),
        data='{"kind": "update", "title": "Group work"}',
        content_type="application/json; charset=utf-8",
    )
    assert posted.status_code == 201


def operations(client):
    document = client.get("/api/v1/openapi.json").json
    return document, [
        (path, method, operation)
        for path, by_method in document["paths"].items()
        for method, operation in by_method.items()
        if method != "parameters"
    ]


def test_every_operation_has_an_operation_id_of_its_own(client):
    _, found = operations(client)
    names = [operation.get("operationId") for _, _, operation in found]
    assert None not in names and len(names) == len(set(names))


def test_every_operations_default_answer_is_the_error_shape(client):
    document, found = operations(client)
    default = document["components"]["responses"]["DEFAULT_ERROR"]
    assert default["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ApiError"}
    assert all(
        operation["responses"]["default"] == {"$ref": "#/components/responses/DEFAULT_ERROR"}
        for _, _, operation in found
    )


def test_every_post_documents_the_idempotency_key_and_its_refusals(client):
    _, found = operations(client)
    posts = [operation for _, method, operation in found if method == "post"]
    assert posts and all(
        any(parameter["name"] == "Idempotency-Key" for parameter in operation["parameters"])
        and {"400", "422"} <= set(operation["responses"])
        for operation in posts
    )
