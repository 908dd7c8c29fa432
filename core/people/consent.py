"""The family's consent to share their child's record with an outside agency."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.access import Action, child_access
from core.errors import Conflict, Forbidden, InvalidInput, NotFound
from core.meetings import feeds
from core.models import AgencyConsent, EntryKind, Membership, Person
from core.records import audit
from core.site import Site
from core.timeline.entries import record_system_entry
from core.types import utcnow
from core.wording import N_, Wording


def record_consent(db: Session, actor: Person, child_id: int, agency: str, note: str = "") -> AgencyConsent:
    """Record that the family agreed to share with ``agency``; its team members see the child from now."""
    access = child_access(db, actor, child_id)
    access.require(Action.RECORD_CONSENT)
    if agency not in access.consent_agencies(db):
        raise InvalidInput({"agency": ["Choose one of the agencies listed."]})
    if _current(db, child_id, agency) is not None:
        raise Conflict(f"consent to share with {agency} is already recorded")
    consent = AgencyConsent(child_id=child_id, agency=agency, recorded_by_id=actor.id, note=note)
    db.add(consent)
    db.flush()
    audit.record(db, actor, "consent.recorded", child_id=child_id, subject=f"agency:{agency}")
    return consent


def withdraw_consent(db: Session, actor: Person, child_id: int, agency: str, *, site: Site) -> AgencyConsent:
    """Withdraw consent, by the family or the lead professional for them: the agency loses
    access from now, and what it wrote stays in the record. The withdrawal goes on the
    timeline, so the lead professional and the team are told as of any new entry."""
    access = child_access(db, actor, child_id)
    if not access.may_withdraw_consent():
        raise Forbidden(f"{actor.display_name} may not withdraw consent here")
    consent = _current(db, child_id, agency)
    if consent is None:
        raise NotFound(f"consent for {agency}")
    consent.withdrawn_at = utcnow()
    consent.withdrawn_by_id = actor.id
    db.flush()
    feeds.mark_changed(
        db,
        select(Membership.person_id).where(Membership.child_id == child_id, Membership.agency == agency),
    )
    audit.record(db, actor, "consent.withdrawn", child_id=child_id, subject=f"agency:{agency}")
    named = site.host.agencies.get(agency)
    record_system_entry(
        db,
        access,
        site=site,
        kind=EntryKind.UPDATE,
        title=Wording(N_("Consent to share with %(agency)s withdrawn"), {"agency": named.name if named else agency}),
        body=Wording(
            N_("%(person)s withdrew it. From now on the service no longer sees the record; what it wrote stays."),
            {"person": actor.full_name},
        ),
    )
    return consent


def _current(db: Session, child_id: int, agency: str) -> AgencyConsent | None:
    return db.scalar(
        select(AgencyConsent).where(
            AgencyConsent.child_id == child_id, AgencyConsent.agency == agency, AgencyConsent.withdrawn_at.is_(None)
        )
    )
