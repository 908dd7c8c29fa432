"""A document attached to an assessment, a message, a meeting or a plan review, shown there
only to those who may read it (issue 20, point 1)."""

import io

import pytest
import sample_files
from dates import TUESDAY, at_school
from sqlalchemy import select

from core.access import child_access
from core.documents import attachments, filing
from core.documents.intake import DEFAULT_MAX_UPLOAD_BYTES
from core.errors import Forbidden, InvalidInput, NotFound
from core.models import AuditEvent
from core.timeline import entries as timeline


@pytest.fixture
def report(db, child_team, store, host):
    """The therapist's report, for professionals only."""
    return filing.add_document(
        db, child_team.slt, child_team.child.id,
        {"title": "Assessment report", "kind": "report", "visibility": "professionals"},
        filing.Upload(io.BytesIO(sample_files.pdf()), "report.pdf"), store=store, host=host,
        limit=DEFAULT_MAX_UPLOAD_BYTES,
    )


@pytest.fixture
def meeting(make_meeting):
    return make_meeting(at_school(TUESDAY, 10))


def titles(db, person, child, **target):
    return [document.title for document in attachments.attached(db, child_access(db, person, child.id), **target)]


def test_a_report_attached_to_a_meeting_is_listed_with_it(db, child_team, report, meeting):
    attachments.attach(db, child_team.slt, report.id, meeting_id=meeting.id)
    assert titles(db, child_team.senco, child_team.child, meeting_id=meeting.id) == ["Assessment report"]


def test_an_attached_document_is_shown_only_to_those_who_read_it(db, child_team, report, meeting):
    attachments.attach(db, child_team.slt, report.id, meeting_id=meeting.id)
    assert titles(db, child_team.parent, child_team.child, meeting_id=meeting.id) == []


def test_attaching_it_there_again_changes_nothing(db, child_team, report, meeting):
    first = attachments.attach(db, child_team.slt, report.id, meeting_id=meeting.id)
    assert attachments.attach(db, child_team.slt, report.id, meeting_id=meeting.id) == first


def test_a_document_is_attached_by_the_person_who_added_it(db, child_team, report, meeting):
    with pytest.raises(Forbidden):
        attachments.attach(db, child_team.senco, report.id, meeting_id=meeting.id)


def test_a_meeting_of_another_child_is_not_found(db, child_team, meeting, store, host):
    photo = filing.add_document(
        db, child_team.other_parent, child_team.other_child.id, {"title": "Leo at the farm", "kind": "photo"},
        filing.Upload(io.BytesIO(sample_files.photo()), "farm.jpg"), store=store, host=host,
        limit=DEFAULT_MAX_UPLOAD_BYTES,
    )
    with pytest.raises(NotFound):
        attachments.attach(db, child_team.other_parent, photo.id, meeting_id=meeting.id)


def test_a_report_attached_to_the_assessment_it_reports_on(db, child_team, report, host):
    targets = host.assessment_types["speech_language.therapy_targets"]
    assessment = timeline.post_assessment(
        db, child_team.slt, child_team.child.id,
        {"assessment_type": targets.key, "payload": dict(targets.example), "visibility": "professionals"}, host=host,
    )
    attachments.attach(db, child_team.slt, report.id, entry_id=assessment.id)
    assert titles(db, child_team.teacher, child_team.child, entry_id=assessment.id) == ["Assessment report"]


def test_a_document_attaches_to_an_assessment_or_a_message_only(db, child_team, report, host):
    update = timeline.post_entry(db, child_team.slt, child_team.child.id, {"kind": "update", "title": "Seen"},
                                 host=host)
    with pytest.raises(InvalidInput):
        attachments.attach(db, child_team.slt, report.id, entry_id=update.id)


def test_a_document_is_attached_to_ones_own_message_not_anothers(db, child_team, report, host):
    message = timeline.post_entry(db, child_team.senco, child_team.child.id,
                                  {"kind": "message", "title": "Reports, please"}, host=host)
    with pytest.raises(Forbidden):
        attachments.attach(db, child_team.slt, report.id, entry_id=message.id)


def test_a_document_is_not_attached_to_a_withdrawn_message(db, child_team, report, host):
    message = timeline.post_entry(db, child_team.slt, child_team.child.id,
                                  {"kind": "message", "title": "My report"}, host=host)
    timeline.withdraw_entry(db, child_team.slt, message.id)
    with pytest.raises(Forbidden):
        attachments.attach(db, child_team.slt, report.id, entry_id=message.id)


def test_a_letter_attached_to_the_parents_message(db, child_team, store, host):
    letter = filing.add_document(
        db, child_team.parent, child_team.child.id, {"title": "Diagnosis letter", "kind": "letter"},
        filing.Upload(io.BytesIO(sample_files.pdf("Diagnosis")), "letter.pdf"), store=store, host=host,
        limit=DEFAULT_MAX_UPLOAD_BYTES,
    )
    message = timeline.post_entry(db, child_team.parent, child_team.child.id,
                                  {"kind": "message", "title": "The letter came"}, host=host)
    attachments.attach(db, child_team.parent, letter.id, entry_id=message.id)
    assert titles(db, child_team.slt, child_team.child, entry_id=message.id) == ["Diagnosis letter"]


def test_the_papers_of_a_plan_review(db, child_team, report, plan, site):
    from core.plans import reviews

    review = reviews.hold_review(db, child_team.senco, plan.id, {"judgements": []}, site=site)
    attachments.attach(db, child_team.slt, report.id, review_id=review.id)
    assert titles(db, child_team.senco, child_team.child, review_id=review.id) == ["Assessment report"]


def test_an_attachment_names_exactly_one_record(db, child_team, report, meeting):
    with pytest.raises(InvalidInput):
        attachments.attach(db, child_team.slt, report.id, meeting_id=meeting.id, entry_id=1)


def test_attaching_is_audited(db, child_team, report, meeting):
    attachments.attach(db, child_team.slt, report.id, meeting_id=meeting.id)
    event = db.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()
    assert (event.action, event.subject, event.detail) == (
        "document.attached", f"document:{report.id}", {"to": f"meeting:{meeting.id}"}
    )


def test_the_plans_page_lists_each_reviews_papers_the_reader_may_read(db, child_team, report, plan, site):
    from core.plans import reviews

    held = reviews.hold_review(db, child_team.senco, plan.id, {"judgements": []}, site=site)
    attachments.attach(db, child_team.slt, report.id, review_id=held.id)
    reads = {child_team.senco: [("Assessment report", child_team.slt.full_name)], child_team.parent: []}
    for person, shown in reads.items():
        papers = attachments.attached_to_reviews(db, child_access(db, person, child_team.child.id), [held.id])
        assert [(row.title, row.added_by) for row in papers[held.id]] == shown
