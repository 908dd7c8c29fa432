"""The order in which records changed, for agency systems that keep in step (the changes feed).

Every timeline entry, plan and meeting carries ``change_sequence``: the number of its latest
change, taken from one counter (:class:`ChangeCounter`) when the change commits. A client
that has read every change up to N asks for those after N and misses none.

Why a counter and not the rows' ids or times: on PostgreSQL an id or a timestamp is taken
when a row is written, not when it commits, so a transaction that took 41 may commit after
one that took 42 has been read, and a reader who moved on to "after 42" never sees 41. The
counter is taken as the very last step before COMMIT (``before_commit``), by an UPDATE
whose row lock is held until the transaction ends: the next writer waits for it there, so
numbers commit in their order, and once N is visible every number below it is too. The
wait is only the few milliseconds of a COMMIT, and since a writer holds every other lock it
needs by then, waiting there cannot deadlock. On SQLite writers take turns anyway.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Index, Integer, bindparam, event, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from core.models.base import Base
from core.models.meetings import Meeting, MeetingAttendee
from core.models.plans import Plan
from core.models.timeline import Acknowledgement, TimelineEntry

_CHANGED = "teamaround.changed_records"


class ChangeCounter(Base):
    """One row: the number of the latest change committed to a record in the changes feed."""

    __tablename__ = "change_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(BigInteger, default=0)


class ErasureNotice(Base):
    """That a child's case was erased, for one person who could read it then: the changes
    feed tells them the child is gone (and nothing else of it), so that a copy kept in step
    drops what the server no longer holds. Retention writes these after it has erased."""

    __tablename__ = "erasure_notices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Ids without foreign keys: a notice is part of neither the child's record (which the
    # erasure took, and a replayed one would take again) nor the person's (it says nothing of them).
    person_id: Mapped[int] = mapped_column(Integer)
    child_id: Mapped[int] = mapped_column(Integer)
    change_sequence: Mapped[int | None] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_erasure_notices_person_sequence", "person_id", "change_sequence"),)


def latest_change(db: Session) -> int:
    """The number of the latest change committed: every change up to it is visible now."""
    return db.scalar(select(ChangeCounter.last).where(ChangeCounter.id == 1)) or 0


# Which record a change of a row changes, by the row's class: the record's class and the
# row's attribute holding its id. An answer to an invite changes the meeting, a "seen it" the entry.
_RECORD_OF = {
    TimelineEntry: (TimelineEntry, "id"),
    Acknowledgement: (TimelineEntry, "entry_id"),
    Plan: (Plan, "id"),
    Meeting: (Meeting, "id"),
    MeetingAttendee: (Meeting, "meeting_id"),
    ErasureNotice: (ErasureNotice, "id"),
}


@event.listens_for(Session, "after_flush")
def _note_changed_records(db: Session, _flush_context) -> None:
    changed = db.info.setdefault(_CHANGED, {})
    for instance in [*db.new, *(found for found in db.dirty if db.is_modified(found))]:
        if (record := _RECORD_OF.get(type(instance))) is not None:
            model, attribute = record
            changed[(model, getattr(instance, attribute))] = None


@event.listens_for(Session, "before_commit")
def _number_the_changes(db: Session) -> None:
    db.flush()
    changed = list(db.info.pop(_CHANGED, {}))
    if not changed:
        return
    connection = db.connection()
    last = connection.execute(
        update(ChangeCounter.__table__)
        .where(ChangeCounter.__table__.c.id == 1)
        .values(last=ChangeCounter.__table__.c.last + len(changed))
        .returning(ChangeCounter.__table__.c.last)
    ).scalar_one()
    numbered: dict[type, list[dict[str, int]]] = {}
    for number, (model, record_id) in enumerate(changed, start=last - len(changed) + 1):
        numbered.setdefault(model, []).append({"record_id": record_id, "number": number})
        # The session keeps its objects past COMMIT (expire_on_commit=False): give them the number too.
        if (loaded := db.identity_map.get(identity_key(model, record_id))) is not None:
            set_committed_value(loaded, "change_sequence", number)
    for model, values in numbered.items():
        # A plain UPDATE, not the ORM's: the record's version (its ETag) stays as it is.
        table = model.__table__
        connection.execute(
            update(table).where(table.c.id == bindparam("record_id")).values(change_sequence=bindparam("number")),
            values,
        )


@event.listens_for(Session, "after_transaction_end")
def _forget_changes_rolled_back(db: Session, transaction) -> None:
    if transaction.parent is None:
        db.info.pop(_CHANGED, None)
