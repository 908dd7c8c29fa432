"""The EHC needs assessment and plan as a case: its stages, each with who must act and by when.

A stage's due date is worked out from the timescales in force when the stage began
(:mod:`core.cases.timescales`) and then kept, so that the law's days for a request
made last year do not move when a plugin's rules change, and so that the caseload
and the reminders read due dates with one query, without the rules.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.models.base import Base, enum_column
from core.models.children import Child
from core.models.people import Person
from core.types import UTCDateTime, utcnow


class EhcRequester(enum.StrEnum):
    """Who asked the local authority for the assessment."""

    SCHOOL = "school"
    PARENT = "parent"


class EhcStep(enum.StrEnum):
    """The stages of a case, in the order the Code sets them."""

    REQUEST = "request"
    DECISION_TO_ASSESS = "decision_to_assess"
    ADVICE = "advice"
    DRAFT_PLAN = "draft_plan"
    DRAFT_RESPONSE = "draft_response"
    FINAL_PLAN = "final_plan"
    REVIEW_REPORTS = "review_reports"
    REVIEW_MEETING = "review_meeting"
    REVIEW_OUTCOME = "review_outcome"
    REVIEW_DECISION = "review_decision"


class EhcActor(enum.StrEnum):
    """Who must act for a stage to be done."""

    LOCAL_AUTHORITY = "local_authority"
    SCHOOL = "school"
    FAMILY = "family"
    AGENCY = "agency"


class EhcOutcome(enum.StrEnum):
    """What a stage ended in, where it ends in a decision (the authority's, mostly)."""

    ASSESS = "assess"
    NOT_ASSESS = "not_assess"
    ISSUE = "issue"
    NOT_ISSUE = "not_issue"
    KEEP = "keep"
    AMEND = "amend"
    CEASE = "cease"
    NOT_NEEDED = "not_needed"  # a later stage the authority's decision made unnecessary


class EhcCase(Base):
    """One request for an EHC needs assessment of a child, and the plan and reviews that follow."""

    __tablename__ = "ehc_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"))
    requested_by: Mapped[EhcRequester] = mapped_column(enum_column(EhcRequester, "ehc_requester"))
    requested_on: Mapped[date] = mapped_column(Date)
    # The code of the timescales the case's due dates were worked out by ("england").
    timescales: Mapped[str] = mapped_column(String(32))
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The family's say on the draft plan (Code 9.77): their comments and the school they name.
    parent_comments: Mapped[str] = mapped_column(Text, default="")
    parent_school: Mapped[str] = mapped_column(String(200), default="")
    # The day the case ended before a plan: the authority decided not to assess, or not to issue one.
    ended_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)

    child: Mapped[Child] = relationship()
    stages: Mapped[list[EhcStage]] = relationship(
        back_populates="case", order_by="EhcStage.id", cascade="all, delete-orphan"
    )
    reviews: Mapped[list[EhcReview]] = relationship(back_populates="case", order_by="EhcReview.meeting_on")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_ehc_cases_child_id", "child_id"),)


class EhcReview(Base):
    """An annual review of the EHC plan; it may be the review of the child's support plan
    (:class:`core.models.Review`) held at the same meeting."""

    __tablename__ = "ehc_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("ehc_cases.id"))
    meeting_on: Mapped[date] = mapped_column(Date)
    plan_review_id: Mapped[int | None] = mapped_column(ForeignKey("plan_reviews.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[EhcCase] = relationship(back_populates="reviews")

    __table_args__ = (Index("ix_ehc_reviews_case_id", "case_id"),)


class EhcStage(Base):
    """One stage of a case: who must act, by when, and when it was done and with what paper.

    ``child_id`` repeats the case's so that the caseload reads every child's next stage in
    one query. ``source`` is the :class:`core.wording.Wording` (as JSON) of the paragraph
    the due date comes from; None where the Code sets no day (the draft plan).
    """

    __tablename__ = "ehc_stages"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("ehc_cases.id"))
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"))
    review_id: Mapped[int | None] = mapped_column(ForeignKey("ehc_reviews.id"))
    step: Mapped[EhcStep] = mapped_column(enum_column(EhcStep, "ehc_step"))
    acts: Mapped[EhcActor] = mapped_column(enum_column(EhcActor, "ehc_actor"))
    agency: Mapped[str | None] = mapped_column(String(64))
    started_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    done_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[EhcOutcome | None] = mapped_column(enum_column(EhcOutcome, "ehc_outcome"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))

    case: Mapped[EhcCase] = relationship(back_populates="stages")
    recorded_by: Mapped[Person | None] = relationship(foreign_keys=[recorded_by_id])

    __table_args__ = (
        Index("ix_ehc_stages_case_id", "case_id"),
        # The caseload and the reminders: the stages still open, by child and due date.
        Index("ix_ehc_stages_open", "child_id", "done_on", "due_on"),
    )
