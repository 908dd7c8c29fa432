"""Professional words explained where they appear, and the glossary page they link to.

The first mention of a term carries its plain explanation right after it, so it is
there without JavaScript, in print and for a screen reader, and the term links to the
glossary page. With JavaScript (static/glossary.js) the term becomes a button that
shows and hides the explanation, by touch, click or keyboard: a disclosure, whose
button says whether it is expanded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from html import unescape

from flask import Blueprint, Flask, current_app, has_request_context, render_template, request, url_for
from flask_login import login_required
from jinja2 import pass_context
from markupsafe import Markup, escape

from core.contributions import GlossaryTerm
from core.plugins import PluginHost
from webui import wording
from webui.database import plugin_host
from webui.wording import Reader, escaped

blueprint = Blueprint("glossary", __name__)


class Explainer:
    """Finds glossary terms in the text of one language; built once per language, as the
    glossary only changes at start-up."""

    def __init__(self, terms: dict[str, GlossaryTerm], plain=lambda term: term.plain, name=lambda term: term.term):
        self.terms = terms
        self.plain = plain  # a term's explanation in the reader's language
        self.name = name  # a term's name in the reader's language
        self._explained: dict[str, tuple[str, str]] = {}  # by key: a term's anchor and explanation, as HTML
        self._glossary_page = (None, "")  # the script root and the glossary page's address under it

    @cached_property
    def named(self) -> dict[str, GlossaryTerm]:
        """Each term by its name in the reader's language, and by its English name, which
        people type whatever the page's language ("the EHCP" in a note read in Polish)."""
        english = {_key(term.term): term for term in self.terms.values()}
        return english | {_key(self.name(term)): term for term in self.terms.values()}

    @cached_property
    def _names(self) -> set[str]:
        return {term.term for term in self.terms.values()} | {self.name(term) for term in self.terms.values()}

    @cached_property
    def pattern(self) -> re.Pattern | None:
        if not self.terms:
            return None
        # Longest first, so "standardised score" wins over "score".
        words = sorted(self._names, key=len, reverse=True)
        return re.compile(r"(?<![\w-])(" + "|".join(_matching(word) for word in words) + r")(?![\w-])")

    @cached_property
    def _starts(self) -> re.Pattern:
        """Where :attr:`pattern` matches, found three to five times faster: the same names
        as one tree of their shared beginnings, so at each word the engine tries the few
        letters a name can start with instead of all 200 names one by one. It says where a
        term starts, not which one: :attr:`pattern` chooses there, the longest first."""
        return re.compile(r"(?<![\w-])" + _tree(self._names) + r"(?![\w-])")

    def _found(self, text: str) -> list[re.Match]:
        """What ``self.pattern.finditer(text)`` finds, each mention matched by :attr:`pattern`
        only where :attr:`_starts` found one: both match at the same places."""
        starts, pattern, mentions = self._starts, self.pattern, []
        found = starts.search(text)
        while found:
            mentions.append(pattern.match(text, found.start()))
            found = starts.search(text, mentions[-1].end())
        return mentions

    def explain(self, text: str, seen: set[str] | None = None) -> Markup:
        """``text``, escaped, with the first mention of each term explained beside it
        (first in ``seen``, the terms already explained nearby, when given)."""
        return Markup(self.explained(text, seen))

    def explained(self, text: str, seen: set[str] | None = None) -> str:
        """What :meth:`explain` gives, as a plain string, for the parts of a page put together
        in Python (webui.timeline_html): each piece escaped as markup cost more than finding
        the terms in it."""
        if not text or self.pattern is None:
            return escaped(text or "")
        text = str(text)  # interface text arrives as a lazy translation
        mentions = self._found(text)
        if not mentions:
            return escaped(text)
        seen = set() if seen is None else seen
        parts, last, address = [], 0, self._glossary_address()
        for match in mentions:
            parts.append(escaped(text[last : match.start()]))
            word = match.group(0)
            key = _key(word)
            if key in seen:
                parts.append(escaped(word))
            else:
                seen.add(key)
                parts.append(self._term(word, address))
            last = match.end()
        parts.append(escaped(text[last:]))
        return "".join(parts)

    def explain_html(self, html: Markup) -> Markup:
        """A plugin's rendered entry with the words of its text explained: the plugin
        writes plain summaries in HTML of its own, which the core cannot explain for it.
        Tags and what links say are left as they are (a link inside a link is not allowed)."""
        seen: set[str] = set()
        parts, in_link = [], 0
        for part in _TAG.split(str(html)):
            if _TAG.fullmatch(part):
                name = _TAG_NAME.match(part)
                if name and name.group(2).lower() in _KEEP_AS_WRITTEN:
                    in_link += -1 if name.group(1) else 1
                parts.append(part)
            elif in_link or not part.strip():
                parts.append(part)
            else:
                parts.append(self.explained(unescape(part), seen))
        return Markup("".join(parts))

    def explanations(self, text: str) -> Markup:
        """The terms ``text`` uses, each explained, to follow a link or button whose own
        words cannot hold an explanation (a link inside a link is not allowed)."""
        if not text or self.pattern is None:
            return Markup("")
        first: dict[str, str] = {}
        for match in self._found(str(text)):
            first.setdefault(_key(match.group(0)), match.group(0))
        if not first:
            return Markup("")
        address = self._glossary_address()
        return Markup("".join(" " + self._term(word, address) for word in first.values()))

    def _term(self, word: str, address: str) -> str:
        """``word`` as HTML, linking to its term on the glossary page at ``address`` and
        explained beside it."""
        key = _key(word)
        if key not in self._explained:
            # A term's anchor and explanation in this explainer's language never change.
            term = self.named[key]
            self._explained[key] = (escape(anchor(term.term)), escape(self.plain(term)))
        term_anchor, plain = self._explained[key]
        return (
            f'<span class="term"><a class="term-word" href="{address}#{term_anchor}">{escape(word)}</a>'
            f'<span class="explanation"> ({plain})</span></span>'
        )

    def _glossary_address(self) -> str:
        """The glossary page's address, as HTML, built once for all pages served under one
        path: it depends on nothing else of a request (no host or subdomain matching), and
        url_for costs more than the term it links."""
        if not has_request_context():
            return escape(url_for("glossary.page"))
        root, address = self._glossary_page
        if root != request.script_root:
            root, address = request.script_root, escape(url_for("glossary.page"))
            self._glossary_page = (root, address)  # one assignment: another thread reads a matching pair
        return address


