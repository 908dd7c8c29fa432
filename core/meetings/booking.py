"""Joint meetings: booking, changing and cancelling them, invites, RSVPs, notes and actions."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import icalendar
from sqlalchemy import and_, bindparam, case, func, or_, select
from sqlalchemy.orm import Session, contains_eager, selectinload
from sqlalchemy.sql import Select

from core import wording
from core.access import (
    Action,
    AnyReader,
    ChildAccess,
    child_access,
    members_with_access,
    record_access,
    visible_children,
)
from core.errors import Conflict, Forbidden, InvalidInput, StaleVersion
from core.meetings import feeds, ical, invites
from core.messaging import notifications
from core.models import (
    Child,
    EntryKind,
    Meeting,
    MeetingAction,
    MeetingAttendee,
    MeetingStatus,
    Membership,
    NotificationKind,
    Person,
    PersonKind,
    Rsvp,
)
from core.records import audit
from core.schemas import (
    ActionInput,
    ConversationInput,
    MeetingChangeInput,
    MeetingInput,
    RsvpInput,
)
from core.site import Site
from core.timeline.entries import record_system_entry
from core.types import utcnow
from core.validation import load
from core.wording import N_, Wording

# Changing any of these makes a new version of the invite (RFC 5546 2.1.4).
_RESCHEDULING_FIELDS = ("starts_at", "ends_at", "location", "online_link", "status")


def schedule(db: Session, actor: Person, child_id: int, data: Mapping[str, Any], *, site: Site) -> Meeting:
    """Book a meeting about a child and invite its attendees; the lead professional does this."""
    access = child_access(db, actor, child_id)
    access.require(Action.MANAGE_MEETINGS)
    values = load(MeetingInput(zone=site.zone), data)
    invited = _attendees(db, access, values.pop("attendees"))
    now = utcnow()
    meeting = Meeting(
        child_id=child_id,
        organiser_id=actor.id,
        uid=f"{uuid.uuid4()}@teamaround",
        title=values.pop("title") or ical.PURPOSE_TITLES[values["purpose"]],
        created_at=now,
        updated_at=now,
        attendees=invited,
        **values,
    )
    db.add(meeting)
    db.flush()
    audit.record(db, actor, "meeting.scheduled", child_id=child_id, subject=f"meeting:{meeting.id}")
    _timeline(db, access, site, meeting, N_("Meeting booked: %(meeting)s"))
    feeds.meeting_changed(db, meeting)
    invites.send(db, meeting, site)
    return meeting


def _attendees(db: Session, access: ChildAccess, requested: list[dict]) -> list[MeetingAttendee]:
    """The organiser plus each requested person, who must be able to see the child."""
    organiser = access.person
    attendees = {organiser.id: MeetingAttendee(person=organiser, required=True, rsvp=Rsvp.ACCEPTED)}
    problems = []
    for index, item in enumerate(requested):
        membership = access.member(db, item["person_id"])
        if membership is None:
            problems.append(f"Attendee {index + 1} is not in {access.child.known_as}'s team.")
            continue
        attendees.setdefault(membership.person_id, MeetingAttendee(person=membership.person, required=item["required"]))
    if problems:
        raise InvalidInput({"attendees": problems})
    return list(attendees.values())


def change(
    db: Session, actor: Person, meeting_id: int, data: Mapping[str, Any], *, expected_version: int, site: Site
) -> Meeting:
    """Move, rename or confirm a meeting. A new time, place or status raises SEQUENCE and
    re-sends the invite: attendees are told a proposed meeting is now confirmed."""
    access, meeting = get(db, actor, meeting_id)
    access.require(Action.MANAGE_MEETINGS)
    _require_version(meeting, expected_version)
    if meeting.status is MeetingStatus.CANCELLED:
        raise Conflict("This meeting is cancelled; book a new one instead.")
    values = load(MeetingChangeInput(zone=site.zone), data)
    starts, ends = values.get("starts_at", meeting.starts_at), values.get("ends_at", meeting.ends_at)
    if ends <= starts:
        raise InvalidInput({"ends_at": ["A meeting ends after it starts."]})
    rescheduled = {name for name in _RESCHEDULING_FIELDS if name in values and values[name] != getattr(meeting, name)}
    for name, value in values.items():
        setattr(meeting, name, value)
    meeting.updated_at = utcnow()
    feeds.meeting_changed(db, meeting)  # its DTSTAMP at least is new
    if rescheduled:
        meeting.sequence += 1
        if rescheduled & {"starts_at", "ends_at"}:
            _ask_again(meeting)
        confirmed = rescheduled == {"status"} and meeting.status is MeetingStatus.CONFIRMED
        title = N_("Meeting confirmed: %(meeting)s") if confirmed else N_("Meeting changed: %(meeting)s")
        _timeline(db, access, site, meeting, title)
        invites.send(db, meeting, site, confirmed=confirmed)
    audit.record(db, actor, "meeting.changed", child_id=meeting.child_id, subject=f"meeting:{meeting.id}")
    db.flush()
    return meeting


def _ask_again(meeting: Meeting) -> None:
    """A meeting at a new time is a new question: who said yes to 10:00 may not manage 15:00.

    Every answer but the organiser's goes back to "not answered", so the invite asks
    for one again (RSVP=TRUE) and reminders chase those who do not reply (RFC 5546 2.1.4).
    """
    for attendee in meeting.attendees:
        if attendee.person_id != meeting.organiser_id:
            attendee.rsvp = Rsvp.NEEDS_ACTION


def cancel(db: Session, actor: Person, meeting_id: int, *, site: Site) -> Meeting:
    """Cancel a meeting: the same invite, one version on, with METHOD:CANCEL."""
    access, meeting = get(db, actor, meeting_id)
    access.require(Action.MANAGE_MEETINGS)
    if meeting.status is MeetingStatus.CANCELLED:
        return meeting
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    meeting.updated_at = utcnow()
    audit.record(db, actor, "meeting.cancelled", child_id=meeting.child_id, subject=f"meeting:{meeting.id}")
    _timeline(db, access, site, meeting, N_("Meeting cancelled: %(meeting)s"))
    feeds.meeting_changed(db, meeting)
    invites.send(db, meeting, site)
    db.flush()
    return meeting


def respond(db: Session, actor: Person, meeting_id: int, data: Mapping[str, Any]) -> MeetingAttendee:
    """Record the actor's own answer to an invite."""
    _, meeting = get(db, actor, meeting_id)
    answer = load(RsvpInput(), data)["answer"]
    return _set_rsvp(db, actor, meeting, _invited(meeting, actor), answer)


