"""Referrals between agencies: the team refers the child with the family's consent, and the
receiving agency accepts, declines, or asks for more information first.

Each step is a :class:`ReferralStep` and an entry on the child's timeline in the system's
own words, read in each reader's language. What the receiving agency sees of the child
before it accepts is the referral alone (see :class:`core.access.ReferralAccess`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.access import ChildAccess, ReferralAccess, child_access, referral_access
from core.cases import referral_words as words
from core.cases.referral_inputs import AcceptInput, DeclineInput, InformationInput, MoreInformationInput, ReferralInput
from core.cases.referral_questions import answered, questions_for
from core.errors import Conflict, DoesNotFit, Forbidden
from core.messaging.notifications import notify
from core.models import (
    AgencyConsent,
    Document,
    EntryKind,
    Membership,
    NotificationKind,
    Person,
    PersonKind,
    Referral,
    ReferralStatus,
    ReferralStep,
    ReferralStepKind,
)
from core.records import audit
from core.site import Site
from core.timeline.entries import record_system_entry
from core.types import utcnow
from core.validation import load
from core.wording import N_, Wording

OPEN = (ReferralStatus.WAITING, ReferralStatus.MORE_INFORMATION)


def refer(db: Session, actor: Person, child_id: int, data: Mapping[str, Any], *, site: Site) -> Referral:
    """Refer a child to an agency: the reason, the answers to its questions, the family's
    consent to this referral (none, no referral) and documents of the child's file."""
    access = child_access(db, actor, child_id)
    if not access.may_refer():
        raise Forbidden(f"{actor.display_name} may not refer this child")
    values = load(ReferralInput(), data)
    if values["agency"] not in site.host.agencies:
        raise DoesNotFit({"agency": [N_("Choose one of the services listed.")]})
    consent = values["consent"]
    kept = answered(questions_for(site.host, values["agency"]), values["answers"])
    documents = _documents(db, access, values["document_ids"])
    if _open_referral(db, child_id, values["agency"]) is not None:
        raise Conflict(f"a referral of this child to {values['agency']} is already open")
    referral = Referral(
        child_id=child_id,
        agency=values["agency"],
        reason=values["reason"].strip(),
        questions=kept,
        referred_by_id=actor.id,
        referred_by_agency=access.agency,
        referred_at=utcnow(),
        consent_given_by=consent["given_by"].strip(),
        consent_given_on=consent["given_on"],
        consent_method=consent["method"],
        status=ReferralStatus.WAITING,
        documents=documents,
    )
    db.add(referral)
    db.flush()
    agency = words.agency_name(site.host, referral.agency)
    _step(
        db,
        access,
        referral,
        ReferralStepKind.MADE,
        referral.reason,
        site=site,
        title=Wording(N_("Referred to %(agency)s"), {"agency": agency}),
        body=Wording(
            N_("%(person)s referred %(child)s to %(agency)s, with the consent of %(consent)s. The reason: %(reason)s"),
            {
                "person": actor.full_name,
                "child": access.child.known_as,
                "agency": agency,
                "consent": referral.consent_given_by,
                "reason": referral.reason,
            },
        ),
    )
    _tell_agency(db, referral, actor, site=site)
    audit.record(
        db,
        actor,
        "referral.made",
        child_id=child_id,
        subject=f"referral:{referral.id}",
        detail={"agency": referral.agency, "documents": [document.id for document in documents]},
    )
    return referral


