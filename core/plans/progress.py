"""What the data shows: whether each outcome is on track, and how much provision was delivered.

Pure calculations over outcomes, readings and delivery logs, with no database: the
plan's services, its pages and its tests all ask the same functions.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from core.models import Outcome, ProgressReading, Provision


class OnTrack(enum.StrEnum):
    NO_READINGS = "no_readings"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    ACHIEVED = "achieved"


def expected_value(outcome: Outcome, on: date) -> float:
    """Where the child would be on ``on`` if progress ran in a straight line from baseline to target.

    Before the baseline date that is the baseline; from the target date on, the target itself.
    """
    span = (outcome.target_on - outcome.baseline_on).days
    elapsed = min(max((on - outcome.baseline_on).days, 0), span)
    return outcome.baseline_value + (outcome.target_value - outcome.baseline_value) * elapsed / span


def direction(outcome: Outcome) -> int:
    """+1 when the target is above the baseline (more words read), -1 when below (fewer incidents)."""
    return 1 if outcome.target_value > outcome.baseline_value else -1


def latest_reading(readings: Sequence[ProgressReading]) -> ProgressReading | None:
    """The reading of the latest day; of two on one day, the one recorded last."""
    return sorted(readings, key=lambda reading: reading.taken_on)[-1] if readings else None


def status(outcome: Outcome, readings: Sequence[ProgressReading]) -> OnTrack:
    """Judge an outcome by its latest reading, in the target's direction:

    - no readings: ``no_readings``;
    - the reading reaches or passes the target: ``achieved``;
    - it reaches or passes the expected line on its day: ``on_track`` (after the target
      date the line stays at the target, so a late reading short of it is behind);
    - otherwise ``behind``.
    """
    latest = latest_reading(readings)
    if latest is None:
        return OnTrack.NO_READINGS
    way = direction(outcome)
    if _reaches(way * (latest.value - outcome.target_value), outcome):
        return OnTrack.ACHIEVED
    if _reaches(way * (latest.value - expected_value(outcome, latest.taken_on)), outcome):
        return OnTrack.ON_TRACK
    return OnTrack.BEHIND


def _reaches(margin: float, outcome: Outcome) -> bool:
    # A reading on the line must not fall behind it by a rounding error of the line's arithmetic.
    return margin >= -1e-9 * max(1.0, abs(outcome.target_value - outcome.baseline_value))


@dataclass(frozen=True)
class OutcomeProgress:
    """An outcome with its readings and what they show, for the plan's page and chart."""

    outcome: Outcome
    readings: list[ProgressReading]
    status: OnTrack

    @property
    def latest(self) -> ProgressReading | None:
        return latest_reading(self.readings)

    def expected_on(self, day: date) -> float:
        return expected_value(self.outcome, day)


def progress_of(outcome: Outcome) -> OutcomeProgress:
    readings = list(outcome.readings)
    return OutcomeProgress(outcome=outcome, readings=readings, status=status(outcome, readings))


@dataclass(frozen=True)
class DeliveryShare:
    """How much of a provision was delivered: the answer to "how is that being tracked?".

    ``share`` is None while no session was due yet.
    """

    planned: int
    delivered: int
    missed: int
    share: float | None


def planned_sessions(provision: Provision, today: date) -> int:
    """Sessions due from the start to ``today`` (or the end, if sooner), both days counted.

    ``sessions_per_week`` times the weeks elapsed, rounded down to whole sessions: on the
    first day of "3 a week" none is due yet, after one full week 3 are.
    """
    last_day = min(today, provision.ends_on) if provision.ends_on else today
    days = (last_day - provision.starts_on).days + 1
    if days <= 0:
        return 0
    return math.floor(provision.sessions_per_week * days / 7 + 1e-9)


def delivery_share(provision: Provision, today: date) -> DeliveryShare:
    """Delivered sessions over planned ones so far.

    Sessions delivered ahead of the week's plan (two on Monday of "3 a week") or as
    catch-up count fully, but the share stops at 1: all that was planned was delivered.
    """
    logged = [session for session in provision.sessions if session.held_on <= today]
    delivered = sum(1 for session in logged if session.delivered)
    planned = planned_sessions(provision, today)
    return DeliveryShare(
        planned=planned,
        delivered=delivered,
        missed=len(logged) - delivered,
        share=min(1.0, delivered / planned) if planned else None,
    )
