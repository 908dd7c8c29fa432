"""The child's support plan: needs, SMART outcomes and progress, strategies, provision, reviews.

A plan runs for one cycle of assess, plan, do, review. Holding the review starts the
next cycle's plan from this one, so a child has at most one current plan and a
history of earlier ones; every version the team agreed is kept as a snapshot.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.models.base import Base, enum_column
from core.models.children import AreaOfNeed, Child
from core.models.people import Person
from core.types import UTCDateTime, utcnow


class PlanStatus(enum.StrEnum):
    DRAFT = "draft"
    AGREED = "agreed"
    UNDER_REVIEW = "under_review"


class StrategyPlace(enum.StrEnum):
    SCHOOL = "school"
    HOME = "home"
    BOTH = "both"


class ReviewStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"


# A review is held if and only if it has the day it was held on (the table's CHECK).
HELD_ON_ITS_DAY = "(status = 'held' AND held_on IS NOT NULL) OR (status = 'scheduled' AND held_on IS NULL)"


class Judgement(enum.StrEnum):
    """How far an outcome was met, as the team judged it at a review."""

    ACHIEVED = "achieved"
    PARTLY = "partly"
    NOT_YET = "not_yet"


class Plan(Base):
    """A child's support plan (an IEP or SEN support plan) for one assess, plan, do, review cycle.

    ``version`` moves with every change to the plan or to its outcomes, strategies and
    provision, so agreeing "the version I read" can never agree someone else's edit.
    """

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"))
    cycle: Mapped[int] = mapped_column(Integer, default=1)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"))
    status: Mapped[PlanStatus] = mapped_column(enum_column(PlanStatus, "plan_status"), default=PlanStatus.DRAFT)
    needs: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    child_views: Mapped[str] = mapped_column(Text, default="")
    parent_views: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when the next cycle's plan replaces this one; the plan is then a record.
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The number of the record's latest change, in the order changes committed (core.models.changes).
    change_sequence: Mapped[int | None] = mapped_column(BigInteger, index=True)

    child: Mapped[Child] = relationship()
    previous: Mapped[Plan | None] = relationship(remote_side="Plan.id")
    outcomes: Mapped[list[Outcome]] = relationship(back_populates="plan", order_by="Outcome.id")
    strategies: Mapped[list[Strategy]] = relationship(back_populates="plan", order_by="Strategy.id")
    provision: Mapped[list[Provision]] = relationship(back_populates="plan", order_by="Provision.id")
    reviews: Mapped[list[Review]] = relationship(back_populates="plan", order_by="Review.id")
    versions: Mapped[list[PlanVersion]] = relationship(back_populates="plan", order_by="PlanVersion.number")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("child_id", "cycle", name="uq_plans_child_cycle"),
        # One current plan per child; earlier cycles stay as history.
        Index(
            "uq_plans_current",
            "child_id",
            unique=True,
            sqlite_where=text("ended_at IS NULL"),
            postgresql_where=text("ended_at IS NULL"),
        ),
    )

    @property
    def current_outcomes(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.removed_at is None]

    @property
    def current_strategies(self) -> list[Strategy]:
        return [strategy for strategy in self.strategies if strategy.removed_at is None]

    @property
    def current_provision(self) -> list[Provision]:
        return [item for item in self.provision if item.removed_at is None]

    @property
    def pending_review(self) -> Review | None:
        return next((review for review in self.reviews if review.status is ReviewStatus.SCHEDULED), None)


class PlanVersion(Base):
    """A version of the plan as the team agreed it: who agreed it, when, and what changed.

    The snapshot holds the plan's words and numbers as they were, names included, so
    an old version reads the same after people leave the team or outcomes change.
    """

    __tablename__ = "plan_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    number: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    # What changed since the version before, one line each, as messages and values
    # (core.wording's JSON), read in the reader's language.
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    agreed_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    agreed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    plan: Mapped[Plan] = relationship(back_populates="versions")
    agreed_by: Mapped[Person] = relationship()

    __table_args__ = (UniqueConstraint("plan_id", "number", name="uq_plan_versions_plan_number"),)


@event.listens_for(PlanVersion, "before_update")
def _agreed_versions_are_never_changed(mapper, connection, target):
    raise ValueError("an agreed version of a plan is kept as it was agreed")


class Outcome(Base):
    """A SMART outcome: where the child is now (baseline), where they will be (target), by when."""

    __tablename__ = "outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    area: Mapped[AreaOfNeed] = mapped_column(enum_column(AreaOfNeed, "area_of_need"))
    text: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(100))
    baseline_value: Mapped[float] = mapped_column(Float)
    baseline_on: Mapped[date] = mapped_column(Date)
    target_value: Mapped[float] = mapped_column(Float)
    target_on: Mapped[date] = mapped_column(Date)
    owner_agency: Mapped[str | None] = mapped_column(String(64))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    # The outcome of the previous cycle this one continues, when it was not achieved.
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("outcomes.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    plan: Mapped[Plan] = relationship(back_populates="outcomes")
    owner: Mapped[Person | None] = relationship()
    readings: Mapped[list[ProgressReading]] = relationship(
        back_populates="outcome", order_by="[ProgressReading.taken_on, ProgressReading.id]"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_outcomes_plan_id", "plan_id"),)


class ProgressReading(Base):
    """One measurement of an outcome, at school or at home, by a member of the team."""

    __tablename__ = "progress_readings"

    id: Mapped[int] = mapped_column(primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcomes.id"))
    taken_on: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    from_home: Mapped[bool] = mapped_column(Boolean, default=False)

    outcome: Mapped[Outcome] = relationship(back_populates="readings")
    recorded_by: Mapped[Person] = relationship()

    __table_args__ = (Index("ix_progress_readings_outcome_taken", "outcome_id", "taken_on"),)


class Strategy(Base):
    """Something that helps the child, and where it is used: at school, at home, or both."""

    __tablename__ = "strategies"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    text: Mapped[str] = mapped_column(Text)
    where: Mapped[StrategyPlace] = mapped_column(enum_column(StrategyPlace, "strategy_place"))
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("strategies.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    plan: Mapped[Plan] = relationship(back_populates="strategies")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_strategies_plan_id", "plan_id"),)


class Provision(Base):
    """Support the child gets: what, from whom, how often, from when to when."""

    __tablename__ = "provisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    support: Mapped[str] = mapped_column(Text)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    agency: Mapped[str | None] = mapped_column(String(64))
    sessions_per_week: Mapped[float] = mapped_column(Float)
    minutes_per_session: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("provisions.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    plan: Mapped[Plan] = relationship(back_populates="provision")
    person: Mapped[Person | None] = relationship()
    sessions: Mapped[list[ProvisionSession]] = relationship(
        back_populates="provision", order_by="[ProvisionSession.held_on, ProvisionSession.id]"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_provisions_plan_id", "plan_id"),)


class ProvisionSession(Base):
    """One planned session of provision in the delivery log: delivered, or missed and why."""

    __tablename__ = "provision_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    provision_id: Mapped[int] = mapped_column(ForeignKey("provisions.id"))
    held_on: Mapped[date] = mapped_column(Date)
    delivered: Mapped[bool] = mapped_column(Boolean)
    missed_reason: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    provision: Mapped[Provision] = relationship(back_populates="sessions")
    recorded_by: Mapped[Person] = relationship()

    __table_args__ = (Index("ix_provision_sessions_provision_held", "provision_id", "held_on"),)


class Review(Base):
    """The review of a plan: when it is due, and when it was held."""

    __tablename__ = "plan_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[ReviewStatus] = mapped_column(
        enum_column(ReviewStatus, "review_status"), default=ReviewStatus.SCHEDULED
    )
    held_on: Mapped[date | None] = mapped_column(Date)
    held_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    plan: Mapped[Plan] = relationship(back_populates="reviews")
    held_by: Mapped[Person | None] = relationship()
    judgements: Mapped[list[ReviewOutcome]] = relationship(back_populates="review", order_by="ReviewOutcome.id")

    __table_args__ = (
        Index("ix_plan_reviews_plan_id", "plan_id"),
        # The lead professional's list of overdue reviews.
        Index("ix_plan_reviews_status_due", "status", "due_on"),
        # Held on a day, or not yet held: hold_review sets both together, and the pages that
        # find reviews not yet held (or the last held) ask by the day, not the status.
        CheckConstraint(HELD_ON_ITS_DAY, name="held_on_its_day"),
    )


class ReviewOutcome(Base):
    """The team's judgement of one outcome at a review, with a comment."""

    __tablename__ = "review_outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("plan_reviews.id"))
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcomes.id"))
    judgement: Mapped[Judgement] = mapped_column(enum_column(Judgement, "judgement"))
    comment: Mapped[str] = mapped_column(Text, default="")

    review: Mapped[Review] = relationship(back_populates="judgements")
    outcome: Mapped[Outcome] = relationship()

    __table_args__ = (UniqueConstraint("review_id", "outcome_id", name="uq_review_outcomes_review_outcome"),)
