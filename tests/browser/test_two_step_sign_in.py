"""Two-step sign-in in Chromium: an authenticator app enrolled from its page, with a code
computed here; passkeys, with Chromium's virtual authenticator (the DevTools protocol's WebAuthn
domain, through Playwright's CDP session): enrolling one from the account page, signing
in with it after a password and instead of one, and a wrong key refused.

WebAuthn refuses an IP address as the site's name, so these pages are opened at
``localhost``, the name the live server's base address gives (tests/browser/conftest.py).
"""

import base64
import itertools
import re

import pyotp
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from playwright.sync_api import expect
from sqlalchemy import select

from core.db import make_engine, make_session_factory
from core.models import AuditEvent
from core.people import team
from core.people.passwords import CHEAPEST
from demo import seed as demo

HOME = re.compile("^Your caseload$")
NUMBERS = itertools.count(1)


@pytest.fixture
def site(live_server):
    return live_server.replace("127.0.0.1", "localhost")


@pytest.fixture
def newcomer(demo_database):
    """A member of school staff of the test's own, with the demo's password and no second factor yet: their e-mail."""
    email = f"passkey{next(NUMBERS)}@demo.teamaround.example"
    with make_session_factory(make_engine(demo_database))() as db, db.begin():
        team.create_person(
            db,
            {"full_name": "Pat Keyes", "email": email, "kind": "school_staff", "agency": "school"},
            password_hash=CHEAPEST.hash(demo.DEMO_PASSWORD),
        )
    return email


class Authenticators:
    """Chromium's virtual authenticators for one page: a built-in one that verifies its user, as a phone does."""

    def __init__(self, page):
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("WebAuthn.enable")

    def add(self) -> str:
        options = {
            "protocol": "ctap2",
            "transport": "internal",
            "hasResidentKey": True,
            "hasUserVerification": True,
            "isUserVerified": True,
            "automaticPresenceSimulation": True,
        }
        return self.cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})["authenticatorId"]

    def credentials(self, authenticator: str) -> list[dict]:
        return self.cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]

    def remove(self, authenticator: str) -> None:
        self.cdp.send("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": authenticator})

    def forge(self, credential: dict) -> str:
        """Another authenticator holding a passkey with the same id and user as ``credential``, but its own key."""
        key = ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        other = self.add()
        forged = {
            "credentialId": credential["credentialId"],
            "isResidentCredential": True,
            "rpId": credential["rpId"],
            "userHandle": credential["userHandle"],
            "privateKey": base64.b64encode(key).decode(),
            "signCount": 0,
        }
        self.cdp.send("WebAuthn.addCredential", {"authenticatorId": other, "credential": forged})
        return other


@pytest.fixture
def authenticators(page):
    return Authenticators(page)


@pytest.fixture
def visit(journey, site):
    """The test's journey (screenshots and axe on each page it checks), at ``localhost``."""
    journey.base_url = site
    return journey


def log_in_with_password(visit, email):
    visit.page.goto(f"{visit.base_url}/login")
    visit.page.get_by_label("Email address").fill(email)
    visit.page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    visit.page.get_by_role("button", name="Log in", exact=True).click()


def log_out(page):
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()


@pytest.fixture
def enrolled(visit, newcomer, authenticators):
    """The newcomer with a passkey in a virtual authenticator, logged out again: the authenticator's id."""
    authenticator = authenticators.add()
    log_in_with_password(visit, newcomer)
    expect(visit.page.get_by_role("heading", name=HOME)).to_be_visible()
    visit.page.goto(f"{visit.base_url}/account/sign-in")
    visit.check("account")
    visit.page.get_by_role("button", name="Add a passkey").click()
    expect(visit.page.get_by_role("status")).to_contain_text("Your passkey is ready.")
    log_out(visit.page)
    return authenticator


def test_a_passkey_is_enrolled_from_the_account_page(visit, enrolled, authenticators, demo_database):
    [credential] = authenticators.credentials(enrolled)
    assert credential["rpId"] == "localhost"
    with make_session_factory(make_engine(demo_database))() as db:
        assert db.scalar(select(AuditEvent).where(AuditEvent.action == "second_factor.added")) is not None


def test_a_passkey_is_the_second_step_after_a_password(visit, newcomer, enrolled):
    log_in_with_password(visit, newcomer)
    expect(visit.page.get_by_role("heading", name="Second step")).to_be_visible()
    visit.check("second-step")
    visit.page.get_by_role("button", name="Use a passkey").click()
    expect(visit.page.get_by_role("heading", name=HOME)).to_be_visible()


def test_a_passkey_signs_in_instead_of_a_password(visit, enrolled):
    visit.page.goto(f"{visit.base_url}/login")
    visit.check("login")
    visit.page.get_by_role("button", name="Use a passkey").click()
    expect(visit.page.get_by_role("heading", name=HOME)).to_be_visible()


def test_a_passkey_with_the_wrong_key_is_refused(visit, enrolled, authenticators):
    [credential] = authenticators.credentials(enrolled)
    authenticators.remove(enrolled)
    authenticators.forge(credential)
    visit.page.goto(f"{visit.base_url}/login")
    visit.page.get_by_role("button", name="Use a passkey").click()
    expect(visit.page.get_by_role("alert")).to_contain_text("This passkey is not one we know for your account")
    visit.page.goto(f"{visit.base_url}/")
    expect(visit.page.get_by_role("heading", name="Log in")).to_be_visible()


def test_an_authenticator_app_is_enrolled_with_a_code_and_gives_recovery_codes(visit, newcomer):
    page = visit.page
    log_in_with_password(visit, newcomer)
    page.goto(f"{visit.base_url}/account/sign-in")
    page.get_by_role("button", name="Set up an authenticator app").click()
    expect(page.get_by_role("img", name="QR code to scan with your authenticator app")).to_be_visible()
    visit.check("enrol-app")
    key = page.locator("[data-secret]").inner_text().replace(" ", "")
    page.get_by_label("Code from your app").fill(pyotp.TOTP(key).now())
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    visit.check("recovery-codes")
