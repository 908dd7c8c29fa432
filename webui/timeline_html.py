"""Each item of a child's timeline page as HTML, built in one pass of Python.

``child.html`` placed an item's parts (:class:`webui.timeline_items.ShownEntry`) with some
forty expressions, each a lookup and an escape through Jinja's runtime, 15-20 us an item,
half of what rendering the page costs. Here an item is one string, put together as the
template laid it out, whitespace and all, so the page is the same byte for byte; what
goes into it is escaped as the template escaped it: text (names, times, links, titles)
through :func:`markupsafe.escape`, which leaves the markup the presenter made (the page's
sentences, the glossary's explanations, a plugin's part) as it is; everything goes through it,
as through Jinja's autoescape, so a field that stops being markup is escaped, not trusted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from markupsafe import Markup, escape

from core.wording import N_
from webui.timeline_items import ShownEntry

# The page's sentences on its items, marked for the catalogue and translated once a page (item_forms).
_SAID = {
    "see the changes": N_("See the changes"),
    "open the document": N_("Open the document"),
    "attach": N_("Attach"),
    "attach one of yours": N_("Attach one of your documents"),
    "in reply": N_("In reply to an earlier message"),
    "see it": N_("see it"),
    "who has read this": N_("Who has read this"),
    "reply": N_("Reply"),
    "your reply": N_("Your reply"),
    "send reply": N_("Send reply"),
    "i have seen this": N_("I have seen this"),
    "withdraw": N_("Withdraw"),
    "withdraw this entry": N_("Withdraw this entry"),
    "withdraw warning": N_(
        "It will disappear from the timeline for everyone. The team will see who withdrew it and when."
    ),
}


class ItemForms(NamedTuple):
    """What every item's forms share, worked out once a page."""

    said: dict[str, Markup]  # the words of _SAID, translated
    csrf: Markup  # the page's CSRF token, escaped
    reply_url: Markup  # where a reply is posted, escaped
    attach_url: Markup  # where an attachment is posted, escaped
    attachable_options: Markup  # an <option> for each document the reader may attach


def item_forms(
    gettext: Callable[[str], Markup], csrf: str, reply_url: str, attach_url: str, attachable: Iterable
) -> ItemForms:
    """The forms' shared parts; ``gettext`` gives a sentence as ``_()`` does in a template
    (the translation as markup), ``attachable`` the reader's documents (id, title)."""
    options = "".join(f'<option value="{document.id}">{escape(document.title)}</option>' for document in attachable)
    return ItemForms(
        said={key: gettext(message) for key, message in _SAID.items()},
        csrf=escape(csrf),
        reply_url=escape(reply_url),
        attach_url=escape(attach_url),
        attachable_options=Markup(options),
    )


def item_html(entry: ShownEntry, forms: ItemForms) -> Markup:
    """One item of the timeline: ``<li>`` to ``</li>``."""
    if entry.withdrawn:
        inside = (
            f'\n      <p class="meta withdrawn"><time datetime="{entry.at}">{_text(entry.when)}</time>'
            f"\n        · {_text(entry.withdrawn)}</p>\n      "
        )
    else:
        inside = f"\n      <article>\n        {_article(entry, forms)}\n      </article>\n      "
    return Markup(f'<li class="entry" id="entry-{entry.id}">\n      {inside}\n    </li>')


_DIR_AUTO = ' dir="auto"'  # typed by a person: the browser finds its direction


def _text(value) -> str:
    """``value`` as autoescape writes it: markup as it is, anything else escaped. Most of an
    item's parts are markup already, which :func:`markupsafe.escape` would pass through at
    several times the cost of this test."""
    return value if value.__class__ is Markup else escape(value)


def _change_id(change_id: int) -> str:
    return f' id="entry-{change_id}"'


