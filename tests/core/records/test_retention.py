"""Retention: a closed case is erased agency by agency as each one's date passes, then
whole, and every erasure is journalled outside the database so a restore replays it.

The full case is built once per module and database, in the module's transaction; each test
erases in a savepoint of it, rolled back after the test."""

import hashlib
import io
import json
from datetime import date, datetime

import pytest
from conftest import build_full_case
from sqlalchemy import create_engine, func, select, text

from core.db import make_engine, make_session_factory
from core.documents import filing
from core.documents.intake import DEFAULT_MAX_UPLOAD_BYTES
from core.documents.storage import LocalFileStore
from core.errors import NotFound
from core.migrations import upgrade
from core.models import (
    Acknowledgement,
    AuditEvent,
    Base,
    Child,
    DataVersion,
    Document,
    DocumentVersion,
    Membership,
    Notification,
    Person,
    PersonKind,
    ReportRequest,
    TimelineEntry,
)
from core.people import team
from core.people.passwords import CHEAPEST
from core.records import audit, backup, retention, subject_access
from core.records import children as records
from core.timeline import entries as timeline
from demo import seed as demo

# The team's child was born on 14 March 2018: the therapists keep their parts to the
# 25th birthday, the school its SEN file to the 31st.
THERAPISTS_LAST_DAY = date(2043, 3, 14)
SCHOOLS_LAST_DAY = date(2049, 3, 14)
AFTER_THE_THERAPISTS = date(2043, 3, 15)
AFTER_EVERYONE = date(2049, 3, 15)


@pytest.fixture(scope="module")
def case(module_connection, host, site, document_folder):
    """The team and its full case (tests/conftest.py), built once in the module's transaction."""
    with make_session_factory(module_connection)() as db:
        case = build_full_case(db, host, site, document_folder)
        db.commit()  # releases the session's savepoint: the records stay in the module's transaction
    return case


@pytest.fixture
def connection(savepoint_connection, case):
    """Every test here runs in a savepoint over the module's case."""
    return savepoint_connection


@pytest.fixture
def child_team(db, case):
    """The module's case, its people and children read again in the test's session."""
    return case.read_in(db)


@pytest.fixture
def full_case(child_team):
    """The module's case is built full: ``child_team`` is it."""
    return child_team


@pytest.fixture
def journal(tmp_path):
    return tmp_path / "erasures.jsonl"


@pytest.fixture
def erase(db, host, journal):
    """Run retention on ``today``, as ``teamaround retention run`` does, with the built-in figures."""

    def run(today, overrides=None):
        return retention.run(db, journal, agencies=host.agencies, overrides=overrides or {}, today=today)

    return run


@pytest.fixture
def closed_case(db, child_team, full_case, host):
    """The full case with the therapist's message answered by the parent, and an assessment
    the SENCO acknowledged and the therapist sent as their report; then closed."""
    child_id = child_team.child.id
    question = timeline.post_entry(
        db, child_team.slt, child_id, {"kind": "message", "title": "How is talking at home?"}, host=host
    )
    timeline.post_entry(
        db, child_team.parent, child_id, {"kind": "message", "title": "Chatty at tea time", "reply_to": question.id},
        host=host,
    )
    targets = host.assessment_types["speech_language.therapy_targets"]
    assessment = timeline.post_assessment(
        db,
        child_team.slt,
        child_id,
        {"assessment_type": targets.key, "payload": dict(targets.example), "visibility": "team"},
        host=host,
    )
    timeline.acknowledge(db, child_team.senco, assessment.id)
    records.close_case(db, child_team.senco, child_id)
    child_team.question, child_team.assessment = question, assessment
    return child_team


def held(db, child_id):
    """How many rows of each table the child's record holds, audit events aside."""
    return {
        table.name: db.scalar(select(func.count()).select_from(rows.subquery()))
        for table, rows in subject_access.child_record(child_id).items()
        if table is not AuditEvent.__table__
    }