def accept(db: Session, actor: Person, referral_id: int, data: Mapping[str, Any], *, site: Site) -> Referral:
    """The receiving agency accepts: the person who accepts joins the child's team in one of
    their agency's roles, and the family's consent to the referral lets the agency see the
    record, as consent to share with it."""
    access = _answering(db, actor, referral_id)
    values = load(AcceptInput(), data)
    referral = access.referral
    roles = [role.code for role in site.host.agencies[referral.agency].roles]
    role = values["role"] or roles[0]
    if role not in roles:
        raise DoesNotFit({"role": [N_("Choose one of your service's roles.")]})
    referral.status, referral.answered_at = ReferralStatus.ACCEPTED, utcnow()
    _join_team(db, actor, referral, role)
    team = child_access(db, actor, referral.child_id)
    agency = words.agency_name(site.host, referral.agency)
    _step(
        db,
        team,
        referral,
        ReferralStepKind.ACCEPTED,
        "",
        site=site,
        title=Wording(N_("%(agency)s accepted the referral"), {"agency": agency}),
        body=Wording(
            N_("%(person)s joins %(child)s's team."), {"person": actor.full_name, "child": team.child.known_as}
        ),
    )
    _audit(db, actor, referral, "referral.accepted")
    return referral


def decline(db: Session, actor: Person, referral_id: int, data: Mapping[str, Any], *, site: Site) -> Referral:
    """The receiving agency declines, with its reason for the team and the family."""
    access = _answering(db, actor, referral_id)
    reason = load(DeclineInput(), data)["reason"].strip()
    referral = access.referral
    referral.status, referral.answered_at = ReferralStatus.DECLINED, utcnow()
    _step(
        db,
        access.author_access(),
        referral,
        ReferralStepKind.DECLINED,
        reason,
        site=site,
        title=Wording(
            N_("%(agency)s declined the referral"), {"agency": words.agency_name(site.host, referral.agency)}
        ),
        body=Wording(N_("%(person)s gave the reason: %(reason)s"), {"person": actor.full_name, "reason": reason}),
    )
    _audit(db, actor, referral, "referral.declined")
    return referral


def ask_for_information(
    db: Session, actor: Person, referral_id: int, data: Mapping[str, Any], *, site: Site
) -> Referral:
    """The receiving agency asks the referrer something before it answers; the referral waits for the team."""
    access = _answering(db, actor, referral_id)
    question = load(MoreInformationInput(), data)["question"].strip()
    referral = access.referral
    referral.status = ReferralStatus.MORE_INFORMATION
    _step(
        db,
        access.author_access(),
        referral,
        ReferralStepKind.MORE_INFORMATION_ASKED,
        question,
        site=site,
        title=Wording(
            N_("%(agency)s asked for more about the referral"),
            {"agency": words.agency_name(site.host, referral.agency)},
        ),
        body=Wording(N_("%(person)s asked: %(question)s"), {"person": actor.full_name, "question": question}),
    )
    _audit(db, actor, referral, "referral.information_asked")
    return referral


def give_information(db: Session, actor: Person, referral_id: int, data: Mapping[str, Any], *, site: Site) -> Referral:
    """The referrer (or the lead) answers the agency's question; the referral waits for the agency again."""
    access = referral_access(db, actor, referral_id)
    if not access.may_give_information():
        raise Forbidden(f"{actor.display_name} may not give more information about this referral")
    _require_status(access.referral, ReferralStatus.MORE_INFORMATION)
    text = load(InformationInput(), data)["text"].strip()
    referral = access.referral
    referral.status = ReferralStatus.WAITING
    _step(
        db,
        access.team,
        referral,
        ReferralStepKind.INFORMATION_GIVEN,
        text,
        site=site,
        title=Wording(
            N_("More about the referral sent to %(agency)s"), {"agency": words.agency_name(site.host, referral.agency)}
        ),
        body=Wording(N_("%(person)s answered: %(text)s"), {"person": actor.full_name, "text": text}),
    )
    _tell_agency(db, referral, actor, site=site)
    _audit(db, actor, referral, "referral.information_given")
    return referral


def _answering(db: Session, actor: Person, referral_id: int) -> ReferralAccess:
    access = referral_access(db, actor, referral_id)
    if not access.may_answer():
        raise Forbidden(f"{actor.display_name} may not answer this referral")
    _require_status(access.referral, ReferralStatus.WAITING)
    return access


