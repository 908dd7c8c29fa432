"""The caseload: every child a person works with, each with what needs them, most urgent first.

A SENCO holds 40 to 100 children. A list of names tells them nothing; a row that says a
review is overdue, reports are awaited or the family has posted since they last looked tells
them where to look. Each signal is gathered for the whole caseload in one query, grouped by
child, so the page costs the same few queries for five children or a hundred.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, case, func, select
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from core.access import AnyReader, visible_children
from core.cases.ehc_due import ehc_due
from core.cases.referral_views import waiting_by_child
from core.messaging.dashboard import REVIEW_NOTICE, new_by_child, new_parameters
from core.models import (
    Child,
    EhcCase,
    EhcStage,
    EhcStep,
    Meeting,
    MeetingStatus,
    Membership,
    Person,
    PersonKind,
    Plan,
    ReportRequest,
    Review,
    SenStatus,
)
from core.plugins import PluginHost
from core.records import audit
from core.schemas import CaseloadQuery
from core.validation import load
from core.wording import Wording


class Urgency(enum.IntEnum):
    """How soon something needs the person, most urgent first (the order rows sort by)."""

    OVERDUE = 0
    DUE = 1
    TO_LOOK_AT = 2  # no date to keep: entries to read, referrals waiting on another agency
    NOTHING = 3


class SignalKind(enum.StrEnum):
    REVIEW = "review"  # the plan's review, for the lead who holds it
    REPORTS = "reports"  # reports the lead asked for before a meeting, not yet sent
    OWN_REPORT = "own_report"  # a report asked of the person
    NEW_ENTRIES = "new_entries"  # posted since the person last looked
    EHC_STAGE = "ehc_stage"  # the EHC case's stage due first, for the lead: what it is and who must act
    ADVICE = "advice"  # advice asked of agencies for the EHC needs assessment, not yet given
    OWN_ADVICE = "own_advice"  # that advice asked of the person's own agency
    REFERRALS = "referrals"  # referrals waiting for the agency's answer, since the oldest was made
    REFERRAL_QUESTIONS = "referral_questions"  # referrals whose agency asks the team for more information


@dataclass(frozen=True)
class Signal:
    """One thing that needs the person about a child: what, how urgently, by or since when."""

    kind: SignalKind
    urgency: Urgency
    on: date | None = None  # the day it is due (or was), or waits since
    count: int = 1
    words: Wording | str | None = None  # what the stage is, where the kind alone does not say
    who: Wording | str | None = None  # who must act, where it is not the person


@dataclass(frozen=True)
class CaseloadRow:
    child: Row  # the child's id, full_name, preferred_name, year_group and sen_status: what a row shows
    leads: bool  # the person is the child's lead professional
    signals: tuple[Signal, ...]
    next_meeting: Row | None  # its id, purpose, title and starts_at: what a row shows

    @property
    def urgency(self) -> Urgency:
        return min((signal.urgency for signal in self.signals), default=Urgency.NOTHING)

    def sort_key(self) -> tuple:
        """Most urgent first; among equals the longest overdue or soonest due, then the most to read."""
        urgent = [signal for signal in self.signals if signal.urgency is self.urgency]
        first = min((signal.on for signal in urgent if signal.on is not None), default=date.max)
        return (self.urgency, first, -sum(signal.count for signal in urgent), self.child.full_name.casefold())


@dataclass(frozen=True)
class Caseload:
    rows: list[CaseloadRow]  # those the query kept, in its order
    total: int  # every child on the caseload, before the query narrowed it
    year_groups: list[str]  # the year groups on the caseload, to filter by
    query: dict[str, Any] = field(default_factory=dict)  # the query as read, for the form


@dataclass(frozen=True)
class Asked:
    """What a source of signals is asked about: whose caseload, which children (as SELECTs of
    their ids, which the access policy drew for any reader of the person's kind), and when;
    ``parameters`` holds the values of the statements' bound parameters (:func:`_parameters`)."""

    actor: Person
    children: Select  # every child the person may see
    led: Select  # those of them the person is the lead professional of
    now: datetime
    today: date  # in the school's zone
    zone: str
    host: PluginHost
    parameters: Mapping[str, Any]


# What the table shows of a child and of its next meeting: read as rows, not whole records.
_SHOWN_OF_A_CHILD = (Child.id, Child.full_name, Child.preferred_name, Child.year_group, Child.sen_status)
_SHOWN_OF_A_MEETING = (Meeting.id, Meeting.purpose, Meeting.title, Meeting.starts_at)

# A source of signals: {child id: signals} for the children asked about, in one query whatever their number.
SignalSource = Callable[[Session, Asked], Mapping[int, list[Signal]]]

# The statements below are built once for each kind of reader (and whether active), as the
# dashboard's are (core.access.AnyReader): what is the person's or the day's is a
# bound parameter, given by _parameters. Building them cost about as much as running them.
_NOW = bindparam("now", type_=Meeting.ends_at.type)
_REVIEWS_BEFORE = bindparam("reviews_before", type_=Review.due_on.type)


def _parameters(actor: Person, now: datetime, today: date) -> dict[str, Any]:
    return {**new_parameters(actor, now), "reviews_before": today + REVIEW_NOTICE}


@functools.cache
def _children(kind: PersonKind, active: bool) -> tuple[Select, Select, Select]:
    """What the table shows of each child a reader of this kind may see, by name; the ids of
    those children; and of those they lead."""
    visible = visible_children(AnyReader(kind, active))
    shown = visible.with_only_columns(*_SHOWN_OF_A_CHILD, Membership.is_lead).order_by(Child.full_name)
    ids = visible.with_only_columns(Child.id)
    return shown, ids, ids.where(Membership.is_lead.is_(True))


def caseload(
    db: Session, actor: Person, now: datetime, zone: str, query: Mapping[str, Any] | None = None, *, host: PluginHost
) -> Caseload:
    """The children ``actor`` may see, each with what needs them and the next meeting,
    narrowed by ``query`` (a name, only the overdue or anything needing them, EHCP or SEN
    support, a year group) and sorted by urgency or by name."""
    wanted = load(CaseloadQuery(), query or {})
    today = now.astimezone(ZoneInfo(zone)).date()
    shown, ids, led = _children(actor.kind, actor.active)
    parameters = _parameters(actor, now, today)
    children = db.execute(shown, parameters).all()
    asked = Asked(actor, ids, led, now, today, zone, host, parameters)
    signals: dict[int, list[Signal]] = {}
    for source in SOURCES:
        for child_id, found in source(db, asked).items():
            signals.setdefault(child_id, []).extend(found)
    meetings = _next_meetings(db, asked)
    rows = [
        CaseloadRow(child, child.is_lead, tuple(signals.get(child.id, ())), meetings.get(child.id))
        for child in children
    ]
    kept = [row for row in rows if _wanted(row, wanted)]
    if wanted["order"] == "urgency":
        kept.sort(key=CaseloadRow.sort_key)
    view_caseload_again(db, actor, sorted(row.child.id for row in kept))
    year_groups = sorted({child.year_group for child in children if child.year_group})
    return Caseload(kept, len(rows), year_groups, wanted)


def view_caseload_again(db: Session, actor: Person, children: list[int]) -> None:
    """The look at the caseload audited: :func:`caseload` does this once it has read it, and a
    page showing it again as it read it does only this (webui.kept_pages). Everything the
    rows show belongs to ``children``: the event names them all."""
    audit.record(db, actor, "caseload.viewed", detail={"children": children})


def _wanted(row: CaseloadRow, wanted: Mapping[str, Any]) -> bool:
    child = row.child
    name = wanted["name"].strip().casefold()
    return (
        (not name or name in child.full_name.casefold() or name in child.preferred_name.casefold())
        and (not wanted["plan"] or child.sen_status is SenStatus(wanted["plan"]))
        and (not wanted["year"] or child.year_group == wanted["year"])
        and (wanted["needs"] != "overdue" or row.urgency is Urgency.OVERDUE)
        and (wanted["needs"] != "attention" or row.urgency is not Urgency.NOTHING)
    )


def _due(kind: SignalKind, on: date, today: date, count: int = 1, **values) -> Signal:
    return Signal(kind, Urgency.OVERDUE if on < today else Urgency.DUE, on, count, **values)


def _reviews(db: Session, asked: Asked) -> dict[int, list[Signal]]:
    """The current plan's review, for the lead who holds it: overdue, or due within REVIEW_NOTICE."""
    rows = db.execute(_reviews_statement(asked.actor.kind, asked.actor.active), asked.parameters)
    return {child_id: [_due(SignalKind.REVIEW, due_on, asked.today)] for child_id, due_on in rows}


@functools.cache
def _reviews_statement(kind: PersonKind, active: bool) -> Select:
    _, _, led = _children(kind, active)
    return (
        select(Plan.child_id, func.min(Review.due_on))
        .join(Review, Review.plan_id == Plan.id)
        .where(
            Plan.child_id.in_(led),
            Plan.ended_at.is_(None),
            # Not yet held, by its day (set with its status, core.plans.reviews.hold_review): by
            # its status, SQLite reads every child's reviews due by then through the status's index.
            Review.held_on.is_(None),
            Review.due_on < _REVIEWS_BEFORE,
        )
        .group_by(Plan.child_id)
    )


def _reports(db: Session, asked: Asked) -> dict[int, list[Signal]]:
    """Reports not yet sent for meetings still to come: those asked of the person, and for a lead
    those they asked of the team. The earliest due date says how urgent."""
    rows = db.execute(_reports_statement(asked.actor.kind, asked.actor.active), asked.parameters)
    found: dict[int, list[Signal]] = {}
    for child_id, own_count, own_due, asked_count, asked_due in rows:
        signals = found.setdefault(child_id, [])
        if own_count:
            signals.append(_due(SignalKind.OWN_REPORT, own_due, asked.today, own_count))
        if asked_count:
            signals.append(_due(SignalKind.REPORTS, asked_due, asked.today, asked_count))
    return found


@functools.cache
def _reports_statement(kind: PersonKind, active: bool) -> Select:
    reader, (_, children, led) = AnyReader(kind, active), _children(kind, active)
    own = ReportRequest.person_id == reader.id
    return (
        select(
            Meeting.child_id,
            func.count(case((own, 1))),
            func.min(case((own, ReportRequest.due_on))),
            func.count(case((~own, 1))),
            func.min(case((~own, ReportRequest.due_on))),
        )
        .join(ReportRequest, ReportRequest.meeting_id == Meeting.id)
        .where(
            Meeting.child_id.in_(children),
            Meeting.status != MeetingStatus.CANCELLED,
            Meeting.ends_at > _NOW,
            ReportRequest.received_at.is_(None),
            own | Meeting.child_id.in_(led),
        )
        .group_by(Meeting.child_id)
    )


def _new_entries(db: Session, asked: Asked) -> dict[int, list[Signal]]:
    """Entries posted since the person last looked, by the dashboard's rule (``new_to``)."""
    rows = db.execute(new_by_child(asked.actor.kind, asked.actor.active), asked.parameters)
    return {child_id: [Signal(SignalKind.NEW_ENTRIES, Urgency.TO_LOOK_AT, count=count)] for child_id, count in rows}


def _ehc_stages(db: Session, asked: Asked) -> dict[int, list[Signal]]:
    """For the lead, the EHC case's stage due first (what it is, who must act, by when) and the
    advice the agencies still owe. Advice due first is said once, as advice."""
    found: dict[int, list[Signal]] = {}
    for child_id, due in ehc_due(db, asked.led, asked.today, asked.parameters).items():
        signals = found.setdefault(child_id, [])
        if due.stage.step is not EhcStep.ADVICE:
            signals.append(
                _due(
                    SignalKind.EHC_STAGE, due.due_on, asked.today, words=due.words(asked.host), who=due.who(asked.host)
                )
            )
        if due.advice_waiting:
            first = due.due_on if due.stage.step is EhcStep.ADVICE else None
            urgency = Urgency.OVERDUE if due.advice_overdue else Urgency.DUE
            signals.append(Signal(SignalKind.ADVICE, urgency, first, due.advice_waiting))
    return found


def _own_advice(db: Session, asked: Asked) -> dict[int, list[Signal]]:
    """Advice for an EHC needs assessment asked of the person's agency, for its people in the
    team who are not the lead (the lead sees all the advice owed)."""
    rows = db.execute(_own_advice_statement(asked.actor.kind, asked.actor.active), asked.parameters)
    return {child_id: [_due(SignalKind.OWN_ADVICE, due_on, asked.today, count)] for child_id, count, due_on in rows}


@functools.cache
def _own_advice_statement(kind: PersonKind, active: bool) -> Select:
    reader, (_, children, _) = AnyReader(kind, active), _children(kind, active)
    return (
        select(EhcStage.child_id, func.count(), func.min(EhcStage.due_on))
        .join(EhcCase, EhcCase.id == EhcStage.case_id)
        .join(Membership, Membership.child_id == EhcStage.child_id)
        .where(
            EhcStage.child_id.in_(children),
            EhcStage.step == EhcStep.ADVICE,
            EhcStage.done_on.is_(None),
            EhcCase.ended_on.is_(None),
            Membership.person_id == reader.id,
            Membership.left_at.is_(None),
            Membership.is_lead.is_(False),
            EhcStage.agency == Membership.agency,
        )
        .group_by(EhcStage.child_id)
    )


def _referrals(db: Session, asked: Asked) -> dict[int, list[Signal]]:
    """For the lead, the referrals still waiting for the agency's answer, since the oldest was
    made (overdue past the answer expected), and those whose agency asks the team for more."""
    found: dict[int, list[Signal]] = {}
    for child_id, waiting in waiting_by_child(db, asked.led, asked.now, asked.parameters).items():
        since = waiting.since.astimezone(ZoneInfo(asked.zone)).date()
        urgency = Urgency.OVERDUE if waiting.overdue else Urgency.TO_LOOK_AT
        signals = found.setdefault(child_id, [Signal(SignalKind.REFERRALS, urgency, since, waiting.count)])
        if waiting.asked_of_team:
            signals.append(Signal(SignalKind.REFERRAL_QUESTIONS, Urgency.DUE, count=waiting.asked_of_team))
    return found


SOURCES: tuple[SignalSource, ...] = (_reviews, _reports, _ehc_stages, _own_advice, _referrals, _new_entries)


def _next_meetings(db: Session, asked: Asked) -> dict[int, Row]:
    """Each child's next meeting (or one under way), in one query: the first of each child's by
    time, read as a row of what the table shows of it. A child has a few meetings to come, so
    they are all read and the first kept: cheaper than ranking them in SQL with a window."""
    meetings = db.execute(_meetings_statement(asked.actor.kind, asked.actor.active), asked.parameters)
    first: dict[int, Row] = {}
    for meeting in meetings:
        first.setdefault(meeting.child_id, meeting)
    return first


@functools.cache
def _meetings_statement(kind: PersonKind, active: bool) -> Select:
    _, ids, _ = _children(kind, active)
    return (
        select(*_SHOWN_OF_A_MEETING, Meeting.child_id)
        .where(Meeting.child_id.in_(ids), Meeting.status != MeetingStatus.CANCELLED, Meeting.ends_at > _NOW)
        .order_by(Meeting.starts_at, Meeting.id)
    )
