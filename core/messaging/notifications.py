"""Notifications: each person told what changed, for which child, in the way they chose.

Notifications are rows written in the same transaction as the change, so several
application processes and a restart lose nothing; ``teamaround outbox run`` turns
them into e-mail (one each, or one daily digest) and the outbox sends that once.
A notification goes only to people who may read what it is about, and since people
leave teams, families withdraw consent and accounts are closed, that is asked again
whenever one is mailed or listed, not only when it is made.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, bindparam, func, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import ScalarSelect

from core.access import readers_of, sees_child
from core.db import write_after_reading
from core.errors import InvalidInput, NotFound
from core.messaging import outbox
from core.models import (
    Child,
    ContactChannel,
    Delivery,
    EntryKind,
    Notification,
    NotificationKind,
    NotificationPreference,
    OutboxMessage,
    Person,
    TimelineEntry,
    Visibility,
)
from core.records import audit
from core.site import Site
from core.timeline import together
from core.types import utcnow
from core.wording import N_, Nn_, Translator, Wording, english, part, render

DIGEST_HOUR = 17  # the daily digest goes after school, in the school's zone
_TOGETHER = timedelta(minutes=1)  # see core.timeline.together

_KIND_OF_ENTRY = {
    EntryKind.MESSAGE: NotificationKind.MESSAGE,
    EntryKind.PLAN_CHANGE: NotificationKind.PLAN_CHANGE,
    EntryKind.MEETING: NotificationKind.MEETING,
}
# Who did what, one message per kind of entry, so each language can say it its own way.
_POSTED = {
    EntryKind.UPDATE: N_("%(person)s posted an update about %(child)s"),
    EntryKind.HOME_OBSERVATION: N_("%(person)s posted an observation from home about %(child)s"),
    EntryKind.MESSAGE: N_("%(person)s posted a message about %(child)s"),
    EntryKind.ASSESSMENT: N_("%(person)s posted an assessment about %(child)s"),
    EntryKind.MEETING: N_("%(person)s posted a meeting note about %(child)s"),
    EntryKind.PLAN_CHANGE: N_("%(person)s posted a change to the plan about %(child)s"),
    EntryKind.DOCUMENT: N_("%(person)s posted a document about %(child)s"),
    EntryKind.REFERRAL: N_("%(person)s posted a step of a referral about %(child)s"),
    EntryKind.EHC: N_("%(person)s posted a step of the EHC plan about %(child)s"),
}
_REPLIED = N_("%(person)s replied to a message about %(child)s")


_CHANGES_TOGETHER = Nn_(
    "%(person)s made %(n)s change to the plan about %(child)s",
    "%(person)s made %(n)s changes to the plan about %(child)s",
)
_PLAN_UPDATED = Nn_("The plan was updated: %(n)s change", "The plan was updated: %(n)s changes")


def about_entry(db: Session, entry: TimelineEntry, *, zone: str | None) -> int:
    """Notify everyone who may read a new entry, except its author. Returns how many.
    ``zone``: the school's, in which a system entry's title reads a time.

    Changes made together (:mod:`core.timeline.together`, a burst of plan changes) are one
    item on the timeline, so a reader is told of them once: a change joins the notification
    of the others made with it while its reader has neither opened it nor been mailed it.
    """
    kind = NotificationKind.REPLY if entry.reply_to_id else _KIND_OF_ENTRY.get(entry.kind, NotificationKind.NEW_ENTRY)
    known_as = db.get(Child, entry.child_id).known_as
    who = {"person": entry.author.full_name, "child": known_as}
    headline = Wording(_REPLIED if entry.reply_to_id else _POSTED[entry.kind], who)
    # The entry's first line: the system's own title stays words to translate; a person's, as typed.
    worded_title = (entry.wording or {}).get("title")
    first_line = Wording.from_json(worded_title) if worded_title else entry.title.splitlines()[0][:300]
    recipients = [person for person in db.scalars(readers_of(entry)) if person.id != entry.author_id]
    gathering = _told_of_companions(db, entry, recipients)
    for person in recipients:
        if person.id in gathering:
            _count_in(gathering[person.id], entry, who)
            continue
        notify(
            db,
            person,
            kind=kind,
            key=f"entry:{entry.id}",
            child_id=entry.child_id,
            headline=headline,
            first_line=first_line,
            link=f"/children/{entry.child_id}#entry-{entry.id}",
            shareable=entry.visibility is Visibility.TEAM and entry.kind is not EntryKind.ASSESSMENT,
            zone=zone,
        )
    return len(recipients)


def _told_of_companions(db: Session, entry: TimelineEntry, recipients: list[Person]) -> dict[int, Notification]:
    """By recipient, the notification still waiting (unopened, unmailed) about entries made together with ``entry``."""
    companions = together.made_with(db, entry)
    if not companions or not recipients:
        return {}
    waiting = select(Notification).where(
        Notification.key.in_([f"entry:{entry_id}" for entry_id in companions]),
        Notification.recipient_id.in_([person.id for person in recipients]),
        Notification.read_at.is_(None),
        Notification.emailed_at.is_(None),
    )
    return {notification.recipient_id: notification for notification in db.scalars(waiting)}


def _count_in(notification: Notification, entry: TimelineEntry, who: dict) -> None:
    """One more change in ``notification``: it says how many now, and links to the newest."""
    headline = Wording.from_json(notification.wording["headline"])
    count = headline.values["n"] + 1 if headline.count else 2
    headline = Wording.counted(_CHANGES_TOGETHER, "n", n=count, **who)
    first_line = Wording.counted(_PLAN_UPDATED, "n", n=count)
    notification.headline = english(headline)[:300]
    notification.first_line = english(first_line)
    notification.wording = _stored(headline, first_line)
    notification.link = f"/children/{entry.child_id}#entry-{entry.id}"


def forget_first_line(db: Session, key: str) -> None:
    """Drop the quoted first line from the notifications about a record (a withdrawn entry):
    they still say who did what, and link to where it stood."""
    db.execute(update(Notification).where(Notification.key == key).values(first_line=""))
    worded = select(Notification).where(Notification.key == key, Notification.wording.is_not(None))
    for notification in db.scalars(worded):
        notification.wording = {name: part for name, part in notification.wording.items() if name != "first_line"}


def notify(
    db: Session,
    person: Person,
    *,
    kind: NotificationKind,
    key: str,
    headline: Wording,
    link: str,
    child_id: int | None = None,
    first_line: Wording | str = "",
    shareable: bool = True,
    zone: str | None,
) -> Notification | None:
    """One notification for one person, once per ``key``.

    The headline is the system's words, kept as data to be read in the recipient's
    language (on the page, and in the e-mail); ``first_line`` is the system's words too
    when it quotes a system entry's title, and what a person typed otherwise. ``zone``
    is the school's, for the English columns when the words name a time: required, so that
    no caller forgets it and reads times in UTC; None only where they name none (a time
    then fails to render rather than read wrong).

    ``shareable`` false keeps the first line out of e-mail (an assessment, a
    professionals-only note): the message says who and what kind, and links to it.
    Nobody is told about a child they may no longer see (reminders come long after
    the event that set them).
    """
    if not person.active or (child_id is not None and not db.scalar(select(sees_child(person.id, child_id)))):
        return None
    existing = db.scalar(select(Notification.id).where(Notification.key == key, Notification.recipient_id == person.id))
    if existing is not None:
        return None
    notification = Notification(
        key=key,
        recipient_id=person.id,
        child_id=child_id,
        kind=kind,
        headline=english(headline, zone)[:300],
        first_line=(english(first_line, zone) if isinstance(first_line, Wording) else first_line) if shareable else "",
        wording=_stored(headline, first_line if shareable else ""),
        link=link,
        delivery=delivery_for(db, person, kind),
    )
    db.add(notification)
    db.flush()
    return notification


def _stored(headline: Wording, first_line: Wording | str) -> dict:
    words = {"headline": headline.as_json()}
    if isinstance(first_line, Wording):
        words["first_line"] = first_line.as_json()
    return words


def delivery_for(db: Session, person: Person, kind: NotificationKind) -> Delivery:
    """The person's choice for this kind; by default e-mail at once for those who prefer e-mail."""
    chosen = db.scalar(
        select(NotificationPreference.delivery).where(
            NotificationPreference.person_id == person.id, NotificationPreference.kind == kind
        )
    )
    if chosen is not None:
        return chosen
    return Delivery.IMMEDIATELY if person.preferred_contact is ContactChannel.EMAIL else Delivery.NOT_AT_ALL


