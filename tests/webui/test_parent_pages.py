"""Every page a parent reaches, read on the demo team: no professional word left unexplained."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from parent_pages import PARENT, book_a_meeting, build_demo, parent_pages

from demo import seed as demo
from webui import create_app
from webui.glossary import Explainer

# Capitals that are not professional shorthand: everyone meets them outside school
# (the CSV download also says "spreadsheet" beside it; UK names a test's edition; MB a file's size).
EVERYDAY_CAPITALS = frozenset({"PDF", "CSV", "UK", "MB"})
ACRONYM = re.compile(r"(?<![\w-])[A-Z][A-Z0-9]*[A-Z](?![\w-])")


class _PageText(HTMLParser):
    """The words a reader meets on a page, and the terms the page explains.

    Explanations are left out (beside a term, or a glossary's definition): a term is
    explained by its own explanation, not by appearing inside another's.
    """

    SILENT = {"script", "style", "head"}
    # Words in two of these ("Plan", then "Review", headings of their own) are not one phrase.
    BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "section", "article",
              "summary", "label", "option", "button", "legend", "tr", "ul", "ol", "details", "header", "nav", "main",
              "form", "fieldset", "title", "br", "pre", "table", "blockquote"}
    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "col", "wbr", "area", "base", "embed", "track"}

    def __init__(self):
        super().__init__()
        self.words: list[str] = []
        self.explained: set[str] = set()
        self._open: list[tuple[str, bool, bool, list[str]]] = []  # tag, silent, names a term, classes

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.words.append(" ¶ ")
        if tag in self.VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        parent = self._open[-1] if self._open else ("", False, False, [])
        definition = tag == "dd" and "glossary" in parent[3]
        silent = parent[1] or tag in self.SILENT or "explanation" in classes or definition
        self._open.append((tag, silent, "term-word" in classes or tag == "dfn", classes))

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self.words.append(" ¶ ")
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self._open and self._open[-1][2]:
            self.explained.add(" ".join(data.split()).casefold())
        elif not (self._open and self._open[-1][1]):
            self.words.append(data)


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


def unexplained(html: str, explainer: Explainer) -> list[str]:
    """The acronyms and glossary terms a page uses without explaining them anywhere on it."""
    page = _PageText()
    page.feed(html)
    text = "".join(page.words)
    terms = list(explainer.pattern.finditer(text))
    used = {" ".join(match.group(0).split()).casefold() for match in terms}
    for match in terms:  # the capitals of a term (SEN in "SEN support") are explained with it
        text = text[: match.start()] + " " * len(match.group(0)) + text[match.end() :]
    used |= {match.casefold() for match in ACRONYM.findall(text) if match not in EVERYDAY_CAPITALS}
    return sorted(used - page.explained)


def test_the_parent_reaches_the_pages_of_her_child_and_her_account(parent_client):
    _, pages, _ = parent_client
    assert {"/children/1", "/children/1/team", "/meetings/1", "/account/availability", "/glossary"} <= set(pages)


def test_every_page_a_parent_reaches_explains_each_acronym_and_professional_term_it_uses(parent_client):
    client, pages, explainer = parent_client
    found = {page: unexplained(client.get(page).get_data(as_text=True), explainer) for page in pages}
    assert {page: words for page, words in found.items() if words} == {}
