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

from flask import Blueprint, Flask, render_template, url_for
from flask_login import login_required
from markupsafe import Markup, escape

from core.contributions import GlossaryTerm
from webui.database import plugin_host

blueprint = Blueprint("glossary", __name__)


class Explainer:
    """Finds glossary terms in text; built once per app, as the glossary only changes at start-up."""

    def __init__(self, terms: dict[str, GlossaryTerm]):
        self.terms = terms

    @cached_property
    def pattern(self) -> re.Pattern | None:
        if not self.terms:
            return None
        # Longest first, so "standardised score" wins over "score".
        words = sorted((term.term for term in self.terms.values()), key=len, reverse=True)
        return re.compile(r"(?<![\w-])(" + "|".join(re.escape(word) for word in words) + r")(?![\w-])", re.IGNORECASE)

    def explain(self, text: str) -> Markup:
        """``text``, escaped, with the first mention of each term explained beside it."""
        if not text or self.pattern is None:
            return escape(text or "")
        text = str(text)  # interface text arrives as a lazy translation
        seen: set[str] = set()

        def link(match: re.Match) -> str:
            word = match.group(0)
            key = word.casefold()
            if key in seen:
                return str(escape(word))
            seen.add(key)
            term = self.terms[key]
            return str(
                Markup(
                    '<span class="term"><a class="term-word" href="{}#{}">{}</a>'
                    '<span class="explanation"> ({})</span></span>'
                ).format(url_for("glossary.page"), anchor(term.term), word, term.plain)
            )

        parts, last = [], 0
        for match in self.pattern.finditer(text):
            parts.append(str(escape(text[last : match.start()])))
            parts.append(link(match))
            last = match.end()
        parts.append(str(escape(text[last:])))
        return Markup("".join(parts))


def anchor(term: str) -> str:
    return "term-" + re.sub(r"[^a-z0-9]+", "-", term.casefold()).strip("-")


def init_app(app: Flask) -> None:
    explainer = Explainer(app.extensions["teamaround.plugins"].glossary)
    app.add_template_filter(explainer.explain, "explain")
    app.add_template_filter(anchor, "term_anchor")


@blueprint.route("/glossary")
@login_required
def page():
    terms = sorted(plugin_host().glossary.values(), key=lambda term: term.term.casefold())
    return render_template("glossary.html", terms=terms, agencies=plugin_host().agencies)
