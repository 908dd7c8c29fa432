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
        return None if value is None else _in_utc(value)

    def result_processor(self, dialect, coltype):
        # SQLite gives the stored text: read in one step, a page's hundred times cost half
        # of SQLAlchemy's parse followed by process_result_value.
        if dialect.name == "sqlite":
            return _stored_in_sqlite
        return super().result_processor(dialect, coltype)


def _stored_in_sqlite(value: str | None) -> datetime | None:
    return None if value is None else _in_utc(datetime.fromisoformat(value))


def _in_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)
