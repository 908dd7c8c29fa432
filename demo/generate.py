"""Realistic data at any size, for benchmarks and load tests: a local authority's
children, their teams, timelines, plans and meetings, written with bulk inserts.

It writes straight to the tables (no per-row services, no audit events), which is
what makes millions of entries take minutes; never point it at a live database.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert
from sqlalchemy.orm import Session

from core.models import (
    AgencyConsent,
    AreaOfNeed,
    Child,
    EntryKind,
    Meeting,
    MeetingAttendee,
    MeetingPurpose,
    MeetingStatus,
    Membership,
    Outcome,
    Person,
    PersonKind,
    Plan,
    PlanStatus,
    PlanVersion,
    ProgressReading,
    Provision,
    ProvisionSession,
    Review,
    Rsvp,
    SenStatus,
    Strategy,
    StrategyPlace,
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


# Each child's plan: a term's SMART targets with readings, what helps, support with a
# delivery log; and two meetings, one held and one to come.
OUTCOMES_PER_PLAN = 3
READINGS_PER_OUTCOME = 4
SESSIONS_LOGGED = 16
PLAN_WEEKS = 13


@dataclass(frozen=True)
class Generated:
    children: int
    people: int
    memberships: int
    entries: int
    plans: int
    meetings: int


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
    teams = {child_id: {"parent": parents[index], "teacher": teachers[index % len(teachers)],
                        "lead": sencos[index // CHILDREN_PER_SENCO % len(sencos)]}
             for index, child_id in enumerate(child_ids)}
    _plans(db, rng, teams, now)
    _meetings(db, teams, now)
    return Generated(
        children=len(child_ids),
        people=len(sencos) + len(teachers) + len(parents) + sum(len(p) for p in professionals.values()),
        memberships=len(memberships),
        entries=entries,
        plans=len(child_ids),
        meetings=2 * len(child_ids),
    )


def _ids(db, model, rows) -> list[int]:
    """Insert ``rows`` and return their new ids in the same order."""
    found = []
    for start in range(0, len(rows), BATCH):
        statement = insert(model).returning(model.id, sort_by_parameter_order=True)
        found += db.execute(statement, rows[start : start + BATCH]).scalars().all()
    return found


def _plans(db, rng, teams, now) -> None:
    """An agreed plan per child, started ten weeks ago and reviewed in three."""
    today = now.date()
    started = today - timedelta(weeks=10)
    review_on = started + timedelta(weeks=PLAN_WEEKS)
    child_ids = list(teams)
    plan_ids = _ids(db, Plan, [
        {"child_id": child_id, "cycle": 1, "status": PlanStatus.AGREED, "needs": {}, "child_views": "",
         "parent_views": "", "created_by_id": teams[child_id]["lead"], "created_at": now, "updated_at": now,
         "version": 1}
        for child_id in child_ids
    ])
    plans = list(zip(child_ids, plan_ids, strict=True))
    _bulk(db, PlanVersion, [
        {"plan_id": plan_id, "number": 1, "snapshot": {"plan_id": plan_id, "cycle": 1}, "changes": [],
         "agreed_by_id": teams[child_id]["lead"], "agreed_at": now}
        for child_id, plan_id in plans
    ])
    _bulk(db, Review, [{"plan_id": plan_id, "due_on": review_on, "created_at": now} for _, plan_id in plans])
    _bulk(db, Strategy, [
        {"plan_id": plan_id, "text": text, "where": where, "created_at": now, "version": 1}
        for _, plan_id in plans
        for text, where in (("Picture timetable for the morning", StrategyPlace.HOME),
                            ("One instruction at a time", StrategyPlace.SCHOOL))
    ])
    areas = list(AreaOfNeed)
    outcome_rows = [
        {"plan_id": plan_id, "area": areas[number % len(areas)], "text": f"Generated target {number + 1}",
         "unit": "times out of 10", "baseline_value": 2.0, "baseline_on": started, "target_value": 8.0,
         "target_on": review_on, "owner_id": teams[child_id]["teacher"], "owner_agency": "school",
         "created_at": now, "version": 1}
        for child_id, plan_id in plans
        for number in range(OUTCOMES_PER_PLAN)
    ]
    outcome_ids = _ids(db, Outcome, outcome_rows)
    _bulk(db, ProgressReading, [
        {"outcome_id": outcome_id, "taken_on": started + timedelta(weeks=2 * (number + 1)),
         "value": float(2 + number + rng.randrange(2)), "note": "",
         "recorded_by_id": row["owner_id"], "recorded_at": now, "from_home": False}
        for outcome_id, row in zip(outcome_ids, outcome_rows, strict=True)
        for number in range(READINGS_PER_OUTCOME)
    ])
    provision_ids = _ids(db, Provision, [
        {"plan_id": plan_id, "support": "Small-group work with a teaching assistant",
         "person_id": teams[child_id]["teacher"], "agency": "school", "sessions_per_week": 2.0,
         "minutes_per_session": 20, "starts_on": started, "ends_on": review_on, "created_at": now, "version": 1}
        for child_id, plan_id in plans
    ])
    def session(provision_id: int, teacher_id: int, number: int) -> dict:
        missed = rng.random() < 0.1  # about one session in ten is missed, and says why
        return {"provision_id": provision_id, "held_on": started + timedelta(days=3 * number + 1),
                "delivered": not missed, "missed_reason": "Staff absence" if missed else "",
                "recorded_by_id": teacher_id, "recorded_at": now}

    _bulk(db, ProvisionSession, [
        session(provision_id, teams[child_id]["teacher"], number)
        for (child_id, _), provision_id in zip(plans, provision_ids, strict=True)
        for number in range(SESSIONS_LOGGED)
    ])


def _meetings(db, teams, now) -> None:
    """A review meeting held a month ago, and a team meeting in two weeks, for each child."""
    rows, people = [], []
    for child_id, team in teams.items():
        for days, purpose, title, status in (
            (-30, MeetingPurpose.IEP_REVIEW, "Plan review", MeetingStatus.CONFIRMED),
            (14, MeetingPurpose.TAC_MEETING, "Team around the child meeting", MeetingStatus.PROPOSED),
        ):
            starts = (now + timedelta(days=days)).replace(hour=15, minute=30, second=0, microsecond=0)
            rows.append({"child_id": child_id, "organiser_id": team["lead"], "purpose": purpose,
                         "title": title, "starts_at": starts,
                         "ends_at": starts + timedelta(hours=1), "location": "School library", "online_link": "",
                         "status": status, "uid": f"{uuid.uuid4()}@generated.teamaround.example", "sequence": 0,
                         "agenda": {}, "notes": {}, "created_at": now, "updated_at": now, "version": 1})
            people.append(team)
    meeting_ids = _ids(db, Meeting, rows)
    _bulk(db, MeetingAttendee, [
        {"meeting_id": meeting_id, "person_id": team[role], "required": role != "teacher", "rsvp": answer}
        for meeting_id, team in zip(meeting_ids, people, strict=True)
        for role, answer in (("lead", Rsvp.ACCEPTED), ("parent", Rsvp.NEEDS_ACTION), ("teacher", Rsvp.ACCEPTED))
    ])


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