def apply_reply(db: Session, actor: Person, meeting_id: int, reply: bytes) -> MeetingAttendee:
    """Take the actor's answer from the iCalendar REPLY their calendar produced to this meeting.

    Replies are ordered as RFC 5546 2.1.5 says: by SEQUENCE, the version of the invite
    answered, then by DTSTAMP. A reply to an older version, or older than the answer
    already saved, is refused with the reason, so it never overwrites a newer answer.
    """
    _, meeting = get(db, actor, meeting_id)
    answer, sequence, stamped = _read_reply(reply, meeting, actor)  # DTSTAMP counts whole seconds
    attendee = _invited(meeting, actor)
    if sequence < meeting.sequence:
        raise InvalidInput({"file": [
            "This reply answers an earlier version of the invite, and the meeting has changed since. "
            "Answer the latest invite, or on this page."
        ]})
    if attendee.responded_at is not None and stamped < attendee.responded_at.replace(microsecond=0):
        raise InvalidInput({"file": ["Your answer saved here is newer than this reply, so your answer stays."]})
    return _set_rsvp(db, actor, meeting, attendee, answer)


def _read_reply(reply: bytes, meeting: Meeting, actor: Person) -> tuple[Rsvp, int, datetime]:
    """The actor's answer in a REPLY to this meeting, the SEQUENCE it answers and its DTSTAMP (UTC)."""
    try:
        calendar = icalendar.Calendar.from_ical(reply)
        [event] = calendar.walk("VEVENT")
        answers = event.get("attendee")
        answers = answers if isinstance(answers, list) else [answers]
        mine = [a for a in answers if str(a).lower() == f"mailto:{actor.email}"]
        answer = ical.RSVP_FROM_PARTSTAT[str(mine[0].params.get("PARTSTAT", "")).upper()]
        sequence = int(event.get("sequence", 0))  # RFC 5545 3.8.7.4: absent means 0
        stamped = event["dtstamp"].dt
        # A SEQUENCE above the meeting's answers a version never sent; DTSTAMP must be UTC.
        if str(event["uid"]) != meeting.uid or sequence > meeting.sequence or stamped.utcoffset() != timedelta(0):
            raise ValueError("not a reply to this invite")
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        raise InvalidInput({"file": ["This is not your calendar's reply to this meeting's invite."]}) from None
    return answer, sequence, stamped


