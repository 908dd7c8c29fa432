"""The EHC needs assessment and plan as a case: each stage with who must act and by when.

The local authority runs the process; Teamaround keeps the team's record of it. The lead
professional records the authority's decisions from its letters, filed in the child's
file with them; where the council's SEN service is installed as an agency plugin
(``Agency(local_authority=True)``), its people in the team record them directly. Each
stage's due date comes from the timescales in force when it began
(:mod:`core.cases.timescales`), counted in calendar days, and each step is told on the
timeline in words every reader reads in their language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from core.access import Action, ChildAccess, child_access, record_access, visible_children
from core.cases import timescales
from core.cases.ehc_inputs import (
    REVIEW_DECISIONS,
    AdviceInput,
    AnswerInput,
    CaseInput,
    Decision,
    DecisionInput,
    ResponseInput,
    ReviewInput,
    ReviewStep,
    ReviewStepInput,
)
from core.cases.ehc_words import REQUESTER_ACTOR, actor_words, agency_words, outcome_words, stage_words
from core.documents.filing import add_document
from core.errors import Conflict, DoesNotFit, Forbidden, InvalidInput, NotFound
from core.models import (
    Child,
    Document,
    DocumentKind,
    EhcActor,
    EhcCase,
    EhcOutcome,
    EhcRequester,
    EhcReview,
    EhcStage,
    EhcStep,
    EntryKind,
    Membership,
    Person,
    Plan,
    Review,
    SenStatus,
    Visibility,
)
from core.plugins import PluginHost
from core.records import audit
from core.site import Site
from core.timeline.entries import record_system_entry
from core.types import utcnow
from core.validation import load
from core.wording import N_, Wording, day


@dataclass(frozen=True)
class StageView:
    """One stage as a reader sees it: ``document_id`` only when they may read that document."""

    stage: EhcStage
    words: Wording
    who: Wording | str
    source: Wording | None
    outcome: Wording | None
    document_id: int | None
    overdue: bool
    yours: bool

    @property
    def due_on(self) -> date | None:
        return self.stage.due_on

    @property
    def done_on(self) -> date | None:
        return self.stage.done_on


@dataclass(frozen=True)
class CaseView:
    """A child's EHC case for one reader: its stages in order (the assessment's, then each
    review's), what the reader may do, and the advice asked of them."""

    access: ChildAccess
    case: EhcCase | None
    stages: list[StageView]
    timescales: Wording
    may_open: bool
    may_record_decisions: bool
    may_ask_advice: bool
    may_respond: bool
    may_manage_reviews: bool

    @property
    def overdue(self) -> list[StageView]:
        return [stage for stage in self.stages if stage.overdue]

    @property
    def advice_for_you(self) -> list[StageView]:
        return [stage for stage in self.stages if stage.yours and stage.stage.step is EhcStep.ADVICE]

    @property
    def decisions(self) -> list[tuple[Decision, int | None]]:
        """The authority's decisions the case's open stages wait for, each with the annual
        review it is about (None for the assessment's); nothing for who may not record them."""
        if not self.may_record_decisions:
            return []
        return [
            (decision, view.stage.review_id)
            for view in self.stages
            if view.done_on is None
            for decision, (step, _) in _DECISION_STEP.items()
            if step is view.stage.step
        ]


def is_overdue(stage: EhcStage, today: date) -> bool:
    return stage.done_on is None and stage.due_on is not None and stage.due_on < today


def _current_case(db: Session, child_id: int) -> EhcCase | None:
    return db.scalar(
        select(EhcCase)
        .where(EhcCase.child_id == child_id)
        .order_by(EhcCase.requested_on.desc(), EhcCase.id.desc())
        .limit(1)
        .options(selectinload(EhcCase.stages), selectinload(EhcCase.reviews))
    )


