"""The items of a SENCO's lists of entries on the home page ("Families waiting for a reply",
"New since you last looked"), each put together in one pass of Python.

``children.html`` wrote each of up to a hundred items with a title, its glossary
explanations, the author and the time through Jinja's runtime, a filter call and a lookup
at a time: about a third of rendering the page. Here an item is one string, laid out as the
template laid it out, so the page is the same byte for byte, and escaped as autoescape
escaped it (names and titles escaped; the explanations, which are markup, as they are).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from jinja2 import pass_context
from markupsafe import Markup

from core import timefmt
from webui.glossary import page_explainer
from webui.wording import entry_title, escaped, page_words


@pass_context
def entry_items(context, entries: Iterable, timeline_url: Callable[[int], str], after: str = "") -> list[Markup]:
    """Each entry as an item linking to it on its child's timeline, from the ``\\n    <li>`` to
    the ``</li>`` (and ``after`` it, the whitespace the template's loop wrote next)."""
    words, explainer = page_words(context), page_explainer(context)
    reading, zone, locale = words.reader, words.zone, words.locale
    items = []
    for entry in entries:
        title = entry_title(entry, reading)
        items.append(
            Markup(
                f'\n    <li><a href="{escaped(timeline_url(entry.child_id))}#entry-{entry.id}">{escaped(title)}</a>'
                f"{explainer.explanations(title)}\n      "
                f'<span class="meta">· <bdi>{escaped(entry.author_name)}</bdi> · '
                f"{escaped(timefmt.when(entry.occurred_at, zone, locale))}</span></li>{after}"
            )
        )
    return items
