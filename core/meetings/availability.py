"""When people can come to meetings: times they offer, busy times they import, and
what agency plugins know of their clinics and school visits."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core import wall_clock
from core.access import Action, child_access
from core.errors import InvalidInput, NotFound
from core.meetings import time_finder as scheduling
from core.models import (
    AvailabilityKind,
    AvailabilitySlot,
    AvailabilitySource,
    Meeting,
    MeetingAttendee,
    MeetingStatus,
    Person,
)
from core.records import audit
from core.schemas import AvailabilityInput, TimeFinderInput
from core.site import Site
from core.validation import load

IMPORT_HORIZON = timedelta(weeks=26)

Interval = tuple[datetime, datetime]


def offer(db: Session, actor: Person, data: Mapping[str, Any], *, zone: str | None = None) -> AvailabilitySlot:
    """Offer a time (or mark one busy), once or every week until a date; ``zone`` (the
    school's) reads a time typed without its offset."""
    slot = AvailabilitySlot(person_id=actor.id, **load(AvailabilityInput(zone=zone), data))
    db.add(slot)
    db.flush()
    audit.record(db, actor, "availability.offered", subject=f"slot:{slot.id}")
    return slot


def withdraw(db: Session, actor: Person, slot_id: int) -> None:
    slot = db.get(AvailabilitySlot, slot_id)
    if slot is None or slot.person_id != actor.id:
        raise NotFound(f"slot {slot_id}")
    db.delete(slot)
    audit.record(db, actor, "availability.withdrawn", subject=f"slot:{slot_id}")
    db.flush()


def own_slots(db: Session, actor: Person) -> list[AvailabilitySlot]:
    return list(
        db.scalars(
            select(AvailabilitySlot).where(AvailabilitySlot.person_id == actor.id).order_by(AvailabilitySlot.starts_at)
        )
    )


def import_busy(db: Session, actor: Person, calendar_file: bytes, *, now: datetime) -> int:
    """Replace the actor's imported busy times with the events of an iCalendar file,
    repeating events included, for the next six months. Returns how many were found."""
    try:
        calendar = icalendar.Calendar.from_ical(calendar_file)
        occurrences = recurring_ical_events.of(calendar).between(now, now + IMPORT_HORIZON)
        busy = [_busy_interval(event) for event in occurrences if _blocks_time(event)]
    except (ValueError, KeyError, TypeError, AttributeError):
        raise InvalidInput({"file": ["This is not a calendar file we can read (.ics, iCalendar)."]}) from None
    db.execute(
        delete(AvailabilitySlot).where(
            AvailabilitySlot.person_id == actor.id, AvailabilitySlot.source == AvailabilitySource.CALENDAR_FILE
        )
    )
    db.add_all(
        AvailabilitySlot(
            person_id=actor.id,
            kind=AvailabilityKind.BUSY,
            starts_at=start,
            ends_at=end,
            source=AvailabilitySource.CALENDAR_FILE,
        )
        for start, end in busy
    )
    audit.record(db, actor, "availability.imported", detail={"busy": len(busy)})
    db.flush()
    return len(busy)


def _blocks_time(event) -> bool:
    # Free-marked events (TRANSP:TRANSPARENT) and cancelled ones leave the time open.
    return (
        str(event.get("transp", "OPAQUE")).upper() != "TRANSPARENT"
        and str(event.get("status", "")).upper() != "CANCELLED"
    )


def _busy_interval(event) -> Interval:
    start, end = event["dtstart"].dt, event["dtend"].dt if "dtend" in event else None
    if not isinstance(start, datetime):  # an all-day event blocks whole days
        end = end or start + timedelta(days=1)
        return (datetime.combine(start, time(), UTC), datetime.combine(end, time(), UTC))
    end = end or start
    return start.astimezone(UTC), end.astimezone(UTC)


@dataclass(frozen=True)
class PersonAvailability:
    """What the time-finder needs of one person: offered times (None: free unless busy) and busy times."""

    free: list[Interval] | None
    busy: list[Interval]


def availability_of(
    db: Session, people: Iterable[Person], start: datetime, end: datetime, *, site: Site
) -> dict[int, PersonAvailability]:
    """Everyone's free and busy times between ``start`` and ``end``, in two queries plus the plugins."""
    people = list(people)
    ids = [person.id for person in people]
    free: dict[int, list[Interval]] = {person_id: [] for person_id in ids}
    busy: dict[int, list[Interval]] = {person_id: [] for person_id in ids}
    offered_any: set[int] = set()
    zone = ZoneInfo(site.zone)
    slots = db.scalars(
        select(AvailabilitySlot).where(AvailabilitySlot.person_id.in_(ids), AvailabilitySlot.starts_at < end)
    )
    for slot in slots:
        target = free if slot.kind is AvailabilityKind.FREE else busy
        if slot.kind is AvailabilityKind.FREE:
            offered_any.add(slot.person_id)
        target[slot.person_id].extend(_occurrences(slot, start, end, zone))
    meetings = db.execute(
        select(MeetingAttendee.person_id, Meeting.starts_at, Meeting.ends_at)
        .join(Meeting, Meeting.id == MeetingAttendee.meeting_id)
        .where(
            MeetingAttendee.person_id.in_(ids),
            Meeting.status != MeetingStatus.CANCELLED,
            Meeting.starts_at < end,
            Meeting.ends_at > start,
        )
    )
    for person_id, meeting_start, meeting_end in meetings:
        busy[person_id].append((meeting_start, meeting_end))
    for person in people:
        # pluggy leaves out the plugins that answered None; any list, even an empty one,
        # is a rota the person keeps: they come only in its slots.
        for slots_from_plugin in site.host.hook.availability_slots(
            person=person, start=start, end=end, db=db, zone=site.zone
        ):
            offered_any.add(person.id)
            free[person.id].extend((slot.start.astimezone(UTC), slot.end.astimezone(UTC)) for slot in slots_from_plugin)
    return {
        person_id: PersonAvailability(free=free[person_id] if person_id in offered_any else None, busy=busy[person_id])
        for person_id in ids
    }


def _occurrences(slot: AvailabilitySlot, start: datetime, end: datetime, zone: ZoneInfo) -> list[Interval]:
    """A slot's times in the window. A weekly slot starts as offered, then keeps its local
    wall-clock time across clock changes; on a clock-change night it takes the time
    :func:`core.wall_clock.recurring` gives, for as long as the first one lasted."""
    if slot.weekly_until is None:
        return [(slot.starts_at, slot.ends_at)] if slot.ends_at > start else []
    local_start, length = slot.starts_at.astimezone(zone), slot.ends_at - slot.starts_at
    found, week = [], 0
    while True:
        day: date = local_start.date() + timedelta(weeks=week)
        if day > slot.weekly_until:
            return found
        wall = datetime.combine(day, local_start.time())
        begins = slot.starts_at if week == 0 else wall_clock.recurring(wall, zone.key)
        if begins >= end:
            return found
        if begins + length > start:
            found.append((begins, begins + length))
        week += 1


def import_busy_from_urls(db: Session, urls_by_email: Mapping[str, str], *, now: datetime, fetch) -> dict[str, str]:
    """Import each configured person's busy times from their calendar's address.

    ``fetch(url) -> bytes`` does the download, so the caller picks the HTTP client and
    its timeouts. Returns, per e-mail address, what happened, so one broken calendar
    never stops the others.
    """
    outcome = {}
    for email, url in urls_by_email.items():
        person = db.scalar(select(Person).where(Person.email == email.strip().lower(), Person.active.is_(True)))
        if person is None:
            outcome[email] = "no active account has this address"
            continue
        try:
            outcome[email] = f"{import_busy(db, person, fetch(url), now=now)} busy times"
        except InvalidInput:
            outcome[email] = "not a calendar file"
        except OSError as error:
            outcome[email] = f"could not be fetched ({type(error).__name__})"
    return outcome


@dataclass(frozen=True)
class TimeSuggestions:
    """Candidate times for a meeting, with the people behind the ids."""

    suggestions: list[scheduling.Suggestion]
    missing_required: list[Person]
    people: dict[int, Person]
    required: list[int]
    optional: list[int]
    duration_minutes: int


def suggest_times(db: Session, actor: Person, child_id: int, data: Mapping[str, Any], *, site: Site) -> TimeSuggestions:
    """The lead professional's time-finder: when can everyone needed come?"""
    access = child_access(db, actor, child_id)
    access.require(Action.MANAGE_MEETINGS)
    values = load(TimeFinderInput(), data)
    ids = list(dict.fromkeys([*values["required"], *values["optional"]]))
    people = {person.id: person for person in db.scalars(select(Person).where(Person.id.in_(ids)))}
    outsiders = [
        f"Person {person_id} is not in {access.child.known_as}'s team."
        for person_id in ids
        if access.member(db, person_id) is None
    ]
    if outsiders:
        raise InvalidInput({"required": outsiders})
    zone = ZoneInfo(site.zone)
    start = datetime.combine(values["window_start"], time(), zone)
    end = datetime.combine(values["window_end"] + timedelta(days=1), time(), zone)
    known = availability_of(db, people.values(), start, end, site=site)

    def diary(person_id):
        return scheduling.Availability(free=known[person_id].free, busy=known[person_id].busy)

    required = list(values["required"])
    optional = [person_id for person_id in values["optional"] if person_id not in required]
    found = scheduling.find_times(
        {person_id: diary(person_id) for person_id in required},
        {person_id: diary(person_id) for person_id in optional},
        duration=timedelta(minutes=values["duration_minutes"]),
        window=(start, end),
        hours=None if values["outside_school_hours"] else scheduling.SchoolHours(zone=site.zone),
    )
    audit.record(db, actor, "meeting.times_suggested", child_id=child_id)
    return TimeSuggestions(
        found.suggestions,
        [people[i] for i in found.missing_required],
        people,
        required,
        optional,
        values["duration_minutes"],
    )
