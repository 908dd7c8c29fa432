"""Reusable column types."""

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

# Keys are Integer columns: 32 bits on PostgreSQL. A larger id names no record, and
# must be refused before it reaches a query, where it would overflow the parameter.
LARGEST_ID = 2**31 - 1


class UTCDateTime(TypeDecorator):
    """An aware datetime stored as UTC.

    SQLite keeps no zone, so every value is converted to UTC on the way in and
    marked UTC on the way out; a naive datetime is refused rather than guessed.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: give a time zone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)
