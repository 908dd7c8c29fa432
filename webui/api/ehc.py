"""The EHC needs assessment and plan through the API: the case and its stages for agency
systems, the advice asked of the caller's agency and its answer, and the authority's
decisions from a council's own system (its SEN service installed as a local-authority agency)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask.views import MethodView
from marshmallow import Schema, fields

from core.cases import ehc
from core.cases.ehc_inputs import DecisionInput
from core.errors import NotFound
from core.models import EhcActor, EhcOutcome, EhcRequester, EhcStep
from core.schemas import record_id
from webui.api import caller, documented, json_body, make_blueprint
from webui.api.schemas import Answer
from webui.database import get_db, site
from webui.wording import words

blueprint = make_blueprint("ehc", "The EHC needs assessment and plan: its stages, who must act and by when.")

IN_YOUR_LANGUAGE = "In the requester's language: their account's, else their Accept-Language's"


def _today():
    return datetime.now(ZoneInfo(site().zone)).date()


class EhcStageOut(Answer):
    """A stage of the case, read on the school's today."""

    id = fields.Integer(attribute="stage.id")
    step = fields.Enum(EhcStep, by_value=fields.String, attribute="stage.step")
    title = fields.Function(lambda view: words(view.words), metadata={"description": IN_YOUR_LANGUAGE})
    acts = fields.Enum(
        EhcActor, by_value=fields.String, attribute="stage.acts", metadata={"description": "Who must act"}
    )
    who = fields.Function(lambda view: words(view.who), metadata={"description": f"Who must act. {IN_YOUR_LANGUAGE}"})
    agency = fields.String(
        attribute="stage.agency", allow_none=True, metadata={"description": "For advice: the agency asked"}
    )
    review_id = fields.Integer(attribute="stage.review_id", allow_none=True)
    started_on = fields.Date(attribute="stage.started_on")
    due_on = fields.Date(allow_none=True, metadata={"description": "Null where the timescales set no day"})
    source = fields.Function(
        lambda view: words(view.source) if view.source else None,
        allow_none=True,
        metadata={"description": f"Where the due date comes from. {IN_YOUR_LANGUAGE}"},
    )
    done_on = fields.Date(allow_none=True)
    overdue = fields.Boolean()
    outcome = fields.Enum(EhcOutcome, by_value=fields.String, attribute="stage.outcome", allow_none=True)
    document_id = fields.Integer(
        allow_none=True, metadata={"description": "The letter, plan or advice in the child's file, if you may read it"}
    )


class EhcReviewOut(Answer):
    id = fields.Integer()
    meeting_on = fields.Date()
    plan_review_id = fields.Integer(allow_none=True)


class EhcCaseOut(Answer):
    id = fields.Integer(attribute="case.id")
    child_id = fields.Integer(attribute="case.child_id")
    requested_by = fields.Enum(EhcRequester, by_value=fields.String, attribute="case.requested_by")
    requested_on = fields.Date(attribute="case.requested_on")
    timescales = fields.String(attribute="case.timescales", metadata={"description": "Whose rules the days follow"})
    ended_on = fields.Date(
        attribute="case.ended_on", allow_none=True, metadata={"description": "Set when it ended without a plan"}
    )
    parent_comments = fields.String(attribute="case.parent_comments")
    parent_school = fields.String(attribute="case.parent_school")
    stages = fields.List(fields.Nested(EhcStageOut))
    reviews = fields.List(fields.Nested(EhcReviewOut), attribute="case.reviews")


class AdviceAnswer(Schema):
    """The advice, as a document already in the child's file (the pages also take a file)."""

    document_id = record_id(required=True, metadata={"description": "The advice, uploaded first to the child's file"})


class AdviceRequestOut(Answer):
    """Advice asked of the caller's agency for a child's EHC needs assessment."""

    id = fields.Integer()
    case_id = fields.Integer()
    child_id = fields.Integer()
    agency = fields.String()
    asked_on = fields.Date(attribute="started_on")
    due_on = fields.Date()
    answered_on = fields.Date(attribute="done_on", allow_none=True)
    document_id = fields.Integer(allow_none=True)


def _stage_out(view: ehc.CaseView, stage_id: int) -> ehc.StageView:
    return next(found for found in view.stages if found.stage.id == stage_id)


@blueprint.route("/children/<int:child_id>/ehc")
class EhcCase(MethodView):
    @blueprint.response(200, EhcCaseOut)
    @documented(blueprint, 404)
    def get(self, child_id):
        """The child's latest EHC case: every stage with who must act, its due date, its source and
        whether it is overdue, in the order the Code sets them."""
        view = ehc.view_case(get_db(), caller(), child_id, _today(), host=site().host)
        if view.case is None:
            raise NotFound("This child has no EHC case.")
        return view


@blueprint.route("/ehc/<int:case_id>/decisions")
class EhcDecisions(MethodView):
    @blueprint.doc(requestBody={"required": True, "content": {"application/json": {"schema": DecisionInput}}})
    @blueprint.response(201, EhcStageOut)
    @documented(blueprint, 400, 403, 404, 409)
    def post(self, case_id):
        """Record a decision of the local authority: by its own SEN service (an agency installed as
        the local authority), or by the lead with the letter already in the child's file (document_id)."""
        db, person = get_db(), caller()
        stage = ehc.record_decision(db, person, case_id, json_body(), site=site())
        view = ehc.view_case(db, person, stage.child_id, _today(), host=site().host)
        return _stage_out(view, stage.id)


@blueprint.route("/ehc-advice")
class EhcAdvice(MethodView):
    @blueprint.response(200, AdviceRequestOut(many=True))
    @documented(blueprint)
    def get(self):
        """The advice still asked of your agency, across the children you may see, soonest due first."""
        return ehc.advice_asked_of(get_db(), caller())


@blueprint.route("/ehc-advice/<int:stage_id>/answer")
class EhcAdviceAnswer(MethodView):
    @blueprint.doc(requestBody={"required": True, "content": {"application/json": {"schema": AdviceAnswer}}})
    @blueprint.response(200, AdviceRequestOut)
    @documented(blueprint, 400, 404, 409)
    def post(self, stage_id):
        """Answer advice asked of your agency with the advice, uploaded first to the child's file
        (POST /children/{child_id}/documents) and named by its document_id."""
        return ehc.answer_advice(get_db(), caller(), stage_id, json_body(), site=site(), today=_today())