def view_case(db: Session, actor: Person, child_id: int, today: date, *, host: PluginHost) -> CaseView:
    """The child's latest EHC case as ``actor`` sees it on ``today`` (the school's day)."""
    access = child_access(db, actor, child_id)
    case = _current_case(db, child_id)
    audit.record(db, actor, "ehc.viewed", child_id=child_id, subject=f"ehc_case:{case.id}" if case else "")
    decides = access.may_record_authority_decisions(host.agencies)
    stages = _stage_views(db, access, case, today, host) if case else []
    return CaseView(
        access=access,
        case=case,
        stages=stages,
        timescales=timescales.in_force(host).name,
        may_open=access.can(Action.MANAGE_PLAN) and (case is None or case.ended_on is not None),
        may_record_decisions=decides and case is not None,
        may_ask_advice=decides and case is not None and case.ended_on is None,
        may_respond=access.may_give_the_familys_views()
        and case is not None
        and _open(case, EhcStep.DRAFT_RESPONSE) is not None,
        may_manage_reviews=access.can(Action.MANAGE_PLAN) and case is not None and _plan_issued(case),
    )


def _stage_views(db: Session, access: ChildAccess, case: EhcCase, today: date, host: PluginHost) -> list[StageView]:
    document_ids = {stage.document_id for stage in case.stages if stage.document_id is not None}
    readable = (
        set(db.scalars(select(Document.id).where(Document.id.in_(document_ids), access.document_filter())))
        if document_ids
        else set()
    )
    review_order = {review.id: number for number, review in enumerate(case.reviews)}
    ordered = sorted(case.stages, key=lambda stage: (review_order.get(stage.review_id, -1), stage.id))
    return [
        StageView(
            stage=stage,
            words=stage_words(stage, host),
            who=actor_words(stage, host),
            source=Wording.from_json(stage.source) if stage.source else None,
            outcome=outcome_words(stage),
            document_id=stage.document_id if stage.document_id in readable else None,
            overdue=is_overdue(stage, today),
            yours=stage.done_on is None and _acts_for(access, stage),
        )
        for stage in ordered
    ]


def _acts_for(access: ChildAccess, stage: EhcStage) -> bool:
    if stage.acts is EhcActor.AGENCY:
        return access.agency == stage.agency and access.can(Action.POST_UPDATE)
    if stage.acts is EhcActor.FAMILY:
        return access.may_give_the_familys_views()
    return False


def case_for(db: Session, actor: Person, case_id: int) -> tuple[ChildAccess, EhcCase]:
    """A case ``actor`` may see; :class:`NotFound` otherwise, as if there were none."""
    child_id = db.scalar(select(EhcCase.child_id).where(EhcCase.id == case_id))
    access = record_access(db, actor, child_id, f"EHC case {case_id}")
    return access, db.get(EhcCase, case_id)


def open_case(db: Session, actor: Person, child_id: int, data: Mapping[str, Any], *, site: Site) -> EhcCase:
    """Record a request for an EHC needs assessment, made by the school or the family, and
    set the authority's days: its decision whether to assess, and the final plan."""
    access = child_access(db, actor, child_id)
    access.require(Action.MANAGE_PLAN)
    values = load(CaseInput(), data)
    current = _current_case(db, child_id)
    if current is not None and current.ended_on is None:
        raise Conflict("this child's EHC case is still open")
    rules = timescales.in_force(site.host)
    requested_on = values["requested_on"]
    case = EhcCase(
        child_id=child_id,
        requested_by=values["requested_by"],
        requested_on=requested_on,
        timescales=rules.code,
        opened_by_id=actor.id,
    )
    db.add(case)
    _add_stage(case, actor, EhcStep.REQUEST, REQUESTER_ACTOR[values["requested_by"]], requested_on, done=True)
    decision = _add_timed_stage(case, actor, rules, EhcStep.DECISION_TO_ASSESS, EhcActor.LOCAL_AUTHORITY, requested_on)
    final = _add_timed_stage(case, actor, rules, EhcStep.FINAL_PLAN, EhcActor.LOCAL_AUTHORITY, requested_on)
    db.flush()
    by = (
        N_("The school asked the local authority for an EHC needs assessment on %(day)s")
        if values["requested_by"] is EhcRequester.SCHOOL
        else N_("The family asked the local authority for an EHC needs assessment on %(day)s")
    )
    _tell(
        db,
        access,
        site,
        Wording(by, {"day": day(requested_on)}),
        Wording(
            N_("The decision whether to assess is due by %(decision)s, and the final plan by %(final)s."),
            {"decision": day(decision.due_on), "final": day(final.due_on)},
        ),
    )
    return case


