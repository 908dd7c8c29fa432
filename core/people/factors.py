"""Second factors as a whole: who must have one, the second step of signing in, and
adding or removing a factor.

Which kinds of account must use a second factor is the installation's choice
(:class:`FactorPolicy`); by default everyone who reads health, social-care or school
records does (professionals, school staff, administrators), and parents may. One who
must and has none is signed in only to enrol one (``LoginSession.enrolment_required``).

Every try at the second step counts against the login throttle exactly as a password
does (core.people.throttle): a code of six digits is guessed no faster than a password.

Someone who has lost every factor (a phone, a key, the recovery codes) asks an
administrator, who clears them all (:func:`clear`); the person is told by mail.
"""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from cryptography.fernet import Fernet
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from core.access import require_administrator
from core.errors import Forbidden, NotFound
from core.messaging import outbox
from core.models import LoginAttempt, LoginSession, Person, PersonKind, RecoveryCode, SecondFactor
from core.people import recovery_codes, sessions, throttle, totp
from core.people.accounts import LoginFailed, LoginThrottled
from core.records import audit
from core.site import Site
from core.wording import N_, Wording, render

DEFAULT_REQUIRED_KINDS = frozenset({PersonKind.PROFESSIONAL, PersonKind.SCHOOL_STAFF, PersonKind.ADMINISTRATOR})


@dataclass(frozen=True)
class FactorPolicy:
    """Which kinds of account must sign in with a second factor."""

    required_kinds: frozenset[PersonKind] = DEFAULT_REQUIRED_KINDS

    @classmethod
    def from_setting(cls, setting: str | list[str] | tuple[str, ...]) -> FactorPolicy:
        """From ``"professional,school_staff"`` or a list of kinds; empty: nobody must."""
        names = setting.split(",") if isinstance(setting, str) else setting
        return cls(frozenset(PersonKind(name.strip()) for name in names if name.strip()))

    def requires(self, person: Person) -> bool:
        return person.kind in self.required_kinds


def confirmed_factors(db: Session, person: Person) -> list[SecondFactor]:
    return list(
        db.scalars(
            select(SecondFactor)
            .where(SecondFactor.person_id == person.id, SecondFactor.confirmed_at.is_not(None))
            .order_by(SecondFactor.id)
        )
    )


def has_factor(db: Session, person: Person) -> bool:
    found = select(SecondFactor.id).where(SecondFactor.person_id == person.id, SecondFactor.confirmed_at.is_not(None))
    return db.scalar(found.limit(1)) is not None


def people_with_factors(db: Session) -> set[int]:
    """Who has a second factor or recovery codes to clear: the accounts page offers it to them."""
    confirmed = select(SecondFactor.person_id).where(SecondFactor.confirmed_at.is_not(None))
    return set(db.scalars(confirmed.union(select(RecoveryCode.person_id))))


def enrolment_required(db: Session, policy: FactorPolicy, person: Person) -> bool:
    """Whether a session of ``person`` opens only enrolment: they must have a factor and have none."""
    return policy.requires(person) and not has_factor(db, person)


def enrolled(db: Session, person: Person) -> None:
    """``person`` has a factor now: their sessions open everything again."""
    db.execute(
        update(LoginSession)
        .where(LoginSession.person_id == person.id, LoginSession.enrolment_required.is_(True))
        .values(enrolment_required=False)
    )


def second_step(db: Session, box: Fernet, hasher: PasswordHasher, person: Person, code: str, address: str) -> None:
    """Check the second step of ``person``'s sign-in: a code from their app, or one of their
    recovery codes. Raises :class:`LoginThrottled` or :class:`LoginFailed` like a password."""
    network = throttle.network_of(address)
    if throttle.paused(db, person.email, network):
        audit.record(db, None, "login.throttled", subject=f"person:{person.id}", detail={"address": address})
        raise LoginThrottled(person.email)
    if totp.check(db, person, box, code) or recovery_codes.use(db, person, hasher, code):
        return
    failed(db, person, address, "code")
    raise LoginFailed(person.email)


def failed(db: Session, person: Person | None, address: str, factor: str) -> None:
    """A wrong second factor: counted by the throttle against the account, and audited."""
    email = person.email if person is not None else ""
    db.add(LoginAttempt(email=email, address=address, network=throttle.network_of(address), succeeded=False))
    audit.record(
        db,
        None,
        "login.second_factor_failed",
        subject=f"person:{person.id}" if person is not None else "",
        detail={"address": address, "factor": factor},
    )
    db.flush()


def remove(db: Session, policy: FactorPolicy, actor: Person, factor_id: int) -> None:
    """Remove one of the actor's own factors; one who must have a factor keeps their last."""
    factor = db.scalar(select(SecondFactor).where(SecondFactor.id == factor_id, SecondFactor.person_id == actor.id))
    if factor is None:
        raise NotFound(f"second factor {factor_id}")
    others = [other for other in confirmed_factors(db, actor) if other.id != factor.id]
    if policy.requires(actor) and not others:
        raise Forbidden("add another way to sign in before removing your last one")
    db.execute(delete(SecondFactor).where(SecondFactor.id == factor.id))
    audit.record(db, actor, "second_factor.removed", subject=f"person:{actor.id}", detail={"kind": factor.kind.value})
    db.flush()


_SUBJECT = N_("The second steps of your Teamaround sign-in were removed")
_DEAR = N_("Dear %(name)s,")
_CLEARED = N_(
    "%(person)s, an administrator, removed every second step of your sign-in (authenticator apps, passkeys and "
    "recovery codes) and logged you out everywhere."
)
_NEXT = N_("Sign in with your password and add a new second step on your account page.")
_NOT_ASKED = N_("If you did not ask for this, tell your school at once.")


def clear(db: Session, actor: Person, person_id: int, *, site: Site) -> Person:
    """An administrator clears every second factor and recovery code of someone who lost
    theirs, and ends their sessions: they sign in next with their password alone, then enrol
    again where they must. They are told by mail, so a clearing they did not ask for is seen."""
    require_administrator(actor, "clear second factors")
    person = db.get(Person, person_id)
    if person is None:
        raise NotFound(f"person {person_id}")
    kinds = {kind.value for kind in db.scalars(select(SecondFactor.kind).where(SecondFactor.person_id == person.id))}
    if db.scalar(select(RecoveryCode.id).where(RecoveryCode.person_id == person.id).limit(1)) is not None:
        kinds.add("recovery_code")
    db.execute(delete(SecondFactor).where(SecondFactor.person_id == person.id))
    db.execute(delete(RecoveryCode).where(RecoveryCode.person_id == person.id))
    sessions.end_all(db, person)
    event = audit.record(
        db, actor, "second_factor.cleared", subject=f"person:{person.id}", detail={"kinds": sorted(kinds)}
    )
    if site.mail_enabled:
        reader = site.reader(person.language)
        text = [
            render(Wording(_DEAR, {"name": person.display_name}), reader),
            "",
            render(Wording(_CLEARED, {"person": actor.full_name}), reader),
            render(Wording(_NEXT), reader),
            site.link("login"),
            "",
            render(Wording(_NOT_ASKED), reader),
            "",
        ]
        outbox.enqueue(
            db,
            key=f"second_factor_cleared:{event.id}",
            recipient=person,
            child_id=None,
            subject=render(Wording(_SUBJECT), reader),
            text_body="\n".join(text),
        )
    db.flush()
    return person
