"""Every page a parent reaches, read on the demo team: no professional word left unexplained."""

from __future__ import annotations

import pytest
from parent_pages import PARENT, book_a_meeting, build_demo, parent_pages, unexplained

from demo import seed as demo
from webui import create_app
from webui.glossary import Explainer


@pytest.fixture(scope="module")
def parent_client(tmp_path_factory):
    """The demo team with a meeting booked, its parent logged in, and her pages: (client, pages)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('parent-pages') / 'demo.sqlite'}"
    build_demo(url)
    book_a_meeting(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "pages", "PASSWORD_PROFILE": "cheapest",
                      "WTF_CSRF_ENABLED": False, "TESTING": True})
    client = app.test_client()
    client.post("/login", data={"email": PARENT, "password": demo.DEMO_PASSWORD})
    return client, parent_pages(url), Explainer(app.extensions["teamaround.plugins"].glossary)


def test_the_parent_reaches_the_pages_of_her_child_and_her_account(parent_client):
    _, pages, _ = parent_client
    assert {"/children/1", "/children/1/team", "/meetings/1", "/account/availability", "/glossary"} <= set(pages)


def test_every_page_a_parent_reaches_explains_each_acronym_and_professional_term_it_uses(parent_client):
    client, pages, explainer = parent_client
    found = {page: unexplained(client.get(page).get_data(as_text=True), explainer) for page in pages}
    assert {page: words for page, words in found.items() if words} == {}
