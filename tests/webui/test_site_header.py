"""The header's menu is worked out once for each language and kind of reader and kept
(webui.site_header): what is kept must never carry one reader's own parts (their name,
their unread count, their links) to the next reader, however readers take turns."""

import re

import pytest

from core.people import accounts
from core.timeline import entries as timeline

MENU = re.compile(r'<ul class="menu-links">.*?</ul>', re.S)


@pytest.fixture
def menu_of(client, auth):
    """The account menu a person sees on their home page, signed in afresh."""

    def read(person) -> str:
        auth.logout()
        auth.login(person)
        return MENU.search(client.get("/").get_data(as_text=True)).group(0)

    return read


def test_each_of_two_readers_of_one_kind_sees_their_own_name(menu_of, child_team):
    menu_of(child_team.senco)
    menu = menu_of(child_team.teacher)
    assert f'<li class="meta" dir="auto">{child_team.teacher.display_name}</li>' in menu
    assert child_team.senco.display_name not in menu


def test_the_unread_count_is_the_readers_own_after_a_reader_who_had_one(menu_of, child_team, make_person, db, host):
    timeline.post_entry(db, child_team.teacher, child_team.child.id, {"kind": "update", "title": "x"}, host=host)
    assert '<span class="badge">1 new</span>' in menu_of(child_team.parent)
    assert 'class="badge"' not in menu_of(make_person("parent"))


def test_the_administrators_links_are_in_an_administrators_menu_only(menu_of, child_team):
    assert "Roster import" in menu_of(child_team.admin)
    assert "Roster import" not in menu_of(child_team.parent)


def test_a_professional_of_an_agency_has_the_referrals_link_and_a_senco_has_not(menu_of, child_team):
    assert "Referrals to your service" in menu_of(child_team.slt)
    assert "Referrals to your service" not in menu_of(child_team.senco)


def test_a_polish_reader_after_an_english_one_reads_the_menu_in_polish(menu_of, child_team, db):
    assert "Log out" in menu_of(child_team.teacher)
    accounts.update_preferences(db, child_team.parent, {"language": "pl"})
    menu = menu_of(child_team.parent)
    assert "Wyloguj" in menu and "Log out" not in menu
