"""A SENCO's home lists the families' messages waiting for a reply and what is new since they
last looked (webui.entry_list_html): each item links to its entry, shows a typed title as text
with the glossary's words explained, its author and its time."""

import re

import pytest

from core.timeline import entries as timeline


def section(page: str, title_id: str) -> str:
    return re.search(rf'id="{title_id}".*?</ul>', page, re.S).group(0)


@pytest.fixture
def message(db, child_team, host):
    data = {"kind": "message", "title": "<b>Using the visual timetable</b> at home"}
    return timeline.post_entry(db, child_team.parent, child_team.child.id, data, host=host)


@pytest.fixture
def home(client, auth, child_team):
    auth.login(child_team.senco)
    return client.get("/").get_data(as_text=True)


def test_a_familys_message_waiting_links_to_its_entry_and_shows_its_title_as_text(message, home, child_team):
    waiting = section(home, "waiting-title")
    assert f'<a href="/children/{child_team.child.id}#entry-{message.id}">' in waiting
    assert "&lt;b&gt;Using the visual timetable&lt;/b&gt; at home</a>" in waiting
    assert 'href="/glossary#term-visual-timetable"' in waiting
    assert "<bdi>Grace Okafor</bdi>" in waiting


def test_an_entry_new_since_the_senco_last_looked_is_listed(message, home, child_team):
    assert f"#entry-{message.id}" in section(home, "new-title")


def test_with_nothing_new_the_senco_has_seen_everything(home):
    assert "<li>You have seen everything.</li></ul>" in section(home, "new-title")


def test_with_no_meeting_coming_up_the_senco_is_told_so(home):
    assert "<ul><li>No meetings coming up.</li></ul>" in section(home, "next-meetings-title")
