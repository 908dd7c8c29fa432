"""Browser tests: Debian's Chromium driven by Playwright against the demo served on loopback.

Screenshots of every page a journey visits go to test-artifacts/screenshots, and
axe-core checks each of those pages for serious or critical accessibility problems.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from parent_pages import book_a_meeting, build_demo
from playwright.sync_api import expect
from werkzeug.serving import make_server

from demo import seed as demo
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
def demo_database(tmp_path_factory):
    """A SQLite file of its own holding the demo team: its URL."""
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'demo.sqlite'}"
    build_demo(url)
    return url


@pytest.fixture(scope="session")
def demo_meeting(demo_database):
    """A meeting about Amara in a week's time, booked by the SENCO with her mother invited: its id."""
    return book_a_meeting(demo_database)


@pytest.fixture(scope="session")
def live_server(demo_database, document_folder):
    """The demo team served on 127.0.0.1, its documents' files in the run's folder."""
    app = create_app({"DATABASE_URL": demo_database, "SECRET_KEY": "browser", "PASSWORD_PROFILE": "cheapest",
                      "DOCUMENTS_PATH": str(document_folder)})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # Passkeys name the site by its host, and WebAuthn takes no IP address: "localhost" it is.
    app.config["BASE_URL"] = f"http://localhost:{server.server_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


PHONE = {"width": 375, "height": 812}

# What a screenshot and axe see of a page: its markup without the session's CSRF token, what is
# typed or ticked in its fields, which images have loaded, the elements with the focus and under
# the mouse, and the screen.
PAGE_STATE = """async () => {
  const token = document.querySelector("input[name=csrf_token]")?.value;
  const markup = document.documentElement.outerHTML;
  const elements = [...document.querySelectorAll("*")];
  const state = JSON.stringify([
    location.href, innerWidth, innerHeight, devicePixelRatio, token ? markup.split(token).join("") : markup,
    [...document.querySelectorAll("input, select, textarea")].map(field => [field.value, field.checked]),
    [...document.images].map(image => image.complete && image.naturalWidth),
    [document.activeElement, document.querySelector(":focus-visible"), [...document.querySelectorAll(":hover")].pop()]
      .map(element => elements.indexOf(element)),
  ]);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(state));
  return [...new Uint8Array(digest)].map(byte => byte.toString(16).padStart(2, "0")).join("");
}"""

# Each page state checked in this run, and its screenshot. The same state looks the same and gives
# axe the same findings, so it is checked once a run (the login page, the same for every journey on
# the same screen, is the most common) and a later journey that reaches it keeps a copy of its picture.
CHECKED: dict[str, Path] = {}


class Journey:
    """Steps of one person's visit: log in, and record each page (screenshot + axe).

    axe-core is itself JavaScript, so with JavaScript switched off it cannot run in the
    page: ``twin`` is then a page that sees the same address with the same login but
    without Teamaround's own scripts, which is the page a reader without JavaScript gets.
    """

    def __init__(self, page, base_url, name, twin=None):
        self.page, self.base_url, self.name, self.step, self.twin = page, base_url, name, 0, twin
        self.axe = Axe()

    def login(self, email):
        """Log in and check the first page: a parent's children, a professional's caseload."""
        self.page.goto(f"{self.base_url}/login")
        self.check("login")
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
        self.page.get_by_role("button", name="Log in").click()
        expect(self.page.get_by_role("heading", name=re.compile("^Your (children|caseload)$"))).to_be_visible()
        self.check("home")

    def open_timeline(self, child="Amara Okafor"):
        """From the first page, open a child's timeline and check it."""
        self.page.get_by_role("link", name=child, exact=True).click()
        expect(self.page.get_by_role("heading", name="Timeline", exact=True)).to_be_visible()
        self.check("timeline")

    def check(self, what):
        """Save a screenshot and fail on any serious or critical axe violation, once a run for a page
        in the same state (see CHECKED; without JavaScript, the page's state is not read: each time)."""
        self.step += 1
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        picture = ARTIFACTS / f"{self.name}-{self.step:02d}-{what}.png"
        self.page.wait_for_load_state()
        state = None if self.twin else self.page.evaluate(PAGE_STATE)
        if state in CHECKED:
            shutil.copyfile(CHECKED[state], picture)
            return
        self.page.screenshot(path=str(picture), full_page=True)
        audited = self.page
        if self.twin is not None:
            self.twin.context.add_cookies(self.page.context.cookies())
            self.twin.goto(self.page.url)
            audited = self.twin
        results = self.axe.run(audited)
        serious = [
            (violation["id"], violation["help"], [node["target"] for node in violation["nodes"]][:3])
            for violation in results.response["violations"]
            if violation["impact"] in ("serious", "critical")
        ]
        assert serious == [], f"{what}: {serious}"
        if state:
            CHECKED[state] = picture


@pytest.fixture
def phone():
    """The screen of a common phone, 375 CSS pixels wide."""
    return PHONE


def journey_name(request) -> str:
    """The test's name, shortened, and its parameters: each run of a test keeps its own screenshots."""
    name, _, parameters = request.node.name.removeprefix("test_").partition("[")
    return name[:40] + (f"-{parameters.rstrip(']')}" if parameters else "")


@pytest.fixture
def journey(page, live_server, request):
    return Journey(page, live_server, journey_name(request))


@pytest.fixture(scope="module")
def module_journey(browser, live_server, request):
    """A journey in a browser of the module's own, for tests that share what was done in it and only read."""
    context = browser.new_context()
    yield Journey(context.new_page(), live_server, request.module.__name__.rpartition(".")[2].removeprefix("test_"))
    context.close()


@pytest.fixture
def journey_without_javascript(browser, live_server, request):
    """A journey on a phone whose browser has JavaScript switched off."""
    switched_off = browser.new_context(java_script_enabled=False, viewport=PHONE)
    twin = browser.new_context(viewport=PHONE)
    twin.route("**/static/*.js*", lambda route: route.abort())
    yield Journey(switched_off.new_page(), live_server, journey_name(request), twin=twin.new_page())
    switched_off.close()
    twin.close()
