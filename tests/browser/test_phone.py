"""Every page a parent reaches, on the narrowest phones, in one load each: nothing sticks
out sideways, no table cell loses its column's name, no professional word is left
unexplained, nothing is left in English when she reads Polish or Urdu (right to left),
and axe finds nothing serious."""

import json

import pytest
from page_language import english_left, typed_text
from parent_pages import PARENT, explainer_in, parent_pages, unexplained
from playwright.sync_api import expect
from sqlalchemy import select

from core.db import make_engine, make_session_factory
from core.models import Person
from webui.i18n import own_name

PHONES = [{"width": 320, "height": 640}, {"width": 375, "height": 812}]
# The narrowest phone reads every page in Polish and in Urdu, the common one in English.
READINGS = [
    pytest.param(PHONES[0], "pl", id="320px-pl"),
    pytest.param(PHONES[0], "ur", id="320px-ur"),
    pytest.param(PHONES[1], "en", id="375px-en"),
]

# Cells of a table whose column names are hidden (stacked on a phone) and that do not say
# which column they are in; and how far the page sticks out sideways.
MEASURE = """() => ({
  overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  nameless: [...document.querySelectorAll("table")]
    .filter(table => table.tHead && !table.tHead.checkVisibility())
    .flatMap(table => [...table.querySelectorAll("tbody td:not([colspan])")])
    .filter(cell => !cell.dataset.label || !getComputedStyle(cell, "::before").content.includes(cell.dataset.label))
    .map(cell => cell.textContent.trim().slice(0, 40)),
  direction: document.documentElement.dir,
  text: [document.title, ...(() => {
    // A term's explanation is read on its own, so that a note it sits in reads whole.
    const skipped = node => node.parentElement.closest("script, style, .explanation");
    const words = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
      acceptNode: node => skipped(node) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
    });
    while (walker.nextNode()) words.push(walker.currentNode.data);
    const explanations = [...document.body.querySelectorAll(".explanation")].map(element => element.textContent);
    const labelled = [...document.body.querySelectorAll("[aria-label], [placeholder], [title], [alt]")];
    const said = element => ["aria-label", "placeholder", "title", "alt"].map(name => element.getAttribute(name));
    return [
      ...words, ...explanations,
      ...labelled.flatMap(said),
    ];
  })()].filter(Boolean).join(" ¶ "),
})"""


@pytest.fixture(scope="session")
def pages_of_the_parent(demo_database, demo_meeting):
    """The demo parent's pages, listed from the app's URL map (see tests/parent_pages.py)."""
    return parent_pages(demo_database)


@pytest.fixture(scope="session")
def typed(demo_database, demo_meeting):
    """Names and what people typed in the demo: the reader's own words in any language."""
    return typed_text(demo_database)


@pytest.fixture
def reading_in(journey, page, demo_database):
    """Log the parent in and choose a language on her preferences page, as she would;
    English again afterwards, for the other tests of the same demo."""

    def choose(language):
        journey.login(PARENT)
        if language != "en":
            page.goto(journey.base_url + "/account/preferences")
            page.get_by_label("Language you prefer").select_option(label=own_name(language))
            page.get_by_role("button", name="Save").click()

    yield choose
    with make_session_factory(make_engine(demo_database))() as db, db.begin():
        db.scalar(select(Person).where(Person.email == PARENT)).language = "en"


@pytest.mark.parametrize(("phone", "language"), READINGS)
def test_every_page_a_parent_reaches_fits_a_phone_in_her_language_explains_its_words_and_passes_axe(
    journey, page, phone, language, reading_in, pages_of_the_parent, typed
):
    page.set_viewport_size(phone)
    reading_in(language)
    direction = "rtl" if language == "ur" else "ltr"
    explainer = explainer_in(language)
    found = {}
    for address in pages_of_the_parent:
        page.goto(journey.base_url + address)
        measured = page.evaluate(MEASURE)
        problems = {
            "overflow": measured["overflow"] if measured["overflow"] > 0 else None,
            "nameless": measured["nameless"],
            "direction": measured["direction"] if measured["direction"] != direction else None,
            "unexplained": unexplained(page.content(), explainer),
            "english": english_left(measured["text"], language, typed) if language != "en" else [],
        }
        if any(problems.values()):
            found[address] = {name: problem for name, problem in problems.items() if problem}
        journey.check(address.strip("/").replace("/", "-") or "home")
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


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