def preferences(db: Session, actor: Person) -> dict[NotificationKind, Delivery]:
    return {kind: delivery_for(db, actor, kind) for kind in NotificationKind}


def set_preferences(db: Session, actor: Person, choices: Mapping[str, str]) -> None:
    """Save the actor's choice per kind: ``{"message": "immediately", "meeting": "daily_digest"}``."""
    errors = {}
    for kind_name, delivery_name in choices.items():
        try:
            kind, delivery = NotificationKind(kind_name), Delivery(delivery_name)
        except ValueError:
            errors[kind_name] = ["Choose immediately, daily_digest or not_at_all for a known kind."]
            continue
        preference = db.scalar(
            select(NotificationPreference).where(
                NotificationPreference.person_id == actor.id, NotificationPreference.kind == kind
            )
        )
        if preference is None:
            db.add(NotificationPreference(person_id=actor.id, kind=kind, delivery=delivery))
        else:
            preference.delivery = delivery
    if errors:
        raise InvalidInput(errors)
    audit.record(db, actor, "notifications.preferences_changed")
    db.flush()


def _still_readable():
    """Notifications their recipient may still read: about a child they may see now, or no child."""
    about_no_child = and_(Notification.child_id.is_(None), Notification.recipient.has(Person.active.is_(True)))
    return or_(sees_child(Notification.recipient_id, Notification.child_id), about_no_child)


