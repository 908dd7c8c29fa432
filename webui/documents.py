"""The child's file: its page (the list and the upload form, camera included), and the files themselves.

Files are only ever sent by :func:`file_response`, after the access policy has said yes
and the reading has been audited: there is no public address for a document.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.datastructures import FileStorage

from core.documents import attachments, filing, reports
from core.documents.intake import DEFAULT_MAX_UPLOAD_BYTES
from core.documents.storage import FileStore, FileUnreadable, LocalFileStore
from core.errors import InvalidInput, TooLarge
from core.meetings import report_requests
from core.models import DocumentKind
from webui.auth import current_person
from webui.database import get_db, plugin_host
from webui.errors import error_response
from webui.meetings import show as meeting_page
from webui.request_bodies import BODY_LIMIT, accepts_upload
from webui.security import CONTENT_SECURITY_POLICY

blueprint = Blueprint("documents", __name__)

FILE_LIMIT = "MAX_UPLOAD_BYTES"
# A request carrying a file is the file and the form beside it.
REQUEST_LIMIT = "MAX_UPLOAD_REQUEST_BYTES"
# Sent files may not run anything, whatever a browser makes of them: the pages' own policy,
# and a sandbox (no scripts, forms, plugins or same-origin access) for a PDF or an image
# shown in the tab.
FILE_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY + "; sandbox"
FIELDS = ("title", "kind", "about_on", "visibility", "agency")


def init_app(app: Flask) -> None:
    app.config.setdefault(FILE_LIMIT, DEFAULT_MAX_UPLOAD_BYTES)
    app.config.setdefault(REQUEST_LIMIT, app.config[FILE_LIMIT] + app.config[BODY_LIMIT])
    app.config.setdefault("DOCUMENTS_PATH", str(Path(app.instance_path) / "documents"))
    app.register_error_handler(FileUnreadable, _unreadable)


def document_store() -> FileStore:
    """The store of documents' files: the bucket ``TEAMAROUND_DOCUMENTS_S3_BUCKET`` when it is
    set (at ``TEAMAROUND_DOCUMENTS_S3_ENDPOINT_URL`` for a service other than Amazon's, under
    ``TEAMAROUND_DOCUMENTS_S3_PREFIX``), else the folder ``TEAMAROUND_DOCUMENTS_PATH``, by
    default ``documents/`` in the instance folder."""
    config = current_app.config
    if not config.get("DOCUMENTS_S3_BUCKET"):
        return LocalFileStore(config["DOCUMENTS_PATH"])
    # boto3 takes a sixth of the app's import time: only an instance with a bucket pays it.
    import boto3

    from core.documents.s3 import S3FileStore

    # A client is costly to make and safe to share between threads: one per app.
    client = current_app.extensions.get("teamaround.s3")
    if client is None:
        client = boto3.client("s3", endpoint_url=config.get("DOCUMENTS_S3_ENDPOINT_URL") or None)
        current_app.extensions["teamaround.s3"] = client
    return S3FileStore(client, config["DOCUMENTS_S3_BUCKET"], config.get("DOCUMENTS_S3_PREFIX") or "")


def file_limit() -> int:
    return current_app.config[FILE_LIMIT]


def upload_of(storage: FileStorage) -> filing.Upload:
    return filing.Upload(stream=storage.stream, filename=storage.filename or "")


def file_response(opened: filing.OpenedFile, *, shown: bool):
    """Send a document's file: as a download, or shown in the browser when asked and it is an
    image or a PDF; either way under a sandboxing policy, never cached, never sniffed."""
    version = opened.version
    response = send_file(
        opened.file,
        mimetype=version.media_type,
        as_attachment=not (shown and version.media_type in SHOWN_IN_BROWSER),
        download_name=version.filename,
        conditional=False,
        etag=False,
        max_age=0,
    )
    response.content_length = version.size
    return guarded(response)


def guarded(response):
    """A file's response runs nothing, is stored by no cache, and is taken as its stated type."""
    response.headers["Content-Security-Policy"] = FILE_CONTENT_SECURITY_POLICY
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


SHOWN_IN_BROWSER = frozenset({"application/pdf", "image/jpeg", "image/png", "image/webp"})


@blueprint.route("/children/<int:child_id>/documents")
@login_required
def child_file(child_id: int, errors=None, form=None, version_errors=None, status=200):
    before = request.args.get("before", type=int)
    found = filing.read_file(get_db(), current_person(), child_id, before=before)
    return render_template(
        "documents.html",
        file=found,
        child=found.access.child,
        access=found.access,
        kinds=list(DocumentKind),
        agencies=plugin_host().agencies,
        errors=errors or {},
        form=form or {},
        version_errors=version_errors or {},
        shown_in_browser=SHOWN_IN_BROWSER,
        limit_mb=file_limit() // (1024 * 1024),
    ), status


@blueprint.route("/children/<int:child_id>/documents", methods=["POST"])
@accepts_upload(REQUEST_LIMIT)
@login_required
def add(child_id: int):
    data = {name: request.form[name] for name in FIELDS if request.form.get(name)}
    upload = request.files.get("photo") if _chosen(request.files.get("photo")) else request.files.get("file")
    try:
        filing.add_document(
            get_db(),
            current_person(),
            child_id,
            data,
            upload_of(upload or FileStorage()),
            store=document_store(),
            host=plugin_host(),
            limit=file_limit(),
        )
    except InvalidInput as error:
        return child_file(child_id, errors=error.errors, form=request.form, status=400)
    except TooLarge as error:
        return child_file(child_id, errors={"file": [str(error)]}, form=request.form, status=413)
    flash(_("The document is in the file, and the team is told on the timeline."))
    return redirect(url_for("documents.child_file", child_id=child_id))


