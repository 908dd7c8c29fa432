"""The header every page opens with: the skip link, the brand and the account menu.

Built from its template on each page it cost some fifteen ``url_for`` builds and fifteen
translations, the same on every page for everyone who reads in one language. So its
template (``site_header.html``) is rendered once for each (language, kind of person,
agency or not, script root), with markers where the reader's own parts go, and a page
puts the reader's parts (name, unread badge, CSRF token) between the pieces kept.

It is safe to keep because nothing kept is anyone's own: the pieces hold only the
translated words and the links of the menu, which depend on nothing but the key (a
professional with an agency gets one more link, an administrator three more). What
belongs to the reader is filled in on every page and never kept.
"""

from __future__ import annotations

import re

from flask import Flask, current_app, request
from flask_wtf.csrf import generate_csrf
from jinja2 import pass_context
from markupsafe import Markup, escape

from webui.wording import PAGE_WORDS, page_words

# Where the reader's own parts go in the pieces kept: text no translation or URL holds.
_MARKER = "\x00{}\x00"
_SLOTS = {name: Markup(_MARKER.format(name)) for name in ("name", "badge", "csrf")}
_BETWEEN_SLOTS = re.compile("\x00(name|badge|csrf)\x00")

# Far more than the languages times the kinds of person; a bound in case the script root
# varies more than a deployment's own (each is a header rendered without keeping it).
_MOST_KEPT = 64


@pass_context
def site_header(context, user, badge: Markup) -> Markup:
    """The header for ``user`` (``current_user``) with ``badge``, the unread notifications
    as the menu shows them (empty when none)."""
    person = user.person if user.is_authenticated else None
    words = page_words(context)
    key = (words.locale, person and person.kind.value, bool(person and person.agency), request.script_root)
    kept: dict[tuple, tuple[str, ...]] = current_app.extensions["teamaround.site_header"]
    pieces = kept.get(key)
    if pieces is None:
        pieces = _pieces(context, key, words)
        if len(kept) < _MOST_KEPT:
            kept[key] = pieces
    if person is None:
        return Markup(pieces[0])
    own = {"name": escape(person.display_name), "badge": badge, "csrf": escape(generate_csrf())}
    # pieces alternate: kept text, a slot's name, kept text, ...
    return Markup("".join(own[piece] if index % 2 else piece for index, piece in enumerate(pieces)))


def _pieces(context, key: tuple, words) -> tuple[str, ...]:
    _, kind, has_agency, _ = key
    template = context.environment.get_template("site_header.html")
    html = template.render(
        {PAGE_WORDS: words, "signed_in": kind is not None, "kind": kind, "has_agency": has_agency, "slot": _SLOTS}
    )
    return tuple(_BETWEEN_SLOTS.split(html))


def init_app(app: Flask) -> None:
    app.extensions["teamaround.site_header"] = {}  # the pieces by key, in this app
    app.jinja_env.globals["site_header"] = site_header
