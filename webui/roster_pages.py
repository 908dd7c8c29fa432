"""The administrator's roster import: upload, the mapping step for a plain CSV, the preview,
applying it, and its progress. The work is core.roster's; these views only show it."""

from __future__ import annotations

import contextlib

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from core.errors import Conflict, InvalidInput
from core.roster import imports, mappings, oneroster, plain_csv
from webui.auth import current_person
from webui.database import get_db
from webui.wording import words

blueprint = Blueprint("roster", __name__, url_prefix="/admin/roster")

# How many contacts a plain export's mapping step offers columns for (SIMS exports up to four).
CONTACTS = 4


@blueprint.route("")
@login_required
def start(errors=None, status=200):
    db, actor = get_db(), current_person()
    return render_template(
        "admin_roster.html",
        imports=imports.recent(db, actor),
        mapping_names=mappings.names(db),
        errors=errors or {},
    ), status


@blueprint.route("", methods=["POST"])
@login_required
def upload():
    sent = request.files.get("file")
    content = sent.read() if sent else b""
    if not content:
        return start(errors={"file": [_("Choose the file your school's system exported.")]}, status=400)
    try:
        run = imports.upload(get_db(), current_person(), content, sent.filename or "", request.form.get("mapping"))
    except oneroster.BundleError as error:
        return start(errors={"file": [words(error.reason)]}, status=400)
    if imports.needs_mapping(run):
        return redirect(url_for("roster.mapping", import_id=run.id))
    return redirect(url_for("roster.show", import_id=run.id))


@blueprint.route("/<int:import_id>/mapping")
@login_required
def mapping(import_id: int, errors=None, form=None, status=200):
    run = imports.waiting(get_db(), current_person(), import_id)
    columns, encoding = plain_csv.header(run.content or b"")
    return render_template(
        "admin_roster_mapping.html",
        run=run,
        columns=columns,
        encoding=encoding,
        errors=errors or {},
        form=form or {},
        pupil_fields=plain_csv.PUPIL_FIELDS,
        contact_fields=plain_csv.CONTACT_FIELDS,
        contacts=range(1, CONTACTS + 1),
    ), status


@blueprint.route("/<int:import_id>/mapping", methods=["POST"])
@login_required
def save_mapping(import_id: int):
    db, actor = get_db(), current_person()
    run = imports.waiting(db, actor, import_id)
    chosen = {name: request.form.get(name, "") for name in plain_csv.PUPIL_FIELDS}
    chosen["contacts"] = [
        {name: request.form.get(f"contacts_{number}_{name}", "") for name in plain_csv.CONTACT_FIELDS}
        for number in range(1, CONTACTS + 1)
    ]
    try:
        plain_csv.check_mapping(chosen, plain_csv.header(run.content or b"")[0])
        saved = mappings.save(db, actor, request.form.get("mapping_name", ""), chosen)
    except plain_csv.MappingError as error:
        problems = {name.replace(".", "_"): [words(reason)] for name, reason in error.problems.items()}
        return mapping(import_id, errors=problems, form=request.form, status=400)
    except InvalidInput as error:
        return mapping(import_id, errors=error.errors, form=request.form, status=400)
    run.mapping_name = saved.name
    return redirect(url_for("roster.show", import_id=run.id))


@blueprint.route("/<int:import_id>")
@login_required
def show(import_id: int):
    db, actor = get_db(), current_person()
    run = imports.waiting(db, actor, import_id)
    if imports.needs_mapping(run):
        return redirect(url_for("roster.mapping", import_id=run.id))
    shown = None if run.queued_at is not None else imports.draw(db, actor, run)
    return render_template("admin_roster_preview.html", run=run, shown=shown)


@blueprint.route("/<int:import_id>/apply", methods=["POST"])
@login_required
def start_applying(import_id: int):
    db, actor = get_db(), current_person()
    run = imports.waiting(db, actor, import_id)
    with contextlib.suppress(Conflict):  # rows refused, or already under way: the page shows which
        imports.start_applying(db, actor, run)
    return redirect(url_for("roster.show", import_id=run.id))
