"""The child's file: who adds, who reads, versions kept, the timeline told, every opening audited."""

import io

import pytest
import sample_files
from sqlalchemy import func, select

from core.documents import filing
from core.documents.intake import DEFAULT_MAX_UPLOAD_BYTES
from core.errors import Forbidden, InvalidInput, NotFound
from core.models import AuditEvent, Document, EntryKind, TimelineEntry
from core.records import audit
from core.records import children as records
from core.timeline import entries as timeline


@pytest.fixture
def add(db, child_team, store, host):
    """``add(person, data=..., content=..., filename=...)``: file a PDF (by default) for the team's child."""

    def file(person, data=None, content=None, filename="report.pdf"):
        return filing.add_document(
            db,
            person,
            child_team.child.id,
            {"title": "Speech and language report", "kind": "report", **(data or {})},
            filing.Upload(io.BytesIO(sample_files.pdf() if content is None else content), filename),
            store=store,
            host=host,
            limit=DEFAULT_MAX_UPLOAD_BYTES,
        )

    return file


def titles_read_by(db, person, child):
    return [document.title for document in filing.read_file(db, person, child.id).documents]


def test_adding_a_document_posts_a_timeline_entry_that_links_to_it(db, child_team, add):
    document = add(child_team.slt)
    entry = db.scalar(select(TimelineEntry).where(TimelineEntry.document_id == document.id))
    assert (entry.kind, entry.title, entry.author_id) == (EntryKind.DOCUMENT, document.title, child_team.slt.id)
    assert filing.document_of_entry(db, child_team.parent, entry.id) == document


def test_a_document_is_kept_with_who_added_it_and_the_day_it_is_about(db, child_team, add, store):
    document = add(child_team.slt, {"about_on": "2026-11-03"})
    assert (document.added_by_id, document.added_by_agency) == (child_team.slt.id, "speech_language")
    assert document.about_on.isoformat() == "2026-11-03"
    assert store.has(document.current.sha256)
    assert (document.current.media_type, document.current.filename) == ("application/pdf", "report.pdf")


def test_professionals_only_documents_are_hidden_from_parents(db, child_team, add):
    add(child_team.slt, {"title": "Clinical notes", "visibility": "professionals"})
    assert titles_read_by(db, child_team.teacher, child_team.child) == ["Clinical notes"]
    assert titles_read_by(db, child_team.parent, child_team.child) == []


def test_a_parent_shares_a_letter_with_one_agency_of_the_team(db, child_team, add):
    add(child_team.parent, {"title": "Diagnosis letter", "visibility": "agency", "agency": "speech_language"})
    assert titles_read_by(db, child_team.slt, child_team.child) == ["Diagnosis letter"]
    assert titles_read_by(db, child_team.teacher, child_team.child) == []


def test_whoever_added_a_document_always_sees_it(db, child_team, add):
    sharing = {"visibility": "agency", "agency": "speech_language"}
    document = add(child_team.parent, {"title": "Diagnosis letter", **sharing})
    assert titles_read_by(db, child_team.parent, child_team.child) == ["Diagnosis letter"]
    page = timeline.read_timeline(db, child_team.parent, child_team.child.id)
    assert [entry.document_id for entry in page.entries] == [document.id]


def test_the_timeline_entry_is_read_by_exactly_those_who_read_the_document(db, child_team, add):
    document = add(child_team.parent, {"visibility": "agency", "agency": "speech_language"})
    teacher_page = timeline.read_timeline(db, child_team.teacher, child_team.child.id)
    slt_page = timeline.read_timeline(db, child_team.slt, child_team.child.id)
    assert [entry.document_id for entry in teacher_page.entries] == []
    assert [entry.document_id for entry in slt_page.entries] == [document.id]


def test_a_parent_names_the_agency_they_share_with(db, child_team, add):
    with pytest.raises(InvalidInput) as refused:
        add(child_team.parent, {"visibility": "agency"})
    assert list(refused.value.errors) == ["agency"]


def test_a_document_is_shared_only_with_an_agency_in_the_team(db, child_team, add):
    with pytest.raises(InvalidInput) as refused:
        add(child_team.parent, {"visibility": "agency", "agency": "social_care"})
    assert list(refused.value.errors) == ["agency"]


