"""Browser tests: Debian's Chromium driven by Playwright against the demo served on loopback.

Screenshots of every page a journey visits go to test-artifacts/screenshots, and
axe-core checks each of those pages for serious or critical accessibility problems.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from werkzeug.serving import make_server

from core import demo
from core.db import make_engine, make_session_factory
from core.migrations import upgrade
from core.passwords import CHEAPEST
from core.plugins import load_plugins
from webui import create_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("TEAMAROUND_TEST_ARTIFACTS", "test-artifacts")) / "screenshots"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI (apt-get install chromium)")
        pytest.skip("Chromium is not installed here")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The demo team served on 127.0.0.1 from a SQLite file of its own."""
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'demo.sqlite'}"
    upgrade(url)
    with make_session_factory(make_engine(url))() as db, db.begin():
        demo.ensure_demo(db, load_plugins(), CHEAPEST)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "browser", "PASSWORD_PROFILE": "cheapest"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


class Journey:
    """Steps of one person's visit: log in, and record each page (screenshot + axe)."""

    def __init__(self, page, base_url, name):
        self.page, self.base_url, self.name, self.step = page, base_url, name, 0
        self.axe = Axe()

    def login(self, email):
        self.page.goto(f"{self.base_url}/login")
        self.check("login")
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
        self.page.get_by_role("button", name="Log in").click()

    def check(self, what):
        """Save a screenshot and fail on any serious or critical axe violation."""
        self.step += 1
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{self.name}-{self.step:02d}-{what}.png"), full_page=True)
        results = self.axe.run(self.page)
        serious = [
            (violation["id"], violation["help"], [node["target"] for node in violation["nodes"]][:3])
            for violation in results.response["violations"]
            if violation["impact"] in ("serious", "critical")
        ]
        assert serious == [], f"{what}: {serious}"


@pytest.fixture
def journey(page, live_server, request):
    return Journey(page, live_server, request.node.name.removeprefix("test_")[:40])
