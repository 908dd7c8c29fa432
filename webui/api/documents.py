"""The child's file through the API: upload (multipart), list and download, under the access policy."""

from __future__ import annotations

from flask import request
from flask.views import MethodView
from marshmallow import Schema, fields
from werkzeug.datastructures import FileStorage

from core.documents import attachments, filing
from core.documents.attachments import AttachmentInput
from core.documents.intake import SERVED
from core.errors import TooLarge
from core.models import DocumentKind, Visibility
from core.schemas import CODE, DocumentInput
from core.time_bounds import happened
from core.types import LARGEST_ID
from webui.api import caller, documented, json_body, make_blueprint
from webui.api.schemas import Answer, PersonRef
from webui.database import get_db, plugin_host
from webui.documents import (
    FIELDS,
    REQUEST_LIMIT,
    document_store,
    file_limit,
    file_response,
    preview_response,
    upload_of,
)
from webui.errors import error_response
from webui.request_bodies import accepts_upload

blueprint = make_blueprint("documents", "The child's file: documents, reports and photos, under the access policy.")


@blueprint.errorhandler(TooLarge)
def _too_large(error: TooLarge):
    return error_response(413, str(error), {"file": [str(error)]})


BEFORE = {"type": "integer", "minimum": 1, "maximum": LARGEST_ID, "description": "The next_cursor of the page before"}


class DocumentUpload(DocumentInput):
    """A document to add: the file, beside the details the core checks (DocumentInput's own fields)."""

    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary"})
    # A form field is left out rather than sent as null: the same fields, without null.
    about_on = fields.Date(validate=happened, metadata=DocumentInput._declared_fields["about_on"].metadata)
    agency = fields.String(validate=CODE, metadata=DocumentInput._declared_fields["agency"].metadata)


class VersionUpload(Schema):
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary"})


class DocumentVersionOut(Answer):
    number = fields.Integer()
    filename = fields.String()
    media_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    added_at = fields.AwareDateTime()
    added_by = fields.Nested(PersonRef)
    has_preview = fields.Function(
        lambda version: version.preview_sha256 is not None,
        metadata={"type": "boolean", "description": "Whether GET .../preview?version=N gives its small picture yet"},
    )


class DocumentOut(Answer):
    id = fields.Integer()
    child_id = fields.Integer()
    title = fields.String()
    kind = fields.Enum(DocumentKind, by_value=fields.String)
    about_on = fields.Date()
    added_by = fields.Nested(PersonRef)
    added_by_agency = fields.String(allow_none=True)
    added_at = fields.AwareDateTime()
    visibility = fields.Enum(Visibility, by_value=fields.String)
    shared_with_agency = fields.String(allow_none=True)
    versions = fields.List(fields.Nested(DocumentVersionOut), metadata={"description": "Oldest first"})


class ChildFileOut(Answer):
    documents = fields.List(fields.Nested(DocumentOut))
    next_cursor = fields.Integer(allow_none=True, metadata={"description": "Send as ``before`` for older documents"})


def _multipart(schema) -> dict:
    return {"required": True, "content": {"multipart/form-data": {"schema": schema}}}


@blueprint.route("/children/<int:child_id>/documents")
@accepts_upload(REQUEST_LIMIT)
class ChildFile(MethodView):
    @blueprint.doc(parameters=[{"in": "query", "name": "before", "schema": BEFORE}])
    @blueprint.response(200, ChildFileOut)
    @documented(blueprint, 400, 404)
    def get(self, child_id):
        """The documents of the child's file you may read, newest first."""
        return filing.read_file(get_db(), caller(), child_id, before=request.args.get("before", type=int))

    @blueprint.doc(requestBody=_multipart(DocumentUpload))
    @blueprint.response(201, DocumentOut)
    @documented(blueprint, 400, 403, 404, 409, 413)
    def post(self, child_id):
        """Add a document; its type is decided from its content, and photos lose their location data."""
        data = {name: request.form[name] for name in FIELDS if request.form.get(name)}
        return filing.add_document(
            get_db(),
            caller(),
            child_id,
            data,
            upload_of(request.files.get("file") or FileStorage()),
            store=document_store(),
            host=plugin_host(),
            limit=file_limit(),
        )


@blueprint.route("/documents/<int:document_id>/versions")
@accepts_upload(REQUEST_LIMIT)
class Versions(MethodView):
    @blueprint.doc(requestBody=_multipart(VersionUpload))
    @blueprint.response(201, DocumentVersionOut)
    @documented(blueprint, 400, 403, 404, 413)
    def post(self, document_id):
        """Add a new version of a document you added; the earlier ones are kept."""
        upload = upload_of(request.files.get("file") or FileStorage())
        return filing.add_version(get_db(), caller(), document_id, upload, store=document_store(), limit=file_limit())


@blueprint.route("/documents/<int:document_id>/file")
class File(MethodView):
    @blueprint.doc(
        parameters=[{"in": "query", "name": "version", "schema": {"type": "integer"}}],
        responses={"200": {
            "description": "The file, as an attachment, of the type its content was found to be",
            "content": {
                file_type.media_type.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
                for file_type in SERVED
            },
        }},
    )
    @documented(blueprint, 404)
    def get(self, document_id):
        """Download a document's file (its newest version unless ``version`` names another); audited."""
        opened = filing.open_file(
            get_db(), caller(), document_id, store=document_store(), version=request.args.get("version", type=int)
        )
        return file_response(opened, shown=False)


@blueprint.route("/documents/<int:document_id>/preview")
class Preview(MethodView):
    @blueprint.doc(
        parameters=[{"in": "query", "name": "version", "schema": {"type": "integer"}}],
        responses={"200": {
            "description": "A small JPEG of the image or of a PDF's first page, drawn in the background",
            "content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}},
        }},
    )
    @documented(blueprint, 404)
    def get(self, document_id):
        """The preview of a document's version (its newest unless ``version`` names another); 404 until drawn."""
        opened = filing.open_preview(
            get_db(), caller(), document_id, store=document_store(), version=request.args.get("version", type=int)
        )
        return preview_response(opened)


class AttachmentOut(Answer):
    id = fields.Integer()
    document_id = fields.Integer()
    entry_id = fields.Integer(allow_none=True)
    meeting_id = fields.Integer(allow_none=True)
    review_id = fields.Integer(allow_none=True)
    attached_at = fields.AwareDateTime()


@blueprint.route("/documents/<int:document_id>/attachments")
class Attachments(MethodView):
    @blueprint.doc(requestBody={"required": True, "content": {"application/json": {"schema": AttachmentInput}}})
    @blueprint.response(201, AttachmentOut)
    @documented(blueprint, 400, 403, 404, 409)
    def post(self, document_id):
        """Attach a document you added to one assessment or message, meeting or plan review of its child."""
        return attachments.attach_as_sent(get_db(), caller(), document_id, json_body())
