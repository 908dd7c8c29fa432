"""Getting in without a password on a phone: the SENCO invites a carer from a team page; an
invited parent chooses a password and Polish and lands on her child's timeline, read in
Polish; a parent who forgot hers asks for a link and chooses a new one. axe finds nothing on
any page, each loaded once. Each test adds a family of its own to the demo school, so the
demo's own team pages stay as other tests know them."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from core.db import make_engine, make_session_factory
from core.models import OutboxMessage, Person
from core.people import invitations, password_reset, team
from core.people.passwords import CHEAPEST
from core.plugins import load_plugins
from core.site import Site
from demo.seed import DEMO_PASSWORD
from webui.i18n import own_name

PHONE = {"width": 375, "height": 812}
PASSPHRASE = "a passphrase of our own"
SENCO = "senco@demo.teamaround.example"

# How far the page sticks out sideways, and the language it says it is in.
MEASURE = """() => ({
  overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  language: document.documentElement.lang,
})"""


@pytest.fixture
def invitation(demo_database, live_server):
    """A new child in the demo school, and her mother invited by the SENCO: the link mailed to her."""
    with make_session_factory(make_engine(demo_database))() as db, db.begin():
        senco = db.scalar(select(Person).where(Person.email == SENCO))
        child = team.create_child(db, senco, {"full_name": "Zofia Nowak", "date_of_birth": "2019-05-02"})
        mother = team.create_person(db, {"full_name": "Ada Nowak", "email": "ada.nowak@example.org", "kind": "parent"})
        team.add_member(db, senco, child.id, {"person_id": mother.id, "role": "parent"})
        link = invitations.invite(db, mother, senco, site=Site(host=load_plugins(), base_url=live_server))
        return link, child.id


def without_axe_violations(page):
    violations = Axe().run(page).response["violations"]
    assert [(violation["id"], violation["help"]) for violation in violations] == []


def test_an_invited_parent_chooses_a_password_and_polish_on_a_phone_and_lands_on_her_childs_timeline(
    browser, invitation
):
    link, child_id = invitation
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(link)
    assert page.evaluate(MEASURE) == {"overflow": 0, "language": "en"}
    without_axe_violations(page)

    page.get_by_label("Choose a password").fill(PASSPHRASE)
    page.get_by_label("The same password again").fill(PASSPHRASE)
    page.get_by_label("Language you prefer").select_option(label=own_name("pl"))
    page.get_by_label("Text message").check()
    page.get_by_role("button", name="Start using Teamaround").click()

    expect(page).to_have_url(link.split("/invitations/")[0] + f"/children/{child_id}")
    assert page.evaluate(MEASURE) == {"overflow": 0, "language": "pl"}
    expect(page.get_by_role("heading", name="Zofia Nowak")).to_be_visible()
    without_axe_violations(page)
    page.context.close()


@pytest.fixture
def forgetful(demo_database):
    """A parent of the demo school who has forgotten her password: her e-mail address."""
    email = "maria.lis@example.org"
    with make_session_factory(make_engine(demo_database))() as db, db.begin():
        team.create_person(db, {"full_name": "Maria Lis", "email": email, "kind": "parent"},
                           password_hash=CHEAPEST.hash("forgotten long ago"))
    return email


def mailed_reset_link(demo_database, email):
    """The link in the reset mail to ``email``, as it waits in the outbox."""
    with make_session_factory(make_engine(demo_database))() as db, db.begin():
        text = db.scalar(select(OutboxMessage.text_body).where(OutboxMessage.to_address == email))
    return re.search(r"\S+/password/reset/\S+", text).group(0)


def test_a_parent_who_forgot_her_password_chooses_a_new_one_on_a_phone(browser, demo_database, live_server, forgetful):
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(live_server + "/login")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.get_by_label("Email address").fill(forgetful)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("status")).to_contain_text("If an account has this email address")
    assert page.evaluate(MEASURE)["overflow"] == 0
    without_axe_violations(page)

    with make_session_factory(make_engine(demo_database))() as db, db.begin():
        # The live demo mails nothing: the link is made as a school with mail set up would make it.
        password_reset.ask(db, forgetful, "127.0.0.1", site=Site(host=load_plugins(), base_url=live_server,
                                                                 mail_enabled=True))
    page.goto(mailed_reset_link(demo_database, forgetful))
    assert page.evaluate(MEASURE)["overflow"] == 0
    without_axe_violations(page)
    page.get_by_label("New password (at least 12 characters)").fill(PASSPHRASE)
    page.get_by_label("New password again").fill(PASSPHRASE)
    page.get_by_role("button", name="Change password").click()

    expect(page).to_have_url(live_server + "/login")
    page.get_by_label("Email address").fill(forgetful)
    page.get_by_label("Password", exact=True).fill(PASSPHRASE)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your children")).to_be_visible()
    page.context.close()


@pytest.fixture
def new_pupil(demo_database):
    """A pupil the SENCO has just added, whose family has no account yet: the child's id."""
    with make_session_factory(make_engine(demo_database))() as db, db.begin():
        senco = db.scalar(select(Person).where(Person.email == SENCO))
        return team.create_child(db, senco, {"full_name": "Ola Nowicka", "date_of_birth": "2019-09-12"}).id


def test_the_senco_invites_a_carer_from_the_team_page_on_a_phone(browser, live_server, new_pupil):
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(live_server + "/login")
    page.get_by_label("Email address").fill(SENCO)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server + f"/children/{new_pupil}/team")
    invite = page.locator("section", has=page.get_by_role("heading", name="Invite a parent or carer"))
    invite.get_by_label("Their full name").fill("Jan Kowalski")
    invite.get_by_label("Their email address").fill("jan.kowalski@example.org")
    invite.get_by_label("Their role").select_option(label="Carer")
    invite.get_by_label("The language their invitation is written in").select_option(label=own_name("pl"))
    invite.get_by_role("button", name="Invite to the team").click()

    expect(page.get_by_text("Has not accepted the invitation yet.")).to_be_visible()
    assert page.evaluate(MEASURE)["overflow"] == 0
    without_axe_violations(page)
    page.context.close()
