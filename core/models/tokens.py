"""Personal API tokens that agency systems use instead of a browser session."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.models.base import Base, enum_column
from core.models.people import Person
from core.types import UTCDateTime, utcnow


class TokenScope(enum.StrEnum):
    """What a token may do: read only, or read and write (post, correct, withdraw, upload)."""

    READ = "read"
    READ_WRITE = "read_write"


class ApiToken(Base):
    """A named token a person creates and revokes; only its hash is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    scope: Mapped[TokenScope] = mapped_column(enum_column(TokenScope, "token_scope"), default=TokenScope.READ_WRITE)

    person: Mapped[Person] = relationship()

    __table_args__ = (Index("ix_api_tokens_person_id", "person_id"),)
