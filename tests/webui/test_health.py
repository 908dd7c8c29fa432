"""/healthz and /readyz: answered without signing in, telling a probe what failed and
nothing about anyone's record (issue 24)."""

from datetime import timedelta

from core.migrations import upgrade
from core.models import OutboxMessage
from core.types import utcnow


def test_the_process_answers_that_it_is_up_without_a_session(client):
    answer = client.get("/healthz")
    assert (answer.status_code, answer.json) == (200, {"status": "up"})
    assert "Set-Cookie" not in answer.headers and answer.headers["Cache-Control"] == "no-store"


def test_a_ready_instance_says_so(client):
    answer = client.get("/readyz")
    assert (answer.status_code, answer.json) == (200, {"status": "ready"})


def test_an_instance_that_is_not_ready_answers_503_with_the_failed_checks_only(client, db):
    db.add(OutboxMessage(key="stuck", to_address="parent@example.org", subject="Meeting about Sam",
                         text_body="Sam's review", next_attempt_at=utcnow() - timedelta(hours=1)))
    db.flush()
    answer = client.get("/readyz")
    assert answer.status_code == 503 and answer.headers["Retry-After"]
    assert answer.json["status"] == "not ready" and list(answer.json["failures"]) == ["outbox"]
    assert "Sam" not in answer.text and "parent@example.org" not in answer.text


def test_readiness_fails_while_the_database_is_down_and_returns_when_it_is_back(own_postgres, tmp_path):
    from webui import create_app

    upgrade(own_postgres.url)
    app = create_app({"DATABASE_URL": own_postgres.url, "SECRET_KEY": "test", "DOCUMENTS_PATH": str(tmp_path)})
    client = app.test_client()
    assert client.get("/readyz").status_code == 200
    own_postgres.stop()
    down = client.get("/readyz")
    assert down.status_code == 503 and list(down.json["failures"]) == ["database"]
    assert client.get("/healthz").status_code == 200
    own_postgres.start()
    assert client.get("/readyz").status_code == 200
