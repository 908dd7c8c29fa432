"""How much a deep timeline page costs with keyset paging against OFFSET paging.

Builds one child with many entries in a temporary SQLite database, then times
reading the page that starts at the given depth both ways in the same run.

    .venv/bin/python bench/timeline_keyset.py --entries 200000 --depth 150000
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from core.db import make_engine, make_session_factory
from core.migrations import upgrade
from core.models import EntryKind, Person, TimelineEntry, Visibility
from core.people import team
from core.plugins import load_plugins
from core.timeline import entries as timeline


def build(db, entries: int):
    senco = team.create_person(
        db, {"full_name": "SENCO", "email": "s@example.org", "kind": "school_staff", "agency": "school"}
    )
    child = team.create_child(db, senco, {"full_name": "Bench Child", "date_of_birth": "2018-01-01"})
    start = datetime(2020, 1, 1, tzinfo=UTC)
    rows = [
        {
            "child_id": child.id,
            "author_id": senco.id,
            "agency": "school",
            "kind": EntryKind.UPDATE,
            "title": f"entry {n}",
            "body": "",
            "occurred_at": start + timedelta(minutes=n // 3),
            "posted_at": start,
            "visibility": Visibility.TEAM,
            "version": 1,
        }
        for n in range(entries)
    ]
    db.execute(insert(TimelineEntry), rows)
    db.commit()
    return senco.id, child.id


def median_ms(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--depth", type=int, default=75_000)
    parser.add_argument("--repeats", type=int, default=25)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{Path(directory) / 'bench.sqlite'}"
        upgrade(url)
        factory = make_session_factory(make_engine(url))
        host = load_plugins()
        with factory() as db:
            person_id, child_id = build(db, options.entries)
            person = db.get(Person, person_id)
            ordered = (
                select(TimelineEntry)
                .where(TimelineEntry.child_id == child_id)
                .order_by(TimelineEntry.occurred_at.desc(), TimelineEntry.id.desc())
            )
            before = db.scalars(ordered.offset(options.depth - 1).limit(1)).one()
            cursor = timeline.encode_cursor(before)

            def keyset():
                timeline.read_timeline(db, person, child_id, {"cursor": cursor, "limit": 50})
                db.rollback()

            def offset():
                db.scalars(ordered.offset(options.depth).limit(51)).all()
                db.rollback()

            keyset_ms, offset_ms = median_ms(keyset, options.repeats), median_ms(offset, options.repeats)
            first_ms = median_ms(
                lambda: (timeline.read_timeline(db, person, child_id, {"limit": 50}), db.rollback()), options.repeats
            )
        del host
    print(f"entries={options.entries} depth={options.depth} page=50 (median of {options.repeats})")
    print(f"first page (keyset):      {first_ms:8.2f} ms")
    print(f"deep page, keyset cursor: {keyset_ms:8.2f} ms  ratio to first page {keyset_ms / first_ms:.2f}")
    print(f"deep page, OFFSET:        {offset_ms:8.2f} ms  ratio to first page {offset_ms / first_ms:.2f}")


if __name__ == "__main__":
    main()
