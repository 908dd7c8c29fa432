"""Reading referrals: a child's for the team and the family, an agency's for its people,
and the referrals waiting on each child of a caseload, counted in one query."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session, selectinload

from core.access import ChildAccess, ReferralAccess, child_access, referral_access, referrals_received
from core.cases import referral_words as words
from core.cases.referral_inputs import MOST_DOCUMENTS
from core.cases.referral_questions import Question, questions_for
from core.cases.referrals import OPEN
from core.documents.filing import OpenedFile
from core.documents.storage import FileStore
from core.errors import Forbidden, NotFound
from core.models import Document, Person, Referral, ReferralStatus
from core.plugins import PluginHost
from core.records import audit
from core.site import Site
from core.wording import Wording

# Past this an open referral is flagged to the lead: the NHS's standard for a diagnostic
# test is six weeks from referral, and a service that has not even answered by then has
# kept the family waiting long enough to ask after it.
ANSWER_EXPECTED = timedelta(weeks=6)


@dataclass(frozen=True)
class ReferralView:
    """A referral as a page or the API shows it: where it is and how long it has waited, in words."""

    referral: Referral
    agency: Wording | str
    where: Wording
    waited: Wording
    overdue: bool
    documents: Sequence[Document]

    @property
    def open(self) -> bool:
        return self.referral.status in OPEN


@dataclass(frozen=True)
class WaitingReferrals:
    """A child's open referrals, for the caseload: how many, since when the oldest, whether it is overdue,
    and how many of them wait for the team to give more information."""

    count: int
    since: datetime
    overdue: bool
    asked_of_team: int


def view(site: Site, referral: Referral, now: datetime, documents: Sequence[Document] = ()) -> ReferralView:
    """``documents``: those sent with the referral that the reader may know of."""
    overdue = referral.status in OPEN and now - referral.referred_at > ANSWER_EXPECTED
    return ReferralView(
        referral=referral,
        agency=words.agency_name(site.host, referral.agency),
        where=words.where(site.host, referral, site.zone),
        waited=words.waited(referral, now),
        overdue=overdue,
        documents=documents,
    )


def _loaded(statement: Select) -> Select:
    return statement.options(
        selectinload(Referral.steps), selectinload(Referral.documents), selectinload(Referral.referred_by)
    ).order_by(Referral.referred_at.desc(), Referral.id.desc())


def child_referrals(
    db: Session, actor: Person, child_id: int, *, site: Site, now: datetime
) -> tuple[ChildAccess, list[ReferralView]]:
    """A child's referrals, newest first, for everyone in the team (the family consented to each)."""
    access = child_access(db, actor, child_id)
    referrals = db.scalars(_loaded(select(Referral).where(Referral.child_id == child_id))).all()
    sent = {document.id for referral in referrals for document in referral.documents}
    readable = (
        set(db.scalars(select(Document.id).where(Document.id.in_(sent), access.document_filter()))) if sent else set()
    )
    audit.record(db, actor, "referrals.viewed", child_id=child_id)
    return access, [
        view(site, referral, now, [document for document in referral.documents if document.id in readable])
        for referral in referrals
    ]


def received(db: Session, actor: Person, *, site: Site, now: datetime) -> list[ReferralView]:
    """The referrals made to the actor's agency, those waiting for it first, oldest first: nothing for
    anyone whose agency receives none."""
    statement = _loaded(referrals_received(actor).options(selectinload(Referral.child)))
    referrals = db.scalars(statement).all()
    waiting = [r for r in referrals if r.status is ReferralStatus.WAITING]
    others = [r for r in referrals if r.status is not ReferralStatus.WAITING]
    shown = sorted(waiting, key=lambda r: (r.referred_at, r.id)) + others
    audit.record(db, actor, "referrals.received_viewed", detail={"children": sorted({r.child_id for r in shown})})
    return [view(site, referral, now, list(referral.documents)) for referral in shown]


def read(
    db: Session, actor: Person, referral_id: int, *, site: Site, now: datetime
) -> tuple[ReferralAccess, ReferralView]:
    """One referral, for its child's team or the receiving agency (audited)."""
    access = referral_access(db, actor, referral_id)
    audit.record(db, actor, "referral.viewed", child_id=access.referral.child_id, subject=f"referral:{referral_id}")
    return access, view(site, access.referral, now, access.documents(db))


@dataclass(frozen=True)
class ReferralForm:
    """What the form to refer a child to an agency shows: its questions and the documents that can go with it."""

    access: ChildAccess
    agency: str
    questions: list[Question]
    documents: Sequence[Document]


def referral_form(db: Session, actor: Person, child_id: int, agency: str, *, host: PluginHost) -> ReferralForm:
    """The form to refer the child to ``agency``, for those who may refer (audited: it lists the child's documents)."""
    access = child_access(db, actor, child_id)
    if not access.may_refer():
        raise Forbidden(f"{actor.display_name} may not refer this child")
    if agency not in host.agencies:
        raise NotFound(f"agency {agency}")
    documents = db.scalars(
        select(Document)
        .where(Document.child_id == child_id, access.document_filter())
        .order_by(Document.about_on.desc(), Document.id.desc())
        .limit(MOST_DOCUMENTS * 5)
    )
    audit.record(db, actor, "referral_form.viewed", child_id=child_id, subject=f"agency:{agency}")
    return ReferralForm(access, agency, questions_for(host, agency), list(documents))


def open_sent_document(
    db: Session, actor: Person, referral_id: int, document_id: int, *, store: FileStore
) -> OpenedFile:
    """The file of a document sent with a referral (its newest version), for the receiving
    agency's people, audited as an export: it leaves the team. :class:`NotFound` for any other."""
    access = referral_access(db, actor, referral_id)
    document = db.get(Document, document_id)
    if document is None or not access.may_read_document(document):
        raise NotFound(f"document {document_id}")
    audit.record(
        db, actor, "referral.document_exported", child_id=access.referral.child_id, subject=f"document:{document_id}"
    )
    return OpenedFile(document=document, version=document.current, file=store.open(document.current.sha256))


def waiting_by_child(
    db: Session, child_ids: Select, now: datetime, parameters: Mapping[str, Any] | None = None
) -> dict[int, WaitingReferrals]:
    """Each child's open referrals among ``child_ids`` (a SELECT of children's ids, given
    ``parameters``, the values of its bound parameters if it has any), in one query."""
    rows = db.execute(_waiting(child_ids), parameters)
    return {
        child_id: WaitingReferrals(count, since, now - since > ANSWER_EXPECTED, asked_of_team)
        for child_id, count, since, asked_of_team in rows
    }


@functools.lru_cache(maxsize=16)  # a caseload asks with one SELECT for each kind of reader
def _waiting(child_ids: Select) -> Select:
    asked = Referral.status == ReferralStatus.MORE_INFORMATION
    return (
        select(Referral.child_id, func.count(), func.min(Referral.referred_at), func.count(case((asked, 1))))
        .where(Referral.child_id.in_(child_ids), Referral.status.in_(OPEN))
        .group_by(Referral.child_id)
    )
