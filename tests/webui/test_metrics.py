"""Prometheus metrics for an operator, behind a token: requests by route and status, and what
the database says now (mail waiting, failed sign-ins), added up across gunicorn's workers
(issue 24 point 3)."""

import os
import urllib.request
from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families
from served_command import served_command

from core.messaging import outbox
from core.migrations import upgrade
from core.types import utcnow

TOKEN = "metrics-token-of-the-operator"


def figures(text):
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def healthz_count(found):
    return found.get(("teamaround_http_requests_total", (("method", "GET"), ("route", "/healthz"), ("status", "200"))),
                     0)


@pytest.fixture
def scrape(app, client):
    app.config["METRICS_TOKEN"] = TOKEN
    return lambda: figures(client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).text)


def test_metrics_do_not_exist_without_a_token_configured(client):
    assert client.get("/metrics").status_code == 404


def test_metrics_need_the_token(app, client):
    app.config["METRICS_TOKEN"] = TOKEN
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer a-guess"}).status_code == 401


def test_requests_are_counted_by_route_and_status(client, scrape):
    before = healthz_count(scrape())
    for _ in range(3):
        client.get("/healthz")
    assert healthz_count(scrape()) == before + 3


def test_mail_waiting_to_be_tried_again_is_counted_with_its_age(db, make_person, scrape):
    message = outbox.enqueue(db, key="m", recipient=make_person(), child_id=None, subject="Hi", text_body="Hi")
    message.last_error, message.created_at = "refused", utcnow() - timedelta(hours=2)
    db.flush()
    found = scrape()
    assert found[("teamaround_outbox_waiting", ())] == 1
    assert found[("teamaround_outbox_oldest_waiting_seconds", ())] >= 2 * 3600


def test_failed_sign_ins_are_counted(client, scrape):
    client.post("/login", data={"email": "nobody@example.org", "password": "a guess"})
    assert scrape()[("teamaround_failed_logins_recent", ())] == 1


def test_under_two_workers_each_request_is_counted_once_whichever_answers_the_scrape(tmp_path):
    url = f"sqlite:///{tmp_path / 'served.sqlite'}"
    upgrade(url)
    env = {**os.environ, "TEAMAROUND_DATABASE_URL": url, "TEAMAROUND_SECRET_KEY": "metrics-test",
           "TEAMAROUND_INSTANCE_PATH": str(tmp_path), "TEAMAROUND_METRICS_TOKEN": TOKEN,
           "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics")}
    (tmp_path / "metrics").mkdir()
    with served_command("serve", "--workers", "2", "--threads", "1", env=env) as base:
        for _ in range(20):
            urllib.request.urlopen(f"{base}/healthz", timeout=10).close()
        asked = urllib.request.Request(f"{base}/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        with urllib.request.urlopen(asked, timeout=10) as answer:
            found = figures(answer.read().decode())
    assert healthz_count(found) == 20