def _article(entry: ShownEntry, forms: ItemForms) -> str:
    said, csrf, entry_id = forms.said, forms.csrf, entry.id
    if entry.changes:
        heading = f"<h3>{_text(entry.heading)}</h3>"
    else:
        heading = f"<h3{_DIR_AUTO if entry.heading_typed else ''}>{_text(entry.heading)}</h3>"
    agency = f" ({_text(entry.agency)})" if entry.agency else ""
    visibility = f"· <strong>{_text(entry.visibility)}</strong>" if entry.visibility else ""
    parts = [
        f"\n        {heading}\n        \n        ",
        f'<p class="meta"><time datetime="{entry.at}">{_text(entry.when)}</time>',
        f"\n          · {_text(entry.kind)} · <bdi>{_text(entry.author)}</bdi>{agency}",
        f"\n          {visibility}</p>\n        ",
    ]
    if entry.changes:
        changes = "".join(
            f"<li{_change_id(change.id) if number else ''}><strong>{_text(change.title)}</strong>"
            f"{f': {_text(change.body)}' if change.body else ''}</li>"
            for number, change in enumerate(entry.changes)
        )
        parts.append(
            f'\n        <details class="together">\n          <summary>{said["see the changes"]}</summary>'
            f"\n          <ol>{changes}</ol>\n        </details>\n        "
        )
    else:
        body = f"<p{_DIR_AUTO if entry.body_typed else ''}>{_text(entry.body)}</p>" if entry.body else ""
        parts.append(f"\n        {body}\n        {_text(entry.plugin_part)}\n        ")
    parts.append("\n        ")
    if entry.document_url:
        preview = (
            f'<img class="preview" src="{_text(entry.preview_url)}" alt="" loading="lazy">'
            if entry.preview_url
            else ""
        )
        parts.append(f'<p><a href="{_text(entry.document_url)}">{preview}{said["open the document"]}</a></p>')
    parts.append("\n        ")
    if entry.attached:
        attached = "".join(
            f'<li><a href="{_text(url)}" dir="auto">{_text(title)}</a></li>' for url, title in entry.attached
        )
        parts.append(f'<ul class="attached">{attached}</ul>')
    parts.append("\n        ")
    if entry.may_attach:
        parts.append(
            f'\n        <details class="attach">\n          <summary>{said["attach"]}</summary>'
            f'\n          <form method="post" action="{forms.attach_url}" class="stack">'
            f'\n            <input type="hidden" name="csrf_token" value="{csrf}">'
            f'\n            <input type="hidden" name="entry_id" value="{entry_id}">'
            f'\n            <label for="attach-{entry_id}">{said["attach one of yours"]}</label>'
            f'\n            <select id="attach-{entry_id}" name="document_id">{forms.attachable_options}</select>'
            f'\n            <button type="submit" class="secondary">{said["attach"]}</button>'
            "\n          </form>\n        </details>\n        "
        )
    parts.append("\n        ")
    if entry.seen_by:
        parts.append(f'<p class="meta">{_text(entry.seen_by)}</p>')
    parts.append("\n        ")
    if entry.reply_to_id:
        parts.append(
            f'<p class="meta">{said["in reply"]} · <a href="#entry-{entry.reply_to_id}">{said["see it"]}</a></p>'
        )
    parts.append("\n        ")
    if entry.receipts_url:
        parts.append(f'<p><a href="{_text(entry.receipts_url)}">{said["who has read this"]}</a></p>')
    parts.append("\n        ")
    if entry.may_reply:
        parts.append(
            f'\n        <details class="reply">\n          <summary>{said["reply"]}</summary>'
            f'\n          <form method="post" action="{forms.reply_url}" class="stack">'
            f'\n            <input type="hidden" name="csrf_token" value="{csrf}">'
            '\n            <input type="hidden" name="kind" value="message">'
            f'\n            <input type="hidden" name="reply_to" value="{entry_id}">'
            f'\n            <label for="reply-{entry_id}">{said["your reply"]}</label>'
            f'\n            <input id="reply-{entry_id}" name="title" maxlength="200" required dir="auto">'
            f'\n            <button type="submit" class="secondary">{said["send reply"]}</button>'
            "\n          </form>\n        </details>\n        "
        )
    parts.append("\n        ")
    if entry.acknowledge_url:
        parts.append(
            f'\n        <form method="post" action="{_text(entry.acknowledge_url)}">'
            f'\n          <input type="hidden" name="csrf_token" value="{csrf}">'
            f'\n          <button type="submit" class="secondary">{said["i have seen this"]}</button>'
            "\n        </form>\n        "
        )
    parts.append("\n        ")
    if entry.withdraw_url:
        parts.append(
            f'\n        <details class="withdraw">\n          <summary>{said["withdraw"]}</summary>'
            f'\n          <form method="post" action="{_text(entry.withdraw_url)}" class="stack">'
            f'\n            <input type="hidden" name="csrf_token" value="{csrf}">'
            f"\n            <p>{said['withdraw warning']}</p>"
            f'\n            <button type="submit" class="secondary">{said["withdraw this entry"]}</button>'
            "\n          </form>\n        </details>\n        "
        )
    return "".join(parts)
