"""Applying an import in batches through the job queue: an interrupted import completes when
run again, and an operation applied twice changes nothing the second time."""

from roster_exports import actions, counts, hillside
from sqlalchemy import func, select

from core.models import AuditEvent, Membership, RosterImport, RosterLink
from core.records import audit
from core.roster import apply

EVERYONE = {"s1", "s2", "s3", "g1", "g2", "g3", "g4", "t1"}


def linked(db):
    return set(db.scalars(select(RosterLink.identifier)))


def memberships(db):
    return db.scalar(select(func.count()).select_from(Membership))


def test_an_import_is_applied_in_batches_each_moving_it_on(db, importer):
    _, run = importer.queue(hillside().zip())
    assert not apply.apply_batch(db, run.id, size=3)
    assert (run.applied, linked(db)) == (3, {"s1", "s2", "s3"})


def test_an_import_interrupted_after_a_batch_completes_when_the_worker_runs_again(db, importer):
    before = memberships(db)
    _, run = importer.queue(hillside().zip())
    apply.apply_batch(db, run.id, size=4)
    importer.work()
    assert linked(db) == EVERYONE and memberships(db) == before + 5
    assert db.get(RosterImport, run.id).finished_at is not None
    assert importer.preview(hillside().zip()).plan == []


def test_an_import_interrupted_completes_when_the_file_is_imported_again(db, importer):
    before = memberships(db)
    _, run = importer.queue(hillside().zip())
    apply.apply_batch(db, run.id, size=4)
    shown = importer.apply(hillside().zip())
    assert {identifier for identifier, action in actions(shown).items() if action == "new"} == EVERYONE - {
        "s1",
        "s2",
        "s3",
        "g1",
    }
    assert linked(db) == EVERYONE and memberships(db) == before + 5


def test_operations_applied_a_second_time_change_nothing(db, importer):
    _, run = importer.queue(hillside().zip())
    importer.work()
    after = counts(db), sorted(db.execute(select(RosterLink.identifier, RosterLink.imported)).all())
    run = db.get(RosterImport, run.id)
    run.applied, run.finished_at = 0, None
    db.flush()
    assert apply.apply_batch(db, run.id)
    assert (counts(db), sorted(db.execute(select(RosterLink.identifier, RosterLink.imported)).all())) == after


def test_the_schools_file_is_not_kept_once_applied(db, importer):
    _, run = importer.queue(hillside().zip())
    assert run.content is not None
    importer.work()
    assert db.get(RosterImport, run.id).content is None


def test_the_audit_chain_holds_after_an_import_written_a_batch_at_a_time(db, importer):
    importer.apply(hillside().zip())
    assert list(audit.verify_chain(db)) == []
    assert db.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "child.created")) == 3