def _chosen(storage: FileStorage | None) -> bool:
    return storage is not None and bool(storage.filename)


@blueprint.route("/documents/<int:document_id>/versions", methods=["POST"])
@accepts_upload(REQUEST_LIMIT)
@login_required
def add_version(document_id: int):
    db, person = get_db(), current_person()
    document = filing.get_document(db, person, document_id)
    upload = request.files.get("file") or FileStorage()
    try:
        version = filing.add_version(db, person, document_id, upload_of(upload), store=document_store(),
                                     limit=file_limit())
    except InvalidInput as error:
        return child_file(document.child_id, version_errors={document_id: error.errors.get("file", [])}, status=400)
    except TooLarge as error:
        return child_file(document.child_id, version_errors={document_id: [str(error)]}, status=413)
    flash(_("Version %(number)s is added; the earlier ones are kept.", number=version.number))
    return redirect(url_for("documents.child_file", child_id=document.child_id, _anchor=f"document-{document_id}"))


@blueprint.route("/documents/<int:document_id>/file")
@login_required
def download(document_id: int):
    """The file: ``?version=N`` for an earlier version, ``?show=1`` to show it in the browser."""
    shown = request.args.get("show") == "1"
    opened = filing.open_file(
        get_db(),
        current_person(),
        document_id,
        store=document_store(),
        version=request.args.get("version", type=int),
        shown=shown,
    )
    return file_response(opened, shown=shown)


@blueprint.route("/documents/<int:document_id>/preview")
@login_required
def preview(document_id: int):
    """The small picture of a document (``?version=N`` for an earlier version), shown in its place on a page."""
    opened = filing.open_preview(
        get_db(), current_person(), document_id, store=document_store(), version=request.args.get("version", type=int)
    )
    return preview_response(opened)


def preview_response(opened: filing.OpenedFile):
    """Send a preview (a JPEG the queue drew), under the files' policy."""
    return guarded(send_file(opened.file, mimetype="image/jpeg", conditional=False, etag=False, max_age=0))


@blueprint.route("/reports/<int:request_id>/document", methods=["POST"])
@accepts_upload(REQUEST_LIMIT)
@login_required
def send_report(request_id: int):
    """A report asked for before a meeting, sent as its file from the meeting's page, which it
    comes back to."""
    data = {name: request.form[name] for name in FIELDS if request.form.get(name)}
    meeting_id = report_requests.actors_request(get_db(), current_person(), request_id).meeting_id
    try:
        reports.send_report_as_file(
            get_db(), current_person(), request_id, data, upload_of(request.files.get("file") or FileStorage()),
            store=document_store(), host=plugin_host(), limit=file_limit(),
        )
    except InvalidInput as error:
        return meeting_page(meeting_id, errors=error.errors, status=400, failed_form="report")
    except TooLarge as error:
        return meeting_page(meeting_id, errors={"file": [str(error)]}, status=413, failed_form="report")
    flash(_("Your report is marked as sent."))
    return redirect(url_for("meetings.show", meeting_id=meeting_id))


@blueprint.route("/attachments", methods=["POST"])
@login_required
def attach():
    """Attach one of the person's documents to a meeting (from the meeting's page), to their
    message or assessment (from the timeline), or to a plan review (from the plan's page)."""
    document_id = request.form.get("document_id", type=int) or 0
    review_id = request.form.get("review_id", type=int)
    if review_id is not None:
        attachment = attachments.attach(get_db(), current_person(), document_id, review_id=review_id)
        return redirect(url_for("plans.show", child_id=attachment.document.child_id, _anchor=f"papers-{review_id}"))
    entry_id = request.form.get("entry_id", type=int)
    if entry_id is not None:
        attachment = attachments.attach(get_db(), current_person(), document_id, entry_id=entry_id)
        return redirect(url_for("children.child_timeline", child_id=attachment.document.child_id,
                                _anchor=f"entry-{entry_id}"))
    meeting_id = request.form.get("meeting_id", type=int) or 0
    try:
        attachments.attach(get_db(), current_person(), document_id, meeting_id=meeting_id)
    except InvalidInput as error:
        return meeting_page(meeting_id, errors=error.errors, status=400, failed_form="attach")
    flash(_("The document is attached to the meeting."))
    return redirect(url_for("meetings.show", meeting_id=meeting_id, _anchor="meeting-documents-title"))


@blueprint.route("/entries/<int:entry_id>/document")
@login_required
def of_entry(entry_id: int):
    """From the timeline entry that announced a document to its place in the child's file."""
    document = filing.document_of_entry(get_db(), current_person(), entry_id)
    return redirect(url_for("documents.child_file", child_id=document.child_id, _anchor=f"document-{document.id}"))


def _unreadable(error: FileUnreadable):
    current_app.logger.error("document store: %s", error)
    message = _("The file cannot be read just now. The administrators have been told; please try again later.")
    if request.path.startswith("/api/"):
        return error_response(500, message)
    return render_template("error.html", title=_("The file cannot be read"), message=message), 500
