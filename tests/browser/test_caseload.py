"""The SENCO's caseload on a phone and on a desktop, in each language: in one load, nothing sticks
out sideways, every cell keeps its column's name when the table stacks, each child is a row
header, nothing is left in English when the SENCO reads Polish or Urdu, and axe finds nothing
serious."""

import pytest
from page_language import english_left, typed_text
from playwright.sync_api import expect
from sqlalchemy import select

from core.db import make_engine, make_session_factory
from core.models import Person

SENCO = "senco@demo.teamaround.example"

MEASURE = """() => {
  const table = document.querySelector("table.caseload");
  const stacked = getComputedStyle(table).display === "block";
  return {
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    stacked,
    nameless: [...table.querySelectorAll("tbody td:not([colspan])")]
      .filter(() => stacked)
      .filter(cell => !cell.dataset.label || !getComputedStyle(cell, "::before").content.includes(cell.dataset.label))
      .map(cell => cell.textContent.trim().slice(0, 40)),
    children: [...table.querySelectorAll("tbody th[scope=row] a")].map(link => link.textContent.trim()),
    text: [...document.querySelectorAll("form[role=search], #caseload-count, table.caseload")]
      .map(element => element.innerText).join(" ¶ "),
  };
}"""

PHONE, DESKTOP = {"width": 320, "height": 640}, {"width": 1280, "height": 800}


@pytest.fixture
def senco_reads(demo_database):
    """Set the demo SENCO's language; English again afterwards, for the other tests of the same demo."""

    def choose(language):
        with make_session_factory(make_engine(demo_database))() as db, db.begin():
            db.scalar(select(Person).where(Person.email == SENCO)).language = language

    yield choose
    choose("en")


@pytest.fixture(scope="session")
def typed(demo_database, demo_meeting):
    return typed_text(demo_database)


@pytest.mark.parametrize(
    ("screen", "language"),
    [
        pytest.param(PHONE, "pl", id="phone-pl"),
        pytest.param(PHONE, "ur", id="phone-ur"),
        pytest.param(DESKTOP, "en", id="desktop-en"),
    ],
)
def test_the_caseload_fits_the_screen_names_every_cell_reads_in_the_language_and_passes_axe(
    journey, page, screen, language, senco_reads, typed
):
    page.set_viewport_size(screen)
    journey.login(SENCO)
    senco_reads(language)
    page.goto(journey.base_url + "/")
    expect(page.locator("table.caseload")).to_be_visible()
    measured = page.evaluate(MEASURE)
    journey.check(f"caseload-{language}")
    stacked = screen is PHONE
    assert (measured["overflow"], measured["stacked"], measured["nameless"]) == (0, stacked, [])
    assert "Amara Okafor" in measured["children"]
    assert (english_left(measured["text"], language, typed) if language != "en" else []) == []
