"""Calendar addresses are secrets: the servers' own request logs never show one (DESIGN §7).

Both tests go through the real logging path: gunicorn as ``teamaround serve`` runs it, and
werkzeug's server as ``teamaround demo`` runs it.
"""

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
from conftest import free_port
from werkzeug.serving import make_server

from core import migrations

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


def test_gunicorns_access_log_never_shows_a_calendar_address(tmp_path):
    url = f"sqlite:///{tmp_path / 'served.sqlite'}"
    migrations.upgrade(url)
    port = free_port()
    env = {**os.environ, "TEAMAROUND_DATABASE_URL": url, "TEAMAROUND_SECRET_KEY": "log-test",
           "TEAMAROUND_INSTANCE_PATH": str(tmp_path)}
    server = subprocess.Popen(
        [sys.executable, "-m", "webui.cli", "serve", "--port", str(port), "--workers", "1", "--threads", "1"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{base}/login", timeout=2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("teamaround serve did not start")
        for path in ASKED_FOR:
            ask(base, path)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        log = server.communicate(timeout=20)[0]
    assert TOKEN not in log
    assert log.count("/calendar/[token]") == len(ASKED_FOR), log


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
