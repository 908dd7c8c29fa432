"""Children the caller may see, and their teams."""

from __future__ import annotations

from flask.views import MethodView
from marshmallow import Schema, fields, validate

from core.people import team
from core.records import children as records
from core.types import LARGEST_ID
from core.validation import load
from webui.api import caller, documented, make_blueprint, query_args
from webui.api.schemas import ChildOut, ChildPage, MemberOut
from webui.database import get_db

blueprint = make_blueprint("children", "Children whose team the caller is in, and their teams.")


class ChildQuery(Schema):
    after = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0, max=LARGEST_ID),
                           metadata={"description": "The next_cursor of the previous page"})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


@blueprint.route("/children")
class Children(MethodView):
    @blueprint.doc(parameters=[{"in": "query", "schema": ChildQuery}])
    @blueprint.response(200, ChildPage)
    @documented(blueprint, 400)
    def get(self):
        """The children the caller may see, by id, a page at a time."""
        options = load(ChildQuery(), query_args(ChildQuery))
        page, more = records.children_page(get_db(), caller(), after=options["after"], limit=options["limit"])
        return {"children": page, "next_cursor": str(page[-1].id) if more else None}


@blueprint.route("/children/<int:child_id>")
class OneChild(MethodView):
    @blueprint.response(200, ChildOut)
    @documented(blueprint, 404)
    def get(self, child_id):
        """One child's record summary."""
        return records.view_child(get_db(), caller(), child_id)


@blueprint.route("/children/<int:child_id>/team")
class Team(MethodView):
    @blueprint.response(200, MemberOut(many=True))
    @documented(blueprint, 404)
    def get(self, child_id):
        """Who is in the child's team: name, role, agency and who leads."""
        return team.team_overview(get_db(), caller(), child_id).members


