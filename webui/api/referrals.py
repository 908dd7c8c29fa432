"""Referrals between agencies through the API: the team refers, the receiving agency's system
reads its referrals and answers, under the one access policy."""

from __future__ import annotations

from flask.views import MethodView
from marshmallow import fields

from core.cases import referral_views, referrals
from core.cases.referral_inputs import AcceptInput, DeclineInput, InformationInput, MoreInformationInput, ReferralInput
from core.cases.referral_questions import questions_for
from core.errors import NotFound
from core.models import ConsentMethod, ReferralStatus, ReferralStepKind
from core.types import utcnow
from webui.api import caller, documented, json_body, make_blueprint
from webui.api.schemas import Answer, PersonRef
from webui.database import get_db, plugin_host, site
from webui.wording import reader

blueprint = make_blueprint("referrals", "Referrals between agencies: made with the family's consent, and answered.")


def _words(text) -> str | None:
    return None if text is None else text if isinstance(text, str) else reader().render(text)


class QuestionOut(Answer):
    key = fields.String()
    text = fields.Function(lambda question: _words(question.text), metadata={"type": "string"})
    hint = fields.Function(lambda question: _words(question.hint), metadata={"type": "string", "nullable": True})
    required = fields.Boolean()


class AnsweredQuestionOut(Answer):
    key = fields.String()
    question = fields.Function(lambda asked: _words(asked["question"]), metadata={"type": "string"})
    required = fields.Boolean()
    answer = fields.String()


class ConsentOut(Answer):
    given_by = fields.String(attribute="consent_given_by")
    given_on = fields.Date(attribute="consent_given_on")
    method = fields.Enum(ConsentMethod, by_value=fields.String, attribute="consent_method")


class ReferredChildOut(Answer):
    id = fields.Integer()
    full_name = fields.String()
    date_of_birth = fields.Date()


class StepOut(Answer):
    kind = fields.Enum(ReferralStepKind, by_value=fields.String)
    text = fields.String(metadata={"description": "What the person wrote: the reason, a question, an answer"})
    by = fields.Nested(PersonRef)
    at = fields.AwareDateTime()


class ReferralOut(Answer):
    """A referral, with where it is and how long it has waited in the reader's words."""

    id = fields.Integer(attribute="referral.id")
    child = fields.Nested(ReferredChildOut, attribute="referral.child")
    agency = fields.String(attribute="referral.agency")
    reason = fields.String(attribute="referral.reason")
    questions = fields.List(fields.Nested(AnsweredQuestionOut), attribute="referral.questions")
    consent = fields.Function(lambda view: ConsentOut().dump(view.referral), metadata={"type": "object"})
    document_ids = fields.Function(
        lambda view: [document.id for document in view.documents],
        metadata={"type": "array", "items": {"type": "integer"}},
    )
    referred_by = fields.Nested(PersonRef, attribute="referral.referred_by")
    referred_at = fields.AwareDateTime(attribute="referral.referred_at")
    status = fields.Enum(ReferralStatus, by_value=fields.String, attribute="referral.status")
    where = fields.Function(lambda view: _words(view.where), metadata={"type": "string"})
    waited = fields.Function(lambda view: _words(view.waited), metadata={"type": "string"})
    overdue = fields.Boolean(metadata={"description": "Open longer than a service is expected to take to answer"})
    answered_at = fields.AwareDateTime(attribute="referral.answered_at", allow_none=True)
    steps = fields.List(fields.Nested(StepOut), attribute="referral.steps", metadata={"description": "Oldest first"})


def _read(referral_id: int):
    return referral_views.read(get_db(), caller(), referral_id, site=site(), now=utcnow())[1]


def _body(schema) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


@blueprint.route("/agencies/<agency>/referral-questions")
class ReferralQuestions(MethodView):
    @blueprint.response(200, QuestionOut(many=True))
    @documented(blueprint, 404)
    def get(self, agency):
        """The questions a referral to the agency asks: the core's, then the agency's own."""
        if agency not in plugin_host().agencies:
            raise NotFound(f"agency {agency}")
        return questions_for(plugin_host(), agency)


@blueprint.route("/children/<int:child_id>/referrals")
class ChildReferrals(MethodView):
    @blueprint.response(200, ReferralOut(many=True))
    @documented(blueprint, 404)
    def get(self, child_id):
        """The child's referrals, newest first, for everyone in the team."""
        return referral_views.child_referrals(get_db(), caller(), child_id, site=site(), now=utcnow())[1]

    @blueprint.doc(requestBody=_body(ReferralInput))
    @blueprint.response(201, ReferralOut)
    @documented(blueprint, 400, 403, 404, 409)
    def post(self, child_id):
        """Refer the child to an agency, with the family's consent to this referral (without it: 400, consent)."""
        referral = referrals.refer(get_db(), caller(), child_id, json_body(), site=site())
        return _read(referral.id)


@blueprint.route("/referrals")
class ReceivedReferrals(MethodView):
    @blueprint.response(200, ReferralOut(many=True))
    @documented(blueprint)
    def get(self):
        """The referrals made to your agency, those waiting for its answer first: none for anyone else."""
        return referral_views.received(get_db(), caller(), site=site(), now=utcnow())


@blueprint.route("/referrals/<int:referral_id>")
class Referral(MethodView):
    @blueprint.response(200, ReferralOut)
    @documented(blueprint, 404)
    def get(self, referral_id):
        """One referral, for its child's team and the agency it was made to."""
        return _read(referral_id)


@blueprint.route("/referrals/<int:referral_id>/acceptance")
class ReferralAcceptance(MethodView):
    @blueprint.doc(requestBody=_body(AcceptInput))
    @blueprint.response(200, ReferralOut)
    @documented(blueprint, 400, 403, 404, 409)
    def post(self, referral_id):
        """Accept a referral made to your agency: you join the child's team."""
        referrals.accept(get_db(), caller(), referral_id, json_body(), site=site())
        return _read(referral_id)


@blueprint.route("/referrals/<int:referral_id>/decline")
class ReferralDecline(MethodView):
    @blueprint.doc(requestBody=_body(DeclineInput))
    @blueprint.response(200, ReferralOut)
    @documented(blueprint, 400, 403, 404, 409)
    def post(self, referral_id):
        """Decline a referral made to your agency, with the reason the team and the family read."""
        referrals.decline(get_db(), caller(), referral_id, json_body(), site=site())
        return _read(referral_id)


@blueprint.route("/referrals/<int:referral_id>/information-requests")
class ReferralInformationRequest(MethodView):
    @blueprint.doc(requestBody=_body(MoreInformationInput))
    @blueprint.response(200, ReferralOut)
    @documented(blueprint, 400, 403, 404, 409)
    def post(self, referral_id):
        """Ask the referrer for more information before your agency answers."""
        referrals.ask_for_information(get_db(), caller(), referral_id, json_body(), site=site())
        return _read(referral_id)


@blueprint.route("/referrals/<int:referral_id>/information")
class ReferralInformation(MethodView):
    @blueprint.doc(requestBody=_body(InformationInput))
    @blueprint.response(200, ReferralOut)
    @documented(blueprint, 400, 403, 404, 409)
    def post(self, referral_id):
        """Give the information the agency asked for (the referrer or the lead); the referral waits for it again."""
        referrals.give_information(get_db(), caller(), referral_id, json_body(), site=site())
        return _read(referral_id)
