"""The SENCO's "families waiting for a reply" with and without the index of a thread's replies.

The dashboard asks, of each family message of a SENCO's children, whether someone in the
school answered it later in its thread (``core.messaging.dashboard``). Without an index of
``timeline_entries.reply_to_id`` that read the whole timeline table for each message (SQLite)
or hashed it whole (PostgreSQL), so the home page's cost grew with every child in the
database. Prints the query's time on the clock and ``dashboard()``'s CPU, median of 7, with
the index, without it (dropped) and with it again.

    .venv/bin/python bench/families_waiting.py [--children 400] [--database postgresql]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import harness
from sqlalchemy import event, select, text

INDEX = "ix_timeline_entries_reply_to"
MAKE_INDEX = f"CREATE INDEX {INDEX} ON timeline_entries (reply_to_id) WHERE reply_to_id IS NOT NULL"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=400, help="250 entries each; a SENCO has 40")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--repeats", type=int, default=7)
    options = parser.parse_args()
    print(harness.machine(), flush=True)
    with harness.database(options.database) as url:
        print(harness.generate(url, options.children), flush=True)
        os.environ.update(harness.environment(url))
        from core.messaging import dashboard
        from core.models import Membership, Person
        from core.types import utcnow
        from webui import create_app

        app = create_app()
        sessions, engine = app.extensions["teamaround.sessions"], app.extensions["teamaround.engine"]
        waiting: list[float] = []

        @event.listens_for(engine, "before_cursor_execute")
        def started(connection, _cursor, statement, *_):
            connection.info["started"] = time.perf_counter()

        @event.listens_for(engine, "after_cursor_execute")
        def ended(connection, _cursor, statement, *_):
            if "coalesce" in statement:  # the thread's first message: coalesce(reply_to_id, id)
                waiting.append((time.perf_counter() - connection.info["started"]) * 1000)

        for label, change in (
            ("with the index", None),
            ("without it", f"DROP INDEX {INDEX}"),
            ("with it again", MAKE_INDEX),
        ):
            with sessions() as db, db.begin():
                if change:
                    db.execute(text(change))
                db.execute(text("ANALYZE"))
            waiting.clear()
            cpu = []
            for _ in range(options.repeats):
                with sessions() as db, db.begin():
                    senco = db.scalars(
                        select(Person)
                        .join(Membership, Membership.person_id == Person.id)
                        .where(Membership.role == "senco")
                    ).first()
                    before = time.process_time()
                    board = dashboard.dashboard(db, senco, utcnow(), "Europe/London")
                    cpu.append((time.process_time() - before) * 1000)
            print(
                f"{options.database}, {options.children} children, {label}: the query "
                f"{statistics.median(waiting):.1f} ms on the clock, dashboard() {statistics.median(cpu):.1f} CPU ms "
                f"(median of {options.repeats}); {len(board.unanswered_messages)} messages waiting",
                flush=True,
            )


if __name__ == "__main__":
    main()
