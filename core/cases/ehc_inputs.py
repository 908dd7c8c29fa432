"""What valid input to an EHC case is: the request, the authority's decisions, advice, the
family's say on the draft, and the annual review's steps."""

from __future__ import annotations

import enum

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from core.models import EhcRequester
from core.schemas import CODE, record_id
from core.time_bounds import happened, planned, plausible
from core.wording import N_


class Decision(enum.StrEnum):
    """A decision of the local authority, as its letter tells it."""

    ASSESS = "assess"
    NOT_ASSESS = "not_assess"
    DRAFT_ISSUED = "draft_issued"
    PLAN_ISSUED = "plan_issued"
    NO_PLAN = "no_plan"
    KEEP = "keep"
    AMEND = "amend"
    CEASE = "cease"


REVIEW_DECISIONS = frozenset({Decision.KEEP, Decision.AMEND, Decision.CEASE})


class ReviewStep(enum.StrEnum):
    """The steps of an annual review the school takes and the lead records."""

    REPORTS = "reports"
    MEETING = "meeting"
    OUTCOME = "outcome"


class CaseInput(Schema):
    requested_by = fields.Enum(EhcRequester, by_value=True, required=True)
    requested_on = fields.Date(
        required=True, validate=happened, metadata={"description": "The day the local authority received the request"}
    )


class DecisionInput(Schema):
    decision = fields.Enum(Decision, by_value=True, required=True)
    decided_on = fields.Date(
        required=True, validate=happened, metadata={"description": "The day of the authority's letter"}
    )
    review_id = record_id(
        load_default=None, allow_none=True, metadata={"description": "The annual review a decision after one is about"}
    )
    document_id = record_id(
        load_default=None,
        allow_none=True,
        metadata={"description": "The authority's letter (or the plan), already in the child's file"},
    )

    @validates_schema
    def _review_for_review_decisions(self, data, **kwargs):
        if (data.get("decision") in REVIEW_DECISIONS) != (data.get("review_id") is not None):
            raise ValidationError(
                N_("A decision after an annual review names that review, and only it does."), "review_id"
            )


class AdviceInput(Schema):
    agency = fields.String(required=True, validate=CODE)
    due_on = fields.Date(
        load_default=None,
        allow_none=True,
        validate=planned,
        metadata={"description": "When left out: the timescales' days from today (6 weeks in England)"},
    )


class AnswerInput(Schema):
    document_id = record_id(
        load_default=None, allow_none=True, metadata={"description": "The advice, already in the child's file"}
    )


class ResponseInput(Schema):
    comments = fields.String(load_default="", validate=validate.Length(max=5000))
    school = fields.String(
        load_default="", validate=validate.Length(max=200), metadata={"description": "The school the family names"}
    )

    @validates_schema
    def _something_said(self, data, **kwargs):
        if not (data.get("comments", "").strip() or data.get("school", "").strip()):
            raise ValidationError(N_("Please fill this in."), "comments")


class ReviewInput(Schema):
    meeting_on = fields.Date(required=True, validate=plausible)
    plan_review_id = record_id(
        load_default=None,
        allow_none=True,
        metadata={"description": "The review of the child's support plan held at the same meeting"},
    )


class ReviewStepInput(Schema):
    step = fields.Enum(ReviewStep, by_value=True, required=True)
    on = fields.Date(required=True, validate=happened)
