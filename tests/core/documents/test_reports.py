"""A report asked for before a meeting is sent by uploading it: filed, and the request marked sent."""

import io

import pytest
import sample_files
from dates import TUESDAY, at_school
from sqlalchemy import func, select

from core.documents import reports
from core.documents.filing import Upload
from core.documents.intake import DEFAULT_MAX_UPLOAD_BYTES
from core.errors import InvalidInput, NotFound
from core.meetings import report_requests
from core.models import Document, DocumentKind, TimelineEntry


@pytest.fixture
def request_for_the_therapist(db, child_team, make_meeting, site):
    meeting = make_meeting(at_school(TUESDAY, 10))
    [request] = report_requests.request_reports(db, child_team.senco, meeting.id, [child_team.slt.id], site=site)
    return request


@pytest.fixture
def send(db, store, host):
    def sent(person, request, content=None, filename="report.pdf", **data):
        return reports.send_report_as_file(
            db, person, request.id, {"title": "Speech and language report", **data},
            Upload(io.BytesIO(sample_files.pdf() if content is None else content), filename),
            store=store, host=host, limit=DEFAULT_MAX_UPLOAD_BYTES,
        )

    return sent


def test_a_report_sent_as_a_file_marks_the_request_sent_with_the_entry_that_announced_it(
    db, child_team, request_for_the_therapist, send
):
    document = send(child_team.slt, request_for_the_therapist)
    entry = db.scalar(select(TimelineEntry).where(TimelineEntry.document_id == document.id))
    assert request_for_the_therapist.entry_id == entry.id
    assert request_for_the_therapist.received_at is not None


def test_the_report_sent_is_filed_in_the_childs_file_as_a_report(db, child_team, request_for_the_therapist, send):
    document = send(child_team.slt, request_for_the_therapist, visibility="professionals")
    assert (document.child_id, document.kind) == (child_team.child.id, DocumentKind.REPORT)
    assert document.visibility.value == "professionals"


def test_someone_elses_request_cannot_be_answered_and_nothing_is_filed(db, child_team, request_for_the_therapist,
                                                                       send):
    with pytest.raises(NotFound):
        send(child_team.teacher, request_for_the_therapist)
    assert db.scalar(select(func.count()).select_from(Document)) == 0


def test_a_refused_file_leaves_the_request_unsent(db, child_team, request_for_the_therapist, send):
    with pytest.raises(InvalidInput):
        send(child_team.slt, request_for_the_therapist, content=sample_files.html(), filename="report.pdf")
    assert request_for_the_therapist.received_at is None
