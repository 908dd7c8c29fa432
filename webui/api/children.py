"""Children the caller may see, and their teams; a school's system adds children and keeps
their details and identifiers (UPN, NHS number) in step, and finds a child by them."""

from __future__ import annotations

from flask.views import MethodView
from marshmallow import Schema, fields, validate

from core.people import team
from core.records import children as records
from core.records.identifiers import nhs_number_field, upn_field
from core.schemas import ChildInput
from core.types import LARGEST_ID
from core.validation import load
from webui.api import IF_MATCH, caller, documented, etag, if_match, json_body, make_blueprint, query_args
from webui.api.schemas import ChildOut, ChildPage, MemberOut
from webui.database import get_db

blueprint = make_blueprint("children", "Children whose team the caller is in, and their teams.")


class ChildQuery(Schema):
    after = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0, max=LARGEST_ID),
                           metadata={"description": "The next_cursor of the previous page"})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    upn = upn_field(load_default=None)
    nhs_number = nhs_number_field(load_default=None)


class ChildChange(ChildInput):
    """A child's details as a change takes them: any of them, and only those sent are changed."""


@blueprint.route("/children")
class Children(MethodView):
    @blueprint.doc(parameters=[{"in": "query", "schema": ChildQuery}])
    @blueprint.response(200, ChildPage)
    @documented(blueprint, 400)
    def get(self):
        """The children the caller may see, by id, a page at a time."""
        options = load(ChildQuery(), query_args(ChildQuery))
        identified_by = {name: options[name] for name in ("upn", "nhs_number") if options[name] is not None}
        page, more = records.children_page(
            get_db(), caller(), after=options["after"], limit=options["limit"], identified_by=identified_by
        )
        return {"children": page, "next_cursor": str(page[-1].id) if more else None}

    @blueprint.doc(requestBody={"required": True, "content": {"application/json": {"schema": ChildInput}}})
    @blueprint.response(201, ChildOut, headers={"ETag": {"schema": {"type": "string"}}})
    @documented(blueprint, 400, 403, 409)
    def post(self):
        """Add a child (school staff, who lead the new team, or an administrator): a school's
        system brings a pupil in with their UPN, and NHS number where known."""
        child = team.create_child(get_db(), caller(), json_body())
        return child, 201, {"ETag": etag(child.version)}


@blueprint.route("/children/<int:child_id>")
class OneChild(MethodView):
    @blueprint.response(200, ChildOut, headers={"ETag": {"schema": {"type": "string"}}})
    @documented(blueprint, 404)
    def get(self, child_id):
        """One child's record summary; its ETag is what a change sends back in If-Match."""
        child = records.view_child(get_db(), caller(), child_id)
        return child, 200, {"ETag": etag(child.version)}

    @blueprint.doc(
        requestBody={"required": True, "content": {"application/json": {"schema": ChildChange(partial=True)}}},
        parameters=[IF_MATCH],
    )
    @blueprint.response(200, ChildOut, headers={"ETag": {"schema": {"type": "string"}}})
    @documented(blueprint, 400, 403, 404, 409, 412, 428)
    def patch(self, child_id):
        """Change a child's details or identifiers, those sent only, on the version you read
        (If-Match): the team's lead professional or an administrator."""
        child = records.update_child(get_db(), caller(), child_id, json_body(), expected_version=if_match())
        return child, 200, {"ETag": etag(child.version)}


@blueprint.route("/children/<int:child_id>/team")
class Team(MethodView):
    @blueprint.response(200, MemberOut(many=True))
    @documented(blueprint, 404)
    def get(self, child_id):
        """Who is in the child's team: name, role, agency and who leads."""
        return team.team_overview(get_db(), caller(), child_id).members


