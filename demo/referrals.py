"""Amara's referral in the demo: the school asked social care's early help team, with her
mother's agreement, to help at home with mornings and sleep three weeks ago, and the team has
not answered yet, so the family reads how long it has waited."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from core.cases import referrals
from core.models import TimelineEntry
from core.site import Site
from core.types import utcnow

WAITED = timedelta(weeks=3)


def build_demo_referral(db, senco, child, site: Site) -> None:
    referred_at = utcnow() - WAITED
    referral = referrals.refer(
        db,
        senco,
        child.id,
        {
            "agency": "social_care",
            "reason": "Mornings are hard at home: Amara often arrives tired and upset, and her mother asked for help.",
            "answers": {
                "tried": "A picture timetable for the morning since September; it helps on some days.",
                "family_hopes": "Calmer mornings and better sleep.",
            },
            "consent": {
                "given_by": "Grace Okafor, mother",
                "given_on": (referred_at.date() - timedelta(days=2)).isoformat(),
                "method": "in_person",
            },
        },
        site=site,
    )
    # Made three weeks ago: the referral, its first step and the timeline's entry say so.
    [made] = referral.steps
    referral.referred_at = made.at = referred_at
    db.scalar(select(TimelineEntry).where(TimelineEntry.id == made.entry_id)).occurred_at = referred_at
    db.flush()
