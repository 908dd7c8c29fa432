"""The REST API under /api/v1: agency systems post and read without retyping.

Callers authenticate with a personal bearer token, or with the browser session
(then unsafe methods also need the CSRF token in ``X-CSRFToken``). The access
policy applies exactly as on the pages, because the same core services answer.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from apispec import BasePlugin
from apispec.ext.marshmallow.common import resolve_schema_cls
from flask import Flask, g, request
from flask_login import current_user
from flask_smorest import Api, Blueprint
from flask_wtf.csrf import validate_csrf
from marshmallow import fields
from werkzeug.exceptions import HTTPException, PreconditionRequired, Unauthorized, UnsupportedMediaType
from wtforms.validators import ValidationError

from core.errors import Conflict, DoesNotFit, Forbidden, InvalidInput, NotFound, StaleVersion
from core.models import Person, TokenScope
from core.people import tokens as api_tokens
from core.sync.idempotency import KeyReused
from core.validation import unstorable_text
from core.webhooks.targets import RefusedTarget
from webui import kept_pages
from webui.api import cors, idempotency, payloads, rate_limits
from webui.api.accepted import AcceptedValues
from webui.api.schemas import Answer, ApiError
from webui.database import get_db
from webui.errors import error_response, http_error
from webui.extensions import csrf

PREFIX = "/api/v1"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

# Every operation can answer these; each adds those of its own (400, 404, ...).
COMMON_ERRORS = (401, 429)
ERROR_DESCRIPTIONS = {
    400: "The input is not valid: every bad field is named with its reasons.",
    401: "No valid bearer token or session.",
    403: "You may see this record but not do this to it.",
    404: "No such record, or one you may not see.",
    409: "The change clashes with the records as they stand; a field that does not fit them is named with its reasons.",
    412: "The record changed since you read it (If-Match is stale).",
    413: "A file over the upload limit (TEAMAROUND_MAX_UPLOAD_BYTES), or a body over its limit.",
    415: "Send the body as JSON (Content-Type: application/json).",
    422: "The Idempotency-Key was sent before with another request.",
    428: "Send If-Match with the ETag you read.",
    429: "Too many requests for this token: slow down, for as many seconds as Retry-After says.",
}


class OperationIds(BasePlugin):
    """An apispec plugin naming each operation after its method and view (``getTimeline``,
    ``postTimeline``): client generators name their methods by ``operationId``."""

    def operation_helper(self, path=None, operations=None, **kwargs):
        rule = kwargs.get("rule")
        if rule is None or operations is None:
            return
        view = rule.endpoint.rsplit(".", 1)[-1]
        for method, operation in operations.items():
            operation.setdefault("operationId", method + view)


class IdempotencyKeys(BasePlugin):
    """An apispec plugin documenting on every POST the optional ``Idempotency-Key`` header
    (:mod:`webui.api.idempotency`) and its answers: 400 for a malformed key, 422 for a key
    sent before with another request; and 415 wherever a JSON body is read."""

    def operation_helper(self, path=None, operations=None, **kwargs):
        for method, operation in (operations or {}).items():
            responses = operation.setdefault("responses", {})
            if "application/json" in operation.get("requestBody", {}).get("content", {}):
                responses.setdefault("415", _error_answer(415))
            if method != "post":
                continue
            operation.setdefault("parameters", []).append(idempotency.HEADER_PARAMETER)
            responses.setdefault("400", _error_answer(400))
            responses.setdefault("422", _error_answer(422))


class AnswersRequired(BasePlugin):
    """An apispec plugin marking every field of an answer (:class:`webui.api.schemas.Answer`)
    required: it is always sent, so a generated client need not type it as maybe missing."""

    def schema_helper(self, name, definition, **kwargs):
        schema = kwargs.get("schema")
        if schema is not None and issubclass(resolve_schema_cls(schema), Answer):
            return {"required": sorted(definition.get("properties", {}))}
        return None


class Examples(BasePlugin):
    """An apispec plugin giving every operation its example, recorded from the demo team by
    :mod:`demo.api_examples` (``examples.json``, by operationId): the request it sent, where
    it sends a JSON body or a form, and the answer it got."""

    def __init__(self):
        super().__init__()
        self.examples = json.loads(Path(__file__).with_name("examples.json").read_text())

    def operation_helper(self, path=None, operations=None, **kwargs):
        for operation in (operations or {}).values():
            example = self.examples.get(operation.get("operationId"), {})
            sent = operation.get("requestBody", {}).get("content", {})
            request_body = sent.get("application/json") or sent.get("multipart/form-data")
            if request_body is not None and "request" in example and "examples" not in request_body:
                request_body["example"] = example["request"]
            for status, answer in operation.get("responses", {}).items():
                answer_body = answer.get("content", {}).get("application/json") if str(status)[0] == "2" else None
                if answer_body is not None and "response" in example:
                    answer_body["example"] = example["response"]


def _error_answer(status: int) -> dict:
    return {"description": ERROR_DESCRIPTIONS[status],
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}}


class TeamaroundApi(Api):
    """flask-smorest's Api, whose handler of HTTP errors (which replaces the app's) answers
    in JSON under /api/v1 and leaves pages their HTML error pages; every operation's default
    answer is that error shape (``ApiError``)."""

    ERROR_SCHEMA = ApiError

    def handle_http_exception(self, error):
        if not request.path.startswith(PREFIX):
            return http_error(error)
        response = error_response(error.code or 500, error.description or error.name)
        # The error's own headers stay: Allow on a 405 names the methods the URL takes.
        response.headers.extend([(name, value) for name, value in error.get_headers() if name != "Content-Type"])
        return response


def init_app(app: Flask) -> None:
    app.config.setdefault("API_TITLE", "Teamaround")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", PREFIX)
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.extensions["teamaround.payloads"] = payloads.AssessmentPayloads(app.extensions["teamaround.plugins"])
    api = TeamaroundApi(app, spec_kwargs={
        "info": {"description": __doc__.split("\n\n", 1)[1].strip()},
        "components": {"securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer", "description": "A personal token (ta_...)."},
            "session": {"type": "apiKey", "in": "cookie", "name": "session"},
        }},
        "security": [{"bearer": []}, {"session": []}],
        "extra_plugins": [
            OperationIds(),
            IdempotencyKeys(),
            AnswersRequired(),
            AcceptedValues(),
            app.extensions["teamaround.payloads"],
            Examples(),
        ],
    })
    rate_limits.init_app(app)
    cors.init_app(app, PREFIX)
    app.extensions["teamaround.api"] = api
    from webui.api import (  # noqa: PLC0415 (they import helpers here)
        changes,
        children,
        documents,
        ehc,
        meetings,
        people,
        plans,
        reference,
        referrals,
        timeline,
        tokens,
        webhooks,
    )

    for module in (children, people, timeline, documents, plans, meetings, ehc, reference, tokens, changes, webhooks):
        api.register_blueprint(module.blueprint)
    api.register_blueprint(referrals.blueprint)


def make_blueprint(name: str, description: str, *, tokens_allowed: bool = True) -> Blueprint:
    """An API blueprint: authenticated, CSRF-checked by hand, answering errors in JSON;
    ``tokens_allowed=False`` for operations only a signed-in person may use."""
    blueprint = Blueprint(f"api_{name}", f"webui.api.{name}", url_prefix=PREFIX, description=description)
    csrf.exempt(blueprint)
    blueprint.before_request(functools.partial(_authenticate, tokens_allowed=tokens_allowed))
    blueprint.after_request(rate_limits.add_headers)
    blueprint.before_request(idempotency.replay_or_reserve)
    blueprint.after_request(idempotency.keep_answer)
    for error, status in _ERRORS:
        blueprint.register_error_handler(error, _handler(status))
    return blueprint


def documented(blueprint: Blueprint, *codes: int):
    """Document the error answers an operation can give, on top of 401 and 429."""

    def decorate(view):
        for code in sorted(set(codes) | set(COMMON_ERRORS), reverse=True):
            view = blueprint.alt_response(code, schema=ApiError, description=ERROR_DESCRIPTIONS[code])(view)
        return view

    return decorate


def caller() -> Person:
    return g.api_person


def json_body() -> dict:
    """The request's JSON object, the one place the API reads a body: it refuses a body sent
    as anything but JSON (415), bodies that are not one object, NaN (which no database
    stores), nesting too deep to parse, and text no database stores
    (:func:`core.validation.unstorable_text`), naming the field."""
    def refuse(constant):
        raise ValueError(constant)

    if request.get_data(cache=True) and not request.is_json:
        raise UnsupportedMediaType("Send the body as JSON, with Content-Type: application/json.")
    try:
        value = json.loads(request.get_data(cache=True) or b"{}", parse_constant=refuse)
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput({"_body": ["Send a JSON object."]}) from None
    except RecursionError:
        raise InvalidInput({"_body": ["Send a JSON object nested less deeply."]}) from None
    if not isinstance(value, dict):
        raise InvalidInput({"_body": ["Send a JSON object."]})
    if unstorable := unstorable_text(value):
        raise InvalidInput(unstorable)
    return value


def query_args(schema) -> dict:
    """The query string as a dict for ``schema``: lists for list fields, single values otherwise."""
    args = {}
    for name in request.args:
        field = schema._declared_fields.get(name)
        args[name] = request.args.getlist(name) if isinstance(field, fields.List) else request.args.get(name)
    return args


def etag(version: int) -> str:
    """A record's ETag: its version counter, which every change moves."""
    return f'"{version}"'