def _add_stage(case, actor, step, acts, started_on, *, due_on=None, source=None, done=False, agency=None, review=None):
    stage = EhcStage(
        child_id=case.child_id,
        step=step,
        acts=acts,
        agency=agency,
        started_on=started_on,
        due_on=due_on,
        source=source.as_json() if source is not None else None,
        done_on=started_on if done else None,
        recorded_by_id=actor.id if done else None,
        recorded_at=utcnow() if done else None,
        created_by_id=actor.id,
    )
    if review is not None:
        stage.review_id = review.id
    case.stages.append(stage)
    return stage


def _add_timed_stage(case, actor, rules, step, acts, counted_from, **values):
    timescale = rules.of(step)
    return _add_stage(
        case, actor, step, acts, counted_from, due_on=timescale.due(counted_from), source=timescale.source, **values
    )


def _open(case: EhcCase, step: EhcStep, review_id: int | None = None) -> EhcStage | None:
    for stage in case.stages:
        if stage.step is step and stage.done_on is None and stage.review_id == review_id:
            return stage
    return None


def _plan_issued(case: EhcCase) -> bool:
    return any(stage.step is EhcStep.FINAL_PLAN and stage.outcome is EhcOutcome.ISSUE for stage in case.stages)


def _done(stage: EhcStage, actor: Person, on: date, outcome=None, document_id=None) -> None:
    stage.done_on, stage.outcome, stage.document_id = on, outcome, document_id
    stage.recorded_by_id, stage.recorded_at = actor.id, utcnow()


def _tell(db, access, site, title: Wording, body: Wording | str = "") -> None:
    record_system_entry(db, access, site=site, kind=EntryKind.EHC, title=title, body=body)


def _readable_document(db: Session, access: ChildAccess, document_id: int | None, field: str) -> int | None:
    if document_id is None:
        return None
    found = db.scalar(
        select(Document.id).where(
            Document.id == document_id, Document.child_id == access.child.id, access.document_filter()
        )
    )
    if found is None:
        raise DoesNotFit({field: [N_("No such document in this child's file.")]})
    return found


def _file(db, actor, child_id, upload: Mapping[str, Any], kind: DocumentKind, *, site, store, limit) -> int:
    """File an uploaded letter, plan or advice in the child's file, announced on the timeline."""
    document = add_document(
        db,
        actor,
        child_id,
        {"kind": kind.value, **upload["data"]},
        upload["upload"],
        store=store,
        host=site.host,
        limit=limit,
    )
    return document.id


_DECISION_STEP = {
    Decision.ASSESS: (EhcStep.DECISION_TO_ASSESS, EhcOutcome.ASSESS),
    Decision.NOT_ASSESS: (EhcStep.DECISION_TO_ASSESS, EhcOutcome.NOT_ASSESS),
    Decision.DRAFT_ISSUED: (EhcStep.DRAFT_PLAN, None),
    Decision.PLAN_ISSUED: (EhcStep.FINAL_PLAN, EhcOutcome.ISSUE),
    Decision.NO_PLAN: (EhcStep.FINAL_PLAN, EhcOutcome.NOT_ISSUE),
    Decision.KEEP: (EhcStep.REVIEW_DECISION, EhcOutcome.KEEP),
    Decision.AMEND: (EhcStep.REVIEW_DECISION, EhcOutcome.AMEND),
    Decision.CEASE: (EhcStep.REVIEW_DECISION, EhcOutcome.CEASE),
}

_DECISION_WORDS = {
    Decision.ASSESS: N_("The local authority agreed to carry out an EHC needs assessment"),
    Decision.NOT_ASSESS: N_("The local authority decided not to carry out an EHC needs assessment"),
    Decision.DRAFT_ISSUED: N_(
        "The local authority sent the draft EHC plan: the family can comment and name a school until %(day)s"
    ),
    Decision.PLAN_ISSUED: N_("The local authority issued the final EHC plan"),
    Decision.NO_PLAN: N_("The local authority decided not to issue an EHC plan"),
    Decision.KEEP: N_("After the annual review the local authority decided to keep the EHC plan as it is"),
    Decision.AMEND: N_("After the annual review the local authority decided to amend the EHC plan"),
    Decision.CEASE: N_("After the annual review the local authority decided to stop the EHC plan"),
}


