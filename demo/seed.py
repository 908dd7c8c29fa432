"""A realistic demo team: two children, their parents, a SENCO, a class teacher and
one professional of each built-in agency, with a timeline of every kind of entry."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.access import child_access
from core.errors import NotFound
from core.meetings import booking
from core.messaging import notifications
from core.models import (
    EntryKind,
    Meeting,
    MeetingAttendee,
    MeetingPurpose,
    MeetingStatus,
    NotificationKind,
    Person,
    PersonKind,
    Rsvp,
    Visibility,
)
from core.people import consent, team
from core.plugins import PluginHost
from core.site import Site
from core.timeline import entries as timeline
from core.types import utcnow
from demo.ehc import build_demo_ehc_case
from demo.plan import build_demo_plan
from demo.referrals import build_demo_referral

DEMO_PASSWORD = "teamaround-demo"
SCHOOL_ZONE = ZoneInfo("Europe/London")

PEOPLE = [
    # key, name, addressed as, email, kind, agency
    ("senco", "Priya Shah", "Mrs Shah", "senco@demo.teamaround.example", "school_staff", "school"),
    ("teacher", "Daniel Hughes", "Mr Hughes", "teacher@demo.teamaround.example", "school_staff", "school"),
    ("grace", "Grace Okafor", "Grace", "grace.okafor@demo.teamaround.example", "parent", None),
    ("tom", "Tom Brennan", "Tom", "tom.brennan@demo.teamaround.example", "parent", None),
    ("health", "Dr Fiona Marsh", "Dr Marsh", "paediatrician@demo.teamaround.example", "professional", "health"),
    ("slt", "Owen Davies", "Owen", "slt@demo.teamaround.example", "professional", "speech_language"),
    ("ot", "Hannah Clarke", "Hannah", "ot@demo.teamaround.example", "professional", "occupational_therapy"),
    ("social", "Marcus Reid", "Marcus", "social.worker@demo.teamaround.example", "professional", "social_care"),
    ("admin", "Sam Patel", "Sam", "admin@demo.teamaround.example", "administrator", None),
]

ROLES = {
    "teacher": "class_teacher",
    "health": "paediatrician",
    "slt": "speech_language_therapist",
    "ot": "occupational_therapist",
    "social": "social_worker",
}


def demo_logins() -> list[tuple[str, str, str]]:
    """(name, email, password) of every demo account, for the console."""
    return [(name, email, DEMO_PASSWORD) for _, name, _, email, _, _ in PEOPLE]


def ensure_demo(db: Session, host: PluginHost, hasher: PasswordHasher) -> bool:
    """Fill an empty database with the demo team; return False if it was there already."""
    if db.scalar(select(Person.id).where(Person.email == PEOPLE[0][3])) is not None:
        return False
    password_hash = hasher.hash(DEMO_PASSWORD)
    people = {
        key: team.create_person(
            db,
            {"full_name": name, "addressed_as": addressed, "email": email, "kind": kind, "agency": agency},
            password_hash=password_hash,
        )
        for key, name, addressed, email, kind, agency in PEOPLE
    }
    # The demo parent reads her news in one e-mail after school.
    notifications.set_preferences(db, people["grace"], {kind.value: "daily_digest" for kind in NotificationKind})
    amara = _amara(db, people, host)
    build_demo_plan(db, people["senco"], amara, people, Site(host=host))
    _meetings(db, people, amara, Site(host=host))
    build_demo_ehc_case(db, people["senco"], amara, Site(host=host))
    build_demo_referral(db, people["senco"], amara, Site(host=host))
    leo = _leo(db, people, host)
    _assessments(db, people, host, [amara, leo])
    after_school = datetime.combine(utcnow().astimezone(SCHOOL_ZONE).date() + timedelta(days=1), time(18), SCHOOL_ZONE)
    notifications.queue_emails(db, after_school, Site(host=host))
    return True


def _build_team(db, people, child_data, parent_key, professionals):
    senco = people["senco"]
    child = team.create_child(db, senco, child_data)
    team.add_member(db, senco, child.id, {"person_id": people[parent_key].id, "role": "parent"})
    for key in professionals:
        person = people[key]
        if person.kind is PersonKind.PROFESSIONAL:
            consent.record_consent(db, senco, child.id, person.agency, note="Agreed at the family meeting.")
        team.add_member(db, senco, child.id, {"person_id": person.id, "role": ROLES[key]})
    return child


def _school_day_time(days_ago: int) -> datetime:
    """A plausible time of day, in the school's zone, ``days_ago`` days back."""
    day = utcnow().astimezone(SCHOOL_ZONE).date() - timedelta(days=days_ago)
    return datetime.combine(day, time(9 + days_ago % 7, 15), tzinfo=SCHOOL_ZONE)


