"""An invited parent accepts on a phone: chooses a password and Polish, and lands on her
child's timeline, read in Polish; axe finds nothing on either page, each loaded once."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from core.db import make_engine, make_session_factory
from core.models import Person
from core.people import invitations, team
from core.plugins import load_plugins
from core.site import Site
from webui.i18n import own_name

PHONE = {"width": 375, "height": 812}
PASSPHRASE = "a passphrase of our own"

# How far the page sticks out sideways, and the language it says it is in.
MEASURE = """() => ({
  overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  language: document.documentElement.lang,
})"""


@pytest.fixture
def invitation(demo_database, live_server):
    """A new child in the demo school, and her mother invited by the SENCO: the link mailed to her."""
    with make_session_factory(make_engine(demo_database))() as db, db.begin():
        senco = db.scalar(select(Person).where(Person.email == "senco@demo.teamaround.example"))
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
