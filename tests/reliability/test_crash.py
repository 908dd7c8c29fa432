"""kill -9 during a burst of writes on SQLite: the database opens cleanly afterwards and
every write the server acknowledged is in it."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from conftest import free_port

from core.db import make_engine, make_session_factory
from core.migrations import upgrade
from core.models import Child, Person
from core.people import tokens as api_tokens
from core.people.passwords import CHEAPEST
from core.plugins import load_plugins
from demo import seed as demo


def post(base, secret, child_id, title):
    request = urllib.request.Request(
        f"{base}/api/v1/children/{child_id}/timeline",
        data=json.dumps({"kind": "update", "title": title}).encode(),
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status


def test_every_acknowledged_write_survives_kill_9(tmp_path):
    database = tmp_path / "crash.sqlite"
    url = f"sqlite:///{database}"
    upgrade(url)
    with make_session_factory(make_engine(url))() as db, db.begin():
        demo.ensure_demo(db, load_plugins(), CHEAPEST)
        teacher = db.query(Person).filter_by(email="teacher@demo.teamaround.example").one()
        child_id = db.query(Child).filter_by(full_name="Amara Okafor").one().id
        _, secret = api_tokens.create(db, teacher, {"name": "burst"})
    port = free_port()
    env = {**os.environ, "TEAMAROUND_DATABASE_URL": url, "TEAMAROUND_SECRET_KEY": "crash",
           "TEAMAROUND_API_RATE_LIMIT": "100000 per minute"}
    server = subprocess.Popen([sys.executable, "-m", "webui.cli", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/login", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    acknowledged, lock, stop = [], threading.Lock(), threading.Event()

    def writer(number):
        count = 0
        while not stop.is_set():
            title = f"burst {number}-{count}"
            try:
                if post(base, secret, child_id, title) == 201:
                    with lock:
                        acknowledged.append(title)
            except (OSError, urllib.error.HTTPError):
                return
            count += 1

    threads = [threading.Thread(target=writer, args=(number,)) for number in range(4)]
    for thread in threads:
        thread.start()
    # Killed once the burst is well under way, however long the workers took to start on a busy
    # machine (a fixed 2.5 s saw 13 writes once, in a run of three test workers on two cores).
    deadline = time.monotonic() + 60
    while len(acknowledged) < 40 and any(thread.is_alive() for thread in threads) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(server.pid, signal.SIGKILL)  # gunicorn's master and every worker at once, mid-burst
    server.wait()
    stop.set()
    for thread in threads:
        thread.join(timeout=10)

    assert len(acknowledged) > 20, "the burst should have written something before the kill"
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = {title for (title,) in connection.execute("select title from timeline_entries")}
    assert set(acknowledged) <= stored
    print(f"\n{len(acknowledged)} acknowledged writes before kill -9, all present")
