"""Every page a parent reaches, read on the demo team in each language: no professional word left unexplained."""

from __future__ import annotations

import pytest
from page_language import typed_text
from parent_pages import (
    PARENT,
    book_a_meeting,
    build_demo,
    explainer_in,
    parent_pages,
    typed_without_own_direction,
    unexplained,
)
from sqlalchemy import select

from core.db import make_engine, make_session_factory
from core.models import Person
from demo import seed as demo
from webui import create_app


@pytest.fixture(scope="module")
def demo_team(tmp_path_factory):
    """The demo team with a meeting booked, and the pages its parent reaches: (url, pages)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('parent-pages') / 'demo.sqlite'}"
    build_demo(url)
    book_a_meeting(url)
    return url, parent_pages(url)


@pytest.fixture
def parent_reading(demo_team):
    """The parent logged in, reading in a language she chose: her client; English again afterwards."""
    url, _ = demo_team
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "pages",
            "PASSWORD_PROFILE": "cheapest",
            "WTF_CSRF_ENABLED": False,
            "TESTING": True,
        }
    )

    def reading(language):
        with make_session_factory(make_engine(url))() as db, db.begin():
            db.scalar(select(Person).where(Person.email == PARENT)).language = language
        client = app.test_client()
        client.post("/login", data={"email": PARENT, "password": demo.DEMO_PASSWORD})
        return client

    yield reading
    with make_session_factory(make_engine(url))() as db, db.begin():
        db.scalar(select(Person).where(Person.email == PARENT)).language = "en"


def test_the_parent_reaches_the_pages_of_her_child_and_her_account(demo_team):
    _, pages = demo_team
    assert {"/children/1", "/children/1/team", "/meetings/1", "/account/availability", "/glossary"} <= set(pages)


@pytest.mark.parametrize("language", ["en", "pl", "ur"])
def test_every_page_a_parent_reaches_explains_each_acronym_and_professional_term_it_uses_in_her_language(
    demo_team, parent_reading, language
):
    _, pages = demo_team
    client, explainer = parent_reading(language), explainer_in(language)
    found = {page: unexplained(client.get(page).get_data(as_text=True), explainer) for page in pages}
    assert {page: words for page, words in found.items() if words} == {}


def test_what_people_typed_keeps_its_own_direction_on_every_page_a_parent_reaches(demo_team, parent_reading):
    url, pages = demo_team
    client, typed = parent_reading("ur"), typed_text(url)
    found = {page: typed_without_own_direction(client.get(page).get_data(as_text=True), typed) for page in pages}
    assert {page: texts for page, texts in found.items() if texts} == {}
