"""Notifications on the web: the list with its unread count, opening one, and choices."""

from __future__ import annotations

from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.errors import InvalidInput
from core.messaging import notifications
from core.models import Delivery, NotificationKind
from webui.auth import current_person
from webui.database import get_db, site

blueprint = Blueprint("notifications", __name__)


def init_app(app: Flask) -> None:
    @app.context_processor
    def unread():
        user = current_user._get_current_object()  # once through the context-local, not three times
        if user and user.is_authenticated:
            count = user.unread_notifications
            if count is None:
                count = notifications.unread_count(get_db(), user.person)
            return {"unread_notifications": count}
        return {}


@blueprint.route("/notifications")
@login_required
def index(errors=None, status=200):
    db, person = get_db(), current_person()
    return render_template(
        "notifications.html", items=notifications.recent(db, person), choices=notifications.preferences(db, person),
        kinds=list(NotificationKind), deliveries=list(Delivery), errors=errors or {},
        digest=notifications.last_digest(db, person, site()),
    ), status


@blueprint.route("/notifications/<int:notification_id>")
@login_required
def open_one(notification_id: int):
    return redirect(notifications.open_notification(get_db(), current_person(), notification_id))


@blueprint.route("/notifications/read", methods=["POST"])
@login_required
def read_all():
    notifications.mark_all_read(get_db(), current_person())
    return redirect(url_for("notifications.index"))


@blueprint.route("/notifications/preferences", methods=["POST"])
@login_required
def save_preferences():
    choices = {kind.value: request.form[kind.value] for kind in NotificationKind if kind.value in request.form}
    try:
        notifications.set_preferences(get_db(), current_person(), choices)
    except InvalidInput as error:
        return index(errors=error.errors, status=400)
    flash(_("Your choices are saved."))
    return redirect(url_for("notifications.index"))