def _invited(meeting: Meeting, actor: Person) -> MeetingAttendee:
    attendee = next((a for a in meeting.attendees if a.person_id == actor.id), None)
    if attendee is None:
        raise Forbidden("only people invited to a meeting answer its invite")
    return attendee


def _set_rsvp(db: Session, actor: Person, meeting: Meeting, attendee: MeetingAttendee, answer: Rsvp) -> MeetingAttendee:
    attendee.rsvp = answer
    attendee.responded_at = utcnow()
    feeds.meeting_changed(db, meeting)
    audit.record(
        db,
        actor,
        "meeting.answered",
        child_id=meeting.child_id,
        subject=f"meeting:{meeting.id}",
        detail={"answer": answer.value},
    )
    db.flush()
    return attendee


def record_notes(
    db: Session, actor: Person, meeting_id: int, data: Mapping[str, Any], *, expected_version: int
) -> Meeting:
    """Write up the meeting under the structured conversation's headings."""
    access, meeting = get(db, actor, meeting_id)
    access.require(Action.MANAGE_MEETINGS)
    _require_version(meeting, expected_version)
    meeting.notes = load(ConversationInput(), data)
    audit.record(db, actor, "meeting.notes_recorded", child_id=meeting.child_id, subject=f"meeting:{meeting.id}")
    db.flush()
    return meeting


def add_action(db: Session, actor: Person, meeting_id: int, data: Mapping[str, Any], *, site: Site) -> MeetingAction:
    """Record an action agreed at the meeting; it goes on the owner's list and the timeline."""
    access, meeting = get(db, actor, meeting_id)
    access.require(Action.MANAGE_MEETINGS)
    values = load(ActionInput(), data)
    membership = access.member(db, values["owner_id"])
    if membership is None:
        raise InvalidInput({"owner_id": ["The owner must be in the child's team."]})
    owner = membership.person
    action = MeetingAction(
        meeting=meeting, child_id=meeting.child_id, owner=owner, text=values["text"], due_on=values["due_on"]
    )
    db.add(action)
    db.flush()
    audit.record(db, actor, "action.agreed", child_id=meeting.child_id, subject=f"action:{action.id}")
    notifications.notify(
        db,
        owner,
        kind=NotificationKind.ACTION,
        key=f"action:{action.id}",
        child_id=meeting.child_id,
        headline=Wording(
            N_("An action for you about %(child)s, by %(day)s"),
            {"child": meeting.child.known_as, "day": wording.day(action.due_on)},
        ),
        first_line=action.text,
        link=f"/meetings/{meeting.id}",
        zone=site.zone,
    )
    record_system_entry(
        db,
        access,
        site=site,
        kind=EntryKind.MEETING,
        title=Wording(
            N_("Action for %(person)s, by %(day)s"), {"person": owner.full_name, "day": wording.day(action.due_on)}
        ),
        body=action.text,
    )
    return action


def complete_action(db: Session, actor: Person, action_id: int) -> MeetingAction:
    """Mark an action done: its owner or the lead professional does this."""
    action = db.get(MeetingAction, action_id)
    access = record_access(db, actor, action and action.child_id, f"action {action_id}")
    if action.owner_id != actor.id and not access.can(Action.MANAGE_MEETINGS):
        raise Forbidden("only the action's owner or the lead professional marks it done")
    action.done_at = action.done_at or utcnow()
    audit.record(db, actor, "action.done", child_id=action.child_id, subject=f"action:{action.id}")
    db.flush()
    return action


