"""The SENCO's caseload on a phone and on a desktop: in one load, nothing sticks out sideways,
every cell keeps its column's name when the table stacks, each child is a row header, and axe
finds nothing serious."""

import pytest
from playwright.sync_api import expect

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
  };
}"""


@pytest.mark.parametrize(
    ("screen", "stacked"),
    [
        pytest.param({"width": 320, "height": 640}, True, id="phone"),
        pytest.param({"width": 1280, "height": 800}, False, id="desktop"),
    ],
)
def test_the_caseload_fits_the_screen_names_every_cell_and_passes_axe(journey, page, screen, stacked):
    page.set_viewport_size(screen)
    journey.login(SENCO)  # lands on the caseload, which it screenshots and checks with axe
    expect(page.get_by_role("search", name="Find children")).to_be_visible()
    measured = page.evaluate(MEASURE)
    assert (measured["overflow"], measured["stacked"], measured["nameless"]) == (0, stacked, [])
    assert "Amara Okafor" in measured["children"]
