"""A document's file shown in the browser tab (``?show=1``), in a real Chromium: images and
PDFs display under the files' sandboxing policy, and an image's tab runs no script.

Chromium shows a PDF in its own viewer (an extension frame inside a wrapper document the
browser makes, not the file's); the sandbox applies to the tab of an image, so the proof that
nothing runs is made there.
"""

import pytest
import sample_files
from playwright.sync_api import expect

PARENT = "grace.okafor@demo.teamaround.example"
PDF_VIEWER = "chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/"
SCAN = "Scan of the paediatrician's letter, shown in the tab"
REPORT = "Speech therapy report, shown in the tab"


@pytest.fixture(scope="module")
def childs_file(module_journey):
    """Grace's view of Amara's file, after she has filed a scanned letter and a PDF report: filed
    once for the module, whose tests only open them, each in a tab of its own."""
    journey, page = module_journey, module_journey.page
    journey.login(PARENT)
    journey.open_timeline()
    page.get_by_role("link", name="Documents and photos").click()
    scan = {"name": "letter.png", "mimeType": "image/png", "buffer": sample_files.photo("PNG", size=(300, 200))}
    report = {"name": "report.pdf", "mimeType": "application/pdf", "buffer": sample_files.pdf()}
    for upload, title in ((scan, SCAN), (report, REPORT)):
        page.get_by_label("Or choose a file").set_input_files(upload)
        page.get_by_label("What is it? Name it in your own words").fill(title)
        page.get_by_role("button", name="Add to the file").click()
        expect(page.get_by_role("status")).to_contain_text("The document is in the file")
    return page


def opened(page, title):
    """Follow the document's "Open" link into the new tab it opens; the tab, and what it downloaded."""
    # The served demo lives for the whole run: the newest of a title is the one this module filed.
    link = page.locator("article.document", has_text=title).first.get_by_role("link", name="Open", exact=True)
    downloads = []
    page.context.on("page", lambda tab: tab.on("download", lambda download: downloads.append(download)))
    with page.context.expect_page() as tab:
        link.click()
    tab.value.wait_for_load_state()
    return tab.value, downloads


def pdf_viewer_of(tab, seconds=10):
    """The frame of Chromium's PDF viewer in the tab, which the browser adds after the load."""
    for _ in range(seconds * 10):
        viewers = [frame for frame in tab.frames if frame.url.startswith(PDF_VIEWER)]
        if viewers:
            return viewers[0]
        tab.wait_for_timeout(100)
    raise AssertionError(f"no PDF viewer in {[frame.url for frame in tab.frames]}")


def until(tab, predicate, seconds=10):
    """Wait until ``predicate`` holds in the tab, asking it from here: the sandbox runs no script
    in an image's tab, so ``wait_for_function``, which polls with the page's own timers, checks
    once and then never again (it failed whenever the image's answer came after that check)."""
    for _ in range(seconds * 10):
        if tab.evaluate(predicate):
            return
        tab.wait_for_timeout(100)
    raise AssertionError(f"{predicate} did not hold within {seconds} s")


def test_an_image_opened_from_the_file_is_shown_in_the_tab(childs_file):
    tab, downloads = opened(childs_file, SCAN)
    image = tab.locator("img")
    tab.wait_for_function("image => image.complete && image.naturalWidth > 0", arg=image.element_handle())
    assert image.evaluate("image => [image.naturalWidth, image.naturalHeight]") == [300, 200]
    assert downloads == []


def test_a_pdf_opened_from_the_file_is_shown_by_the_browsers_pdf_viewer(childs_file):
    tab, downloads = opened(childs_file, REPORT)
    assert tab.evaluate("document.contentType") == "application/pdf"
    viewer = pdf_viewer_of(tab)
    expect(viewer.locator("pdf-viewer")).to_be_attached()
    expect(viewer.locator("#title")).to_have_text("report.pdf")
    assert downloads == []


def test_an_image_shown_in_the_tab_runs_no_script(childs_file):
    tab, _ = opened(childs_file, SCAN)
    blocked = []
    tab.on("console", lambda message: blocked.append(message.text) if "sandboxed" in message.text else None)
    assert tab.evaluate("window.origin") == "null"
    tab.evaluate("""() => {
        const script = document.createElement('script');
        script.src = '/static/glossary.js';
        const handler = document.createElement('img');
        handler.setAttribute('onerror', 'window.ran = true');
        handler.src = 'nothing-here';
        document.body.append(script, handler);
    }""")
    until(tab, "() => document.querySelectorAll('img')[1].complete")
    assert tab.evaluate("window.ran") is None
    assert len(blocked) == 2
