"""The evidence bundle in a real browser: the SENCO chooses what goes in on a desktop, the job
queue builds it, and the parent reads it on a phone before it is shared; in each page load
nothing sticks out sideways and axe finds nothing serious."""

from playwright.sync_api import expect

from core.db import make_engine, make_session_factory
from core.documents import bundles
from core.documents.storage import LocalFileStore
from core.jobs import queue
from core.plugins import load_plugins
from core.site import Site

SENCO = "senco@demo.teamaround.example"
PARENT = "grace.okafor@demo.teamaround.example"
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def build_bundles(database_url, document_folder):
    """``teamaround jobs run`` for bundles, against the served database and store."""
    engine = make_engine(database_url)
    try:
        kind = bundles.job_kind(LocalFileStore(document_folder), Site(host=load_plugins()))
        return queue.run_due(make_session_factory(engine), [kind])
    finally:
        engine.dispose()


def test_the_senco_gathers_evidence_and_the_parent_reads_it_on_a_phone(
    journey, page, phone, browser, live_server, demo_database, document_folder
):
    journey.login(SENCO)
    journey.open_timeline()
    page.get_by_role("link", name="Evidence for the local authority").click()
    expect(page.get_by_role("heading", name="Put together a new bundle")).to_be_visible()
    journey.check("bundle-form")
    page.get_by_label("A review of the plan").check()
    page.get_by_role("button", name="Put the bundle together").click()
    expect(page.get_by_role("status")).to_contain_text("The bundle is being put together")
    expect(page.locator("article.bundle").first).to_contain_text("Waiting to be put together")
    journey.check("bundle-waiting")

    assert build_bundles(demo_database, document_folder).done >= 1

    parent_page = browser.new_context(viewport=phone).new_page()
    parent = type(journey)(parent_page, live_server, journey.name + "-parent")
    parent.login(PARENT)
    parent.open_timeline()
    parent_page.get_by_role("link", name="Evidence for the local authority").click()
    newest = parent_page.locator("article.bundle").first
    expect(newest).to_contain_text("Ready")
    expect(newest).to_contain_text("Not shared yet.")
    assert parent_page.evaluate(OVERFLOW) == 0
    parent.check("bundle-ready")
    with parent_page.expect_download() as downloading:
        newest.get_by_role("link", name="Download the bundle (PDF)").click()
    assert downloading.value.suggested_filename.endswith(".pdf")