def test_nobody_outside_the_team_reads_the_file_or_a_document(db, child_team, add, store):
    document = add(child_team.slt)
    for person in (child_team.outsider, child_team.other_parent, child_team.ot_without_consent):
        with pytest.raises(NotFound):
            filing.read_file(db, person, child_team.child.id)
        with pytest.raises(NotFound):
            filing.open_file(db, person, document.id, store=store)


def test_a_document_out_of_reach_answers_exactly_like_one_that_does_not_exist(db, child_team, add, store):
    document = add(child_team.slt, {"visibility": "professionals"})
    with pytest.raises(NotFound) as hidden:
        filing.open_file(db, child_team.parent, document.id, store=store)
    with pytest.raises(NotFound) as missing:
        filing.open_file(db, child_team.parent, document.id + 1000, store=store)
    assert str(hidden.value).replace(str(document.id), "N") == str(missing.value).replace(
        str(document.id + 1000), "N"
    )


def test_a_new_version_keeps_the_earlier_ones(db, child_team, add, store):
    document = add(child_team.slt)
    filing.add_version(
        db, child_team.slt, document.id, filing.Upload(io.BytesIO(sample_files.docx()), "report v2.docx"),
        store=store, limit=DEFAULT_MAX_UPLOAD_BYTES,
    )
    assert [(version.number, version.filename) for version in document.versions] == [
        (1, "report.pdf"), (2, "report v2.docx")
    ]
    first = filing.open_file(db, child_team.teacher, document.id, store=store, version=1)
    newest = filing.open_file(db, child_team.teacher, document.id, store=store)
    assert first.file.read() == store.open(document.versions[0].sha256).read()
    assert newest.version.number == 2


def test_only_the_person_who_added_a_document_adds_a_version(db, child_team, add, store):
    document = add(child_team.slt)
    with pytest.raises(Forbidden):
        filing.add_version(
            db, child_team.senco, document.id, filing.Upload(io.BytesIO(sample_files.pdf()), "mine.pdf"),
            store=store, limit=DEFAULT_MAX_UPLOAD_BYTES,
        )


def test_opening_a_file_is_audited_and_counts_as_a_view(db, child_team, add, store):
    document = add(child_team.slt)
    filing.open_file(db, child_team.teacher, document.id, store=store)
    filing.open_file(db, child_team.teacher, document.id, store=store, shown=True)
    actions = db.scalars(
        select(AuditEvent.action).where(AuditEvent.actor_id == child_team.teacher.id).order_by(AuditEvent.id)
    ).all()
    assert actions == ["document.exported", "document.viewed"]
    assert all(audit.is_view(action) for action in actions)


def test_a_download_appears_in_who_viewed_for_the_family(db, child_team, add, store):
    document = add(child_team.parent)
    filing.open_file(db, child_team.slt, document.id, store=store)
    viewers = records.who_viewed(db, child_team.parent, child_team.child.id)
    assert [viewing.person for viewing in viewers] == [child_team.slt]


def test_a_refused_file_leaves_nothing_behind(db, child_team, add, store):
    before = db.scalar(select(func.count()).select_from(Document))
    with pytest.raises(InvalidInput):
        add(child_team.parent, content=sample_files.html(), filename="letter.pdf")
    assert db.scalar(select(func.count()).select_from(Document)) == before
    assert not [path for path in store.root.rglob("*") if path.is_file()]


def test_bad_details_and_a_bad_file_are_reported_together(db, child_team, add):
    with pytest.raises(InvalidInput) as refused:
        add(child_team.parent, {"title": " "}, content=b"", filename="scan.pdf")
    assert sorted(refused.value.errors) == ["file", "title"]


def test_nothing_is_added_to_a_closed_case(db, child_team, add):
    records.close_case(db, child_team.senco, child_team.child.id)
    with pytest.raises(Forbidden):
        add(child_team.slt)


@pytest.mark.parametrize("before", [0, -5, 2**31, 10**30])
def test_a_cursor_no_page_gave_is_refused(db, child_team, before):
    with pytest.raises(InvalidInput) as refused:
        filing.read_file(db, child_team.senco, child_team.child.id, before=before)
    assert list(refused.value.errors) == ["before"]