def _post(db, people, host, key, child, kind, title, body, days_ago, visibility=Visibility.TEAM):
    occurred_at = _school_day_time(days_ago)
    data = {
        "kind": kind.value,
        "title": title,
        "body": body,
        "occurred_at": occurred_at.isoformat(),
        "visibility": visibility.value,
    }
    return timeline.post_entry(db, people[key], child.id, data, host=host)


def _system(db, people, host, child, kind, title, body, days_ago):
    access = child_access(db, people["senco"], child.id)
    return timeline.record_system_entry(
        db,
        access,
        site=Site(host=host),
        kind=kind,
        title=title,
        body=body,
        occurred_at=_school_day_time(days_ago),
    )


def _amara(db, people, host):
    child = _build_team(
        db,
        people,
        {
            "full_name": "Amara Okafor",
            "preferred_name": "Amara",
            "date_of_birth": date(utcnow().year - 8, 3, 14).isoformat(),
            "year_group": "Year 3",
            "sen_status": "sen_support",
            "needs": {
                "communication_and_interaction": "Finds spoken instructions of more than two steps hard to follow.",
                "cognition_and_learning": "Reading is about a year behind; phonics is coming on.",
            },
            "strengths": "Kind, funny, loves drawing and animals.",
            "about_me": "I like it when you show me what to do. Loud rooms make my head busy.",
        },
        "grace",
        ["teacher", "slt", "ot", "health"],
    )
    _post(
        db,
        people,
        host,
        "teacher",
        child,
        EntryKind.UPDATE,
        "Great week in phonics",
        "Amara read six new words on her own and was proud to show the class.",
        12,
    )
    _post(
        db,
        people,
        host,
        "grace",
        child,
        EntryKind.HOME_OBSERVATION,
        "Using the visual timetable at home",
        "We tried the picture timetable for the morning routine. Fewer tears before school.",
        9,
    )
    _post(
        db,
        people,
        host,
        "grace",
        child,
        EntryKind.MESSAGE,
        "Question about the speech therapy visit",
        "Will I be able to come to the next session with Owen?",
        6,
    )
    _post(
        db,
        people,
        host,
        "senco",
        child,
        EntryKind.DOCUMENT,
        "SEN support plan signed",
        "The signed plan is in the school office; a copy went home in Amara's bag.",
        20,
    )
    _post(
        db,
        people,
        host,
        "teacher",
        child,
        EntryKind.UPDATE,
        "Seating moved away from the door",
        "Noise from the corridor was distracting; trial for two weeks.",
        4,
        Visibility.PROFESSIONALS,
    )
    return child


def _leo(db, people, host):
    child = _build_team(
        db,
        people,
        {
            "full_name": "Leo Brennan",
            "preferred_name": "Leo",
            "date_of_birth": date(utcnow().year - 11, 9, 2).isoformat(),
            "year_group": "Year 6",
            "sen_status": "ehcp",
            "needs": {
                "sensory_and_physical": "Cerebral palsy affecting his right side; uses a writing slope and laptop.",
                "social_emotional_mental_health": "Worried about moving to secondary school.",
            },
            "strengths": "Brilliant at maths puzzles; a loyal friend.",
            "about_me": "Give me extra time and don't rush me. I like being asked, not told.",
        },
        "tom",
        ["teacher", "ot", "social", "health"],
    )
    _post(
        db,
        people,
        host,
        "teacher",
        child,
        EntryKind.UPDATE,
        "Typed his whole story",
        "Leo used the laptop for the full writing lesson and finished first draft.",
        10,
    )
    _post(
        db,
        people,
        host,
        "tom",
        child,
        EntryKind.HOME_OBSERVATION,
        "Tired after swimming",
        "Leo was exhausted on Thursday evening after swimming; homework took twice as long.",
        7,
    )
    _post(
        db,
        people,
        host,
        "tom",
        child,
        EntryKind.MESSAGE,
        "Secondary school visit",
        "Can we plan a visit to the new school before the summer?",
        3,
    )
    _post(
        db,
        people,
        host,
        "social",
        child,
        EntryKind.UPDATE,
        "Family support visit",
        "Discussed respite options with the family; details kept with social care.",
        5,
        Visibility.AGENCY,
    )
    _post(
        db,
        people,
        host,
        "senco",
        child,
        EntryKind.DOCUMENT,
        "EHCP annual review paperwork",
        "Draft paperwork sent to the local authority.",
        15,
    )
    _system(
        db,
        people,
        host,
        child,
        EntryKind.PLAN_CHANGE,
        "Provision updated",
        "OT sessions moved from fortnightly to weekly for the spring term.",
        14,
    )
    _system(
        db, people, host, child, EntryKind.MEETING, "EHCP annual review", "Annual review held; minutes to follow.", 1
    )
    return child


