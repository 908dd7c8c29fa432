"""A school's whole roster imported: 10,000 pupils, each with two parents or carers (siblings
share theirs), from a OneRoster 1.2 CSV bundle. Reading and previewing the bundle, then
applying its plan through the job queue in batches, as `teamaround roster import` does
(matching, conflict checks, links, audit events), timed per pupil against a bulk
insert of the same children, people and memberships with SQLAlchemy Core's executemany
into a fresh database of the same schema: the library alone. The invitations of the people
added are a job of their own after the import (--invitations times it too).

    .venv/bin/python bench/roster_import.py [--pupils 10000] [--database postgresql] [--invitations]
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, timedelta

from harness import ROOT, copy_of, database, machine

sys.path.append(str(ROOT / "tests"))

from roster_exports import Bundle, User  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from core.db import make_engine, make_session_factory  # noqa: E402
from core.jobs import queue  # noqa: E402
from core.migrations import upgrade  # noqa: E402
from core.models import Child, Membership, Person  # noqa: E402
from core.plugins import load_plugins  # noqa: E402
from core.roster import apply, files  # noqa: E402
from core.roster.preview import preview  # noqa: E402
from core.site import Site  # noqa: E402
from core.types import utcnow  # noqa: E402

GOAL_SECONDS = 60
# One pupil in four has a brother or sister before them in the file, with the same parents.
SIBLINGS_EVERY = 4


def school(pupils: int) -> Bundle:
    users, born = [], date(2012, 9, 1)
    for number in range(pupils):
        family = number - 1 if number % SIBLINGS_EVERY == 1 else number
        guardians = (f"m{family}", f"f{family}")
        users.append(
            User(
                f"p{number}",
                "student",
                f"Pupil{number}",
                f"Family{family}",
                agents=guardians,
                grades=f"Y{number % 7 + 1}",
                born=(born + timedelta(days=number % 2500)).isoformat(),
            )
        )
        if family == number:
            users += [
                User(
                    f"m{family}",
                    "parent",
                    "Mother",
                    f"Family{family}",
                    email=f"m{family}@example.org",
                    phone=f"07700 {family:06d}",
                ),
                User(f"f{family}", "guardian", "Carer", f"Family{family}", email=f"f{family}@example.org"),
            ]
    return Bundle(users)


def imported(url: str, bundle: bytes, *, invite: bool) -> tuple[float, float, float, int]:
    """Seconds to read and preview, to apply, and to invite the people added; how many operations."""
    sessions = make_session_factory(make_engine(url))
    site = Site(host=load_plugins())
    started = time.perf_counter()
    with sessions() as db, db.begin():
        shown = preview(db, files.roster_of(bundle, None))
        assert shown.may_apply, shown.refusals[:3]
        run = apply.keep(db, None, shown, file_name="bench.zip")
        apply.queue_apply(db, None, run, shown)
    previewed = time.perf_counter()
    applying, inviting = apply.job_kinds(site)
    queue.run_due(sessions, [applying])
    applied = time.perf_counter()
    if invite:
        queue.run_due(sessions, [inviting])
    invited = time.perf_counter()
    with sessions() as db:
        assert db.get(apply.RosterImport, run.id).finished_at is not None
    return previewed - started, applied - previewed, invited - applied, len(shown.plan)


def bulk_inserted(url: str, bundle: Bundle) -> float:
    """Seconds to insert the same children, people and memberships with executemany."""
    engine = make_engine(url)
    now = utcnow()
    pupils = [user for user in bundle.users if user.role == "student"]
    adults = [user for user in bundle.users if user.role != "student"]
    started = time.perf_counter()
    with engine.begin() as connection:
        connection.execute(
            insert(Child),
            [
                {
                    "id": number + 1,
                    "full_name": f"{user.given} {user.family}",
                    "preferred_name": "",
                    "date_of_birth": date.fromisoformat(user.born),
                    "year_group": user.grades,
                    "sen_status": "sen_support",
                    "needs": {},
                    "strengths": "",
                    "about_me": "",
                    "created_at": now,
                    "version": 1,
                }
                for number, user in enumerate(pupils)
            ],
        )
        connection.execute(
            insert(Person),
            [
                {
                    "id": number + 1,
                    "full_name": f"{user.given} {user.family}",
                    "addressed_as": "",
                    "email": user.email,
                    "phone": user.phone,
                    "kind": "parent",
                    "preferred_contact": "email",
                    "language": "en",
                    "interpreter_needed": False,
                    "shares_contact_details": False,
                    "active": True,
                    "created_at": now,
                }
                for number, user in enumerate(adults)
            ],
        )
        person_ids = {user.id: number + 1 for number, user in enumerate(adults)}
        connection.execute(
            insert(Membership),
            [
                {
                    "person_id": person_ids[agent],
                    "child_id": number + 1,
                    "role": "parent",
                    "is_lead": False,
                    "joined_at": now,
                    "relationship_to_child": "parent",
                }
                for number, user in enumerate(pupils)
                for agent in user.agents
            ],
        )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=10_000)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument(
        "--invitations",
        action="store_true",
        help="Time the invitations job too (a separate job after the import; minutes at 10,000)",
    )
    options = parser.parse_args()
    print(machine())
    bundle = school(options.pupils)
    content = bundle.zip()
    adults = sum(user.role != "student" for user in bundle.users)
    with database(options.database) as url:
        upgrade(url)
        empty = copy_of(url, "bulk")
        started = time.perf_counter()
        reading, applying, inviting, operations = imported(url, content, invite=options.invitations)
        bulk = bulk_inserted(empty, bundle)
        total = time.perf_counter() - started - inviting
    per_pupil = (reading + applying) / options.pupils * 1000
    baseline = bulk / options.pupils * 1000
    print(f"{options.pupils:,} pupils, {adults:,} parents and carers, {operations:,} operations, on {options.database}")
    print(f"read and preview {reading:.1f} s, apply through the job queue {applying:.1f} s: {per_pupil:.2f} ms a pupil")
    if options.invitations:
        print(
            f"then, as a job of its own, invite the {adults:,} people added (a link and an audit event each; "
            f"no mail server set): {inviting:.1f} s, {inviting / adults * 1000:.2f} ms a person (not in the goal)"
        )
    print(f"bulk insert of the same rows (SQLAlchemy Core executemany): {bulk:.2f} s, {baseline:.3f} ms a pupil")
    print(
        f"import / bulk insert: {per_pupil / baseline:.1f}x; all in {total:.1f} s "
        f"(goal < {GOAL_SECONDS} s: {'met' if total < GOAL_SECONDS else 'NOT met'})"
    )
    if total >= GOAL_SECONDS:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
