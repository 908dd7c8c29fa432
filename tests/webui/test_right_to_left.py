"""Urdu, written from right to left: the page says so, and the language list offers it by its own name."""

import pytest

from core.people import accounts
from core.timeline import entries as timeline


@pytest.mark.parametrize(("language", "direction"), [("ur", "rtl"), ("pl", "ltr"), ("en", "ltr")])
def test_the_page_is_written_in_the_direction_of_the_readers_language(
    client, auth, db, child_team, language, direction
):
    accounts.update_preferences(db, child_team.parent, {"language": language})
    auth.login(child_team.parent)
    page = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
    assert f'<html lang="{language}" dir="{direction}">' in page


def test_the_language_list_offers_urdu_in_urdu(client, auth, child_team):
    auth.login(child_team.parent)
    page = client.get("/account/preferences").get_data(as_text=True)
    assert '<option value="ur" lang="ur">اردو</option>' in page


def test_what_a_parent_wrote_keeps_its_own_direction_inside_a_page_in_another(
    client, auth, db, child_team, host, plan
):
    timeline.post_entry(
        db,
        child_team.parent,
        child_team.child.id,
        {"kind": "home_observation", "title": "آج اچھا دن تھا", "body": "اس نے ناشتہ خود کیا۔"},
        host=host,
    )
    auth.login(child_team.teacher)
    page = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
    assert '<h3 dir="auto">آج اچھا دن تھا</h3>' in page and '<p dir="auto">اس نے ناشتہ خود کیا۔</p>' in page
    assert '<textarea id="entry-body" name="body" rows="4" dir="auto">' in page


def test_what_the_system_wrote_takes_the_direction_of_the_page(client, auth, db, child_team, plan):
    accounts.update_preferences(db, child_team.parent, {"language": "ur"})
    auth.login(child_team.parent)
    page = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
    assert "<h3>مدد کا نیا منصوبہ شروع ہوا</h3>" in page
