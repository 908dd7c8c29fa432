"""Every page a parent reaches, on the narrowest phones, in one load each: nothing sticks
out sideways, no table cell loses its column's name, and axe finds nothing serious."""

import pytest
from parent_pages import PARENT, parent_pages
from playwright.sync_api import expect

PHONES = [{"width": 320, "height": 640}, {"width": 375, "height": 812}]

# Cells of a table whose column names are hidden (stacked on a phone) and that do not say
# which column they are in; and how far the page sticks out sideways.
MEASURE = """() => ({
  overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  nameless: [...document.querySelectorAll("table")]
    .filter(table => table.tHead && !table.tHead.checkVisibility())
    .flatMap(table => [...table.querySelectorAll("tbody td:not([colspan])")])
    .filter(cell => !cell.dataset.label || !getComputedStyle(cell, "::before").content.includes(cell.dataset.label))
    .map(cell => cell.textContent.trim().slice(0, 40)),
})"""


@pytest.fixture(scope="session")
def pages_of_the_parent(demo_database, demo_meeting):
    """The demo parent's pages, listed from the app's URL map (see tests/parent_pages.py)."""
    return parent_pages(demo_database)


@pytest.mark.parametrize("phone", PHONES, ids=["320px", "375px"])
def test_every_page_a_parent_reaches_fits_a_phone_labels_its_cells_and_passes_axe(
    journey, page, phone, pages_of_the_parent
):
    page.set_viewport_size(phone)
    journey.login(PARENT)
    found = {}
    for address in pages_of_the_parent:
        page.goto(journey.base_url + address)
        measured = page.evaluate(MEASURE)
        if measured["overflow"] > 0 or measured["nameless"]:
            found[address] = measured
        journey.check(address.strip("/").replace("/", "-") or "home")
    assert found == {}


def test_the_menu_is_folded_on_a_phone_and_opens_without_javascript(journey_without_javascript):
    journey, page = journey_without_javascript, journey_without_javascript.page
    page.set_viewport_size(PHONES[0])
    journey.login(PARENT)
    link = page.get_by_role("link", name="Contact preferences")
    expect(link).to_be_hidden()
    page.locator("summary", has_text="Menu").click()
    expect(link).to_be_visible()
    journey.check("menu-open")
    link.click()
    expect(page.get_by_role("heading", name="How you want to be contacted")).to_be_visible()


def test_the_menu_is_a_row_of_links_on_a_wide_screen(journey, page):
    page.set_viewport_size({"width": 1280, "height": 800})
    journey.login(PARENT)
    expect(page.get_by_role("link", name="Contact preferences")).to_be_visible()
    expect(page.locator("summary", has_text="Menu")).to_be_hidden()
