"""A child's timeline page's items as HTML, worked out and written in one pass over the page.

``child.html`` asked for each entry's words, dates, links and the reader's rights one
expression at a time, and placed them with some forty more, each a lookup and an escape
through Jinja's runtime: most of a 50-entry page's cost. Here each item is one string, put
together as the template laid it out, whitespace and all, so the page is the same byte for
byte. The words are the same: the page's translations, the reader's language for stored
words, the glossary's explanations, the school's time zone. What goes into an item is escaped
as the template escaped it: text (names, times, links, titles) through
:func:`markupsafe.escape`, markup the presenter made (the page's sentences, the glossary's
explanations, a plugin's part) as it is, since those are :class:`~markupsafe.Markup` already.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from flask import current_app
from markupsafe import Markup, escape

from core.documents.attachments import ATTACHABLE_ENTRIES
from core.models import Acknowledgement, Document, EntryKind, TimelineEntry, Visibility
from core.timefmt import day, when
from core.timeline.entries import TimelinePage
from core.timeline.together import TimelineItem
from core.wording import N_
from webui.glossary import Explainer
from webui.vocabulary import ENTRY_KIND_WORDS
from webui.wording import PageSentences, Reader, agency_name, entry_title, escaped, stored_part

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

_DIR_AUTO = ' dir="auto"'  # typed by a person: the browser finds its direction


class Links(NamedTuple):
    """An entry's links, each endpoint's URL built once a page (``url_for_each``)."""

    document: Callable[[int], str]
    preview: Callable[[int], str]
    download: Callable[[int], str]
    receipts: Callable[[int], str]
    acknowledge: Callable[[int], str]
    withdraw: Callable[[int], str]


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


def timeline_items(
    page: TimelinePage,
    *,
    reading: Reader,
    explainer: Explainer,
    links: Links,
    forms: ItemForms,
    plugin_parts: dict[int, Markup],
    attached: dict[int, list[Document]],
    previewed: set[int],
    may_attach_any: bool,
) -> list[Markup]:
    """The page's items as its reader (``page.access``) sees them, each ``<li>`` to ``</li>``."""
    writer = _ItemWriter(page, reading, explainer, links, forms, plugin_parts, attached, previewed, may_attach_any)
    return [writer.item(item) for item in page.items]


