"""Accounts: the adults around a child, and their logins."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.models.base import Base, enum_column
from core.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from core.models.children import Membership
    from core.models.roster import RosterLink


class PersonKind(enum.StrEnum):
    PARENT = "parent"
    SCHOOL_STAFF = "school_staff"
    PROFESSIONAL = "professional"
    ADMINISTRATOR = "administrator"


class ContactChannel(enum.StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    TEXT = "text"
    FACE_TO_FACE = "face_to_face"


class Person(Base):
    """An account: a parent or carer, school staff, an agency professional, an administrator."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    addressed_as: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(320), unique=True)
    phone: Mapped[str] = mapped_column(String(40), default="")
    kind: Mapped[PersonKind] = mapped_column(enum_column(PersonKind, "person_kind"))
    agency: Mapped[str | None] = mapped_column(String(64))
    preferred_contact: Mapped[ContactChannel] = mapped_column(
        enum_column(ContactChannel, "contact_channel"), default=ContactChannel.EMAIL
    )
    language: Mapped[str] = mapped_column(String(16), default="en")
    interpreter_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    # A parent's e-mail and phone are shown to other members only with their agreement.
    shares_contact_details: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Moved by every change, so that another system changes the account on the version it read.
    version: Mapped[int] = mapped_column(Integer, default=1)

    memberships: Mapped[list[Membership]] = relationship(back_populates="person", foreign_keys="Membership.person_id")
    # How other systems know the person (core.people.directory): the roster import's and the API's.
    identifiers: Mapped[list[RosterLink]] = relationship(viewonly=True, order_by="RosterLink.id")

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_parent(self) -> bool:
        return self.kind is PersonKind.PARENT

    @property
    def display_name(self) -> str:
        return self.addressed_as or self.full_name


class LoginAttempt(Base):
    """One try at logging in, kept a short while to slow down password guessing."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320))
    address: Mapped[str] = mapped_column(String(64))
    # What the throttle counts the address as: an IPv6 address's whole /64 (core.people.throttle).
    network: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    succeeded: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (
        Index("ix_login_attempts_email_at", "email", "at"),
        Index("ix_login_attempts_network_at", "network", "at"),
    )


class LoginSession(Base):
    """One signed-in browser, kept on the server so that the server decides when it ends.

    The browser's cookie holds a random secret; only its SHA-256 is kept here, as for API
    tokens (core.people.sessions).
    """

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Signed in by one who must use a second factor and has none: until they enrol one,
    # the session opens nothing but enrolment (core.people.factors).
    enrolment_required: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    __table_args__ = (Index("ix_login_sessions_person_id", "person_id"),)
