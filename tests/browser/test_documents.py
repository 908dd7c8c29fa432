"""The child's file in a real browser: a parent on a phone files a photo and, once the job
queue has drawn it, sees its preview on the timeline."""

import re

import sample_files
from playwright.sync_api import expect

from core.db import make_engine, make_session_factory
from core.documents import previews
from core.documents.storage import LocalFileStore
from core.jobs import queue

PARENT = "grace.okafor@demo.teamaround.example"


def run_jobs(database_url, document_folder):
    """``teamaround jobs run``, against the served database and store."""
    engine = make_engine(database_url)
    try:
        return queue.run_due(make_session_factory(engine), [previews.job_kind(LocalFileStore(document_folder))])
    finally:
        engine.dispose()


def test_a_parent_on_a_phone_files_a_photo_and_sees_its_preview_on_the_timeline(
    journey, page, phone, demo_database, document_folder
):
    page.set_viewport_size(phone)
    journey.login(PARENT)
    journey.open_timeline()
    page.get_by_role("link", name="Documents and photos").click()
    expect(page.get_by_role("heading", level=1, name=re.compile("'s file$"))).to_be_visible()
    journey.check("childs-file")

    photo = {"name": "IMG_3001.jpg", "mimeType": "image/jpeg", "buffer": sample_files.photo(size=(1200, 900))}
    page.get_by_label("Take a photo").set_input_files(photo)
    page.get_by_label("What is it? Name it in your own words").fill("Asleep in the sensory tent")
    page.get_by_role("button", name="Add to the file").click()
    expect(page.get_by_role("status")).to_contain_text("The document is in the file")
    journey.check("photo-filed")

    assert run_jobs(demo_database, document_folder).done >= 1
    page.reload()
    preview = page.locator("article.document", has_text="Asleep in the sensory tent").locator("img.preview")
    expect(preview).to_be_visible()
    journey.check("childs-file-preview")

    page.get_by_role("link", name="Timeline").first.click()
    entry = page.locator("article", has_text="Asleep in the sensory tent").first
    thumbnail = entry.locator("img.preview")
    expect(thumbnail).to_be_visible()
    thumbnail.scroll_into_view_if_needed()  # a lazy image loads once it is near the screen
    page.wait_for_function("image => image.complete && image.naturalWidth > 0", arg=thumbnail.element_handle())
    assert thumbnail.evaluate("image => image.naturalWidth") == 640
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    journey.check("timeline-preview")