def entries_by_agency(db, child_id):
    counts = select(TimelineEntry.agency, func.count()).where(TimelineEntry.child_id == child_id)
    return dict(db.execute(counts.group_by(TimelineEntry.agency)).all())


def journal_lines(journal):
    return [json.loads(line) for line in journal.read_text().splitlines()]


class Crash(Exception):
    """A failure after the journal was written and before the transaction committed."""


def test_an_open_case_is_never_erased(db, child_team, full_case, erase, journal):
    before = held(db, child_team.child.id)
    assert erase(date(2200, 1, 1)) == []
    assert held(db, child_team.child.id) == before
    assert not journal.exists()


def test_a_closed_case_keeps_everything_to_its_earliest_date(db, closed_case, erase):
    before = held(db, closed_case.child.id)
    assert erase(THERAPISTS_LAST_DAY) == []
    assert held(db, closed_case.child.id) == before


def test_after_the_therapists_date_only_the_therapists_entries_are_erased(db, closed_case, erase):
    before = entries_by_agency(db, closed_case.child.id)
    [erasure] = erase(AFTER_THE_THERAPISTS)
    assert (erasure.child_id, erasure.agency, erasure.retention_until) == (
        closed_case.child.id,
        "speech_language",
        THERAPISTS_LAST_DAY,
    )
    after = entries_by_agency(db, closed_case.child.id)
    assert "speech_language" not in after
    assert after["school"] == before["school"]
    assert after[None] == before[None] - 1  # the parent's answer in the therapist's thread


def test_what_hangs_off_an_erased_entry_goes_with_it(db, closed_case, erase):
    assessment, question = closed_case.assessment.id, closed_case.question.id
    acknowledgements = select(func.count()).where(Acknowledgement.entry_id == assessment)
    answered_requests = select(func.count()).select_from(ReportRequest)
    notifications = select(func.count()).where(Notification.key.in_([f"entry:{assessment}", f"entry:{question}"]))
    assert [db.scalar(query) > 0 for query in (acknowledgements, answered_requests, notifications)] == [True] * 3
    erase(AFTER_THE_THERAPISTS)
    assert [db.scalar(query) for query in (acknowledgements, answered_requests, notifications)] == [0, 0, 0]


def test_a_part_once_erased_is_not_erased_again(db, closed_case, erase, journal):
    erase(AFTER_THE_THERAPISTS)
    assert erase(AFTER_THE_THERAPISTS) == []
    assert len(journal_lines(journal)) == 1


def test_after_every_date_nothing_of_the_case_is_left_but_its_audit_events(db, closed_case, erase):
    events = db.scalar(select(func.count()).where(AuditEvent.child_id == closed_case.child.id))
    other_child = held(db, closed_case.other_child.id)
    [erasure] = erase(AFTER_EVERYONE)
    assert (erasure.agency, erasure.retention_until) == (None, SCHOOLS_LAST_DAY)
    assert set(held(db, closed_case.child.id).values()) == {0}
    assert db.scalar(select(func.count()).where(AuditEvent.child_id == closed_case.child.id)) == events + 1
    assert held(db, closed_case.other_child.id) == other_child


def test_an_erased_case_leaves_a_placeholder_that_says_nothing_about_the_child(db, closed_case, erase):
    erase(AFTER_EVERYONE)
    child = db.get(Child, closed_case.child.id)
    assert (child.full_name, child.preferred_name, child.date_of_birth) == ("Erased record", "", date.min)
    assert (child.year_group, child.needs, child.strengths, child.about_me) == ("", {}, "", "")
    assert child.erased_at is not None


def test_the_people_of_an_erased_case_keep_their_accounts(db, closed_case, erase):
    erase(AFTER_EVERYONE)
    assert db.scalar(select(func.count()).where(Membership.child_id == closed_case.child.id)) == 0
    assert db.get(Person, closed_case.parent.id).active


