"""What the servers log: a line per request, and never a calendar address (a secret, DESIGN §7)
nor anything people typed (issue 24).

The tests go through the real logging path: gunicorn as ``teamaround serve`` runs it, and
werkzeug's server as ``teamaround demo`` runs it.
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
from conftest import Team, child_factory, free_port, person_factory
from werkzeug.serving import make_server

from core import migrations
from core.db import make_engine, make_session_factory
from core.people import tokens as api_tokens

TOKEN = "s3cr3t-T0ken_x"
# With and without .ics, with a suffix, with a query, and two slashes: every way a
# calendar (or a person pasting the address) may ask for it.
ASKED_FOR = [
    f"/calendar/{TOKEN}.ics",
    f"/calendar/{TOKEN}",
    f"/calendar/{TOKEN}.ics/extra",
    f"/calendar/{TOKEN}.json?refresh=1",
    f"//calendar/{TOKEN}",
]


def ask(base, path):
    try:
        urllib.request.urlopen(base + path, timeout=10).close()
    except urllib.error.HTTPError:
        pass  # unknown address: 404, and logged all the same


class Served:
    """``teamaround serve`` as its own process; ``stop()`` ends it and gives back all it logged
    (standard output and error together)."""

    def __init__(self, env):
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        self._process = subprocess.Popen(
            [sys.executable, "-m", "webui.cli", "serve", "--port", str(port), "--workers", "1", "--threads", "1"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True, text=True,
        )
        self._log = None

    def wait_until_up(self):
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{self.base}/healthz", timeout=2).close()
                return
            except OSError:
                time.sleep(0.1)
        pytest.fail(f"teamaround serve did not start: {self.stop()}")

    def stop(self):
        if self._log is None:
            os.killpg(self._process.pid, signal.SIGTERM)
            self._log = self._process.communicate(timeout=20)[0]
        return self._log


@pytest.fixture
def served(tmp_path):
    """``teamaround serve`` on a database with a team and an API token of the SENCO's."""
    url = f"sqlite:///{tmp_path / 'served.sqlite'}"
    migrations.upgrade(url)
    with make_session_factory(make_engine(url))() as db, db.begin():
        team = Team(db, person_factory(db), child_factory(db))
        _, secret = api_tokens.create(db, team.senco, {"name": "Case system"})
        child_id, bearer = team.child.id, {"Authorization": f"Bearer {secret}"}
    server = Served({**os.environ, "TEAMAROUND_DATABASE_URL": url, "TEAMAROUND_SECRET_KEY": "log-test",
                     "TEAMAROUND_INSTANCE_PATH": str(tmp_path), "TEAMAROUND_PASSWORD_PROFILE": "cheapest"})
    server.child_id, server.bearer = child_id, bearer
    try:
        server.wait_until_up()
        yield server
    finally:
        server.stop()


def request_lines(log):
    return [json.loads(line) for line in log.splitlines() if line.startswith("{") and '"request"' in line]


def test_a_served_instances_log_never_shows_a_calendar_address(served):
    for path in ASKED_FOR:
        ask(served.base, path)
    served_log = served.stop()
    assert TOKEN not in served_log
    assert len(request_lines(served_log)) == len(ASKED_FOR) + 1, served_log  # and the first /healthz


CANARY = "Canary7f3a"


def test_nothing_people_typed_reaches_a_served_instances_log(served):
    """A canary in every field of an entry, in a query, a login, a token and an address that
    are refused: the log has a line for each request, and the canary in none."""
    entries = f"{served.base}/api/v1/children/{served.child_id}/timeline"
    entry = {"kind": "update", "title": CANARY, "body": f"{CANARY} at home", "visibility": "team"}
    asked = [
        ("POST", entries, entry, served.bearer),
        ("POST", entries, {**entry, "kind": CANARY, "occurred_at": CANARY}, served.bearer),
        ("GET", f"{entries}?since={CANARY}", None, served.bearer),
        ("GET", entries, None, {"Authorization": f"Bearer ta_{CANARY}"}),
        ("POST", f"{served.base}/login", {"email": f"{CANARY}@example.org", "password": CANARY}, {}),
        ("GET", f"{served.base}/calendar/{CANARY}.ics", None, {}),
    ]
    for method, url, body, headers in asked:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method,
                                         headers={**headers, "Content-Type": "application/json"})
        try:
            urllib.request.urlopen(request, timeout=10).close()
        except urllib.error.HTTPError:
            pass
    served_log = served.stop()
    assert len(request_lines(served_log)) == len(asked) + 1, served_log
    assert CANARY.lower() not in served_log.lower(), served_log


@pytest.fixture
def dev_server(engine):
    from webui import create_app

    app = create_app({"DB_BIND": engine, "SECRET_KEY": "log-test", "PASSWORD_PROFILE": "cheapest"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


def test_the_demo_servers_request_log_never_shows_a_calendar_address(dev_server, caplog):
    with caplog.at_level("INFO", logger="werkzeug"):
        for path in ASKED_FOR:
            ask(dev_server, path)
    lines = [record.getMessage() for record in caplog.records if record.name == "werkzeug"]
    assert len(lines) == len(ASKED_FOR) and all("/calendar/[token]" in line for line in lines), lines
    assert not any(TOKEN in line for line in lines)
