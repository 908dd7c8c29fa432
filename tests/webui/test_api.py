"""The REST API: tokens, the error shape, pagination, concurrency and rate limits."""

from datetime import timedelta

import pytest

from core.people import tokens as api_tokens
from core.timeline import entries as timeline
from core.types import utcnow


def test_a_request_without_credentials_is_told_how_to_authenticate(client):
    response = client.get("/api/v1/children")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert set(response.json) == {"message", "errors"}


def test_a_token_sees_exactly_the_children_its_person_may_see(client, bearer, child_team):
    response = client.get("/api/v1/children", headers=bearer("parent"))
    assert [child["id"] for child in response.json["children"]] == [child_team.child.id]


def test_another_childs_record_answers_not_found(client, bearer, child_team):
    response = client.get(f"/api/v1/children/{child_team.other_child.id}/timeline", headers=bearer("parent"))
    assert response.status_code == 404 and response.json["errors"] == {}


def test_a_revoked_token_stops_working_at_once(client, db, child_team):
    token, secret = api_tokens.create(db, child_team.slt, {"name": "Old system"})
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/children", headers=headers).status_code == 200
    api_tokens.revoke(db, child_team.slt, token.id)
    assert client.get("/api/v1/children", headers=headers).status_code == 401


def test_a_deactivated_persons_token_stops_working(client, db, child_team, bearer):
    from core.people import accounts

    headers = bearer("slt")
    accounts.set_active(db, child_team.admin, child_team.slt.id, active=False)
    assert client.get("/api/v1/children", headers=headers).status_code == 401




def test_bad_input_names_every_field_in_one_shape(client, bearer, child_team):
    response = client.post(f"/api/v1/children/{child_team.child.id}/timeline",
                           json={"kind": "gossip", "title": ""}, headers=bearer("slt"))
    assert response.status_code == 400
    assert set(response.json["errors"]) == {"kind", "title"}


def test_a_body_that_is_not_a_json_object_is_refused(client, bearer, child_team):
    response = client.post(f"/api/v1/children/{child_team.child.id}/timeline", data="[1, 2",
                           headers={**bearer("slt"), "Content-Type": "application/json"})
    assert response.status_code == 400 and list(response.json["errors"]) == ["_body"]


def test_paging_the_timeline_through_the_api_returns_each_entry_once(client, bearer, db, child_team, host):
    for number in range(7):
        timeline.post_entry(db, child_team.teacher, child_team.child.id,
                            {"kind": "update", "title": f"e{number}",
                             "occurred_at": (utcnow() - timedelta(days=1)).isoformat()}, host=host)
    headers, seen, cursor = bearer("parent"), [], None
    while True:
        page = client.get(f"/api/v1/children/{child_team.child.id}/timeline",
                          query_string={"limit": 3, **({"cursor": cursor} if cursor else {})}, headers=headers).json
        seen += [entry["title"] for entry in page["entries"]]
        if not (cursor := page["next_cursor"]):
            break
    assert sorted(seen) == [f"e{number}" for number in range(7)]


def test_the_timeline_filters_by_kind_through_repeated_parameters(client, bearer, db, child_team, host):
    timeline.post_entry(db, child_team.parent, child_team.child.id, {"kind": "message", "title": "m"}, host=host)
    timeline.post_entry(db, child_team.teacher, child_team.child.id, {"kind": "update", "title": "u"}, host=host)
    page = client.get(f"/api/v1/children/{child_team.child.id}/timeline?kinds=message&kinds=home_observation",
                      headers=bearer("senco")).json
    assert [entry["title"] for entry in page["entries"]] == ["m"]


def test_a_correction_on_a_stale_version_is_refused_and_nothing_is_overwritten(client, bearer, db, child_team, host):
    entry = timeline.post_entry(db, child_team.slt, child_team.child.id, {"kind": "update", "title": "v1"}, host=host)
    headers = bearer("slt")
    etag = client.get(f"/api/v1/entries/{entry.id}", headers=headers).headers["ETag"]
    first = client.patch(f"/api/v1/entries/{entry.id}", json={"title": "mine"}, headers={**headers, "If-Match": etag})
    second = client.patch(f"/api/v1/entries/{entry.id}", json={"title": "theirs"},
                          headers={**headers, "If-Match": etag})
    assert first.status_code == 200 and second.status_code == 412
    assert client.get(f"/api/v1/entries/{entry.id}", headers=headers).json["title"] == "mine"


