"""People's accounts as a school's or an agency's system keeps them in step: it opens them,
changes them on the version it read and finds a person by the identifier it knows them by
(administrators' tokens only, as administrators open accounts on the pages)."""

from __future__ import annotations

from flask.views import MethodView

from core.people import directory
from core.schemas import AccountChange, AccountInput, PeopleQuery
from webui.api import IF_MATCH, caller, documented, etag, if_match, json_body, make_blueprint, query_args
from webui.api.schemas import PersonOut, PersonPage
from webui.database import get_db, site

blueprint = make_blueprint("people", "People's accounts, kept in step by another system, and their identifiers.")


@blueprint.route("/people")
class People(MethodView):
    @blueprint.doc(parameters=[{"in": "query", "schema": PeopleQuery}])
    @blueprint.response(200, PersonPage)
    @documented(blueprint, 400, 403)
    def get(self):
        """Accounts by id, a page at a time, or the one a system knows by an identifier
        (?system=...&identifier=...): administrators."""
        page, more = directory.people_page(get_db(), caller(), query_args(PeopleQuery))
        return {"people": page, "next_cursor": str(page[-1].id) if more else None}

    @blueprint.doc(requestBody={"required": True, "content": {"application/json": {"schema": AccountInput}}})
    @blueprint.response(201, PersonOut, headers={"ETag": {"schema": {"type": "string"}}})
    @documented(blueprint, 400, 403, 409)
    def post(self):
        """Open an account with the identifiers other systems know the person by, and invite
        them by e-mail to choose a password: administrators (a school's system through the
        token of an administrator's account kept for it)."""
        person = directory.open_account(get_db(), caller(), json_body(), site=site())
        return person, 201, {"ETag": etag(person.version)}


@blueprint.route("/people/<int:person_id>")
class OnePerson(MethodView):
    @blueprint.response(200, PersonOut, headers={"ETag": {"schema": {"type": "string"}}})
    @documented(blueprint, 403, 404)
    def get(self, person_id):
        """One account and its identifiers; its ETag is what a change sends back in If-Match."""
        person = directory.account(get_db(), caller(), person_id)
        return person, 200, {"ETag": etag(person.version)}

    @blueprint.doc(
        requestBody={"required": True, "content": {"application/json": {"schema": AccountChange}}},
        parameters=[IF_MATCH],
    )
    @blueprint.response(200, PersonOut, headers={"ETag": {"schema": {"type": "string"}}})
    @documented(blueprint, 400, 403, 404, 409, 412, 428)
    def patch(self, person_id):
        """Change an account's name, e-mail, phone, identifiers (a system's, set or removed) or
        whether it is open, those sent only, on the version you read (If-Match): administrators."""
        person = directory.update_account(get_db(), caller(), person_id, json_body(), expected_version=if_match())
        return person, 200, {"ETag": etag(person.version)}
