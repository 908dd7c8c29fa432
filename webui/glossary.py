"""Professional words explained where they appear, and the glossary page they link to.

The first mention of a term carries its plain explanation right after it, so it is
there without JavaScript, in print and for a screen reader, and the term links to the
glossary page. With JavaScript (static/glossary.js) the term becomes a button that
shows and hides the explanation, by touch, click or keyboard: a disclosure, whose
button says whether it is expanded.
"""

from __future__ import annotations

import re
from functools import cached_property
from html import unescape

from flask import Blueprint, Flask, render_template, url_for
from flask_login import login_required
from markupsafe import Markup, escape

from core.contributions import GlossaryTerm
from webui.database import plugin_host
from webui.wording import plugin_text

blueprint = Blueprint("glossary", __name__)


class Explainer:
    """Finds glossary terms in text; built once per app, as the glossary only changes at start-up."""

    def __init__(self, terms: dict[str, GlossaryTerm], plain=lambda term: term.plain):
        self.terms = terms
        self.plain = plain  # a term's explanation in the reader's language

    @cached_property
    def pattern(self) -> re.Pattern | None:
        if not self.terms:
            return None
        # Longest first, so "standardised score" wins over "score".
        words = sorted((term.term for term in self.terms.values()), key=len, reverse=True)
        return re.compile(r"(?<![\w-])(" + "|".join(_matching(word) for word in words) + r")(?![\w-])")

    def explain(self, text: str, seen: set[str] | None = None) -> Markup:
        """``text``, escaped, with the first mention of each term explained beside it
        (first in ``seen``, the terms already explained nearby, when given)."""
        if not text or self.pattern is None:
            return escape(text or "")
        text = str(text)  # interface text arrives as a lazy translation
        seen = set() if seen is None else seen

        def link(match: re.Match) -> str:
            word = match.group(0)
            key = _key(word)
            if key in seen:
                return str(escape(word))
            seen.add(key)
            return str(self._term(word))

        parts, last = [], 0
        for match in self.pattern.finditer(text):
            parts.append(str(escape(text[last : match.start()])))
            parts.append(link(match))
            last = match.end()
        parts.append(str(escape(text[last:])))
        return Markup("".join(parts))

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
                parts.append(str(self.explain(unescape(part), seen)))
        return Markup("".join(parts))

    def explanations(self, text: str) -> Markup:
        """The terms ``text`` uses, each explained, to follow a link or button whose own
        words cannot hold an explanation (a link inside a link is not allowed)."""
        if not text or self.pattern is None:
            return Markup("")
        first: dict[str, str] = {}
        for match in self.pattern.finditer(str(text)):
            first.setdefault(_key(match.group(0)), match.group(0))
        return Markup("").join(Markup(" ") + self._term(word) for word in first.values())

    def _term(self, word: str) -> Markup:
        term = self.terms[_key(word)]
        return Markup(
            '<span class="term"><a class="term-word" href="{}#{}">{}</a>'
            '<span class="explanation"> ({})</span></span>'
        ).format(url_for("glossary.page"), anchor(term.term), word, self.plain(term))


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
    return r"\s+".join(
        re.escape(word) if sum(letter.isupper() for letter in word) > 1 else f"(?i:{re.escape(word)})"
        for word in term.split()
    )


def anchor(term: str) -> str:
    return "term-" + re.sub(r"[^a-z0-9]+", "-", term.casefold()).strip("-")


def init_app(app: Flask) -> None:
    explainer = Explainer(
        app.extensions["teamaround.plugins"].glossary, plain=lambda term: plugin_text(term.plain, term.agency)
    )
    app.add_template_filter(explainer.explain, "explain")
    app.add_template_filter(explainer.explanations, "explanations")
    app.add_template_filter(explainer.explain_html, "explain_html")
    app.add_template_filter(anchor, "term_anchor")


@blueprint.route("/glossary")
@login_required
def page():
    terms = sorted(plugin_host().glossary.values(), key=lambda term: term.term.casefold())
    return render_template("glossary.html", terms=terms, agencies=plugin_host().agencies)
