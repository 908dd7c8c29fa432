"""Realistic data at any size, for benchmarks and load tests: a local authority's
children, their teams and timelines, written with bulk inserts.

It writes straight to the tables (no per-row services, no audit events), which is
what makes millions of entries take minutes; never point it at a live database.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert
from sqlalchemy.orm import Session

from core.models import (
    AgencyConsent,
    Child,
    EntryKind,
    Membership,
    Person,
    PersonKind,
    SenStatus,
    TimelineEntry,
    Visibility,
)

BATCH = 10_000
CHILDREN_PER_SENCO = 40
CHILDREN_PER_PROFESSIONAL = 60
EXTERNAL_AGENCIES = {
    "health": "paediatrician",
    "speech_language": "speech_language_therapist",
    "occupational_therapy": "occupational_therapist",
    "social_care": "social_worker",
}
FIRST = ["Amara", "Leo", "Noah", "Isla", "Zain", "Maya", "Oliver", "Ava", "Yusuf", "Freya", "Kai", "Lily"]
LAST = ["Okafor", "Brennan", "Smith", "Khan", "Jones", "Nowak", "Patel", "Evans", "Ali", "Taylor", "Murphy"]
TITLES = {
    EntryKind.UPDATE: "Update from class",
    EntryKind.HOME_OBSERVATION: "At home this week",
    EntryKind.MESSAGE: "A question for the team",
    EntryKind.MEETING: "Meeting booked",
    EntryKind.PLAN_CHANGE: "Plan updated",
    EntryKind.DOCUMENT: "Report added",
}


@dataclass(frozen=True)
class Generated:
    children: int
    people: int
    memberships: int
    entries: int


def generate(
    db: Session, *, children: int, entries_per_child: int, password_hash: str, seed: int = 1, start_id: int = 0
) -> Generated:
    """Add ``children`` children with full teams and ``entries_per_child`` timeline entries each."""
    rng = random.Random(seed)
    tag = f"g{seed}-{start_id}"
    sencos = _people(
        db, tag, "senco", max(1, children // CHILDREN_PER_SENCO), PersonKind.SCHOOL_STAFF, "school", password_hash
    )
    teachers = _people(db, tag, "teacher", max(1, children // 25), PersonKind.SCHOOL_STAFF, "school", password_hash)
    professionals = {
        agency: _people(
            db,
            tag,
            agency,
            max(1, children // CHILDREN_PER_PROFESSIONAL),
            PersonKind.PROFESSIONAL,
            agency,
            password_hash,
        )
        for agency in EXTERNAL_AGENCIES
    }
    parents = _people(db, tag, "parent", children, PersonKind.PARENT, None, password_hash)
    child_ids = (
        db.execute(
            insert(Child).returning(Child.id),
            [
                {
                    "full_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    "preferred_name": "",
                    "date_of_birth": date(2010, 1, 1) + timedelta(days=rng.randrange(365 * 12)),
                    "year_group": f"Year {rng.randrange(1, 12)}",
                    "sen_status": SenStatus.EHCP if rng.random() < 0.2 else SenStatus.SEN_SUPPORT,
                    "needs": {},
                    "strengths": "",
                    "about_me": "",
                    "created_at": datetime.now(UTC),
                    "version": 1,
                }
                for _ in range(children)
            ],
        )
        .scalars()
        .all()
    )
    memberships, consents = [], []
    now = datetime.now(UTC)
    for index, child_id in enumerate(child_ids):
        team = [
            (sencos[index // CHILDREN_PER_SENCO % len(sencos)], "senco", "school", True),
            (teachers[index % len(teachers)], "class_teacher", "school", False),
            (parents[index], "parent", None, False),
        ]
        for agency, role in EXTERNAL_AGENCIES.items():
            if rng.random() < 0.6:
                team.append((professionals[agency][index % len(professionals[agency])], role, agency, False))
                consents.append(
                    {
                        "child_id": child_id,
                        "agency": agency,
                        "recorded_by_id": team[0][0],
                        "recorded_at": now,
                        "note": "",
                    }
                )
        memberships += [
            {
                "person_id": person_id,
                "child_id": child_id,
                "role": role,
                "agency": agency,
                "is_lead": lead,
                "joined_at": now,
            }
            for person_id, role, agency, lead in team
        ]
    _bulk(db, Membership, memberships)
    _bulk(db, AgencyConsent, consents)
    authors = {m["child_id"]: [] for m in memberships}
    for membership in memberships:
        authors[membership["child_id"]].append((membership["person_id"], membership["agency"]))
    entries = _entries(db, rng, child_ids, authors, entries_per_child, now)
    return Generated(
        children=len(child_ids),
        people=len(sencos) + len(teachers) + len(parents) + sum(len(p) for p in professionals.values()),
        memberships=len(memberships),
        entries=entries,
    )


def _people(db, tag, role, count, kind, agency, password_hash) -> list[int]:
    rows = [
        {
            "full_name": f"{role.replace('_', ' ').title()} {number}",
            "addressed_as": "",
            "email": f"{role}.{number}.{tag}@generated.teamaround.example",
            "phone": "",
            "kind": kind,
            "agency": agency,
            "preferred_contact": "email",
            "language": "en",
            "interpreter_needed": False,
            "shares_contact_details": False,
            "password_hash": password_hash,
            "active": True,
            "session_version": 1,
            "created_at": datetime.now(UTC),
        }
        for number in range(count)
    ]
    return db.execute(insert(Person).returning(Person.id), rows).scalars().all()


def _entries(db, rng, child_ids, authors, per_child, now) -> int:
    """Rows are built lazily and written in batches, so memory stays flat at any size."""
    kinds = list(TITLES)
    written = 0

    def rows():
        for child_id in child_ids:
            team = authors[child_id]
            for number in range(per_child):
                author_id, agency = rng.choice(team)
                kind = EntryKind.HOME_OBSERVATION if agency is None else rng.choice(kinds)
                visibility = Visibility.TEAM if agency is None else rng.choices(list(Visibility), weights=(7, 2, 1))[0]
                yield {
                    "child_id": child_id,
                    "author_id": author_id,
                    "agency": agency,
                    "kind": kind,
                    "title": f"{TITLES[kind]} ({number})",
                    "body": "Generated for a benchmark.",
                    "occurred_at": now - timedelta(minutes=rng.randrange(60 * 24 * 365 * 3)),
                    "posted_at": now,
                    "visibility": visibility,
                    "payload": None,
                    "payload_schema": None,
                    "payload_version": None,
                    "version": 1,
                }

    batch = []
    for row in rows():
        batch.append(row)
        if len(batch) == BATCH:
            db.execute(insert(TimelineEntry), batch)
            written, batch = written + len(batch), []
    if batch:
        db.execute(insert(TimelineEntry), batch)
    return written + len(batch)


def _bulk(db, model, rows) -> None:
    for start in range(0, len(rows), BATCH):
        db.execute(insert(model), rows[start : start + BATCH])
