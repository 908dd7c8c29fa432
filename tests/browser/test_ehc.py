"""The family's view of the EHC needs assessment on a phone, in each language: in one load,
nothing sticks out sideways, the late steps say so in words, every professional word is
explained, nothing is left in English when the parent reads Polish or Urdu, and axe finds
nothing serious; then she gives her views on the draft plan and names a school."""

import io
from datetime import timedelta

import pytest
import sample_files
from page_language import english_left, typed_text
from parent_pages import PARENT, explainer_in, unexplained
from playwright.sync_api import expect
from sqlalchemy import select

from core.cases import ehc
from core.db import make_engine, make_session_factory
from core.documents import filing
from core.documents.intake import DEFAULT_MAX_UPLOAD_BYTES
from core.documents.storage import LocalFileStore
from core.models import Child, EhcCase, Person
from core.plugins import load_plugins
from core.site import Site
from core.types import utcnow

SENCO = "senco@demo.teamaround.example"

MEASURE = """() => ({
  overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  direction: document.documentElement.dir,
  late: document.querySelectorAll("#waiting-title ~ ul strong.status").length,
  text: document.querySelector("main").innerText,
})"""


@pytest.fixture(scope="session")
def draft_out(demo_database, document_folder):
    """The demo's case moved on: the local authority agreed to assess two weeks ago and sent the
    draft plan three days ago, with its letters, so Amara's mother has her 15 days; Amara's id."""
    today = utcnow().date()
    with make_session_factory(make_engine(demo_database))() as db, db.begin():
        senco = db.scalar(select(Person).where(Person.email == SENCO))
        amara = db.scalar(select(Child).where(Child.full_name == "Amara Okafor"))
        case = db.scalar(select(EhcCase).where(EhcCase.child_id == amara.id))
        filed = {
            "site": Site(host=load_plugins()),
            "store": LocalFileStore(document_folder),
            "limit": DEFAULT_MAX_UPLOAD_BYTES,
        }
        for decision, days_ago, title in (("assess", 14, "Decision to assess"), ("draft_issued", 3, "Draft plan")):
            letter = {"data": {"title": title}, "upload": filing.Upload(io.BytesIO(sample_files.pdf(title)), "a.pdf")}
            data = {"decision": decision, "decided_on": (today - timedelta(days=days_ago)).isoformat()}
            ehc.record_decision(db, senco, case.id, data, letter, **filed)
        return amara.id


@pytest.fixture
def parent_reads(demo_database):
    """Set the demo parent's language; English again afterwards, for the other tests of the same demo."""

    def choose(language):
        with make_session_factory(make_engine(demo_database))() as db, db.begin():
            db.scalar(select(Person).where(Person.email == PARENT)).language = language

    yield choose
    choose("en")


@pytest.fixture(scope="session")
def typed(demo_database, demo_meeting):
    return typed_text(demo_database)


@pytest.mark.parametrize(
    ("phone", "language"),
    [
        pytest.param({"width": 320, "height": 640}, "pl", id="320px-pl"),
        pytest.param({"width": 320, "height": 640}, "ur", id="320px-ur"),
        pytest.param({"width": 375, "height": 812}, "en", id="375px-en"),
    ],
)
def test_a_parent_on_a_phone_reads_where_the_assessment_is_in_her_language_with_late_steps_said_plainly(
    journey, page, phone, language, parent_reads, draft_out, typed
):
    page.set_viewport_size(phone)
    journey.login(PARENT)
    parent_reads(language)
    page.goto(f"{journey.base_url}/children/{draft_out}/ehc")
    expect(page.locator("#response-comments")).to_be_visible()
    measured = page.evaluate(MEASURE)
    journey.check(f"ehc-{language}")
    assert measured["overflow"] == 0
    assert measured["direction"] == ("rtl" if language == "ur" else "ltr")
    assert measured["late"] >= 1  # the demo's advice from speech and language therapy is late
    assert unexplained(page.content(), explainer_in(language)) == []
    assert (english_left(measured["text"], language, typed) if language != "en" else []) == []


def test_a_parent_on_a_phone_gives_her_views_on_the_draft_plan_and_names_a_school(journey, page, phone, draft_out):
    page.set_viewport_size(phone)
    journey.login(PARENT)
    page.goto(f"{journey.base_url}/children/{draft_out}/ehc")
    page.get_by_label("What you think of the draft plan").fill("Amara needs her speech therapy every week.")
    page.get_by_label("The school you want for Amara").fill("Oakfield Primary")
    page.get_by_role("button", name="Send my views").click()
    expect(page.get_by_role("status")).to_contain_text("Your comments are kept here")
    expect(page.get_by_role("heading", name="What the family said on the draft plan")).to_be_visible()
    expect(page.get_by_text("Oakfield Primary")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    journey.check("ehc-views-sent")
