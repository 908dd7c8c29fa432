"""A parent's pages on a phone: the menu folded, the timeline first, bursts of changes as one item."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from core.models import EntryKind, TimelineEntry

MINUTE = datetime(2026, 11, 10, 16, 5, tzinfo=UTC)


@pytest.fixture
def four_changes(db, plan, add_strategy):
    """The plan started and three strategies added, all in one minute."""
    for number in range(3):
        add_strategy(text=f"Picture card {number}")
    changes = db.scalars(select(TimelineEntry).where(TimelineEntry.kind == EntryKind.PLAN_CHANGE))
    for second, entry in enumerate(changes):
        entry.occurred_at = MINUTE + timedelta(seconds=second)
    db.flush()


def test_the_account_links_fold_into_a_menu_that_opens_without_javascript(client, auth, child_team):
    auth.login(child_team.parent)
    page = client.get("/").get_data(as_text=True)
    menu = page[page.index('<details class="menu"') : page.index("</details>")]
    assert "<summary>Menu</summary>" in menu
    assert 'href="/account/preferences"' in menu and 'href="/glossary"' in menu


def test_the_timeline_comes_first_with_adding_to_it_one_tap_away(client, auth, child_team):
    auth.login(child_team.parent)
    page = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
    assert page.index('href="#add"') < page.index('id="timeline-title"') < page.index('id="add"')
    assert page.index('id="add"') < page.index('id="post-title"')


def test_changes_made_together_are_one_item_that_opens_to_the_list_and_is_acknowledged_once(
    client, auth, child_team, four_changes
):
    auth.login(child_team.parent)
    page = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
    assert "The plan was updated: 4 changes" in page
    assert page.count("I have seen this") == 1
    listing = page[page.index('<details class="together"') :]
    assert all(f"Picture card {number}" in listing[: listing.index("</details>")] for number in range(3))
