"""One JSON line per request for the operator, and an id a person can quote (issue 24)."""

import json
import logging

import pytest

from webui.request_log import HEADER, LOGGER


@pytest.fixture
def logged(caplog):
    """The request log's lines of the test, as the JSON they are written as."""
    caplog.set_level(logging.INFO, logger=LOGGER)
    handler = logging.getLogger(LOGGER).handlers[0]
    return lambda: [json.loads(handler.format(record)) for record in caplog.records if record.name == LOGGER]


def test_each_request_is_one_line_with_its_route_status_time_and_person(client, auth, child_team, logged):
    auth.login(child_team.parent)
    client.get(f"/children/{child_team.child.id}")
    [line] = [line for line in logged() if line["route"] == "/children/<int:child_id>"]
    assert line["method"] == "GET" and line["status"] == 200 and line["duration_ms"] >= 0
    assert line["person_id"] == child_team.parent.id and line["level"] == "INFO" and line["time"]


def test_the_answer_carries_the_id_of_its_line(client, logged):
    answer = client.get("/healthz")
    [line] = logged()
    assert answer.headers[HEADER] == line["request_id"] and len(line["request_id"]) == 32


def test_an_error_page_shows_the_reference_to_quote(client, auth, child_team):
    auth.login(child_team.parent)
    answer = client.get("/children/999999")
    assert answer.status_code == 404 and answer.headers[HEADER] in answer.text


def test_an_id_from_the_client_is_not_taken_unless_a_proxy_is_trusted(app, client):
    assert client.get("/healthz", headers={HEADER: "chosen-by-the-client"}).headers[HEADER] != "chosen-by-the-client"
    app.config["TRUSTED_PROXIES"] = 1
    assert client.get("/healthz", headers={HEADER: "0123456789abcdef"}).headers[HEADER] == "0123456789abcdef"


def test_a_calendar_address_is_logged_by_its_pattern_never_its_token(client, logged):
    client.get("/calendar/secret-token-of-someone.ics")
    assert "secret-token-of-someone" not in json.dumps(logged())
