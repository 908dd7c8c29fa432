"""Documents attached to a meeting, on the meeting's page (issue 20, point 1)."""

import io

import pytest
import sample_files
from dates import MONDAY, TUESDAY, at_school

from core.documents import filing
from core.documents.intake import DEFAULT_MAX_UPLOAD_BYTES


@pytest.fixture
def meeting(make_meeting):
    return make_meeting(at_school(TUESDAY, 10))


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
    page = client.get(f"/meetings/{meeting.id}").text
    assert f'href="/documents/{report.id}/file" dir="auto">Assessment report</a>' in page
    assert f"Assessment report</a> · <bdi>{child_team.slt.full_name}</bdi>" in page  # who added it


def test_a_parent_does_not_see_a_professionals_only_report_attached_to_the_meeting(client, auth, child_team,
                                                                                   meeting, report):
    auth.login(child_team.slt)
    attach(client, report, meeting)
    auth.login(child_team.parent)
    assert "Assessment report" not in client.get(f"/meetings/{meeting.id}").text


@pytest.fixture
def letter_and_message(db, child_team, host, document_folder):
    """The parent's diagnosis letter in the file, and her message about it."""
    from core.documents.storage import LocalFileStore
    from core.timeline import entries as timeline

    letter = filing.add_document(
        db, child_team.parent, child_team.child.id, {"title": "Diagnosis letter", "kind": "letter"},
        filing.Upload(io.BytesIO(sample_files.pdf("Diagnosis")), "letter.pdf"), store=LocalFileStore(document_folder),
        host=host, limit=DEFAULT_MAX_UPLOAD_BYTES,
    )
    message = timeline.post_entry(db, child_team.parent, child_team.child.id,
                                  {"kind": "message", "title": "The letter came today"}, host=host)
    return letter, message


def test_the_timeline_offers_to_attach_a_document_to_the_persons_own_message(client, auth, child_team,
                                                                             letter_and_message):
    _, message = letter_and_message
    auth.login(child_team.parent)
    assert f'name="entry_id" value="{message.id}"' in client.get(f"/children/{child_team.child.id}").text
    auth.login(child_team.senco)
    assert f'name="entry_id" value="{message.id}"' not in client.get(f"/children/{child_team.child.id}").text


def test_a_letter_attached_to_a_message_is_listed_under_it_on_the_timeline(client, auth, child_team,
                                                                           letter_and_message):
    letter, message = letter_and_message
    auth.login(child_team.parent)
    attached = client.post("/attachments", data={"document_id": str(letter.id), "entry_id": str(message.id)})
    assert attached.status_code == 302 and attached.location.endswith(f"#entry-{message.id}")
    auth.login(child_team.slt)
    page = client.get(f"/children/{child_team.child.id}").text
    assert f'<ul class="attached"><li><a href="/documents/{letter.id}/file" dir="auto">Diagnosis letter</a>' in page


def test_an_agency_system_attaches_a_report_to_a_meeting_through_the_api(client, bearer, child_team, meeting, report):
    attached = client.post(f"/api/v1/documents/{report.id}/attachments", json={"meeting_id": meeting.id},
                           headers=bearer("slt"))
    assert attached.status_code == 201
    assert (attached.json["document_id"], attached.json["meeting_id"]) == (report.id, meeting.id)


def test_the_api_refuses_an_attachment_to_two_records_at_once(client, bearer, child_team, meeting, report):
    refused = client.post(f"/api/v1/documents/{report.id}/attachments",
                          json={"meeting_id": meeting.id, "entry_id": 1}, headers=bearer("slt"))
    assert refused.status_code == 400 and "target" in refused.json["errors"]


@pytest.fixture
def review_due(db, child_team, plan, site):
    """The plan's next review, set for the reference week's Monday."""
    from core.plans import reviews

    return reviews.schedule_review(db, child_team.senco, plan.id, {"due_on": str(MONDAY)}, site=site)


def test_a_report_attached_to_the_next_review_is_listed_on_the_plan_page(client, auth, child_team, report,
                                                                         review_due):
    auth.login(child_team.slt)
    attached = client.post("/attachments", data={"document_id": str(report.id), "review_id": str(review_due.id)})
    assert attached.status_code == 302 and attached.location.endswith(f"#papers-{review_due.id}")
    auth.login(child_team.senco)
    page = client.get(f"/children/{child_team.child.id}/plan").text
    assert f'href="/documents/{report.id}/file" dir="auto">Assessment report</a>' in page
    assert f"Assessment report</a> · <bdi>{child_team.slt.full_name}</bdi>" in page  # who added it
    auth.login(child_team.parent)
    assert "Assessment report" not in client.get(f"/children/{child_team.child.id}/plan").text