def record_decision(
    db: Session,
    actor: Person,
    case_id: int,
    data: Mapping[str, Any],
    letter: Mapping[str, Any] | None = None,
    *,
    site: Site,
    store=None,
    limit: int | None = None,
) -> EhcStage:
    """Record a decision of the local authority, from its letter: one already in the child's
    file (``data["document_id"]``) or ``letter`` uploaded with it (``{"data": {"title": ...},
    "upload": Upload}``, filed with ``store`` and ``limit``). The lead must give the letter;
    someone of the council's SEN service records without one. Returns the stage it closes."""
    access, case = case_for(db, actor, case_id)
    if not access.may_record_authority_decisions(site.host.agencies):
        raise Forbidden(f"{actor.display_name} may not record the local authority's decisions here")
    values = load(DecisionInput(), data)
    decision = values["decision"]
    step, outcome = _DECISION_STEP[decision]
    stage = _open(case, step, values["review_id"])
    if stage is None:
        raise DoesNotFit({"decision": [_NOT_NOW[decision in REVIEW_DECISIONS]]})
    kind = DocumentKind.PLAN if decision in (Decision.DRAFT_ISSUED, Decision.PLAN_ISSUED) else DocumentKind.LETTER
    document_id = _readable_document(db, access, values["document_id"], "document_id")
    if letter is not None:
        document_id = _file(db, actor, case.child_id, letter, kind, site=site, store=store, limit=limit)
    if document_id is None and not _is_local_authority(access, site.host):
        # Who needs a letter depends on who records, not on the request's form: the records' answer.
        raise DoesNotFit({"letter": [N_("Add the local authority's letter: the decision is recorded from it.")]})
    decided_on = values["decided_on"]
    _done(stage, actor, decided_on, outcome, document_id)
    rules = timescales.in_force(site.host)
    words = {}
    if decision is Decision.ASSESS:
        _add_stage(case, actor, EhcStep.DRAFT_PLAN, EhcActor.LOCAL_AUTHORITY, decided_on)
    elif decision is Decision.DRAFT_ISSUED:
        response = _add_timed_stage(case, actor, rules, EhcStep.DRAFT_RESPONSE, EhcActor.FAMILY, decided_on)
        words = {"day": day(response.due_on)}
    elif decision in (Decision.NOT_ASSESS, Decision.NO_PLAN, Decision.PLAN_ISSUED):
        for other in case.stages:
            if other.done_on is None and other.review_id is None:
                _done(other, actor, decided_on, EhcOutcome.NOT_NEEDED)
        if decision is Decision.PLAN_ISSUED:
            access.child.sen_status = SenStatus.EHCP
        else:
            case.ended_on = decided_on
    db.flush()
    _tell(db, access, site, Wording(_DECISION_WORDS[decision], words))
    return stage


def _is_local_authority(access: ChildAccess, host: PluginHost) -> bool:
    agency = host.agencies.get(access.agency or "")
    return agency is not None and agency.local_authority


_NOT_NOW = {
    True: N_("That review has its decision already, or is not this case's."),
    False: N_("That decision is recorded already, or this case is not at that stage."),
}


def request_advice(
    db: Session, actor: Person, case_id: int, data: Mapping[str, Any], *, site: Site, today: date
) -> EhcStage:
    """Ask an agency in the team for its advice for the assessment, due on the day given or
    the timescales' days from ``today`` (6 weeks in England)."""
    access, case = case_for(db, actor, case_id)
    if not access.may_record_authority_decisions(site.host.agencies):
        raise Forbidden(f"{actor.display_name} may not ask for advice for this assessment")
    if case.ended_on is not None or _plan_issued(case):
        raise Conflict("this assessment is over")
    values = load(AdviceInput(), data)
    if values["agency"] not in access.sharing_agencies(db):
        raise DoesNotFit({"agency": [N_("Nobody from this agency in the team can read the child's record.")]})
    if any(s.step is EhcStep.ADVICE and s.done_on is None and s.agency == values["agency"] for s in case.stages):
        raise DoesNotFit({"agency": [N_("Advice is asked of this agency already.")]})
    rules = timescales.in_force(site.host)
    timescale = rules.of(EhcStep.ADVICE)
    stage = _add_stage(
        case,
        actor,
        EhcStep.ADVICE,
        EhcActor.AGENCY,
        today,
        agency=values["agency"],
        due_on=values["due_on"] or timescale.due(today),
        source=timescale.source,
    )
    db.flush()
    _tell(
        db,
        access,
        site,
        Wording(
            N_("Advice for the EHC needs assessment asked of %(agency)s, due by %(day)s"),
            {"agency": agency_words(site.host, stage.agency), "day": day(stage.due_on)},
        ),
    )
    return stage


