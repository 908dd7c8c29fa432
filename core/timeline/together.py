"""Changes made together: the plan changes one person makes in one minute, read as one item.

Working on a plan is a burst of changes (the plan started, a target, four strategies...),
and each is written to the timeline as it is saved. A reader wants one item, "the plan was
updated: 13 changes", that opens to the list and is acknowledged once. The entries stay one
per change, for the chronology, the audit log and the agencies' systems: only reading
groups them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.access import ChildAccess
from core.models import EntryKind, TimelineEntry

# Kinds of entry that come in bursts of one person's work. Everything a person writes by
# hand (an update, a message) stands alone, however quickly the next one follows.
COME_IN_BURSTS = frozenset({EntryKind.PLAN_CHANGE})

# More changes in one minute than any person makes by hand: where a page would cut a
# burst in two, reading goes on this far to finish it.
LONGEST_BURST = 200


@dataclass(frozen=True)
class TimelineItem:
    """What a reader sees as one item: an entry, or the entries made together with it,
    newest first (``entry`` is the newest, the one acknowledging goes through)."""

    together: list[TimelineEntry]

    @property
    def entry(self) -> TimelineEntry:
        return self.together[0]


def _minute(entry: TimelineEntry) -> tuple | None:
    """Who did what in which minute: entries with the same one were made together."""
    if entry.kind not in COME_IN_BURSTS or entry.withdrawn_at is not None:
        return None
    return entry.child_id, entry.author_id, entry.kind, entry.occurred_at.replace(second=0, microsecond=0)


def made_together(entry: TimelineEntry, other: TimelineEntry) -> bool:
    key = _minute(entry)
    return key is not None and key == _minute(other)


def items(entries: list[TimelineEntry]) -> list[TimelineItem]:
    """A page of entries, in the timeline's order, as the items a reader sees."""
    bursts: list[list[TimelineEntry]] = []
    for entry in entries:
        if bursts and made_together(bursts[-1][-1], entry):
            bursts[-1].append(entry)
        else:
            bursts.append([entry])
    return [TimelineItem(together=burst) for burst in bursts]


def companions(db: Session, access: ChildAccess, entry: TimelineEntry) -> list[TimelineEntry]:
    """The other entries made together with ``entry`` that ``access`` may read."""
    together = _together_with(entry)
    if together is None:
        return []
    return list(db.scalars(select(TimelineEntry).where(*together, access.entry_filter())))


def made_with(db: Session, entry: TimelineEntry) -> list[int]:
    """The ids of the other entries made together with ``entry``, whoever may read them:
    for telling people of them once (core.messaging.notifications), not for showing them."""
    together = _together_with(entry)
    return [] if together is None else list(db.scalars(select(TimelineEntry.id).where(*together)))


def _together_with(entry: TimelineEntry) -> tuple | None:
    """The conditions an entry made together with ``entry`` meets (``entry`` itself aside), or None."""
    key = _minute(entry)
    if key is None:
        return None
    child_id, author_id, kind, minute = key
    return (
        TimelineEntry.child_id == child_id,
        TimelineEntry.author_id == author_id,
        TimelineEntry.kind == kind,
        TimelineEntry.occurred_at >= minute,
        TimelineEntry.occurred_at < _next_minute(minute),
        TimelineEntry.withdrawn_at.is_(None),
        TimelineEntry.id != entry.id,
    )


def _next_minute(minute: datetime) -> datetime:
    return minute + timedelta(minutes=1)
