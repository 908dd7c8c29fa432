"""Links mailed to a person that let them in once: an invitation, a password reset."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.models.base import Base, enum_column
from core.models.people import Person
from core.types import UTCDateTime, utcnow


class LinkPurpose(enum.StrEnum):
    INVITATION = "invitation"
    PASSWORD_RESET = "password_reset"


class AccountLink(Base):
    """One single-use link: only its secret's hash is kept, as for API tokens.

    It opens nothing once used, once past ``expires_at``, or once ended unused
    (``ended_at``: a newer link of the same kind, a new password, a closed account).
    """

    __tablename__ = "account_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    purpose: Mapped[LinkPurpose] = mapped_column(enum_column(LinkPurpose, "link_purpose"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Who sent an invitation; None for a reset the person asked for, or the command line.
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[Person] = relationship(foreign_keys=[person_id])

    __table_args__ = (Index("ix_account_links_person_id_purpose", "person_id", "purpose"),)