def advice_request(db: Session, actor: Person, stage_id: int) -> tuple[ChildAccess, EhcStage]:
    """An advice request ``actor`` may answer: their own agency's, or any for the lead."""
    stage = db.get(EhcStage, stage_id)
    child_id = stage.child_id if stage is not None and stage.step is EhcStep.ADVICE else None
    access = record_access(db, actor, child_id, f"advice request {stage_id}")
    if not access.may_answer_advice(stage.agency):
        raise NotFound(f"advice request {stage_id}")
    return access, stage


def advice_asked_of(db: Session, actor: Person) -> list[EhcStage]:
    """The advice still asked of ``actor``'s agency, across the children they may see, soonest
    due first; audited as a view of each child's case it names."""
    asked = (
        select(EhcStage)
        .join(Membership, Membership.child_id == EhcStage.child_id)
        .where(
            EhcStage.step == EhcStep.ADVICE,
            EhcStage.done_on.is_(None),
            EhcStage.agency == Membership.agency,
            Membership.person_id == actor.id,
            Membership.left_at.is_(None),
            EhcStage.child_id.in_(visible_children(actor).with_only_columns(Child.id)),
        )
        .order_by(EhcStage.due_on, EhcStage.id)
    )
    found = list(db.scalars(asked))
    for child_id in sorted({stage.child_id for stage in found}):
        audit.record(db, actor, "ehc.viewed", child_id=child_id, subject="ehc_advice")
    return found


_ADVICE_FOR_EVERYONE = N_(
    "The family reads every advice with the draft plan: share the advice with the whole team, the family included."
)


def answer_advice(
    db: Session,
    actor: Person,
    stage_id: int,
    data: Mapping[str, Any] | None = None,
    upload: Mapping[str, Any] | None = None,
    *,
    site: Site,
    today: date,
    store=None,
    limit: int | None = None,
) -> EhcStage:
    """Answer an advice request with the advice: a document in the child's file
    (``data["document_id"]``) or ``upload`` (``{"data": {"title": ...}, "upload": Upload}``)."""
    access, stage = advice_request(db, actor, stage_id)
    if stage.done_on is not None:
        raise Conflict("this advice request is answered already")
    values = load(AnswerInput(), data or {})
    document_id = _readable_document(db, access, values["document_id"], "document_id")
    if document_id is not None and db.get(Document, document_id).visibility is not Visibility.TEAM:
        raise InvalidInput({"document_id": [_ADVICE_FOR_EVERYONE]})
    if upload is not None:
        # The family receives every advice with the draft plan (Code of Practice 9.77): it is the whole team's.
        upload = {**upload, "data": {**upload["data"], "visibility": Visibility.TEAM.value}}
        document_id = _file(db, actor, stage.child_id, upload, DocumentKind.REPORT, site=site, store=store, limit=limit)
    if document_id is None:
        raise InvalidInput({"document_id": [N_("Add the advice: a document in the child's file, or a file.")]})
    _done(stage, actor, today, document_id=document_id)
    db.flush()
    _tell(
        db,
        access,
        site,
        Wording(
            N_("%(agency)s sent their advice for the EHC needs assessment"),
            {"agency": agency_words(site.host, stage.agency)},
        ),
    )
    return stage


