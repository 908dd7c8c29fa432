"""Urdu, written from right to left: the page says so, and the language list offers it by its own name."""

import pytest

from core.people import accounts


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