def test_the_audit_chain_still_holds_after_erasures(db, closed_case, erase):
    erase(AFTER_THE_THERAPISTS)
    erase(AFTER_EVERYONE)
    assert list(audit.verify_chain(db)) == []


def test_each_erasure_is_audited_with_the_child_and_agency_and_no_case_content(db, closed_case, erase):
    erase(AFTER_THE_THERAPISTS)
    erase(AFTER_EVERYONE)
    events = db.execute(
        select(AuditEvent.action, AuditEvent.actor_id, AuditEvent.child_id, AuditEvent.detail)
        .where(AuditEvent.action.like("record.%"))
        .order_by(AuditEvent.id)
    ).all()
    assert events == [
        ("record.agency_part_erased", None, closed_case.child.id,
         {"agency": "speech_language", "retention_until": "2043-03-14"}),
        ("record.erased", None, closed_case.child.id, {"retention_until": "2049-03-14"}),
    ]


def test_an_agency_without_a_retention_figure_keeps_the_case_from_being_erased_whole(db, closed_case, host, journal):
    # The occupational therapist is in the team; say their agency gave no figure.
    agencies = {code: agency for code, agency in host.agencies.items() if code != "occupational_therapy"}
    erased = retention.run(db, journal, agencies=agencies, overrides={}, today=AFTER_EVERYONE)
    assert [erasure.agency for erasure in erased] == ["school", "speech_language"]
    assert db.get(Child, closed_case.child.id).erased_at is None


def test_each_erasure_is_one_line_of_the_journal(db, closed_case, erase, journal):
    erase(AFTER_THE_THERAPISTS)
    [line] = journal_lines(journal)
    assert line.keys() == {"child_id", "agency", "retention_until", "erased_at", "files"}
    assert (line["child_id"], line["agency"], line["retention_until"]) == (
        closed_case.child.id,
        "speech_language",
        "2043-03-14",
    )
    assert datetime.fromisoformat(line["erased_at"]).tzinfo is not None


def test_the_journal_line_is_on_disk_before_the_transaction_commits(db, closed_case, erase, journal):
    with pytest.raises(Crash), db.begin_nested():
        erase(AFTER_THE_THERAPISTS)
        raise Crash
    assert [line["agency"] for line in journal_lines(journal)] == ["speech_language"]
    assert "speech_language" in entries_by_agency(db, closed_case.child.id)
    assert [erasure.agency for erasure in erase(AFTER_THE_THERAPISTS)] == ["speech_language"]
    assert "speech_language" not in entries_by_agency(db, closed_case.child.id)


def test_a_line_torn_by_a_crash_is_skipped_and_the_next_stands_on_its_own(db, closed_case, erase, journal):
    journal.write_text('{"child_id": 1, "agen')
    erase(AFTER_THE_THERAPISTS)
    torn, line = journal.read_text().splitlines()
    assert torn == '{"child_id": 1, "agen' and json.loads(line)["agency"] == "speech_language"
    assert retention.replay(db, journal) == []


def test_replaying_the_journal_erases_again_what_the_database_lost(db, closed_case, erase, journal):
    with pytest.raises(Crash), db.begin_nested():
        erase(AFTER_EVERYONE)
        raise Crash
    [replayed] = retention.replay(db, journal)
    assert (replayed.child_id, replayed.agency) == (closed_case.child.id, None)
    assert set(held(db, closed_case.child.id).values()) == {0}
    assert db.get(Child, closed_case.child.id).erased_at == replayed.erased_at


def test_a_replayed_erasure_is_audited_as_replayed(db, closed_case, erase, journal):
    with pytest.raises(Crash), db.begin_nested():
        erase(AFTER_THE_THERAPISTS)
        raise Crash
    retention.replay(db, journal)
    event = db.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()
    assert (event.action, event.detail) == (
        "record.agency_part_erased",
        {"agency": "speech_language", "retention_until": "2043-03-14", "replayed": True},
    )