_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z0-9]+)")
# Elements whose words a reader acts on, not reads: explained words would nest in them.
_KEEP_AS_WRITTEN = {"a", "button", "summary", "option", "textarea", "script", "style"}


def _key(word: str) -> str:
    """The glossary's key for a term as a page wrote it, across a line break too."""
    return " ".join(word.split()).casefold()


def _matching(term: str) -> str:
    """A pattern for ``term``: shorthand in capitals (SEND, SEN, EHC) only as written, so
    the verb "Send" is not taken for SEND; any other word in either case, as it starts a
    sentence or sits inside one."""
    return r"\s+".join(re.escape(word) if _in_capitals(word) else f"(?i:{re.escape(word)})" for word in term.split())


def _in_capitals(word: str) -> bool:
    return sum(letter.isupper() for letter in word) > 1


def _tree(names: Iterable[str]) -> str:
    """One pattern matching wherever one of ``names`` does as :func:`_matching` writes it,
    the names sharing their beginnings: "child in need" and "child protection" become
    child\\s+(?:in\\s+need|protection)."""
    root: dict = {}
    for name in names:
        node = root
        for piece in _pieces(name):
            node = node.setdefault(piece, {})
        node[""] = {}  # a name ends here
    return _branches(root)


def _pieces(name: str) -> Iterator[str]:
    """:func:`_matching` of ``name``, a letter (or the space between two words) a piece.
    A letter in either case is written lowered, as the engine compares it lowered: "Plan"
    and "plan" share their pieces."""
    for index, word in enumerate(name.split()):
        if index:
            yield r"\s+"
        if _in_capitals(word):
            yield from map(re.escape, word)
        else:
            yield from (f"(?i:{re.escape(letter.lower() if len(letter.lower()) == 1 else letter)})" for letter in word)


def _branches(node: dict) -> str:
    branches = [piece + _branches(child) for piece, child in node.items() if piece]
    if not branches:
        return ""
    if len(branches) == 1 and "" not in node:
        return branches[0]
    return "(?:" + "|".join(branches) + ")" + ("?" if "" in node else "")


def anchor(term: str) -> str:
    return "term-" + re.sub(r"[^a-z0-9]+", "-", term.casefold()).strip("-")


def in_language(host: PluginHost, reader: Reader) -> Explainer:
    """The glossary as a reader of one language meets it: each term's name and explanation
    in that language, from the catalogue of the plugin that registered the term."""

    def words(text: str, term: GlossaryTerm) -> str:
        return reader.gettext(host.domain_of(term.agency), text)

    return Explainer(
        host.glossary, plain=lambda term: words(term.plain, term), name=lambda term: words(term.term, term)
    )


def explainer(reader: Reader | None = None) -> Explainer:
    """The explainer of ``reader``'s language (this request's), built the first time a page needs it."""
    reader, explainers = reader or wording.reader(), current_app.extensions["teamaround.explainers"]
    if reader.locale not in explainers:
        explainers[reader.locale] = in_language(plugin_host(), reader)
    return explainers[reader.locale]


def page_explainer(context) -> Explainer:
    """The explainer of the page a template context renders, looked up once a page."""
    words = wording.page_words(context)
    if words.explainer is None:
        words.explainer = explainer(words.reader)
    return words.explainer


def init_app(app: Flask) -> None:
    app.extensions["teamaround.explainers"] = {}
    app.extensions["teamaround.glossary_pages"] = {}
    app.add_template_filter(pass_context(lambda context, text: page_explainer(context).explain(text)), "explain")
    app.add_template_filter(
        pass_context(lambda context, text: page_explainer(context).explanations(text)), "explanations"
    )
    app.add_template_filter(
        pass_context(lambda context, html: page_explainer(context).explain_html(html)), "explain_html"
    )


@dataclass(frozen=True)
class Definition:
    """A term as the glossary page lists it, in one language."""

    anchor: str
    name: str
    agency: str | None  # the name of the agency whose term it is, if a plugin registers that agency
    plain: str


def definitions(reader: Reader) -> list[Definition]:
    """The glossary page's terms in ``reader``'s language, by their names in it. Worked out
    once a language: they are the same for every reader of it, as the glossary, the agencies
    and their words only change at start-up."""
    pages = current_app.extensions["teamaround.glossary_pages"]
    if reader.locale not in pages:
        host, name = plugin_host(), explainer(reader).name
        pages[reader.locale] = [
            Definition(
                anchor=anchor(term.term),
                name=name(term),
                agency=wording.agency_name(term.agency, reader) if term.agency in host.agencies else None,
                plain=wording.plugin_text(term.plain, term.agency, reader),
            )
            for term in sorted(host.glossary.values(), key=lambda term: name(term).casefold())
        ]
    return pages[reader.locale]


@blueprint.route("/glossary")
@login_required
def page():
    return render_template("glossary.html", definitions=definitions(wording.reader()))
