"""`teamaround demo --port N`: the links the demo hands out lead back to the demo itself."""

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest
from conftest import free_port
from sqlalchemy import create_engine, text


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """The demo served on a port of its own, with no TEAMAROUND_BASE_URL set: its address and folder."""
    folder = tmp_path_factory.mktemp("demo")
    port = free_port()
    env = {**os.environ, "TEAMAROUND_INSTANCE_PATH": str(folder)}
    for setting in ("TEAMAROUND_DATABASE_URL", "TEAMAROUND_BASE_URL"):
        env.pop(setting, None)
    server = subprocess.Popen(
        [sys.executable, "-m", "webui.cli", "demo", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{base}/login", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the demo did not start")
        yield base, folder
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


def logged_in(base, email):
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    login_page = browser.open(f"{base}/login", timeout=10).read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', login_page).group(1)
    form = {"csrf_token": token, "email": email, "password": "teamaround-demo"}
    browser.open(f"{base}/login", data=urllib.parse.urlencode(form).encode(), timeout=10).read()
    return browser


def test_the_demo_meetings_invite_links_to_the_port_the_demo_serves_on(demo_server):
    base, folder = demo_server
    with create_engine(f"sqlite:///{folder / 'demo.sqlite'}").connect() as connection:
        meeting_id = connection.execute(text("select max(id) from meetings")).scalar()
    invite = (
        logged_in(base, "grace.okafor@demo.teamaround.example")
        .open(f"{base}/meetings/{meeting_id}/invite.ics", timeout=10)
        .read()
        .decode()
    )
    unfolded = invite.replace("\r\n ", "")
    assert f"{base}/meetings/{meeting_id}" in unfolded
