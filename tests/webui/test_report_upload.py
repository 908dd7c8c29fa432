"""A report asked for before a meeting is sent from the meeting's page by uploading it (issue 20)."""

import io

import pytest
import sample_files
from dates import TUESDAY, at_school

from core.meetings import report_requests


@pytest.fixture
def asked(db, child_team, make_meeting, site):
    """The therapist asked for her report before a review; the request."""
    meeting = make_meeting(at_school(TUESDAY, 10))
    [request] = report_requests.request_reports(db, child_team.senco, meeting.id, [child_team.slt.id], site=site)
    return request


def send(client, asked, content, filename="report.pdf", meeting_id=None):
    data = {"meeting_id": str(meeting_id or asked.meeting_id), "title": "Speech and language report",
            "visibility": "team",
            "file": (io.BytesIO(content), filename)}
    return client.post(f"/reports/{asked.id}/document", data=data, content_type="multipart/form-data")


def test_whoever_was_asked_is_offered_to_upload_the_report_on_the_meetings_page(client, auth, child_team, asked):
    auth.login(child_team.slt)
    assert f'action="/reports/{asked.id}/document"' in client.get(f"/meetings/{asked.meeting_id}").text


def test_a_report_uploaded_shows_as_sent_to_the_lead(client, auth, child_team, asked):
    auth.login(child_team.slt)
    sent = send(client, asked, sample_files.pdf())
    assert sent.status_code == 302 and sent.location.endswith(f"/meetings/{asked.meeting_id}")
    auth.login(child_team.senco)
    page = client.get(f"/meetings/{asked.meeting_id}").text
    assert "Not yet" not in page and "Yes, " in page


def test_the_report_uploaded_is_in_the_childs_file(client, auth, child_team, asked):
    auth.login(child_team.slt)
    send(client, asked, sample_files.pdf())
    auth.login(child_team.parent)
    assert "Speech and language report" in client.get(f"/children/{child_team.child.id}/documents").text


def test_a_refused_file_comes_back_to_the_meeting_page_with_its_reason_and_the_report_unsent(client, auth,
                                                                                            child_team, asked):
    auth.login(child_team.slt)
    refused = send(client, asked, sample_files.html())
    assert refused.status_code == 400
    assert 'id="report-file-error"' in refused.text and 'href="#report-file"' in refused.text
    assert asked.received_at is None


def test_the_report_sent_comes_back_to_its_own_meeting_whatever_meeting_the_form_names(client, auth, child_team,
                                                                                       asked, make_meeting):
    elsewhere = make_meeting(at_school(TUESDAY, 14))
    auth.login(child_team.slt)
    sent = send(client, asked, sample_files.pdf(), meeting_id=elsewhere.id)
    assert sent.location.endswith(f"/meetings/{asked.meeting_id}")


def test_a_refused_file_shows_its_own_meeting_whatever_meeting_the_form_names(client, auth, child_team, asked):
    auth.login(child_team.slt)
    refused = send(client, asked, sample_files.html(), meeting_id=10**6)
    assert refused.status_code == 400 and 'id="report-file-error"' in refused.text
