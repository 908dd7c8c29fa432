"""Second factors of signing in: authenticator apps (TOTP), passkeys, recovery codes, and
the single-use steps of a sign-in in progress."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base, enum_column
from core.types import UTCDateTime, utcnow


class FactorKind(enum.StrEnum):
    TOTP = "totp"
    PASSKEY = "passkey"


class SecondFactor(Base):
    """An authenticator app or a passkey a person signs in with.

    An app's shared secret is kept encrypted (core.people.factor_secrets); an app counts
    only once confirmed with a code from it. A passkey keeps only its public key.
    """

    __tablename__ = "second_factors"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    kind: Mapped[FactorKind] = mapped_column(enum_column(FactorKind, "factor_kind"))
    name: Mapped[str] = mapped_column(String(100), default="")
    encrypted_secret: Mapped[str | None] = mapped_column(String(255))
    # The newest 30-second step whose code was accepted: a code is never accepted twice.
    last_time_step: Mapped[int | None] = mapped_column(Integer)
    credential_id: Mapped[bytes | None] = mapped_column(LargeBinary(1024), unique=True)
    public_key: Mapped[bytes | None] = mapped_column(LargeBinary(2048))
    sign_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_second_factors_person_id", "person_id"),)


class RecoveryCode(Base):
    """One single-use code for signing in without one's app or passkey; only its hash is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    code_hash: Mapped[str] = mapped_column(String(255))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_recovery_codes_person_id", "person_id"),)


class SignInStep(Base):
    """A step of signing in that the server waits for, used once: the second factor after a
    right password, or a passkey's challenge. The browser holds only its secret's SHA-256
    here (as for sessions), so a copied cookie cannot replay a step already taken."""

    __tablename__ = "sign_in_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(32))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    challenge: Mapped[bytes | None] = mapped_column(LargeBinary(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
