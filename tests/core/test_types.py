"""A moment stored in SQLite, which keeps no zone, reads back as the same instant in UTC (core.types)."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Column, Integer, MetaData, Table, insert, select, text

from core.db import make_engine
from core.types import UTCDateTime

metadata = MetaData()
moments = Table("moments", metadata, Column("id", Integer, primary_key=True), Column("at", UTCDateTime))


@pytest.fixture(scope="module")
def sqlite():
    engine = make_engine("sqlite://")
    metadata.create_all(engine)
    yield engine
    engine.dispose()


offsets = st.integers(min_value=-(14 * 60), max_value=14 * 60).map(lambda minutes: timezone(timedelta(minutes=minutes)))


@settings(max_examples=100)
@given(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=offsets))
def test_a_moment_reads_back_as_the_same_instant_in_utc(sqlite, moment):
    with sqlite.begin() as connection:
        connection.execute(moments.delete())
        connection.execute(insert(moments).values(id=1, at=moment))
        read = connection.scalar(select(moments.c.at))
    assert read == moment and read.tzinfo is UTC


def test_a_time_written_by_hand_without_its_fraction_reads_as_utc(sqlite):
    with sqlite.begin() as connection:
        connection.execute(moments.delete())
        connection.execute(text("INSERT INTO moments (id, at) VALUES (1, '2026-12-06 21:10:29')"))
        assert connection.scalar(select(moments.c.at)) == datetime(2026, 12, 6, 21, 10, 29, tzinfo=UTC)