def _unread(recipient_id):
    return select(func.count()).where(
        Notification.recipient_id == recipient_id, Notification.read_at.is_(None), _still_readable()
    )


# Counted on every page: built once, as building its access condition took longer than
# the database takes to answer it.
_UNREAD = _unread(bindparam("recipient_id"))


def unread_count(db: Session, actor: Person) -> int:
    return db.scalar(_UNREAD, {"recipient_id": actor.id})


def unread_count_of(recipient_id) -> ScalarSelect:
    """How many notifications wait unread for ``recipient_id``, a column of the query that
    reads it: every page shows the count about whoever is signed in, and reading it with
    them (core.people.sessions) saves a round trip."""
    return _unread(recipient_id).scalar_subquery()


def recent(db: Session, actor: Person, limit: int = 50) -> list[Notification]:
    """The actor's newest notifications; each names a child and what happened, so the list is audited."""
    items = list(
        db.scalars(
            select(Notification)
            .where(Notification.recipient_id == actor.id, _still_readable())
            .order_by(Notification.id.desc())
            .limit(limit)
        )
    )
    children = sorted({item.child_id for item in items if item.child_id is not None})
    audit.record(db, actor, "notifications.viewed", detail={"children": children})
    return items


def open_notification(db: Session, actor: Person, notification_id: int) -> str:
    """Mark one of the actor's notifications read and return where it points."""
    notification = db.scalar(select(Notification).where(Notification.id == notification_id, _still_readable()))
    if notification is None or notification.recipient_id != actor.id:
        raise NotFound(f"notification {notification_id}")
    if notification.read_at is None:
        now = utcnow()
        write_after_reading(db, lambda _db: setattr(notification, "read_at", now))
    return notification.link


