"""The demo child's support plan: targets in four areas of need, one on track and one behind,
strategies at home and at school, provision with a delivery log, and a review date."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from sqlalchemy.orm import Session

from core.models import Child, Person, Plan
from core.plans import content as plans
from core.plans import reviews, versions
from core.site import Site
from core.types import utcnow

PLAN_WEEKS = 13  # a term: the plan started ten weeks ago and is reviewed in three


def build_demo_plan(db: Session, senco: Person, child: Child, people: Mapping[str, Person], site: Site) -> Plan:
    """Give ``child`` an agreed plan with data behind it.

    ``people`` are the demo accounts by their key in :data:`demo.seed.PEOPLE`; the plan
    uses ``teacher``, ``slt``, ``ot`` and the parent ``grace``, who must be in the team.
    """
    today = utcnow().date()
    started = _monday_of(today) - timedelta(weeks=10)
    review_on = started + timedelta(weeks=PLAN_WEEKS)
    teacher, slt, ot, parent = people["teacher"], people["slt"], people["ot"], people["grace"]
    plan = plans.create_plan(
        db,
        senco,
        child.id,
        {"parent_views": "We want her to feel confident joining in, and to enjoy books at bedtime again."},
        site=site,
    )

    def outcome(area, text, unit, baseline, target, owner):
        data = {
            "area": area,
            "text": text,
            "unit": unit,
            "baseline_value": baseline,
            "baseline_on": started.isoformat(),
            "target_value": target,
            "target_on": review_on.isoformat(),
            "owner_id": owner.id,
        }
        return plans.add_outcome(db, senco, plan.id, data, site=site)

    instructions = outcome(
        "communication_and_interaction",
        "Follows a two-step instruction in class without a reminder",
        "times out of 5",
        1,
        4,
        slt,
    )
    reading = outcome(
        "cognition_and_learning",
        "Reads words from the Year 2 common exception word list",
        "words out of 20",
        6,
        16,
        teacher,
    )
    mornings = outcome(
        "social_emotional_mental_health", "Comes into class calmly in the morning", "upsets a week", 4, 1, teacher
    )
    zip_up = outcome("sensory_and_physical", "Does up her coat zip on her own", "days out of 5", 0, 5, ot)

    for text, where in [
        ("Give one instruction at a time, with a picture for each step", "school"),
        ("Picture timetable for the morning routine, on the fridge", "home"),
        ("Say five minutes before an activity changes, with a sand timer", "both"),
        ("Practise the coat zip with a big zip pull before home time", "both"),
    ]:
        plans.add_strategy(db, senco, plan.id, {"text": text, "where": where}, site=site)

    language = plans.add_provision(
        db,
        senco,
        plan.id,
        {
            "support": "Speech and language group: following instructions and describing",
            "person_id": slt.id,
            "sessions_per_week": 1,
            "minutes_per_session": 30,
            "starts_on": started.isoformat(),
            "ends_on": review_on.isoformat(),
        },
        site=site,
    )
    precision = plans.add_provision(
        db,
        senco,
        plan.id,
        {
            "support": "Precision teaching of reading words with a teaching assistant",
            "person_id": teacher.id,
            "sessions_per_week": 3,
            "minutes_per_session": 10,
            "starts_on": started.isoformat(),
            "ends_on": review_on.isoformat(),
        },
        site=site,
    )
    reviews.schedule_review(db, senco, plan.id, {"due_on": review_on.isoformat()}, site=site)
    versions.agree_plan(db, senco, plan.id, expected_version=plan.version, site=site)

    # What the data shows: instructions on track, reading behind, calm mornings already
    # reached, the zip practised at home on track.
    _readings(db, slt, instructions, started, [(4, 2), (8, 3)])
    _readings(db, teacher, reading, started, [(3, 7), (6, 7), (9, 8)])
    _readings(db, teacher, mornings, started, [(5, 3), (9, 1)])
    _readings(db, parent, zip_up, started, [(9, 4)], note="Did it on her own every day but Friday.")

    for week in range(10):
        monday = started + timedelta(weeks=week)
        missed = week == 6
        plans.record_session(
            db,
            slt,
            language.id,
            {
                "held_on": (monday + timedelta(days=1)).isoformat(),
                "delivered": not missed,
                "missed_reason": "Owen was on a training course." if missed else "",
            },
        )
        for day in (0, 2, 4):
            if week in (3, 7) and day == 4:
                continue  # not logged: a school trip, and an INSET day
            plans.record_session(
                db, teacher, precision.id, {"held_on": (monday + timedelta(days=day)).isoformat(), "delivered": True}
            )
    return plan


def _readings(db, person, outcome, started: date, weeks_and_values, note: str = "") -> None:
    for weeks, value in weeks_and_values:
        taken_on = started + timedelta(weeks=weeks, days=2)
        plans.record_reading(db, person, outcome.id, {"taken_on": taken_on.isoformat(), "value": value, "note": note})


def _monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())
