"""The main journeys, end to end in a real browser."""

import re

from playwright.sync_api import expect

PHONE = {"width": 375, "height": 812}


def test_a_parent_on_a_phone_reads_acknowledges_and_posts(journey, page):
    page.set_viewport_size(PHONE)
    journey.login("grace.okafor@demo.teamaround.example")
    expect(page.get_by_role("heading", name="Your children")).to_be_visible()
    journey.check("children")
    page.get_by_role("link", name="Amara Okafor").click()
    expect(page.get_by_role("heading", name="Timeline", exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    journey.check("timeline")

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

    page.get_by_role("button", name="I have seen this").first.click()
    expect(page.get_by_text("Seen by Grace Okafor").first).to_be_visible()

    page.get_by_label("What is it?").select_option("home_observation")
    page.get_by_label("Title").fill("Slept through the night")
    page.get_by_label("What happened").fill("First full night's sleep in weeks after the new bedtime routine.")
    page.get_by_role("button", name="Post").click()
    expect(page.get_by_role("status")).to_contain_text("Your entry is on the timeline")
    expect(page.get_by_role("heading", name="Slept through the night")).to_be_visible()
    journey.check("posted")


def test_a_therapist_corrects_an_assessment_after_the_error_summary(journey, page):
    journey.login("slt@demo.teamaround.example")
    page.get_by_role("link", name="Amara Okafor").click()
    page.get_by_role("link", name="Therapy targets").click()
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


def test_a_senco_books_a_meeting_from_the_suggested_times_and_downloads_the_invite(journey, page):
    journey.login("senco@demo.teamaround.example")
    page.get_by_role("link", name="Amara Okafor").click()
    page.get_by_role("link", name="Meetings").click()
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