def test_replaying_erasures_the_database_holds_already_changes_nothing(db, closed_case, erase, journal):
    erase(AFTER_THE_THERAPISTS)
    erase(AFTER_EVERYONE)
    events = db.scalar(select(func.count()).select_from(AuditEvent))
    assert retention.replay(db, journal) == []
    assert db.scalar(select(func.count()).select_from(AuditEvent)) == events


def test_an_erased_case_is_not_in_the_administrators_register(db, closed_case, erase):
    erase(AFTER_EVERYONE)
    register = records.children_register(db, closed_case.admin)
    assert closed_case.child.id not in [child.id for child in register]


def test_an_erased_case_cannot_be_given_a_team_again(db, closed_case, erase):
    erase(AFTER_EVERYONE)
    with pytest.raises(NotFound):
        team.add_member(
            db, closed_case.admin, closed_case.child.id, {"person_id": closed_case.parent.id, "role": "parent"}
        )


# The full case files a therapy report in two versions (see tests/conftest.py).
REPORT_VERSIONS = (b"Therapy report, first draft", b"Therapy report")
REPORT_FILES = sorted(hashlib.sha256(version).hexdigest() for version in REPORT_VERSIONS)


@pytest.fixture
def store(document_folder):
    """The store the full case filed its report in, with the report's files put back: a test
    before may have removed them, and a savepoint rolls back rows, not files."""
    store = LocalFileStore(document_folder)
    for version in REPORT_VERSIONS:
        store.add(io.BytesIO(version))
    return store


def test_erasing_a_whole_case_journals_the_files_of_its_documents(db, closed_case, erase, journal):
    [erasure] = erase(AFTER_EVERYONE)
    assert list(erasure.files) == REPORT_FILES
    assert journal_lines(journal)[0]["files"] == REPORT_FILES


def test_the_erased_files_are_removed_from_the_store_once_the_erasure_is_done(db, closed_case, erase, journal, store):
    erase(AFTER_EVERYONE)
    assert [store.has(digest) for digest in REPORT_FILES] == [True, True]
    assert retention.remove_erased_files(db, store, journal) == REPORT_FILES
    assert [store.has(digest) for digest in REPORT_FILES] == [False, False]


def test_a_file_another_childs_document_also_uses_is_kept(db, closed_case, erase, journal, store, host):
    filing.add_document(
        db, closed_case.other_parent, closed_case.other_child.id, {"title": "The same report", "kind": "report"},
        filing.Upload(io.BytesIO(b"Therapy report"), "copy.txt"), store=store, host=host,
        limit=DEFAULT_MAX_UPLOAD_BYTES,
    )
    kept = hashlib.sha256(b"Therapy report").hexdigest()
    [erasure] = erase(AFTER_EVERYONE)
    assert kept not in erasure.files
    retention.remove_erased_files(db, store, journal)
    assert store.has(kept)


@pytest.fixture
def parents_letter(db, child_team, full_case, host, store):
    """A letter the parent filed; ask for it before ``closed_case``, which closes the case."""
    return filing.add_document(
        db, child_team.parent, child_team.child.id, {"title": "Diagnosis letter", "kind": "letter"},
        filing.Upload(io.BytesIO(b"The diagnosis, in a letter"), "letter.txt"), store=store, host=host,
        limit=DEFAULT_MAX_UPLOAD_BYTES,
    )


def test_an_agencys_part_takes_the_documents_its_people_added_and_their_files(db, closed_case, erase, journal,
                                                                             store):
    [erasure] = erase(AFTER_THE_THERAPISTS)
    assert list(erasure.files) == REPORT_FILES
    assert db.scalars(select(Document.title).where(Document.child_id == closed_case.child.id)).all() == []
    retention.remove_erased_files(db, store, journal)
    assert [store.has(digest) for digest in REPORT_FILES] == [False, False]


