"""Webhooks: an agency's system is told of each change as it happens, instead of polling the feed."""

from __future__ import annotations

from flask import Flask, current_app, g
from flask.views import MethodView

from core.jobs.queue import JobKind
from core.webhooks import deliveries, registry
from core.webhooks.secrets import secret_box
from webui.api import caller, documented, json_body, make_blueprint, query_args
from webui.api.changes import rendered_for
from webui.api.schemas import ApiError, DeliveryLogOut, NewWebhookOut, WebhookOut
from webui.database import get_db

blueprint = make_blueprint(
    "webhooks",
    "Webhooks: each change of the changes feed POSTed to your system, signed, in order per child, "
    "retried with back-off. See the API guide in README.md for the headers and how to check a signature.",
)

REFUSED_TARGET = (
    "The url is well formed but not one a webhook may send to: not https, or on a private network. "
    "errors.url says why."
)


def _loopback_allowed() -> bool:
    return bool(current_app.config["WEBHOOKS_ALLOW_LOOPBACK"])


@blueprint.route("/webhooks")
class Webhooks(MethodView):
    @blueprint.response(200, WebhookOut(many=True))
    @documented(blueprint)
    def get(self):
        """Your webhooks: where each sends, and whether it is on (if it was disabled, when and why)."""
        return registry.list_own(get_db(), caller())

    @blueprint.doc(requestBody={"required": True, "content": {"application/json": {"schema": registry.WebhookInput}}})
    @blueprint.response(201, NewWebhookOut)
    @blueprint.alt_response(422, schema=ApiError, description=REFUSED_TARGET)
    @documented(blueprint, 400, 409)
    def post(self):
        """Register a webhook: every change you may read from now on (of the children named, if
        any) is POSTed to ``url``, signed with the ``secret`` in this answer only. Registered with a
        token, it stops when that token is revoked or expires."""
        webhook, secret = registry.register(
            get_db(), caller(), json_body(), box=secret_box(current_app.config["SECRET_KEY"]),
            allow_loopback=_loopback_allowed(), token=g.get("api_token"),
        )
        return _Registered(webhook, secret)


@blueprint.route("/webhooks/<int:webhook_id>")
class Webhook(MethodView):
    @blueprint.response(200, WebhookOut)
    @documented(blueprint, 404)
    def get(self, webhook_id):
        """One of your webhooks."""
        return registry.own(get_db(), caller(), webhook_id)

    @blueprint.response(204)
    @documented(blueprint, 404)
    def delete(self, webhook_id):
        """Delete a webhook: nothing more is sent, and its delivery log goes with it."""
        registry.delete(get_db(), caller(), webhook_id)


@blueprint.route("/webhooks/<int:webhook_id>/enable")
class EnableWebhook(MethodView):
    @blueprint.response(200, WebhookOut)
    @blueprint.alt_response(422, schema=ApiError, description=REFUSED_TARGET)
    @documented(blueprint, 400, 404)
    def post(self, webhook_id):
        """Turn a disabled webhook on again once its receiver is mended: deliveries waiting go
        out in order, each given its ten attempts afresh."""
        return registry.enable(get_db(), caller(), webhook_id, allow_loopback=_loopback_allowed())


@blueprint.route("/webhooks/<int:webhook_id>/deliveries")
class Deliveries(MethodView):
    @blueprint.doc(parameters=[{"in": "query", "schema": registry.DeliveryLogQuery}])
    @blueprint.response(200, DeliveryLogOut)
    @documented(blueprint, 400, 404)
    def get(self, webhook_id):
        """The delivery log, newest first: each change sent or waiting, its attempts, the last
        answer's status code and what went wrong."""
        found, before = registry.delivery_log(get_db(), caller(), webhook_id, query_args(registry.DeliveryLogQuery))
        return {"deliveries": found, "next_cursor": None if before is None else str(before)}


class _Registered:
    """A webhook just registered, with its secret: the one answer that shows it."""

    def __init__(self, webhook, secret: str):
        self._webhook, self.secret = webhook, secret

    def __getattr__(self, name: str):
        return getattr(self._webhook, name)


def job_kind(app: Flask) -> JobKind:
    return deliveries.job_kind(
        secret_box(app.config["SECRET_KEY"]), allow_loopback=bool(app.config["WEBHOOKS_ALLOW_LOOPBACK"])
    )


def collect(app: Flask) -> int:
    """Turn the changes since each webhook's cursor into deliveries, as their owners read them."""
    return deliveries.collect(app.extensions["teamaround.sessions"], rendered_for(app))
