"""The caller's own personal API tokens, managed only by a signed-in person (a browser
session with its CSRF token): a token never makes, lists or revokes tokens."""

from __future__ import annotations

from flask.views import MethodView

from core.people import tokens as api_tokens
from webui.api import caller, documented, json_body, make_blueprint
from webui.api.schemas import NewTokenOut, TokenOut
from webui.database import get_db

blueprint = make_blueprint(
    "tokens", "Personal tokens, from a signed-in session only: create, see their last use, revoke.",
    tokens_allowed=False,
)


@blueprint.route("/tokens")
class Tokens(MethodView):
    @blueprint.response(200, TokenOut(many=True))
    @documented(blueprint, 403)
    def get(self):
        """Your tokens that still work, with when each was last used."""
        return api_tokens.list_own(get_db(), caller())

    @blueprint.doc(requestBody={"required": True, "content": {"application/json": {"schema": api_tokens.TokenInput}}})
    @blueprint.response(201, NewTokenOut)
    @documented(blueprint, 400, 403)
    def post(self):
        """Create a named token, for some days, to read or to read and write; the secret is
        in this answer only."""
        token, secret = api_tokens.create(get_db(), caller(), json_body())
        return {"token": secret, **{name: getattr(token, name) for name in TokenOut._declared_fields}}


@blueprint.route("/tokens/<int:token_id>")
class Token(MethodView):
    @blueprint.response(204)
    @documented(blueprint, 403, 404)
    def delete(self, token_id):
        """Revoke a token: it stops working at once."""
        api_tokens.revoke(get_db(), caller(), token_id)
