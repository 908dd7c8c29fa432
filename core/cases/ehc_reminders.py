"""Reminders of overdue EHC stages: to the lead, who chases the authority and the agencies,
and to the people of an agency whose advice is late; once for each stage and due date."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from core import wording
from core.cases.ehc_words import STEP_WORDS
from core.messaging.notifications import notify
from core.models import Child, EhcCase, EhcStage, EhcStep, Membership, NotificationKind, Person
from core.wording import N_, Wording


def remind_overdue(db: Session, now: datetime, zone: str) -> int:
    """Queue a reminder for every stage overdue on the school's day; returns how many were new."""
    today = now.astimezone(ZoneInfo(zone)).date()
    overdue = db.scalars(
        select(EhcStage)
        .join(EhcCase, EhcCase.id == EhcStage.case_id)
        .join(Child, Child.id == EhcStage.child_id)
        .where(
            EhcStage.done_on.is_(None),
            EhcStage.due_on < today,
            EhcCase.ended_on.is_(None),
            Child.closed_at.is_(None),  # a closed case is read-only: nobody is chased about it
        )
        .options(selectinload(EhcStage.case).selectinload(EhcCase.child))
        .order_by(EhcStage.id)
    )
    made = 0
    for stage in overdue:
        key = f"ehc-overdue:{stage.id}:{stage.due_on}"
        values = {"child": stage.case.child.known_as, "day": wording.day(stage.due_on)}
        link = f"/children/{stage.child_id}/ehc"
        if stage.step is EhcStep.ADVICE:
            yours = Wording(N_("Your advice for %(child)s's EHC needs assessment was due %(day)s"), values)
            for person in _members(db, stage.child_id, lead=False, agency=stage.agency):
                made += _remind(db, person, key, stage, yours, link, zone)
            late = Wording(N_("Advice for %(child)s's EHC needs assessment was due %(day)s and has not come"), values)
        else:
            late = Wording(
                N_("%(stage)s for %(child)s was due %(day)s"), values | {"stage": Wording(STEP_WORDS[stage.step])}
            )
        for lead in _members(db, stage.child_id, lead=True):
            made += _remind(db, lead, key, stage, late, link, zone)
    return made


def _members(db: Session, child_id: int, *, lead: bool, agency: str | None = None) -> list[Person]:
    statement = (
        select(Membership)
        .where(Membership.child_id == child_id, Membership.left_at.is_(None))
        .options(selectinload(Membership.person))
    )
    statement = statement.where(Membership.is_lead.is_(True)) if lead else statement.where(Membership.agency == agency)
    return [membership.person for membership in db.scalars(statement)]


def _remind(db, person, key, stage, headline, link, zone) -> int:
    """``notify`` keeps one per key and person, and skips anyone who may no longer see the child."""
    notification = notify(
        db,
        person,
        kind=NotificationKind.REMINDER,
        key=key,
        child_id=stage.child_id,
        headline=headline,
        link=link,
        zone=zone,
    )
    return notification is not None