def test_a_correction_without_if_match_is_asked_for_it(client, bearer, db, child_team, host):
    entry = timeline.post_entry(db, child_team.slt, child_team.child.id, {"kind": "update", "title": "v1"}, host=host)
    response = client.patch(f"/api/v1/entries/{entry.id}", json={"title": "x"}, headers=bearer("slt"))
    assert response.status_code == 428


@pytest.mark.parametrize("if_match", ['W/"1"', '""', '"1", "2"', '"one"', "*"])
def test_an_if_match_that_is_not_an_etag_we_gave_is_refused_as_bad_input(client, bearer, db, child_team, host,
                                                                         if_match):
    entry = timeline.post_entry(db, child_team.slt, child_team.child.id, {"kind": "update", "title": "v1"}, host=host)
    response = client.patch(f"/api/v1/entries/{entry.id}", json={"title": "x"},
                            headers={**bearer("slt"), "If-Match": if_match})
    assert response.status_code == 400 and "If-Match" in response.json["errors"]


def test_only_the_author_corrects_an_entry(client, bearer, db, child_team, host):
    entry = timeline.post_entry(db, child_team.slt, child_team.child.id, {"kind": "update", "title": "v1"}, host=host)
    response = client.patch(f"/api/v1/entries/{entry.id}", json={"title": "x"},
                            headers={**bearer("senco"), "If-Match": '"1"'})
    assert response.status_code == 403


def test_a_token_over_its_rate_limit_is_told_to_slow_down(app, client, bearer):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    headers = bearer("slt")
    answers = [client.get("/api/v1/glossary", headers=headers).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert client.get("/api/v1/glossary", headers=bearer("parent")).status_code == 200


def test_a_browser_session_needs_the_csrf_header_to_change_anything(client, auth, child_team):
    auth.login(child_team.parent)
    assert client.get("/api/v1/children").status_code == 200
    response = client.post(f"/api/v1/children/{child_team.child.id}/timeline", json={"kind": "message", "title": "x"})
    assert response.status_code == 403


def test_the_openapi_document_describes_every_operation_with_its_errors(client):
    document = client.get("/api/v1/openapi.json").json
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            assert {"401", "429"} <= set(operation["responses"]), (path, method)


def test_a_token_is_kept_only_as_its_hash(db, child_team):
    import hashlib

    from sqlalchemy import text

    token, secret = api_tokens.create(db, child_team.slt, {"name": "Case system"})
    row = db.execute(text("SELECT * FROM api_tokens WHERE id = :id"), {"id": token.id}).mappings().one()
    assert all(secret not in str(value) for value in row.values())
    assert row["token_hash"] == hashlib.sha256(secret.encode()).hexdigest()


def test_the_timeline_through_the_api_keeps_to_the_days_asked(client, bearer, db, child_team, host):
    for day in ("2026-10-01", "2026-10-15", "2026-11-01"):
        timeline.post_entry(db, child_team.teacher, child_team.child.id,
                            {"kind": "update", "title": day, "occurred_at": f"{day}T12:00:00+00:00"}, host=host)
    page = client.get(f"/api/v1/children/{child_team.child.id}/timeline?since=2026-10-10&until=2026-10-20",
                      headers=bearer("senco")).json
    assert [entry["title"] for entry in page["entries"]] == ["2026-10-15"]


def test_the_timeline_through_the_api_keeps_to_the_agencies_asked(client, bearer, db, child_team, host):
    timeline.post_entry(db, child_team.slt, child_team.child.id, {"kind": "update", "title": "slt"}, host=host)
    timeline.post_entry(db, child_team.teacher, child_team.child.id, {"kind": "update", "title": "school"}, host=host)
    page = client.get(f"/api/v1/children/{child_team.child.id}/timeline?agencies=speech_language",
                      headers=bearer("parent")).json
    assert [entry["title"] for entry in page["entries"]] == ["slt"]
