"""Documents attached to a meeting, on the meeting's page (issue 20, point 1)."""

import io
from datetime import UTC, datetime

import pytest
import sample_files

from core.documents import filing
from core.documents.intake import DEFAULT_MAX_UPLOAD_BYTES


@pytest.fixture
def meeting(make_meeting):
    return make_meeting(datetime(2027, 3, 2, 10, tzinfo=UTC))


@pytest.fixture
def report(db, child_team, host, document_folder):
    """The therapist's report, for professionals only."""
    from core.documents.storage import LocalFileStore

    return filing.add_document(
        db, child_team.slt, child_team.child.id,
        {"title": "Assessment report", "kind": "report", "visibility": "professionals"},
        filing.Upload(io.BytesIO(sample_files.pdf()), "report.pdf"), store=LocalFileStore(document_folder),
        host=host, limit=DEFAULT_MAX_UPLOAD_BYTES,
    )


def attach(client, report, meeting):
    return client.post("/attachments", data={"document_id": str(report.id), "meeting_id": str(meeting.id)})


def test_the_meeting_page_offers_the_person_their_own_documents_to_attach(client, auth, child_team, meeting, report):
    auth.login(child_team.slt)
    page = client.get(f"/meetings/{meeting.id}").text
    assert 'action="/attachments"' in page and f'<option value="{report.id}">Assessment report</option>' in page


def test_a_report_attached_is_listed_on_the_meeting_page(client, auth, child_team, meeting, report):
    auth.login(child_team.slt)
    attached = attach(client, report, meeting)
    assert attached.status_code == 302
    auth.login(child_team.senco)
    assert f'href="/documents/{report.id}/file">Assessment report</a>' in client.get(f"/meetings/{meeting.id}").text


def test_a_parent_does_not_see_a_professionals_only_report_attached_to_the_meeting(client, auth, child_team,
                                                                                   meeting, report):
    auth.login(child_team.slt)
    attach(client, report, meeting)
    auth.login(child_team.parent)
    assert "Assessment report" not in client.get(f"/meetings/{meeting.id}").text
