"""`teamaround demo --port N`: the links the demo hands out lead back to the demo itself."""

import http.cookiejar
import os
import re
import urllib.parse
import urllib.request

import pytest
from served_command import served_command
from sqlalchemy import create_engine, text


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """The demo served on a port of its own, with no TEAMAROUND_BASE_URL set: its address and folder."""
    folder = tmp_path_factory.mktemp("demo")
    env = {**os.environ, "TEAMAROUND_INSTANCE_PATH": str(folder)}
    for setting in ("TEAMAROUND_DATABASE_URL", "TEAMAROUND_BASE_URL", "TEAMAROUND_SECOND_FACTOR_REQUIRED_FOR"):
        env.pop(setting, None)
    with served_command("demo", env=env) as base:
        yield base, folder


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


def test_the_demos_login_page_says_a_second_step_is_optional(demo_server):
    base, _ = demo_server
    assert "a second step at sign-in (an authenticator app or a passkey) is optional" in (
        urllib.request.urlopen(f"{base}/login", timeout=10).read().decode()
    )


def test_the_demos_senco_signs_in_without_a_second_factor(demo_server):
    base, _ = demo_server
    home = logged_in(base, "senco@demo.teamaround.example").open(f"{base}/", timeout=10)
    assert urllib.parse.urlsplit(home.geturl()).path == "/"
