"""Recording an agency's assessment from the plugin's schema, on the web."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from core.access import Action, child_access
from core.errors import InvalidInput
from core.timeline import entries as timeline
from webui.assessment_forms import form_fields, payload_from_form
from webui.auth import current_person
from webui.database import get_db, plugin_host
from webui.formatting import school_zone_name, typed_time
from webui.wording import form_reader, plugin_text

blueprint = Blueprint("assessments", __name__)

# The parts of the plain summary for the family, as the form names them (parent_summary.<part>).
SUMMARY_PARTS = ("measured", "found", "next_steps")


@blueprint.route("/children/<int:child_id>/assessments/<key>")
@login_required
def form(child_id: int, key: str, errors=None, values=None, status=200, summary=None):
    access = child_access(get_db(), current_person(), child_id)
    access.require(Action.POST_ASSESSMENT)
    assessment_type = plugin_host().assessment_types.get(key)
    if assessment_type is None or not access.may_record(assessment_type):
        abort(404)
    schema = assessment_type.schema_for(assessment_type.version)
    return render_template(
        plugin_host().hook.assessment_form_template(assessment_type=assessment_type),
        child=access.child,
        access=access,
        assessment_type=assessment_type,
        fields=form_fields(schema),
        errors=errors or {},
        values=values or {},
        summary=summary,
        summary_parts=SUMMARY_PARTS,
    ), status


@blueprint.route("/children/<int:child_id>/assessments/<key>", methods=["POST"])
@login_required
def record(child_id: int, key: str):
    assessment_type = plugin_host().assessment_types.get(key)
    if assessment_type is None:
        abort(404)
    schema = assessment_type.schema_for(assessment_type.version)
    data = {
        "assessment_type": key,
        "payload": payload_from_form(schema, request.form),
        "visibility": request.form.get("visibility", "professionals"),
        "body": request.form.get("body", ""),
    }
    if occurred_at := typed_time(request.form, "occurred_at"):
        data["occurred_at"] = occurred_at
    names = {part: f"parent_summary.{part}" for part in SUMMARY_PARTS}
    if edited := {part: request.form[name] for part, name in names.items() if name in request.form}:
        data["parent_summary"] = edited
    if request.form.get("step") == "preview":
        return _preview(child_id, key, data)
    try:
        timeline.post_assessment(
            get_db(),
            current_person(),
            child_id,
            data,
            host=plugin_host(),
            zone=school_zone_name(),
            reader=form_reader(assessment_type),
        )
    except InvalidInput as error:
        return form(child_id, key, errors=error.errors, values=request.form, status=400)
    title = plugin_text(assessment_type.title, assessment_type.agency)
    flash(_("The %(assessment)s is on the timeline.", assessment=title.lower()))
    return redirect(url_for("children.child_timeline", child_id=child_id))


def _preview(child_id: int, key: str, data: dict):
    """The form again, with the summary the family will read, to edit before saving: nothing is saved."""
    try:
        shown = timeline.preview_summary(
            get_db(),
            current_person(),
            child_id,
            data,
            host=plugin_host(),
            zone=school_zone_name(),
            reader=form_reader(plugin_host().assessment_types.get(key)),
        )
    except InvalidInput as error:
        return form(child_id, key, errors=error.errors, values=request.form, status=400)
    return form(child_id, key, values=request.form, summary=shown)
