"""The main journeys, end to end in a real browser."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from core.types import utcnow

PARENT = "grace.okafor@demo.teamaround.example"
SENCO = "senco@demo.teamaround.example"
THERAPIST = "slt@demo.teamaround.example"
NARROWEST = {"width": 320, "height": 640}


def fits_the_screen(page) -> bool:
    """Nothing sticks out sideways: the page never scrolls horizontally."""
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def acknowledge_the_first_unseen_entry(journey):
    journey.page.get_by_role("button", name="I have seen this").first.click()
    expect(journey.page.get_by_text("Seen by Grace Okafor").first).to_be_visible()
    journey.check("acknowledged")


def post_a_home_observation(journey, title):
    page = journey.page
    page.get_by_label("What is it?").select_option("home_observation")
    page.get_by_label("Title").fill(title)
    page.get_by_label("What happened").fill("Noticed at home this week.")
    page.get_by_role("button", name="Post").click()
    expect(page.get_by_role("status")).to_contain_text("Your entry is on the timeline")
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    journey.check("posted")


def test_a_parent_on_a_phone_reads_acknowledges_and_posts(journey, page, phone):
    page.set_viewport_size(phone)
    journey.login(PARENT)
    journey.open_timeline()
    assert fits_the_screen(page)

    term = page.locator("button.term-toggle").first
    explanation = page.locator("#" + term.get_attribute("aria-controls"))
    expect(term).to_have_attribute("aria-expanded", "false")
    expect(explanation).to_be_hidden()
    term.click()
    expect(term).to_have_attribute("aria-expanded", "true")
    expect(explanation).to_be_visible()
    journey.check("glossary-open")
    term.focus()
    page.keyboard.press("Enter")
    expect(explanation).to_be_hidden()

    acknowledge_the_first_unseen_entry(journey)
    post_a_home_observation(journey, "Slept through the night")


def test_a_therapist_corrects_an_assessment_after_the_error_summary(journey, page):
    journey.login(THERAPIST)
    journey.open_timeline()
    page.get_by_role("link", name="Therapy targets").click()
    expect(page.locator("#payload-targets-0-target")).to_be_visible()
    journey.check("form")
    page.locator("#payload-targets-0-target").fill("Use 3-word sentences to ask for help")
    page.locator("#payload-targets-0-by_when").fill("2027-07-01")
    page.get_by_role("button", name="Save the assessment").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    journey.check("errors")
    summary.get_by_role("link").first.click()
    expect(page.locator("#payload-targets-0-how_measured")).to_be_focused()
    page.locator("#payload-targets-0-how_measured").fill("4 times out of 5 in class, counted weekly")
    page.get_by_role("button", name="Save the assessment").click()
    expect(page.get_by_role("status")).to_contain_text("is on the timeline")
    journey.check("saved")


def test_a_therapist_edits_the_familys_summary_seeing_it_as_the_family_will(journey, page):
    journey.login(THERAPIST)
    journey.open_timeline()
    page.get_by_role("link", name="Therapy targets").click()
    page.locator("#payload-targets-0-target").fill("Use 3-word sentences to ask for help")
    page.locator("#payload-targets-0-how_measured").fill("4 times out of 5 in class, counted weekly")
    page.locator("#payload-targets-0-by_when").fill((utcnow().date() + timedelta(days=120)).isoformat())
    page.get_by_role("button", name="Show what the family will read").click()
    expect(page.get_by_label("What happens next")).to_be_visible()
    journey.check("family-summary")
    page.get_by_label("What happens next").fill("Owen will send a game home every Friday.")
    page.get_by_role("button", name="Save the assessment").click()
    expect(page.get_by_role("status")).to_contain_text("is on the timeline")
    expect(page.get_by_text("Owen will send a game home every Friday.")).to_be_visible()


def test_a_senco_books_a_meeting_from_the_suggested_times_and_downloads_the_invite(journey, page):
    journey.login(SENCO)
    journey.open_timeline()
    page.get_by_role("link", name="Meetings").click()
    expect(page.get_by_role("heading", level=1, name=re.compile("'s meetings$"))).to_be_visible()
    journey.check("meetings")
    finder = page.locator("#required")
    finder.get_by_label(re.compile("Grace Okafor")).check()
    finder.get_by_label(re.compile("Owen Davies")).check()
    page.get_by_role("button", name="Show times").click()
    expect(page.get_by_role("heading", name="Times that suit everyone")).to_be_visible()
    journey.check("suggestions")
    chosen = page.get_by_role("radio").first
    expect(chosen).to_be_checked()
    page.get_by_label("Where (room or address)").fill("Library")
    page.get_by_role("button", name="Book and send invitations").click()
    expect(page.get_by_role("heading", name="Team around the child meeting")).to_be_visible()
    journey.check("meeting")
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to my calendar").click()
    text = open(download.value.path()).read()
    assert "METHOD:REQUEST" in text and "DTSTART;TZID=Europe/London:" in text
    assert text.count("ATTENDEE") == 3


def test_a_parent_on_a_phone_reads_a_targets_progress_and_adds_a_reading_from_home(journey, page, phone):
    page.set_viewport_size(phone)
    journey.login(PARENT)
    journey.open_timeline()
    page.get_by_role("link", name="Plan and progress").click()
    expect(page.get_by_role("heading", name="Amara Okafor's plan", level=1)).to_be_visible()
    assert fits_the_screen(page)
    journey.check("plan")

    target = page.locator("section.outcome", has_text="Does up her coat zip on her own")
    expect(target.get_by_role("img", name=re.compile("Does up her coat zip"))).to_be_visible()
    readings = target.get_by_role("table").locator("tbody tr")
    expect(readings.first).to_be_visible()
    before = readings.count()

    target.get_by_text("Add a reading from home").click()
    target.get_by_label("Reading (days out of 5)").fill("3")
    target.get_by_label("Note (optional)").fill("Did it on her own before school")
    target.get_by_role("button", name="Save the reading").click()
    expect(page.get_by_role("status")).to_contain_text("The reading is saved")
    expect(readings).to_have_count(before + 1)
    expect(readings.filter(has_text="3 days out of 5").first).to_be_visible()
    journey.check("reading-added")


def test_a_senco_adds_a_target_after_the_error_summary_points_to_the_missing_value(journey, page):
    today = utcnow().date()
    journey.login(SENCO)
    journey.open_timeline()
    page.get_by_role("link", name="Plan and progress").click()
    expect(page.get_by_role("heading", level=1, name=re.compile("'s plan$"))).to_be_visible()
    journey.check("plan")

    page.locator("#new-outcome summary").click()
    form = page.locator("#new-outcome")
    form.get_by_label("Area of need").select_option("communication_and_interaction")
    form.get_by_label("What the child will do").fill("Asks for help with a help card")
    form.get_by_label("How it is counted").fill("times a day")
    form.get_by_label("Where the child is now").fill("0")
    form.get_by_label("Measured on").fill(today.isoformat())
    form.get_by_label("To be met by").fill((today + timedelta(days=60)).isoformat())
    form.get_by_label("Who leads on it").select_option(label="Owen Davies (Speech and language therapist)")
    form.get_by_role("button", name="Add the target").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    journey.check("errors")
    summary.get_by_role("link", name=re.compile("^Target value: Measurable")).click()
    expect(page.locator("#new-outcome-target_value")).to_be_focused()
    page.locator("#new-outcome-target_value").fill("3")
    page.locator("#new-outcome").get_by_role("button", name="Add the target").click()
    expect(page.get_by_role("status")).to_contain_text("The target is added to the plan")
    expect(page.get_by_role("heading", name="Asks for help with a help card")).to_be_visible()
    journey.check("target-added")


@pytest.mark.parametrize(("who", "email"), [("parent", PARENT), ("senco", SENCO)], ids=["parent", "senco"])
def test_the_main_pages_do_not_scroll_sideways_on_a_320_px_screen(journey, page, demo_meeting, who, email):
    page.set_viewport_size(NARROWEST)
    journey.login(email)
    timeline = journey.base_url + page.get_by_role("link", name="Amara Okafor", exact=True).get_attribute("href")
    for what, address in [
        ("timeline", timeline),
        ("plan", timeline + "/plan"),
        ("meeting", f"{journey.base_url}/meetings/{demo_meeting}"),
    ]:
        page.goto(address)
        assert fits_the_screen(page), f"the {what} page scrolls sideways at 320 px"
        journey.check(f"{who}-{what}")


def test_a_parent_without_javascript_reads_an_explanation_acknowledges_and_posts(journey_without_javascript):
    journey, page = journey_without_javascript, journey_without_javascript.page
    journey.login(PARENT)
    journey.open_timeline()
    expect(page.locator(".term .explanation").first).to_be_visible()

    acknowledge_the_first_unseen_entry(journey)

    page.get_by_text("Show only some entries").click()
    page.get_by_label("Kind of entry").select_option("home_observation")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page).to_have_url(re.compile(r"kind=home_observation"))
    journey.check("filtered")

    post_a_home_observation(journey, "Ate breakfast at the table")
