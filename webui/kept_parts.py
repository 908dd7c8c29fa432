"""Parts of a page rendered once for everyone who reads them in one language, and kept.

A child's page opens with the same links, filter and forms for every reader of one kind:
some forty translations and ten ``url_for`` builds a page, each through the request's
context-locals, for markup that differs from page to page only by the child's id and name.
``kept(macro, *shape, **own)`` renders ``macro`` once for each language, script root and
``shape`` (the values its ``if``\\ s and loops read: a kind of reader, a list of kinds), with
markers standing in for ``own`` (what is one child's or one reader's: an id, a name, a CSRF
token), keeps the pieces between the markers, and fills them in on every page.

It is safe to keep because nothing kept is anyone's own: ``shape`` holds only what is the
same for many readers, and the macro only writes each ``own`` value where it stands (never
tests it or passes it through a filter), so the markers go where the values would and
nothing else depends on them. A whole number is written into URLs, so it stands in as a
number no page holds otherwise; text stands in as a marker no text holds.
"""

from __future__ import annotations

import re

from flask import Flask, current_app, request
from jinja2 import pass_context
from jinja2.runtime import Macro
from markupsafe import Markup, escape

from webui.wording import page_words

STAND_IN_NUMBER = 918273645
"""A whole number no page holds otherwise, standing in for one in a URL built once (here, plus
the value's place among ``own``; webui.children.url_for_each)."""
_MARKER = "\x00{}\x00"
_BETWEEN_MARKERS = re.compile("\x00([0-9]+)\x00")

# Far more than the languages times the shapes a deployment's pages take; past it a part is
# rendered as it would be without keeping, so odd requests cannot crowd the common ones out.
_MOST_KEPT = 512


@pass_context
def kept(context, macro: Macro, *shape, **own) -> Markup:
    """``macro(*shape, **own)``, its pieces kept for this language, script root and ``shape``."""
    names = tuple(own)
    numbers = tuple(isinstance(own[name], int) and not isinstance(own[name], bool) for name in names)
    key = (context.name, macro.name, page_words(context).locale, request.script_root, shape, names, numbers)
    parts: dict[tuple, tuple[str, ...]] = current_app.extensions["teamaround.kept_parts"]
    pieces = parts.get(key)
    if pieces is None:
        pieces = _pieces(macro, shape, names, numbers)
        if len(parts) < _MOST_KEPT:
            parts[key] = pieces
    values = [str(own[name]) if number else escape(own[name]) for name, number in zip(names, numbers, strict=True)]
    # pieces alternate: kept markup, the place of a value among ``own``, kept markup, ...
    return Markup("".join(values[int(piece)] if index % 2 else piece for index, piece in enumerate(pieces)))


def _pieces(macro: Macro, shape: tuple, names: tuple[str, ...], numbers: tuple[bool, ...]) -> tuple[str, ...]:
    stand_ins = {
        name: STAND_IN_NUMBER + place if number else Markup(_MARKER.format(place))
        for place, (name, number) in enumerate(zip(names, numbers, strict=True))
    }
    html = str(macro(*shape, **stand_ins))
    for place, number in enumerate(numbers):
        if number:
            html = html.replace(str(STAND_IN_NUMBER + place), _MARKER.format(place))
    return tuple(_BETWEEN_MARKERS.split(html))


def init_app(app: Flask) -> None:
    app.extensions["teamaround.kept_parts"] = {}  # the pieces by key, in this app
    app.jinja_env.globals["kept"] = kept