# An ETag as etag() gives it: the version in double quotes. Anything else was not read here.
ETAG = re.compile(r'"([0-9]{1,9})"')
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": True,
    "description": "The ETag you read, exactly as given: the record's version in double quotes",
    "schema": {"type": "string", "pattern": f"^{ETAG.pattern}$", "example": '"3"'},
}


def if_match() -> int:
    """The version the caller read, from If-Match; a change without one is refused (428)."""
    sent = request.headers.get("If-Match", "").strip()
    if not sent:
        raise PreconditionRequired("Send If-Match with the ETag you read, so nobody's change is overwritten.")
    if (etag_sent := ETAG.fullmatch(sent)) is None:
        raise InvalidInput({"If-Match": ["Send the ETag exactly as you read it."]})
    return int(etag_sent[1])


def _authenticate(tokens_allowed: bool = True):
    """Who is asking, counted against their allowance (:mod:`webui.api.rate_limits`) before
    the request reads anything; a bearer token that is not valid counts against the address.

    A read-only token is refused every method but GET and HEAD; where ``tokens_allowed`` is
    false (managing tokens) a token is refused altogether, so a leaked one cannot mint more.
    A session that must enrol a second factor first is refused (webui.second_factor leaves
    the API to this, so that nothing reads before the count).
    A CORS preflight (OPTIONS) carries no credentials by design and reads nothing: it passes.
    """
    if request.method == "OPTIONS":
        return None
    header = request.headers.get("Authorization")
    if header is not None:
        scheme, _, secret = header.partition(" ")
        secret = secret.strip()
        if limited := rate_limits.spend(rate_limits.token_key(secret)):
            return limited
        found = _token_of(scheme, secret)
        if isinstance(found, Unauthorized):
            get_db().rollback()  # ends the request's transaction, so the address is counted at once
            if limited := rate_limits.spend(rate_limits.address_key()):
                return limited
            raise found
        if not tokens_allowed:
            raise Forbidden("Tokens are made, listed and revoked only by a signed-in person, on their account page.")
        token, g.api_person, g.data_version, _ = found
        if token.scope is TokenScope.READ and request.method not in SAFE_METHODS:
            raise Forbidden("This token may only read: make a read and write token to change records.")
        g.api_token = token
        return None
    if limited := rate_limits.spend(rate_limits.address_key()):
        return limited
    if current_user.is_authenticated:
        if current_user.enrolment_required:
            raise Forbidden("Add a second step to your sign-in on your account page first.")
        if request.method not in SAFE_METHODS:
            try:
                validate_csrf(request.headers.get("X-CSRFToken", ""))
            except ValidationError:
                raise Forbidden("A browser session needs the CSRF token in X-CSRFToken.") from None
        g.api_person, g.data_version = current_user.person, current_user.data_version
        return None
    raise Unauthorized("Send a bearer token (Authorization: Bearer ta_...) or log in.")


