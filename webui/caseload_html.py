"""The rows of a SENCO's caseload table on the home page, built in one pass of Python.

``children.html`` laid out each of a caseload's 40 to 100 rows with some thirty
expressions, each a lookup, a filter or a translation through Jinja's runtime: about half
of what rendering the page cost. Here a row is one string, put together as the template
laid it out, whitespace and all, so the page is the same byte for byte. What goes into it
is escaped as autoescape escaped it (:func:`markupsafe.escape`: the page's sentences,
which are markup, as they are; names, titles and days escaped); the sentences are
translated once a page, in the page's language, through the page's own words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

from jinja2 import pass_context
from markupsafe import Markup, escape

from core import timefmt
from core.messaging.caseload import CaseloadRow, Signal, SignalKind, Urgency
from core.models import SenStatus
from core.wording import N_, Nn_
from webui.formatting import day_in_words
from webui.wording import PageSentences, escaped, meeting_title, page_words, words, year_group

_SAID = {
    "plan review": N_("Plan review"),
    "advice asked of you": N_("Advice asked of you"),
    "overdue": N_("Overdue"),
    "day at time": N_("%(day)s at %(time)s"),
    "overdue waiting since": N_("overdue: waiting since %(day)s"),
    "waiting since": N_("waiting since %(day)s"),
    "overdue was due": N_("overdue: it was due %(day)s"),
    "due": N_("due %(day)s"),
}

# What a signal of each kind says, with its count; and the kinds a count says nothing of.
_COUNTED = {
    SignalKind.REPORTS: Nn_("%(num)d report awaited", "%(num)d reports awaited"),
    SignalKind.OWN_REPORT: Nn_("%(num)d report asked of you", "%(num)d reports asked of you"),
    SignalKind.NEW_ENTRIES: Nn_("%(num)d new entry", "%(num)d new entries"),
    SignalKind.ADVICE: Nn_("Advice awaited from %(num)d agency", "Advice awaited from %(num)d agencies"),
    SignalKind.REFERRALS: Nn_("%(num)d referral waiting", "%(num)d referrals waiting"),
    SignalKind.REFERRAL_QUESTIONS: Nn_(
        "%(num)d referral asks for more information", "%(num)d referrals ask for more information"
    ),
}


class Links(NamedTuple):
    """Each link a row may hold, for a child's id (or a meeting's), built once a page (``url_for_each``)."""

    timeline: Callable[[int], str]
    plan: Callable[[int], str]
    meeting: Callable[[int], str]
    ehc: Callable[[int], str]
    referrals: Callable[[int], str]


@pass_context
def caseload_rows(
    context, rows: Iterable[CaseloadRow], said: Mapping[str, Markup], **links: Callable[[int], str]
) -> list[Markup]:
    """Each row of the table, from its ``\\n  <tr>`` to the ``</tr>\\n  `` after it, as the
    template wrote it; ``said`` holds the words the table's head shares with its rows, ``links``
    the page's links (:class:`Links`' names)."""
    page = _Page(context, said, Links(**links))
    return [Markup(page.row(row)) for row in rows]


class _Page:
    """What the rows of one page share: its language, zone, words and links."""

    def __init__(self, context, said: Mapping[str, Markup], links: Links) -> None:
        self.context, self.links = context, links
        self.words = page_words(context)
        self.sentences = PageSentences(self.words.translations)
        # Translated, as markup in plain strings, their values escaped and put in as each row needs them.
        translated = self.sentences.translations.ugettext
        self.said = {
            **{key: str(sentence) for key, sentence in said.items()},
            **{key: translated(message) for key, message in _SAID.items()},
        }
        # A caseload's children are in a few year groups and its meetings of a few kinds: each
        # year group's words and each meeting title, escaped, looked up once a page.
        self.years: dict[str, str] = {}
        self.titles: dict[tuple, str] = {}

    def row(self, row: CaseloadRow) -> str:
        child, said, links = row.child, self.said, self.links
        year = self.year(child.year_group) if child.year_group else ""
        support = said["ehcp"] if child.sen_status is SenStatus.EHCP else said["sen support"]
        if row.signals:
            signals = "".join(self.signal(signal, child.id) for signal in row.signals)
            needs = f'<ul class="signals">{signals}\n    </ul>'
        else:
            needs = said["nothing waiting"]
        return (
            f'\n  <tr>\n    <th scope="row"><a href="{escaped(links.timeline(child.id))}" dir="auto">'
            f"{escaped(child.full_name)}</a>"
            f'\n      <span class="meta">{year}{support}</span></th>'
            f'\n    <td data-label="{said["what needs you"]}">{needs}</td>'
            f'\n    <td data-label="{said["next meeting"]}">{self.meeting(row.next_meeting)}</td>\n  </tr>\n  '
        )

    def signal(self, signal: Signal, child_id: int) -> str:
        links, kind = self.links, signal.kind
        if kind is SignalKind.REVIEW:
            what = f'<a href="{escape(links.plan(child_id))}">{self.said["plan review"]}</a>'
        elif kind in (SignalKind.REPORTS, SignalKind.OWN_REPORT):
            what = self.counted(signal)
        elif kind is SignalKind.NEW_ENTRIES:
            what = f'<a href="{escape(links.timeline(child_id))}">{self.counted(signal)}</a>'
        elif kind is SignalKind.EHC_STAGE:
            reading = self.words.reader
            what = (
                f'<a href="{escape(links.ehc(child_id))}">{escape(words(signal.words, reading))}</a>'
                f" ({escape(words(signal.who, reading))})"
            )
        elif kind is SignalKind.ADVICE:
            what = f'<a href="{escape(links.ehc(child_id))}">{self.counted(signal)}</a>'
        elif kind is SignalKind.OWN_ADVICE:
            what = f'<a href="{escape(links.ehc(child_id))}">{self.said["advice asked of you"]}</a>'
        else:  # the referrals waiting, and those whose agency asks for more
            what = f'<a href="{escape(links.referrals(child_id))}">{self.counted(signal)}</a>'
        return f"\n      <li>{what}{self.when(signal)}</li>"

    def counted(self, signal: Signal) -> Markup:
        return self.sentences.ngettext(*_COUNTED[signal.kind], signal.count)

    def when(self, signal: Signal) -> str:
        said, overdue = self.said, signal.urgency is Urgency.OVERDUE
        on = {"day": escaped(self.day(signal.on))} if signal.on else None
        if signal.kind is SignalKind.REFERRALS:
            return (
                f" · <strong>{said['overdue waiting since'] % on}</strong>"
                if overdue
                else f" · {said['waiting since'] % on}"
            )
        if overdue:
            return f" · <strong>{said['overdue was due'] % on if on else said['overdue']}</strong>"
        return f" · {said['due'] % on}" if on else ""

    def year(self, typed: str) -> str:
        if typed not in self.years:
            self.years[typed] = f"{escape(year_group(typed, reading=self.words.reader))} · "
        return self.years[typed]

    def day(self, value) -> str:
        return timefmt.day(value, self.words.zone, self.words.locale)

    def meeting(self, meeting) -> str:
        if meeting is None:
            return self.said["none booked"]
        moment = meeting.starts_at
        day_and_time = self.said["day at time"] % {
            "day": escaped(day_in_words(self.context, moment)),
            "time": escaped(timefmt.clock(moment, self.words.zone, self.words.locale)),
        }
        link, kind = escaped(self.links.meeting(meeting.id)), (meeting.purpose, meeting.title)
        if kind not in self.titles:
            self.titles[kind] = escape(meeting_title(meeting, self.words.reader))
        title = self.titles[kind]
        return f'<a href="{link}">{title}</a>\n      <span class="meta">{day_and_time}</span>'
