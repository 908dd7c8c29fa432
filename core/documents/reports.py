"""Sending a report asked for before a meeting by uploading it.

The lead professional asks the team for their reports before a review
(:mod:`core.meetings.report_requests`); most of them are documents already written, so
the answer is the file itself: it is filed in the child's file like any document (checked,
stored, announced on the timeline, under the visibility chosen) and the request is marked
sent with the entry that announced it, so the lead's list shows it as sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.documents.filing import Upload, add_document
from core.documents.storage import FileStore
from core.meetings import report_requests
from core.models import Document, Meeting, Person, TimelineEntry
from core.plugins import PluginHost


def send_report_as_file(
    db: Session,
    actor: Person,
    request_id: int,
    data: Mapping[str, Any],
    upload: Upload,
    *,
    store: FileStore,
    host: PluginHost,
    limit: int,
) -> Document:
    """File the actor's report for the meeting of their request and mark the request sent,
    together or not at all; a request that is not the actor's is :class:`NotFound`."""
    request = report_requests.actors_request(db, actor, request_id)
    child_id = db.scalar(select(Meeting.child_id).where(Meeting.id == request.meeting_id))
    document = add_document(
        db, actor, child_id, {"kind": "report", **data}, upload, store=store, host=host, limit=limit
    )
    entry_id = db.scalar(select(TimelineEntry.id).where(TimelineEntry.document_id == document.id))
    report_requests.send_report(db, actor, request.id, entry_id)
    return document