def get(db: Session, actor: Person, meeting_id: int) -> tuple[ChildAccess, Meeting]:
    """A meeting and the actor's access to its child; :class:`NotFound` for anyone outside the team."""
    meeting = db.scalar(
        select(Meeting)
        .where(Meeting.id == meeting_id)
        .options(selectinload(Meeting.attendees).selectinload(MeetingAttendee.person))
    )
    access = record_access(db, actor, meeting and meeting.child_id, f"meeting {meeting_id}")
    return access, meeting


def view(db: Session, actor: Person, meeting_id: int) -> tuple[ChildAccess, Meeting]:
    """A meeting, as read by a member of the child's team (audited)."""
    access, meeting = get(db, actor, meeting_id)
    audit.record(db, actor, "meeting.viewed", child_id=meeting.child_id, subject=f"meeting:{meeting.id}")
    return access, meeting


def invite_for(db: Session, actor: Person, meeting_id: int, *, site: Site) -> bytes:
    """The invite as the actor's calendar should receive it: a copy leaving Teamaround, so audited as an export."""
    _, meeting = get(db, actor, meeting_id)
    audit.record(db, actor, "meeting.invite_exported", child_id=meeting.child_id, subject=f"meeting:{meeting.id}")
    return ical.invite(meeting, actor, zone=site.zone, base_url=site.base_url, host=site.host,
                       reply_address=site.reply_address, reader=site.reader(actor.language))


@dataclass(frozen=True)
class ChildMeetings:
    """A child's meetings as one team member sees them, with the team to invite from (empty for
    a reader who does not manage meetings: the page offers them no invitations)."""

    access: ChildAccess
    upcoming: list[Meeting]
    past: list[Meeting]
    team: list[Membership]


# Built once, the child's id a parameter: a page does not pay for building them.
_MEETINGS_OF = (
    select(Meeting).where(Meeting.child_id == bindparam("child_id", required=True)).order_by(Meeting.starts_at)
)
_MEETINGS_WITH_ATTENDEES_OF = _MEETINGS_OF.options(
    selectinload(Meeting.attendees).selectinload(MeetingAttendee.person)
)
_TEAM_TO_INVITE = (
    select(Membership)
    .join(Person, Person.id == Membership.person_id)
    .where(Membership.child_id == bindparam("child_id", required=True), members_with_access())
    .options(contains_eager(Membership.person))
    .order_by(Membership.is_lead.desc(), Membership.id)
)


def child_overview(
    db: Session, actor: Person, child_id: int, *, attendees: bool = False, now: datetime | None = None
) -> ChildMeetings:
    """A child's meetings, soonest first, for members of the team, those not yet over at
    ``now`` (the time it is) first; ``attendees`` loads each meeting's attendees too (the API
    lists them, the page does not)."""
    access = child_access(db, actor, child_id)
    view_meetings_again(db, actor, child_id)
    found = db.scalars(_MEETINGS_WITH_ATTENDEES_OF if attendees else _MEETINGS_OF, {"child_id": child_id}).all()
    team = []
    if access.can(Action.MANAGE_MEETINGS):
        team = db.scalars(_TEAM_TO_INVITE, {"child_id": child_id}).all()
    now = now or utcnow()
    return ChildMeetings(
        access=access,
        upcoming=[m for m in found if m.ends_at >= now],
        past=[m for m in reversed(found) if m.ends_at < now],
        team=list(team),
    )


def view_meetings_again(db: Session, actor: Person, child_id: int) -> None:
    """The look at a child's meetings audited: :func:`child_overview` does this once it has the
    access, and a page showing them again as it read them does only this (webui.kept_pages):
    the access it was read with stands, as the records that decide it do."""
    audit.record(db, actor, "meetings.viewed", child_id=child_id)