def mark_all_read(db: Session, actor: Person) -> None:
    db.execute(
        update(Notification)
        .where(Notification.recipient_id == actor.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )


def queue_emails(db: Session, now: datetime, site: Site) -> int:
    """Put due notifications in the mail outbox: immediate ones each, digests once a day.

    One whose recipient may no longer read it waits, unmailed, until they may again; one
    about a change to the plan waits a minute, for the changes made with it.
    """
    queued = 0
    immediate = db.scalars(
        select(Notification).where(
            Notification.delivery == Delivery.IMMEDIATELY,
            Notification.emailed_at.is_(None),
            _still_readable(),
            # Changes made together are told once they are all made: when their minute is over.
            or_(Notification.kind != NotificationKind.PLAN_CHANGE, Notification.created_at < now - _TOGETHER),
        )
    ).all()
    for notification in immediate:
        message = outbox.enqueue(
            db,
            key=f"notification:{notification.id}",
            recipient=notification.recipient,
            child_id=notification.child_id,
            subject=_part(notification, "headline", site.reader(notification.recipient.language)),
            text_body=_email_text(notification.recipient, [notification], site),
        )
        queued += _carried_by(message, [notification], now)
    cutoff = _digest_cutoff(now, site.zone)
    if cutoff is not None:
        waiting = defaultdict(list)
        for notification in db.scalars(
            select(Notification)
            .where(
                Notification.delivery == Delivery.DAILY_DIGEST,
                Notification.emailed_at.is_(None),
                Notification.created_at < cutoff,
                _still_readable(),
            )
            .order_by(Notification.id)
        ):
            waiting[notification.recipient].append(notification)
        day = cutoff.astimezone(ZoneInfo(site.zone)).date()
        for person, notifications in waiting.items():
            message = outbox.enqueue(
                db,
                key=f"digest:{person.id}:{day.isoformat()}",
                recipient=person,
                child_id=_the_one_child(notifications),
                subject=_digest_subject(person, len(notifications), site),
                text_body=_email_text(person, notifications, site),
            )
            queued += _carried_by(message, notifications, now)
    db.flush()
    return queued


def _the_one_child(notifications: list[Notification]) -> int | None:
    """The child a digest is about when all its news is of one; None when it names several."""
    children = {notification.child_id for notification in notifications}
    return children.pop() if len(children) == 1 else None


def _carried_by(message: OutboxMessage | None, notifications: list[Notification], now: datetime) -> bool:
    """Record which e-mail carries the notifications, so the outbox can check them again as it sends."""
    for notification in notifications:
        notification.emailed_at = now
        if message is not None:
            notification.outbox_message_id = message.id
    return message is not None


@dataclass(frozen=True)
class Digest:
    subject: str
    text_body: str


def last_digest(db: Session, actor: Person, site: Site) -> Digest | None:
    """The newest daily digest e-mail made for the actor, to show what it said: worded again
    from the notifications it carried, in the language the actor reads now (it was mailed
    in the one they read then); as mailed once those are gone."""
    message = db.scalar(
        select(OutboxMessage)
        .where(OutboxMessage.recipient_id == actor.id, OutboxMessage.key.startswith("digest:"))
        .order_by(OutboxMessage.id.desc())
        .limit(1)
    )
    if message is None:
        return None
    carried = list(
        db.scalars(select(Notification).where(Notification.outbox_message_id == message.id).order_by(Notification.id))
    )
    if not carried:
        return Digest(message.subject, message.text_body)
    return Digest(_digest_subject(actor, len(carried), site), _email_text(actor, carried, site))


def _digest_cutoff(now: datetime, zone: str) -> datetime | None:
    """Today's digest time if it has passed, in the school's zone; None before it."""
    local = now.astimezone(ZoneInfo(zone))
    cutoff = datetime.combine(local.date(), time(DIGEST_HOUR), ZoneInfo(zone))
    return cutoff if local >= cutoff else None


_DEAR = N_("Dear %(name)s,")
_DIGEST_SUBJECT = Nn_("Teamaround: %(n)d new for you today", "Teamaround: %(n)d new for you today")
_CHOOSE = N_("Choose what you are told, and how: %(link)s")


def _digest_subject(person: Person, count: int, site: Site) -> str:
    return render(Wording.counted(_DIGEST_SUBJECT, "n", n=count), site.reader(person.language))


def _email_text(person: Person, notifications: list[Notification], site: Site) -> str:
    """The e-mail in its recipient's language, as they would read the same notifications on the page."""
    reader = site.reader(person.language)
    lines = [render(Wording(_DEAR, {"name": person.display_name}), reader), ""]
    for notification in notifications:
        lines.append(_part(notification, "headline", reader) + ".")
        if notification.first_line:
            lines.append(f'  "{_part(notification, "first_line", reader)}"')
        lines.append(f"  {site.link(notification.link)}")
        lines.append("")
    lines.append(render(Wording(_CHOOSE, {"link": site.link("/notifications/preferences")}), reader))
    return "\n".join(lines)


def _part(notification: Notification, name: str, reader: Translator) -> str:
    return part(notification.wording, name, getattr(notification, name), reader)