def _require_status(referral: Referral, status: ReferralStatus) -> None:
    if referral.status is not status:
        raise Conflict(
            f"the referral is {referral.status.value.replace('_', ' ')}, not {status.value.replace('_', ' ')}"
        )


def _documents(db: Session, access: ChildAccess, document_ids: list[int]) -> list[Document]:
    """The documents sent with a referral: the child's, and ones the referrer reads."""
    if not document_ids:
        return []
    found = db.scalars(
        select(Document).where(
            Document.id.in_(document_ids), Document.child_id == access.child.id, access.document_filter()
        )
    ).all()
    if len(found) != len(set(document_ids)):
        raise DoesNotFit({"document_ids": [N_("Choose documents from this child's file.")]})
    return sorted(found, key=lambda document: document.id)


def _open_referral(db: Session, child_id: int, agency: str) -> Referral | None:
    return db.scalar(
        select(Referral).where(Referral.child_id == child_id, Referral.agency == agency, Referral.status.in_(OPEN))
    )


def _step(
    db: Session,
    author: ChildAccess,
    referral: Referral,
    kind: ReferralStepKind,
    text: str,
    *,
    site: Site,
    title: Wording,
    body: Wording,
) -> ReferralStep:
    entry = record_system_entry(db, author, site=site, kind=EntryKind.REFERRAL, title=title, body=body)
    step = ReferralStep(
        referral=referral, kind=kind, text=text, by_id=author.person.id, at=entry.posted_at, entry_id=entry.id
    )
    db.add(step)
    db.flush()
    return step


def _join_team(db: Session, actor: Person, referral: Referral, role: str) -> None:
    """The person who accepts joins the team (unless they are in it), and the family's
    consent to the referral stands as consent to share with the agency (unless one does)."""
    consent = db.scalar(
        select(AgencyConsent).where(
            AgencyConsent.child_id == referral.child_id,
            AgencyConsent.agency == referral.agency,
            AgencyConsent.withdrawn_at.is_(None),
        )
    )
    if consent is None:
        db.add(
            AgencyConsent(child_id=referral.child_id, agency=referral.agency, recorded_by_id=referral.referred_by_id)
        )
        audit.record(
            db,
            actor,
            "consent.recorded",
            child_id=referral.child_id,
            subject=f"agency:{referral.agency}",
            detail={"referral": referral.id},
        )
    member = db.scalar(
        select(Membership).where(
            Membership.child_id == referral.child_id, Membership.person_id == actor.id, Membership.left_at.is_(None)
        )
    )
    if member is None:
        db.add(
            Membership(
                person_id=actor.id, child_id=referral.child_id, role=role, agency=actor.agency, added_by_id=actor.id
            )
        )
        audit.record(
            db,
            actor,
            "team.member_added",
            child_id=referral.child_id,
            subject=f"person:{actor.id}",
            detail={"role": role, "referral": referral.id},
        )
    db.flush()


def _tell_agency(db: Session, referral: Referral, actor: Person, *, site: Site) -> None:
    """Each of the receiving agency's people is told a referral waits for them. The headline
    names the referrer, not the child: it may travel by e-mail, to people not in the team."""
    people = db.scalars(
        select(Person).where(
            Person.agency == referral.agency, Person.kind == PersonKind.PROFESSIONAL, Person.active.is_(True)
        )
    )
    step = len(referral.steps)
    for person in people:
        notify(
            db,
            person,
            kind=NotificationKind.ACTION,
            key=f"referral:{referral.id}:{step}",
            headline=Wording(N_("A referral from %(person)s waits for your answer"), {"person": actor.full_name}),
            link=f"/referrals/{referral.id}",
            zone=site.zone,
        )


def _audit(db: Session, actor: Person, referral: Referral, action: str) -> None:
    db.flush()
    audit.record(db, actor, action, child_id=referral.child_id, subject=f"referral:{referral.id}")
