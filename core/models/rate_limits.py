"""Rate-limit counters kept in the application's own database, shared by every process."""

from __future__ import annotations

from sqlalchemy import Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base


class RateLimitCounter(Base):
    """Requests counted under one key (a token, an address) in the window that ends at
    ``expires_at`` (seconds since the epoch, as the ``limits`` library counts time)."""

    __tablename__ = "rate_limit_counters"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[float] = mapped_column(Float)

    # Ended windows are deleted whenever a key starts one (core.rate_limits): found by the
    # time they end, not by reading every counter.
    __table_args__ = (Index("ix_rate_limit_counters_expires_at", "expires_at"),)