def _meetings(db, people, child, site):
    """The team meeting held four weeks ago, written up with its actions, and the next one
    booked for the coming Tuesday after school: what a family sees of meetings either side
    of today."""
    _held_meeting(db, people, child, site)
    today = utcnow().astimezone(SCHOOL_ZONE).date()
    tuesday = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    starts_at = datetime.combine(tuesday, time(15, 30), SCHOOL_ZONE)
    attendees = [{"person_id": people[key].id} for key in ("grace", "teacher", "slt")]
    booking.schedule(
        db,
        people["senco"],
        child.id,
        {
            "purpose": MeetingPurpose.TAC_MEETING.value,
            "starts_at": starts_at.isoformat(),
            "ends_at": (starts_at + timedelta(hours=1)).isoformat(),
            "location": "School library",
            "attendees": attendees,
            "agenda": {"review": "How the picture timetable is going at home and at school."},
        },
        site=site,
    )


def _held_meeting(db, people, child, site):
    # Booking refuses a time in the past, as it should: the demo writes the meeting that
    # already happened as a record, then writes it up and agrees actions through the core.
    senco = people["senco"]
    starts_at = datetime.combine(
        utcnow().astimezone(SCHOOL_ZONE).date() - timedelta(weeks=4), time(15, 30), SCHOOL_ZONE
    )
    meeting = Meeting(
        child_id=child.id,
        organiser_id=senco.id,
        purpose=MeetingPurpose.TAC_MEETING,
        title="Team around the child meeting",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        location="School library",
        status=MeetingStatus.CONFIRMED,
        uid=f"{uuid.uuid4()}@demo.teamaround.example",
        created_at=starts_at - timedelta(weeks=2),
        updated_at=starts_at - timedelta(weeks=2),
        attendees=[
            MeetingAttendee(
                person=people[key], required=True, rsvp=Rsvp.ACCEPTED, responded_at=starts_at - timedelta(weeks=2)
            )
            for key in ("senco", "grace", "teacher", "slt")
        ],
    )
    db.add(meeting)
    db.flush()
    notes = {
        "explore": (
            "Grace said mornings are the hardest part of Amara's day; "
            "school sees her settle once she knows what comes next."
        ),
        "focus": "Following instructions in class, and calmer starts to the day.",
        "plan": (
            "Pictures for each step at school and a picture timetable at home; "
            "Owen to run a small group on instructions."
        ),
        "review": "Look again at the team meeting in four weeks, with Owen's notes from the group.",
    }
    booking.record_notes(db, senco, meeting.id, notes, expected_version=meeting.version)
    today = utcnow().date()
    for key, text, weeks in [
        ("grace", "Try the picture timetable for the morning routine and tell school how it goes", 1),
        ("teacher", "Make picture cards for the three steps of starting the day in class", 1),
        ("slt", "Send home two games for following instructions", 2),
    ]:
        due_on = today + timedelta(weeks=weeks)
        booking.add_action(
            db, senco, meeting.id, {"owner_id": people[key].id, "text": text, "due_on": due_on.isoformat()}, site=site
        )


def _assessments(db, people, host, children):
    """One assessment of every registered type, by that agency's demo professional, shared
    with the family: they read its plain summary, the team its details."""
    authors = {person.agency: person for person in people.values() if person.kind is PersonKind.PROFESSIONAL}
    authors["school"] = people["senco"]
    ordered = sorted(host.assessment_types.values(), key=lambda item: item.key)
    for days_ago, assessment_type in enumerate(ordered, start=8):
        author = authors.get(assessment_type.agency)
        if author is None or assessment_type.example is None:
            continue
        child = next(child for child in children if _is_member(db, author, child))
        data = {
            "assessment_type": assessment_type.key,
            "payload": dict(assessment_type.example),
            "visibility": Visibility.TEAM.value,
            "occurred_at": _school_day_time(days_ago).isoformat(),
        }
        timeline.post_assessment(db, author, child.id, data, host=host)


def _is_member(db, person, child):
    try:
        child_access(db, person, child.id)
    except NotFound:
        return False
    return True