def _token_of(scheme: str, secret: str):
    """The token and person a bearer secret names, or the Unauthorized to raise for it."""
    if scheme.lower() != "bearer":
        return Unauthorized("The bearer token is not valid: create one on your account page.")
    found = None
    try:
        found = api_tokens.authenticate(get_db(), secret, ahead=kept_pages.ahead_of(secret))
    except api_tokens.TokenExpired as expired:
        return Unauthorized(
            f"The bearer token expired at {expired.expired_at.isoformat()}: make a new one on your account page."
        )
    finally:
        kept_pages.audited_ahead(found is not None and found.audited_ahead)
    return found or Unauthorized("The bearer token is not valid: create one on your account page.")


def _handler(status: int):
    def handle(error):
        if isinstance(error, DoesNotFit):
            return error_response(status, "Some of the input does not fit the records as they stand.", error.errors)
        if isinstance(error, InvalidInput):
            return error_response(status, "Some of the input is not valid.", error.errors)
        if isinstance(error, HTTPException):
            return error_response(error.code, error.description)
        return error_response(status, str(error) or ERROR_DESCRIPTIONS[status])

    return handle


_ERRORS = (
    (DoesNotFit, 409),
    (InvalidInput, 400),
    (RefusedTarget, 422),
    (NotFound, 404),
    (Forbidden, 403),
    (StaleVersion, 412),
    (Conflict, 409),
    (KeyReused, 422),
    (Unauthorized, 401),
)