def test_an_agencys_part_leaves_the_documents_the_family_added(db, parents_letter, closed_case, erase):
    erase(AFTER_THE_THERAPISTS)
    titles = db.scalars(select(Document.title).where(Document.child_id == closed_case.child.id)).all()
    assert titles == ["Diagnosis letter"]


def test_the_entry_announcing_an_agencys_document_goes_with_it_whatever_agency_it_was_shared_with(
    db, child_team, full_case, host, store, erase
):
    shared = filing.add_document(
        db, child_team.slt, child_team.child.id,
        {"title": "Advice for class", "kind": "report", "visibility": "agency", "agency": "school"},
        filing.Upload(io.BytesIO(b"Advice for the class teacher"), "advice.txt"), store=store, host=host,
        limit=DEFAULT_MAX_UPLOAD_BYTES,
    )
    records.close_case(db, child_team.senco, child_team.child.id)
    erase(AFTER_THE_THERAPISTS)
    assert db.scalar(select(func.count()).where(TimelineEntry.document_id == shared.id)) == 0


def test_the_preview_of_an_erased_document_is_removed_with_its_file(db, closed_case, erase, journal, store):
    preview = store.add(io.BytesIO(b"a small picture of the report"))
    version = db.scalars(select(DocumentVersion).where(DocumentVersion.sha256 == REPORT_FILES[0])).one()
    version.preview_sha256 = preview.sha256
    [erasure] = erase(AFTER_EVERYONE)
    assert preview.sha256 in erasure.files
    retention.remove_erased_files(db, store, journal)
    assert not store.has(preview.sha256)


def test_an_erasure_rolled_back_leaves_the_files_where_they_were(db, closed_case, erase, journal, store):
    with pytest.raises(Crash), db.begin_nested():
        erase(AFTER_EVERYONE)
        raise Crash
    assert retention.remove_erased_files(db, store, journal) == []
    assert [store.has(digest) for digest in REPORT_FILES] == [True, True]


def order(table):
    """A table's rows in the order of its primary key: not every table has an id (a rate-limit
    counter's key is its name)."""
    return ", ".join(column.name for column in table.primary_key.columns)


def every_table(url):
    """Every row of every table but the audit log, which a restore rewinds and a replay extends,
    and the data version, drawn at random by every write (core.models.data_version)."""
    with create_engine(url).connect() as connection:
        return {
            table.name: connection.execute(text(f"select * from {table.name} order by {order(table)}")).all()
            for table in Base.metadata.sorted_tables
            if table not in (AuditEvent.__table__, DataVersion.__table__)
        }


@pytest.mark.parametrize("fresh_url", ["sqlite", "postgresql"], indirect=True)
def test_a_backup_restored_after_an_erasure_is_erased_again_by_the_replay(fresh_url, tmp_path, host, journal):
    upgrade(fresh_url)
    sessions = make_session_factory(make_engine(fresh_url))
    with sessions() as db, db.begin():
        demo.ensure_demo(db, host, CHEAPEST)
        admin = db.scalar(select(Person).where(Person.kind == PersonKind.ADMINISTRATOR))
        amara = db.scalar(select(Child).where(Child.full_name == "Amara Okafor"))
        records.close_case(db, admin, amara.id)
    copy = backup.backup(fresh_url, tmp_path / "before-erasure.backup")
    with sessions() as db, db.begin():
        # Social care has no figure of its own: a looked-after child's is set by configuration.
        retention.run(db, journal, agencies=host.agencies, overrides={"social_care": 75}, today=date(2200, 1, 1))
    erased = every_table(fresh_url)
    backup.restore(fresh_url, copy)
    assert every_table(fresh_url) != erased
    with sessions() as db, db.begin():
        assert [erasure.child_id for erasure in retention.replay(db, journal)] == [amara.id]
    assert every_table(fresh_url) == erased
    assert erased["timeline_entries"] and amara.id not in {row.child_id for row in erased["timeline_entries"]}