def respond_to_draft(
    db: Session, actor: Person, case_id: int, data: Mapping[str, Any], *, site: Site, today: date
) -> EhcStage:
    """The family's comments on the draft plan and the school they name; late is still heard."""
    access, case = case_for(db, actor, case_id)
    if not access.may_give_the_familys_views():
        raise Forbidden("only the family gives their views on the draft plan")
    stage = _open(case, EhcStep.DRAFT_RESPONSE)
    if stage is None:
        raise Conflict("there is no draft plan waiting for the family's views")
    values = load(ResponseInput(), data)
    case.parent_comments, case.parent_school = values["comments"].strip(), values["school"].strip()
    _done(stage, actor, today)
    db.flush()
    title = (
        Wording(
            N_("The family gave their views on the draft EHC plan and named %(school)s"), {"school": case.parent_school}
        )
        if case.parent_school
        else Wording(N_("The family gave their views on the draft EHC plan"))
    )
    _tell(db, access, site, title, case.parent_comments)
    return stage


def schedule_review(db: Session, actor: Person, case_id: int, data: Mapping[str, Any], *, site: Site) -> EhcReview:
    """An annual review of the issued plan on a day: the reports due two weeks before it, the
    outcome two weeks and the authority's decision four weeks after (in England)."""
    access, case = case_for(db, actor, case_id)
    access.require(Action.MANAGE_PLAN)
    if not _plan_issued(case):
        raise Conflict("an annual review follows the final plan")
    values = load(ReviewInput(), data)
    if values["plan_review_id"] is not None:
        _plan_review(db, case, values["plan_review_id"])
    meeting_on = values["meeting_on"]
    review = EhcReview(
        case=case, meeting_on=meeting_on, plan_review_id=values["plan_review_id"], created_by_id=actor.id
    )
    db.add(review)
    db.flush()
    rules = timescales.in_force(site.host)
    reports = _add_timed_stage(case, actor, rules, EhcStep.REVIEW_REPORTS, EhcActor.SCHOOL, meeting_on, review=review)
    reports.started_on = min(reports.due_on, meeting_on)
    _add_stage(case, actor, EhcStep.REVIEW_MEETING, EhcActor.SCHOOL, meeting_on, due_on=meeting_on, review=review)
    for step, acts in ((EhcStep.REVIEW_OUTCOME, EhcActor.SCHOOL), (EhcStep.REVIEW_DECISION, EhcActor.LOCAL_AUTHORITY)):
        _add_timed_stage(case, actor, rules, step, acts, meeting_on, review=review)
    db.flush()
    _tell(
        db,
        access,
        site,
        Wording(
            N_("The EHC plan's annual review meeting is on %(day)s; reports go to everyone invited by %(reports)s"),
            {"day": day(meeting_on), "reports": day(reports.due_on)},
        ),
    )
    return review


def _plan_review(db: Session, case: EhcCase, review_id: int) -> Review:
    review = db.scalar(
        select(Review)
        .join(Plan, Plan.id == Review.plan_id)
        .where(Review.id == review_id, Plan.child_id == case.child_id)
    )
    if review is None:
        raise DoesNotFit({"plan_review_id": [N_("No such review of this child's support plan.")]})
    return review


_REVIEW_STEPS = {
    ReviewStep.REPORTS: (
        EhcStep.REVIEW_REPORTS,
        N_("Reports were sent to everyone invited to the EHC plan's annual review"),
    ),
    ReviewStep.MEETING: (EhcStep.REVIEW_MEETING, N_("The EHC plan's annual review meeting was held")),
    ReviewStep.OUTCOME: (EhcStep.REVIEW_OUTCOME, N_("The outcome of the EHC plan's annual review was sent out")),
}


def record_review_step(db: Session, actor: Person, review_id: int, data: Mapping[str, Any], *, site: Site) -> EhcStage:
    """The lead records a step the school took for an annual review, on the day it took it."""
    case_id = db.scalar(select(EhcReview.case_id).where(EhcReview.id == review_id))
    if case_id is None:
        raise NotFound(f"EHC review {review_id}")
    access, case = case_for(db, actor, case_id)
    access.require(Action.MANAGE_PLAN)
    values = load(ReviewStepInput(), data)
    step, words = _REVIEW_STEPS[values["step"]]
    stage = _open(case, step, review_id)
    if stage is None:
        raise DoesNotFit({"step": [N_("This step of the review is recorded already.")]})
    _done(stage, actor, values["on"])
    db.flush()
    _tell(db, access, site, Wording(words))
    return stage
