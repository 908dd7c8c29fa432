"""The team around one child: who is in it, consent to share, who viewed the record."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from core.errors import InvalidInput
from core.people import consent, invitations, team
from core.records import children as records
from webui.auth import current_person
from webui.database import get_db, plugin_host, site
from webui.invitations import say_invited

blueprint = Blueprint("team", __name__)


@blueprint.route("/children/<int:child_id>/team")
@login_required
def show(child_id: int, errors=None, form=None, status=200, invite_errors=None, invite_form=None):
    overview = team.team_overview(get_db(), current_person(), child_id)
    agencies = plugin_host().agencies
    kept_until = (
        records.retention_dates(overview.child, agencies, current_app.config["RETENTION_YEARS"])
        if overview.child.closed_at
        else {}
    )
    return render_template(
        "team.html",
        team=overview,
        child=overview.child,
        agencies=agencies,
        kept_until=kept_until,
        errors=errors or {},
        form=form or {},
        invite_errors=invite_errors or {},
        invite_form=invite_form or {},
    ), status


@blueprint.route("/children/<int:child_id>/team", methods=["POST"])
@login_required
def add(child_id: int):
    data = {
        "email": request.form.get("email") or None,
        "role": request.form.get("role", ""),
        "is_lead": request.form.get("is_lead") == "yes",
    }
    try:
        membership = team.add_member(get_db(), current_person(), child_id, data)
    except InvalidInput as error:
        return show(child_id, errors=error.errors, form=request.form, status=400)
    flash(_("%(person)s has joined the team.", person=membership.person.full_name))
    return redirect(url_for("team.show", child_id=child_id))


@blueprint.route("/children/<int:child_id>/team/<int:person_id>/remove", methods=["POST"])
@login_required
def remove(child_id: int, person_id: int):
    membership = team.remove_member(get_db(), current_person(), child_id, person_id)
    flash(_("%(person)s has left the team. What they wrote stays in the record.", person=membership.person.full_name))
    return redirect(url_for("team.show", child_id=child_id))


@blueprint.route("/children/<int:child_id>/team/invitations", methods=["POST"])
@login_required
def invite(child_id: int):
    data = {name: request.form.get(name, "") for name in ("full_name", "email", "role", "language")}
    try:
        membership, link = invitations.invite_to_team(get_db(), current_person(), child_id, data, site=site())
    except InvalidInput as error:
        return show(child_id, invite_errors=error.errors, invite_form=request.form, status=400)
    say_invited(membership.person, link)
    return redirect(url_for("team.show", child_id=child_id))


@blueprint.route("/children/<int:child_id>/team/<int:person_id>/invite", methods=["POST"])
@login_required
def invite_again(child_id: int, person_id: int):
    say_invited(*invitations.resend(get_db(), current_person(), child_id, person_id, site=site()))
    return redirect(url_for("team.show", child_id=child_id))


@blueprint.route("/children/<int:child_id>/consents", methods=["POST"])
@login_required
def record_consent(child_id: int):
    try:
        consent.record_consent(
            get_db(), current_person(), child_id, request.form.get("agency", ""), request.form.get("note", "")
        )
    except InvalidInput:  # the one thing the service refuses as input: an agency not offered
        return show(child_id, errors={"agency": [_("Choose one of the agencies listed.")]}, status=400)
    flash(_("Consent to share is recorded."))
    return redirect(url_for("team.show", child_id=child_id))


@blueprint.route("/children/<int:child_id>/consents/<agency>/withdraw", methods=["POST"])
@login_required
def withdraw_consent(child_id: int, agency: str):
    consent.withdraw_consent(get_db(), current_person(), child_id, agency, site=site())
    flash(_("Consent is withdrawn: that agency no longer sees this child's record. The lead professional is told."))
    return redirect(url_for("team.show", child_id=child_id))


@blueprint.route("/children/<int:child_id>/viewers")
@login_required
def viewers(child_id: int):
    viewings = records.who_viewed(get_db(), current_person(), child_id)
    return render_template("viewers.html", child_id=child_id, viewings=viewings)


@blueprint.route("/children/<int:child_id>/close", methods=["POST"])
@login_required
def close(child_id: int):
    records.close_case(get_db(), current_person(), child_id)
    flash(_("The case is closed. The record is kept, read-only, for each agency's retention period."))
    return redirect(url_for("team.show", child_id=child_id))