class _ItemWriter:
    """One page's items, with what they share worked out once: the reader, the words of
    kinds, agencies, authors and visibilities, escaped the first time an item needs them."""

    def __init__(self, page, reading, explainer, links, forms, plugin_parts, attached, previewed, may_attach_any):
        self.access, self.sentences = page.access, PageSentences()
        self.zone, self.locale = current_app.config["TIMEZONE"], reading.locale
        self.reading, self.explainer, self.links, self.forms = reading, explainer, links, forms
        self.plugin_parts, self.attached, self.previewed = plugin_parts, attached, previewed
        self.may_attach_any = may_attach_any
        self.kinds: dict[EntryKind, str] = {}
        self.agencies: dict[str, str] = {}
        self.authors: dict[int, str] = {}
        said = {
            Visibility.PROFESSIONALS: self.sentences.gettext("Professionals only"),
            Visibility.AGENCY: self.sentences.gettext("Agency only"),
        }
        self.visibilities = {visibility: f"· <strong>{words}</strong>" for visibility, words in said.items()}

    def item(self, item: TimelineItem) -> Markup:
        entry = item.entry
        moment = entry.occurred_at
        if entry.withdrawn_at is not None:
            withdrawn = self.sentences.gettext(
                "Withdrawn by %(person)s on %(day)s",
                person=entry.withdrawn_by.full_name,
                day=day(entry.withdrawn_at, self.zone, self.locale),
            )
            inside = (
                f'\n      <p class="meta withdrawn"><time datetime="{moment.isoformat()}">'
                f"{escaped(self._when(moment))}</time>\n        · {withdrawn}</p>\n      "
            )
        else:
            inside = f"\n      <article>\n        {self._article(entry, item.together)}\n      </article>\n      "
        return Markup(f'<li class="entry" id="entry-{entry.id}">\n      {inside}\n    </li>')

    def _article(self, entry: TimelineEntry, together: list[TimelineEntry]) -> str:
        """An entry's article, each part worked out first and all put together in one string:
        a part the reader is not shown is an empty string between the same line breaks."""
        access, links, said, csrf = self.access, self.links, self.forms.said, self.forms.csrf
        entry_id, kind, wording = entry.id, entry.kind, entry.wording
        together = together if len(together) > 1 else None
        if together:
            heading = self.sentences.ngettext(
                "The plan was updated: %(num)d change", "The plan was updated: %(num)d changes", len(together)
            )
            heading = f"<h3>{heading}</h3>"
            content = (
                f'\n        <details class="together">\n          <summary>{said["see the changes"]}</summary>'
                f"\n          <ol>{''.join(self._change(one, number) for number, one in enumerate(together))}</ol>"
                "\n        </details>\n        "
            )
        else:
            typed = not (wording and "title" in wording)
            heading = self.explainer.explained(entry_title(entry, self.reading))
            heading = f"<h3{_DIR_AUTO if typed else ''}>{heading}</h3>"
            body = self.explainer.explained(stored_part(entry, "body", self.reading)) if entry.body else ""
            if body:
                body = f"<p{_DIR_AUTO if not (wording and 'body' in wording) else ''}>{body}</p>"
            plugin_part = self.plugin_parts.get(entry_id)
            plugin_part = self.explainer.explain_html(plugin_part) if plugin_part is not None else ""
            content = f"\n        {body}\n        {plugin_part}\n        "
        moment = entry.occurred_at
        document = attached = attach = seen_by = in_reply = receipts = reply = acknowledge = withdraw = ""
        if document_id := entry.document_id:
            preview = (
                f'<img class="preview" src="{escaped(links.preview(document_id))}" alt="" loading="lazy">'
                if document_id in self.previewed
                else ""
            )
            document_url = escaped(links.document(entry_id))
            document = f'<p><a href="{document_url}">{preview}{said["open the document"]}</a></p>'
        if documents := self.attached.get(entry_id):
            listed = "".join(
                f'<li><a href="{escaped(links.download(one.id))}" dir="auto">{escaped(one.title)}</a></li>'
                for one in documents
            )
            attached = f'<ul class="attached">{listed}</ul>'
        if self.may_attach_any and kind in ATTACHABLE_ENTRIES and access.may_attach_to(entry):
            options = self.forms.attachable_options
            attach = (
                f'\n        <details class="attach">\n          <summary>{said["attach"]}</summary>'
                f'\n          <form method="post" action="{self.forms.attach_url}" class="stack">'
                f'\n            <input type="hidden" name="csrf_token" value="{csrf}">'
                f'\n            <input type="hidden" name="entry_id" value="{entry_id}">'
                f'\n            <label for="attach-{entry_id}">{said["attach one of yours"]}</label>'
                f'\n            <select id="attach-{entry_id}" name="document_id">{options}</select>'
                f'\n            <button type="submit" class="secondary">{said["attach"]}</button>'
                "\n          </form>\n        </details>\n        "
            )
        if seen := entry.acknowledgements:
            seen_by = f'<p class="meta">{_seen_by(seen, self.sentences)}</p>'
        if entry.reply_to_id:
            in_reply = (
                f'<p class="meta">{said["in reply"]} · <a href="#entry-{entry.reply_to_id}">{said["see it"]}</a></p>'
            )
        if access.may_see_receipts(entry):
            receipts = f'<p><a href="{escaped(links.receipts(entry_id))}">{said["who has read this"]}</a></p>'
        if access.may_reply(entry):
            reply = (
                f'\n        <details class="reply">\n          <summary>{said["reply"]}</summary>'
                f'\n          <form method="post" action="{self.forms.reply_url}" class="stack">'
                f'\n            <input type="hidden" name="csrf_token" value="{csrf}">'
                '\n            <input type="hidden" name="kind" value="message">'
                f'\n            <input type="hidden" name="reply_to" value="{entry_id}">'
                f'\n            <label for="reply-{entry_id}">{said["your reply"]}</label>'
                f'\n            <input id="reply-{entry_id}" name="title" maxlength="200" required dir="auto">'
                f'\n            <button type="submit" class="secondary">{said["send reply"]}</button>'
                "\n          </form>\n        </details>\n        "
            )
        # "I have seen this" for those who may say it and have not yet.
        reader_id = access.person.id
        if access.may_acknowledge(entry) and not any(one.person_id == reader_id for one in seen):
            acknowledge = (
                f'\n        <form method="post" action="{escaped(links.acknowledge(entry_id))}">'
                f'\n          <input type="hidden" name="csrf_token" value="{csrf}">'
                f'\n          <button type="submit" class="secondary">{said["i have seen this"]}</button>'
                "\n        </form>\n        "
            )
        if not together and access.may_withdraw(entry):
            withdraw = (
                f'\n        <details class="withdraw">\n          <summary>{said["withdraw"]}</summary>'
                f'\n          <form method="post" action="{escaped(links.withdraw(entry_id))}" class="stack">'
                f'\n            <input type="hidden" name="csrf_token" value="{csrf}">'
                f"\n            <p>{said['withdraw warning']}</p>"
                f'\n            <button type="submit" class="secondary">{said["withdraw this entry"]}</button>'
                "\n          </form>\n        </details>\n        "
            )
        return (
            f"\n        {heading}\n        \n        "
            f'<p class="meta"><time datetime="{moment.isoformat()}">{escaped(self._when(moment))}</time>'
            f"\n          · {self._kind(kind)} · <bdi>{self._author(entry)}</bdi>{self._agency(entry.agency)}"
            f"\n          {self.visibilities.get(entry.visibility, '')}</p>\n        "
            f"{content}\n        {document}\n        {attached}\n        {attach}\n        {seen_by}"
            f"\n        {in_reply}\n        {receipts}\n        {reply}\n        {acknowledge}\n        {withdraw}"
        )

    def _change(self, change: TimelineEntry, number: int) -> str:
        """One of several changes made together (a plan's update); the first has the item's id."""
        explain, reading = self.explainer.explain, self.reading
        element_id = f' id="entry-{change.id}"' if number else ""
        body = explain(stored_part(change, "body", reading)) if change.body else ""
        body = f": {body}" if body else ""
        return f"<li{element_id}><strong>{explain(entry_title(change, reading))}</strong>{body}</li>"

    def _when(self, moment) -> str:
        return when(moment, self.zone, self.locale)

    def _kind(self, kind: EntryKind) -> str:
        if (said := self.kinds.get(kind)) is None:
            said = self.kinds[kind] = escape(str(ENTRY_KIND_WORDS[kind]))
        return said

    def _author(self, entry: TimelineEntry) -> str:
        if (name := self.authors.get(entry.author_id)) is None:
            name = self.authors[entry.author_id] = escape(entry.author.full_name)
        return name

    def _agency(self, code: str | None) -> str:
        if not code:
            return ""
        if (said := self.agencies.get(code)) is None:
            said = self.agencies[code] = f" ({escape(agency_name(code, self.reading))})"
        return said


def _seen_by(seen: list[Acknowledgement], sentences: PageSentences) -> Markup:
    return sentences.gettext("Seen by %(v0)s", v0=", ".join(one.person.full_name for one in seen))
