"""What each item of a child's timeline page shows, worked out in one pass over the page.

The template asked for each entry's words, dates, links and the reader's rights one
expression at a time: some fifteen calls and forty lookups through Jinja's runtime an
entry, most of a 50-entry page's cost. Here they are plain Python, done once an entry,
and the template (``child.html``) only places what this gives. The words are the same:
the page's translations, the reader's language for stored words, the glossary's
explanations, the school's time zone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from flask import current_app
from markupsafe import Markup

from core.documents.attachments import ATTACHABLE_ENTRIES
from core.models import Acknowledgement, Document, EntryKind, TimelineEntry, Visibility
from core.timefmt import day, when
from core.timeline.entries import TimelinePage
from webui.glossary import Explainer
from webui.vocabulary import ENTRY_KIND_WORDS
from webui.wording import PageSentences, Reader, agency_name, entry_title, stored_part


class Change(NamedTuple):
    """One of several changes made together, shown as one item (a plan's update)."""

    id: int
    title: Markup
    body: Markup | None


class ShownEntry(NamedTuple):
    """One item of the page: an entry, or the changes made together with it (``changes``)."""

    id: int
    at: str  # ISO 8601, for the machine-readable time
    when: str
    withdrawn: Markup | None  # who withdrew it and when, shown instead of the entry
    heading: Markup | None  # None for an entry withdrawn
    heading_typed: bool  # typed by a person: the browser finds its direction
    kind: str
    author: str
    agency: str | None
    visibility: Markup | None  # said only when not the whole team's
    changes: tuple[Change, ...]
    body: Markup | None
    body_typed: bool
    plugin_part: Markup  # an assessment's form, as its plugin shows it
    document_url: str | None
    preview_url: str | None
    attached: tuple[tuple[str, str], ...]  # (address, title) of each document attached
    may_attach: bool
    seen_by: Markup | None
    reply_to_id: int | None
    receipts_url: str | None
    may_reply: bool
    acknowledge_url: str | None
    withdraw_url: str | None


@dataclass(frozen=True)
class Links:
    """An entry's links, each endpoint's URL built once a page (``url_for_each``)."""

    document: Callable[[int], str]
    preview: Callable[[int], str]
    download: Callable[[int], str]
    receipts: Callable[[int], str]
    acknowledge: Callable[[int], str]
    withdraw: Callable[[int], str]


def shown_entries(
    page: TimelinePage,
    *,
    reading: Reader,
    explainer: Explainer,
    links: Links,
    plugin_parts: dict[int, Markup],
    attached: dict[int, list[Document]],
    previewed: set[int],
    may_attach_any: bool,
) -> list[ShownEntry]:
    """The page's items as its reader (``page.access``) sees them."""
    access, sentences = page.access, PageSentences()
    zone, locale, reader_id = current_app.config["TIMEZONE"], reading.locale, access.person.id
    kinds: dict[EntryKind, str] = {}
    agencies: dict[str, str] = {}
    visibilities = {
        Visibility.PROFESSIONALS: sentences.gettext("Professionals only"),
        Visibility.AGENCY: sentences.gettext("Agency only"),
    }
    shown = []
    for item in page.items:
        entry = item.entry
        entry_id, kind, wording, withdrawn_at = entry.id, entry.kind, entry.wording, entry.withdrawn_at
        if kind not in kinds:
            kinds[kind] = str(ENTRY_KIND_WORDS[kind])
        if (agency := entry.agency) and agency not in agencies:
            agencies[agency] = agency_name(agency, reading)
        together = len(item.together) > 1
        withdrawn = heading = body = None
        plugin_part = Markup("")
        if withdrawn_at is not None:
            withdrawn = sentences.gettext(
                "Withdrawn by %(person)s on %(day)s",
                person=entry.withdrawn_by.full_name,
                day=day(withdrawn_at, zone, locale),
            )
        elif together:
            heading = sentences.ngettext(
                "The plan was updated: %(num)d change", "The plan was updated: %(num)d changes", len(item.together)
            )
        else:
            heading = explainer.explain(entry_title(entry, reading))
            if entry.body:
                body = explainer.explain(stored_part(entry, "body", reading))
            if entry_id in plugin_parts:
                plugin_part = explainer.explain_html(plugin_parts[entry_id])
        seen = entry.acknowledgements
        document_id = entry.document_id
        shown.append(
            ShownEntry(
                id=entry_id,
                at=entry.occurred_at.isoformat(),
                when=when(entry.occurred_at, zone, locale),
                withdrawn=withdrawn,
                heading=heading,
                heading_typed=not (wording and "title" in wording),
                kind=kinds[kind],
                author=entry.author.full_name,
                agency=agencies[agency] if agency else None,
                visibility=visibilities.get(entry.visibility),
                changes=tuple(_change(change, reading, explainer) for change in item.together) if together else (),
                body=body,
                body_typed=not (wording and "body" in wording),
                plugin_part=plugin_part,
                document_url=links.document(entry_id) if document_id else None,
                preview_url=links.preview(document_id) if document_id in previewed else None,
                attached=tuple((links.download(one.id), one.title) for one in attached.get(entry_id, ())),
                may_attach=may_attach_any and kind in ATTACHABLE_ENTRIES and access.may_attach_to(entry),
                seen_by=_seen_by(seen, sentences) if seen else None,
                reply_to_id=entry.reply_to_id,
                receipts_url=links.receipts(entry_id) if access.may_see_receipts(entry) else None,
                may_reply=access.may_reply(entry),
                # "I have seen this" for those who may say it and have not yet.
                acknowledge_url=(
                    links.acknowledge(entry_id)
                    if access.may_acknowledge(entry) and not any(one.person_id == reader_id for one in seen)
                    else None
                ),
                withdraw_url=links.withdraw(entry_id) if not together and access.may_withdraw(entry) else None,
            )
        )
    return shown


def _change(change: TimelineEntry, reading: Reader, explainer: Explainer) -> Change:
    body = explainer.explain(stored_part(change, "body", reading)) if change.body else None
    return Change(id=change.id, title=explainer.explain(entry_title(change, reading)), body=body)


def _seen_by(seen: list[Acknowledgement], sentences: PageSentences) -> Markup:
    return sentences.gettext("Seen by %(v0)s", v0=", ".join(one.person.full_name for one in seen))