@dataclass(frozen=True)
class ActionList:
    mine: list[MeetingAction]
    overdue_in_my_teams: list[MeetingAction]


@dataclass(frozen=True)
class ActionCounts:
    """How many actions :func:`actions_for` would list, each kind: what a home page says of them."""

    mine: int
    overdue_in_my_teams: int
    children: list[int]  # those the actions counted are about: what the count's audit event names


def action_counts(db: Session, actor: Person, today: date) -> ActionCounts:
    """How many open actions the actor has, and how many of every child they lead are overdue:
    :func:`actions_for`'s two lists counted by child in one query, not read as records."""
    rows = db.execute(_action_counts(actor.kind, actor.active), {"reader_id": actor.id, "today": today}).all()
    counts = ActionCounts(sum(row[1] for row in rows), sum(row[2] for row in rows), sorted(row[0] for row in rows))
    view_action_counts_again(db, actor, counts.children)
    return counts


def view_action_counts_again(db: Session, actor: Person, children: list[int]) -> None:
    """The count of actions audited: :func:`action_counts` does this, and a page showing the
    count again as it read it does only this (webui.kept_pages)."""
    audit.record(db, actor, "actions.viewed", detail={"children": children})


@functools.cache  # for each kind of reader (core.access.AnyReader): a home page builds none
def _action_counts(kind: PersonKind, active: bool) -> Select:
    reader = AnyReader(kind, active)
    visible = visible_children(reader).with_only_columns(Child.id)
    led = visible.where(Membership.is_lead.is_(True))
    mine = MeetingAction.owner_id == reader.id
    today = bindparam("today", type_=MeetingAction.due_on.type)
    overdue = and_(MeetingAction.due_on < today, MeetingAction.child_id.in_(led))
    return (
        select(MeetingAction.child_id, func.count(case((mine, 1))), func.count(case((overdue, 1))))
        .where(MeetingAction.done_at.is_(None), MeetingAction.child_id.in_(visible), or_(mine, overdue))
        .group_by(MeetingAction.child_id)
    )


def actions_for(db: Session, actor: Person, today: date) -> ActionList:
    """The actor's open actions, and the overdue ones of every child they lead."""
    visible = visible_children(actor).with_only_columns(Child.id)
    mine = db.scalars(
        select(MeetingAction)
        .where(MeetingAction.owner_id == actor.id, MeetingAction.done_at.is_(None), MeetingAction.child_id.in_(visible))
        .order_by(MeetingAction.due_on, MeetingAction.id)  # ties as they were written
    ).all()
    led = visible_children(actor).with_only_columns(Child.id).where(Membership.is_lead.is_(True))
    overdue = db.scalars(
        select(MeetingAction)
        .where(MeetingAction.child_id.in_(led), MeetingAction.done_at.is_(None), MeetingAction.due_on < today)
        .options(selectinload(MeetingAction.owner))
        .order_by(MeetingAction.due_on, MeetingAction.id)  # ties as they were written
    ).all()
    audit.record(db, actor, "actions.viewed", detail={"children": sorted({a.child_id for a in [*mine, *overdue]})})
    return ActionList(list(mine), list(overdue))


def _require_version(meeting: Meeting, expected_version: int) -> None:
    if meeting.version != expected_version:
        raise StaleVersion("Someone else changed this meeting while you were editing it: look at their change first.")


def _timeline(db: Session, access: ChildAccess, site: Site, meeting: Meeting, title: str) -> None:
    """An entry saying what happened to the meeting (``title`` names it as ``%(meeting)s``), when and where."""
    when = {"starts": wording.when(meeting.starts_at), "ends": wording.clock(meeting.ends_at)}
    where = meeting.location or (Wording(N_("online")) if meeting.online_link else "")
    if where:
        body = Wording(N_("%(starts)s to %(ends)s, %(where)s"), when | {"where": where})
    else:
        body = Wording(N_("%(starts)s to %(ends)s"), when)
    title = Wording(title, {"meeting": ical.title_wording(meeting)})
    record_system_entry(db, access, site=site, kind=EntryKind.MEETING, title=title, body=body)
