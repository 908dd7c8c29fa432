"""The child's shared plan: read it, correct an outcome on the version read, record readings and sessions."""

from __future__ import annotations

from flask.views import MethodView

from core.errors import NotFound
from core.plans import content as plans
from core.schemas import OutcomeInput, ReadingInput, SessionInput
from core.types import utcnow
from webui.api import IF_MATCH, caller, documented, etag, if_match, json_body, make_blueprint
from webui.api.schemas import OutcomeOut, PlanOut, ReadingOut, SessionOut
from webui.database import get_db, site

blueprint = make_blueprint("plans", "The child's plan: outcomes and progress, strategies, provision.")


@blueprint.route("/children/<int:child_id>/plan")
class Plan(MethodView):
    @blueprint.response(200, PlanOut)
    @documented(blueprint, 404)
    def get(self, child_id):
        """The child's current plan, with what the data shows for each outcome and each provision."""
        view = plans.view_plan(get_db(), caller(), child_id, today=utcnow().date(), recorders=True)
        if view.plan is None:
            raise NotFound("This child has no plan yet.")
        return view


@blueprint.route("/outcomes/<int:outcome_id>")
class Outcome(MethodView):
    @blueprint.response(200, OutcomeOut, headers={"ETag": {"schema": {"type": "string"}}})
    @documented(blueprint, 404)
    def get(self, outcome_id):
        """One outcome with its readings; its ETag is what a change sends back in If-Match."""
        found = plans.view_outcome(get_db(), caller(), outcome_id)
        return found, 200, {"ETag": etag(found.outcome.version)}

    @blueprint.doc(
        requestBody={"required": True, "content": {"application/json": {"schema": OutcomeInput(partial=True)}}},
        parameters=[IF_MATCH],
    )
    @blueprint.response(200, OutcomeOut, headers={"ETag": {"schema": {"type": "string"}}})
    @documented(blueprint, 400, 403, 404, 409, 412, 428)
    def patch(self, outcome_id):
        """Change an outcome (the lead professional), on the version you read; it must stay SMART."""
        db, person = get_db(), caller()
        plans.change_outcome(db, person, outcome_id, json_body(), expected_version=if_match(), site=site())
        found = plans.view_outcome(db, person, outcome_id)
        return found, 200, {"ETag": etag(found.outcome.version)}


@blueprint.route("/outcomes/<int:outcome_id>/readings")
class Readings(MethodView):
    @blueprint.response(200, ReadingOut(many=True))
    @documented(blueprint, 404)
    def get(self, outcome_id):
        """The outcome's readings, oldest first: what was measured, when, by whom, at home or not."""
        return plans.view_outcome(get_db(), caller(), outcome_id).readings

    @blueprint.doc(requestBody={"required": True, "content": {"application/json": {"schema": ReadingInput}}})
    @blueprint.response(201, ReadingOut)
    @documented(blueprint, 400, 403, 404, 409)
    def post(self, outcome_id):
        """Record a measurement of an outcome: at school by a professional, at home by a parent."""
        return plans.record_reading(get_db(), caller(), outcome_id, json_body())


@blueprint.route("/provision/<int:provision_id>/sessions")
class Sessions(MethodView):
    @blueprint.doc(requestBody={"required": True, "content": {"application/json": {"schema": SessionInput}}})
    @blueprint.response(201, SessionOut)
    @documented(blueprint, 400, 403, 404, 409)
    def post(self, provision_id):
        """Log a session of provision as delivered, or missed and why."""
        return plans.record_session(get_db(), caller(), provision_id, json_body())
