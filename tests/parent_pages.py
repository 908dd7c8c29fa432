"""The demo team, and every page its parent reaches, listed from the app's URL map.

A route is one of the parent's pages when a GET of it, with its arguments taken from the
records of her children, answers her with an HTML page. The routes come from the URL map,
so a new page is read by the tests that use this list without anyone adding it here; a
new kind of argument fails the listing until someone says where its values come from.
"""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser
from itertools import product

from flask import url_for
from sqlalchemy import select

from core.db import make_engine, make_session_factory
from core.meetings import booking as meetings
from core.migrations import upgrade
from core.models import (
    Child,
    Document,
    Meeting,
    Membership,
    Notification,
    Person,
    Plan,
    PlanVersion,
    Referral,
    TimelineEntry,
)
from core.people.passwords import CHEAPEST
from core.plugins import load_plugins
from core.site import Site
from core.types import utcnow
from demo import seed as demo
from webui import create_app
from webui.glossary import Explainer, in_language
from webui.wording import Catalogues

PARENT = "grace.okafor@demo.teamaround.example"

# Not pages: the API, files to download (a bundle's PDF among them), and the calendar feed reached by its secret.
NOT_PAGES = ("/api/", "/static/")
DOWNLOADS = (".ics", ".csv", ".json", ".zip", ".pdf")


def build_demo(url: str) -> None:
    """The demo team in a new database at ``url``."""
    upgrade(url)
    with make_session_factory(make_engine(url))() as db, db.begin():
        demo.ensure_demo(db, load_plugins(), CHEAPEST)


def book_a_meeting(url: str) -> int:
    """A meeting about Amara in a week's time, booked by the SENCO with her mother invited: its id."""
    with make_session_factory(make_engine(url))() as db, db.begin():
        person = {p.email: p for p in db.scalars(select(Person))}
        amara = db.scalar(select(Child).where(Child.full_name == "Amara Okafor"))
        starts = (utcnow() + timedelta(days=7)).replace(hour=15, minute=30, second=0, microsecond=0)
        meeting = meetings.schedule(
            db,
            person["senco@demo.teamaround.example"],
            amara.id,
            {
                "purpose": "iep_review",
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(hours=1)).isoformat(),
                "location": "School library",
                "attendees": [{"person_id": person[PARENT].id, "required": True}],
            },
            site=Site(host=load_plugins()),
        )
        return meeting.id


def _argument_values(db, parent: Person, host) -> dict[str, list]:
    """Where each kind of URL argument comes from: the parent's children and their records."""
    children = list(db.scalars(select(Membership.child_id).where(Membership.person_id == parent.id)))
    return {
        "child_id": children,
        "meeting_id": list(db.scalars(select(Meeting.id).where(Meeting.child_id.in_(children)))),
        "version_id": list(
            db.scalars(select(PlanVersion.id).join(Plan).where(Plan.child_id.in_(children)).limit(2))
        ),
        "entry_id": list(
            db.scalars(select(TimelineEntry.id).where(TimelineEntry.child_id.in_(children)).limit(3))
        ),
        "notification_id": list(
            db.scalars(select(Notification.id).where(Notification.recipient_id == parent.id).limit(1))
        ),
        "referral_id": list(db.scalars(select(Referral.id).where(Referral.child_id.in_(children)))),
        "key": sorted(host.assessment_types),
        "document_id": list(db.scalars(select(Document.id).where(Document.child_id.in_(children)).limit(2))),
        # A link mailed to someone not signed up yet: not a page of a parent who is signed in.
        "secret": [],
        # An administrator's roster imports: none is a parent's.
        "import_id": [],
    }


def parent_pages(url: str) -> list[str]:
    """The address of every page the demo parent reaches, in the database at ``url``."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "pages", "PASSWORD_PROFILE": "cheapest",
                      "WTF_CSRF_ENABLED": False, "TESTING": True})
    host = app.extensions["teamaround.plugins"]
    with make_session_factory(make_engine(url))() as db:
        parent = db.scalar(select(Person).where(Person.email == PARENT))
        values = _argument_values(db, parent, host)
    client = app.test_client()
    pages = ["/login"]
    client.post("/login", data={"email": PARENT, "password": demo.DEMO_PASSWORD})
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if "GET" not in rule.methods or rule.rule.startswith(NOT_PAGES) or rule.rule.endswith(DOWNLOADS):
            continue
        if rule.rule == "/login":
            continue
        missing = [name for name in rule.arguments if name not in values]
        assert not missing, f"{rule.rule}: say in tests/parent_pages.py where a parent's {missing} come from"
        names = sorted(rule.arguments)
        with app.test_request_context():
            addresses = [
                url_for(rule.endpoint, **dict(zip(names, chosen, strict=True)))
                for chosen in product(*(values[name] for name in names))
            ]
        for address in addresses:
            answer = client.get(address)
            if answer.status_code == 200 and answer.mimetype == "text/html":
                pages.append(address)
    return pages


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
        self._open.append((tag, silent, bool({"term-word", "term-toggle"} & set(classes)) or tag == "dfn", classes))

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


def explainer_in(language: str) -> Explainer:
    """The glossary as a reader of ``language`` meets it: terms named and explained in it."""
    host = load_plugins()
    return in_language(host, Catalogues(host.catalogues).reader(language, "UTC"))


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


class _TypedText(HTMLParser):
    """Text nodes that are wholly what a person typed, and the direction their element sets."""

    def __init__(self, typed: re.Pattern):
        super().__init__()
        self.typed, self.found = typed, []
        self._open: list[tuple[str, str | None]] = []  # tag, its dir

    def handle_starttag(self, tag, attrs):
        if tag not in _PageText.VOID:
            # <bdi> isolates its text and takes its direction from it, as dir="auto" does.
            self._open.append((tag, "auto" if tag == "bdi" else dict(attrs).get("dir")))

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data):
        text = " ".join(data.split())
        # A chart (svg) draws its own labels, mirrored with the page: it is not read as text runs.
        outside = any(tag in ("head", "script", "style", "svg") for tag, _ in self._open)
        if sum(character.isalpha() for character in text) < 3 or outside:
            return
        if self.typed.fullmatch(text):
            direction = next((given for _, given in reversed(self._open) if given), None)
            if direction != "auto":
                self.found.append(f"<{self._open[-1][0]}> {text[:40]}")


def typed_without_own_direction(html: str, typed: re.Pattern) -> list[str]:
    """What people typed that takes the page's direction instead of its own (dir="auto"):
    Urdu typed into an English page, or English into an Urdu one, reads in the wrong order."""
    page = _TypedText(typed)
    page.feed(html)
    return sorted(set(page.found))
