"""Input no database can store, or no parser should follow, is refused as 400 in the one
error shape, naming the field where there is one: never a 500, nothing saved."""

import json

import pytest
from sqlalchemy import func, select

from core.models import TimelineEntry

LONE_SURROGATE = "\ud800"


def post_json(client, path, body: bytes | str, headers, method="POST"):
    return client.open(path, method=method, data=body, headers={**headers, "Content-Type": "application/json"})


def entries_saved(db):
    return db.scalar(select(func.count()).select_from(TimelineEntry))


def test_a_lone_surrogate_escaped_in_json_is_refused_naming_its_field(client, bearer, db, child_team):
    body = json.dumps({"kind": "update", "title": LONE_SURROGATE})  # sent as the escape \ud800
    response = post_json(client, f"/api/v1/children/{child_team.child.id}/timeline", body, bearer("slt"))
    assert response.status_code == 400 and set(response.json) == {"message", "errors"}
    assert list(response.json["errors"]) == ["title"]
    assert entries_saved(db) == 0


def test_a_lone_surrogate_sent_as_raw_bytes_in_json_is_refused_naming_its_field(client, bearer, child_team):
    body = b'{"kind": "update", "title": "ok", "body": "\xed\xa0\x80"}'
    response = post_json(client, f"/api/v1/children/{child_team.child.id}/timeline", body, bearer("slt"))
    assert response.status_code == 400 and list(response.json["errors"]) == ["body"]


def test_a_lone_surrogate_in_a_correction_is_refused_naming_its_field(client, bearer, db, child_team, host):
    from core.timeline import entries as timeline

    entry = timeline.post_entry(db, child_team.slt, child_team.child.id, {"kind": "update", "title": "Seen"},
                                host=host)
    response = post_json(client, f"/api/v1/entries/{entry.id}", json.dumps({"title": LONE_SURROGATE}),
                         {**bearer("slt"), "If-Match": f'"{entry.version}"'}, method="PATCH")
    assert response.status_code == 400 and list(response.json["errors"]) == ["title"]


def test_json_nested_a_hundred_thousand_deep_is_refused(client, bearer, child_team):
    response = post_json(client, f"/api/v1/children/{child_team.child.id}/timeline", "[" * 100_000, bearer("slt"))
    assert response.status_code == 400 and list(response.json["errors"]) == ["_body"]


def test_an_assessment_payload_nested_five_thousand_deep_is_refused(client, bearer, db, child_team):
    payload = '{"a": ' * 5_000 + "1" + "}" * 5_000
    body = '{"assessment_type": "speech_language.communication_assessment", "payload": ' + payload + "}"
    response = post_json(client, f"/api/v1/children/{child_team.child.id}/assessments", body, bearer("slt"))
    assert response.status_code == 400 and set(response.json) == {"message", "errors"}
    assert entries_saved(db) == 0


def test_a_payload_nested_deeper_than_any_form_is_refused_naming_its_field(client, bearer, child_team):
    payload = '{"a": ' * 200 + "1" + "}" * 200
    body = '{"assessment_type": "speech_language.communication_assessment", "payload": ' + payload + "}"
    response = post_json(client, f"/api/v1/children/{child_team.child.id}/assessments", body, bearer("slt"))
    assert response.status_code == 400
    assert [field.split(".")[0] for field in response.json["errors"]] == ["payload"]


@pytest.mark.parametrize("encoded", ["%ED%A0%80", "%ED%A0"], ids=["lone surrogate", "cut short"])
def test_a_form_whose_text_is_not_utf8_is_refused_with_the_error_page(client, auth, db, child_team, encoded):
    auth.login(child_team.slt)
    response = client.post(f"/children/{child_team.child.id}/entries", data=f"kind=update&title={encoded}",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and b"<html" in response.data
    assert entries_saved(db) == 0


def test_a_form_in_utf8_still_saves_its_words(client, auth, db, child_team):
    auth.login(child_team.slt)
    response = client.post(f"/children/{child_team.child.id}/entries",
                           data="kind=update&title=Za%C5%BC%C3%B3%C5%82%C4%87+%F0%9F%99%82",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302
    assert db.scalar(select(TimelineEntry.title)) == "Zażółć 🙂"
