"""A child's page keeps its links, filter and post form once for each language and shape
(webui.kept_parts): what is kept must never carry one child's id or name, one reader's form
or one reader's CSRF token to the next page, however readers and children take turns."""

import re

import pytest

from core.people import accounts
from core.timeline import entries as timeline

LINKS = re.compile(r'<p class="meta">.*?</p>', re.S)
POST_FORM = re.compile(r'<section aria-labelledby="post-title".*?</section>', re.S)
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def page_of(client, auth):
    """The timeline page of ``child`` as ``person`` sees it, signed in afresh."""

    def read(person, child, query="") -> str:
        auth.logout()
        auth.login(person)
        return client.get(f"/children/{child.id}{query}").get_data(as_text=True)

    return read


def test_a_childs_links_lead_to_that_childs_pages_after_another_childs(page_of, child_team):
    page_of(child_team.parent, child_team.child)
    links = LINKS.search(page_of(child_team.other_parent, child_team.other_child)).group(0)
    assert f'href="/children/{child_team.other_child.id}/plan"' in links
    assert "Who is in Leo's team" in links
    assert f"/children/{child_team.child.id}/" not in links and "Amara" not in links


def test_a_childs_name_in_the_links_is_shown_as_text(page_of, child_team, db):
    child_team.other_child.preferred_name = "<b>Leo</b>"
    db.flush()
    page_of(child_team.parent, child_team.child)
    links = LINKS.search(page_of(child_team.other_parent, child_team.other_child)).group(0)
    assert "Who is in &lt;b&gt;Leo&lt;/b&gt;'s team" in links


def test_the_post_form_carries_the_readers_own_csrf_token(page_of, child_team, client, app, monkeypatch):
    teachers = CSRF.search(POST_FORM.search(page_of(child_team.teacher, child_team.child)).group(0)).group(1)
    parents = CSRF.search(POST_FORM.search(page_of(child_team.parent, child_team.child)).group(0)).group(1)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)  # the tests' app leaves it off
    entry = {"kind": "home_observation", "title": "Slept well"}
    posted = f"/children/{child_team.child.id}/entries"
    assert client.post(posted, data=entry | {"csrf_token": teachers}).status_code == 400
    assert client.post(posted, data=entry | {"csrf_token": parents}).status_code == 302


def test_a_professional_is_offered_the_visibilities_a_parent_is_not(page_of, child_team):
    page_of(child_team.parent, child_team.child)
    assert 'id="entry-visibility"' in (form := POST_FORM.search(page_of(child_team.slt, child_team.child)).group(0))
    assert "Only my agency" in form
    assert "Only my agency" not in POST_FORM.search(page_of(child_team.parent, child_team.child)).group(0)


def test_a_refused_post_shows_what_was_typed_and_the_next_page_an_empty_form(page_of, child_team, client):
    page = page_of(child_team.parent, child_team.child)
    typed = {"kind": "home_observation", "title": "", "body": "Typed at home", "csrf_token": CSRF.search(page).group(1)}
    refused = client.post(f"/children/{child_team.child.id}/entries", data=typed)
    assert refused.status_code == 400
    assert "Typed at home</textarea>" in refused.get_data(as_text=True)
    again = client.get(f"/children/{child_team.child.id}").get_data(as_text=True)
    assert "Typed at home" not in again
    assert '<textarea id="entry-body" name="body" rows="4" dir="auto"></textarea>' in again


def test_a_chosen_filter_is_open_with_its_choice_and_the_plain_page_after_it_closed(page_of, child_team):
    chosen = page_of(child_team.parent, child_team.child, "?kind=message")
    assert '<details class="filters" open>' in chosen and '<option value="message" selected>' in chosen
    plain = page_of(child_team.parent, child_team.child)
    assert '<details class="filters" >' in plain and "selected>" not in plain


def test_a_polish_reader_after_an_english_one_reads_the_links_in_polish(page_of, child_team, db):
    assert "Chronology" in LINKS.search(page_of(child_team.teacher, child_team.child)).group(0)
    accounts.update_preferences(db, child_team.parent, {"language": "pl"})
    links = LINKS.search(page_of(child_team.parent, child_team.child)).group(0)
    assert "Chronology" not in links and "Chronologia" in links


def test_a_page_served_under_a_script_root_links_under_it_after_one_served_without(
    page_of, child_team, client, db, host
):
    timeline.post_entry(db, child_team.teacher, child_team.child.id, {"kind": "update", "title": "Spelling"}, host=host)
    page_of(child_team.parent, child_team.child)
    page = client.get(f"/children/{child_team.child.id}", environ_overrides={"SCRIPT_NAME": "/school"})
    html = page.get_data(as_text=True)
    assert 'action="/school/entries/' in html and f'href="/school/children/{child_team.child.id}/plan"' in html
    assert 'action="/entries/' not in html and f'href="/children/{child_team.child.id}/plan"' not in html
