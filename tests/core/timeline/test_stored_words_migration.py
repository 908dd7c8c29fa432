"""Entries the system wrote in English before it kept words as data read like the ones written after.

Migration 0012 recognises the sentences the system wrote and turns them into messages with
their values; a sentence a person typed stays as it is.
"""

from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import String, cast, literal, select, update

from core.db import make_engine, make_session_factory
from core.meetings import booking
from core.messaging import reminders
from core.migrations import alembic_config, upgrade
from core.models import Child, EntryKind, Notification, Person, TimelineEntry
from core.people.passwords import CHEAPEST
from core.plugins import load_plugins
from core.site import Site
from core.types import utcnow
from demo import seed as demo


@pytest.fixture
def worded_entries(fresh_url):
    """The demo, a meeting booked in the library, one online and cancelled, and an action:
    every entry's wording as the system wrote it."""
    upgrade(fresh_url)
    engine = make_engine(fresh_url)
    site = Site(host=load_plugins())
    with make_session_factory(engine)() as db, db.begin():
        demo.ensure_demo(db, site.host, CHEAPEST)
        senco = db.scalar(select(Person).where(Person.email == demo.PEOPLE[0][3]))
        child = db.scalar(select(Child).where(Child.full_name == "Amara Okafor"))
        # At ten, not at this hour: the English entries of before 0012 said a meeting's end by its
        # clock alone, which the migration reads on the day it starts (one booked at eleven at
        # night ended, as read back, the morning before it began).
        starts = (utcnow() + timedelta(days=9)).replace(hour=10, minute=0, second=0, microsecond=0)
        meeting = {
            "purpose": "tac_meeting",
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=1)).isoformat(),
            "attendees": [],
        }
        library = booking.schedule(db, senco, child.id, meeting | {"location": "School library"}, site=site)
        online = booking.schedule(
            db,
            senco,
            child.id,
            meeting | {"online_link": "https://meet.example/x", "title": "Talking about transition"},
            site=site,
        )
        booking.cancel(db, senco, online.id, site=site)
        due = (starts + timedelta(days=14)).date().isoformat()
        booking.add_action(
            db, senco, library.id, {"owner_id": senco.id, "text": "Ask about a visit", "due_on": due}, site=site
        )
        # Assessments are not the migration's: an old one under its form's title is worded when shown.
        written = dict(db.execute(_entries_but_assessments()).all())
    yield engine, written
    engine.dispose()


@pytest.fixture
def worded_notifications(worded_entries, fresh_url):
    """Besides the demo's news, every reminder a month on: overdue actions, reports, meetings."""
    engine, _ = worded_entries
    with make_session_factory(engine)() as db, db.begin():
        reminders.queue_due(db, utcnow() + timedelta(days=30), "Europe/London")
        reminders.queue_due(db, utcnow() + timedelta(days=8, hours=12), "Europe/London")
        written = dict(db.execute(_notifications_before_0016()).all())
    return engine, written


# Headlines first written after 0016, with their words kept from the start.
TOLD_TOGETHER = {"%(person)s made %(n)s change to the plan about %(child)s"}


# Referrals and the EHC case came after 0012 and 0016, their words kept from the start: no English row says them.
KINDS_WORDED_FROM_THE_START = (EntryKind.REFERRAL, EntryKind.EHC)


def _entries_but_assessments():
    return select(TimelineEntry.id, TimelineEntry.wording).where(
        TimelineEntry.kind.not_in((EntryKind.ASSESSMENT, *KINDS_WORDED_FROM_THE_START))
    )


def _notifications_before_0016():
    """Notifications of the kinds there were before 0016: not about a referral or the EHC case."""
    newer_entries = select(literal("entry:") + cast(TimelineEntry.id, String)).where(
        TimelineEntry.kind.in_(KINDS_WORDED_FROM_THE_START)
    )
    return select(Notification.id, Notification.wording).where(
        Notification.key.not_in(newer_entries),
        ~Notification.key.startswith("ehc-"),
        ~Notification.key.startswith("referral:"),
    )


def _forget_and_migrate_again(engine, url):
    """The rows as an older Teamaround left them: English sentences only."""
    with engine.begin() as connection:
        connection.execute(update(TimelineEntry).values(wording=None))
    command.downgrade(alembic_config(url), "0011")
    # Up to today's words: a "Plan agreed" entry's changes are words too since what_changed_in_a_plan_as_words.
    upgrade(url)


@pytest.mark.parametrize("fresh_url", ["sqlite", "postgresql"], indirect=True)
def test_migrating_english_entries_gives_the_words_the_system_keeps_today(worded_entries, fresh_url):
    engine, written = worded_entries
    _forget_and_migrate_again(engine, fresh_url)
    with engine.connect() as connection:
        migrated = dict(connection.execute(_entries_but_assessments()).all())
    assert sum(1 for wording in written.values() if wording) >= 8
    # Going down to 0011 made the newer kinds' entries plain updates (0032): only the others are compared.
    assert {key: migrated[key] for key in written} == written


@pytest.mark.parametrize("fresh_url", ["sqlite", "postgresql"], indirect=True)
def test_migrating_english_notifications_gives_the_words_the_system_keeps_today(worded_notifications, fresh_url):
    engine, written = worded_notifications
    with engine.begin() as connection:
        connection.execute(update(Notification).values(wording=None))
    command.downgrade(alembic_config(fresh_url), "0015")
    upgrade(fresh_url, revision="0016")
    with engine.connect() as connection:
        migrated = dict(connection.execute(_notifications_before_0016()).all())
    kinds = {wording["headline"]["key"] for wording in written.values()}
    assert len(kinds) >= 4, kinds
    # Changes made together, told once with how many, came after 0016: no English row says so.
    before_0016 = {key: wording for key, wording in written.items() if wording["headline"]["key"] not in TOLD_TOGETHER}
    assert {key: migrated[key] for key in before_0016} == before_0016


@pytest.mark.parametrize("fresh_url", ["sqlite"], indirect=True)
def test_migrating_leaves_what_people_typed_as_it_is(worded_entries, fresh_url):
    engine, _ = worded_entries
    _forget_and_migrate_again(engine, fresh_url)
    with engine.connect() as connection:
        typed = connection.execute(
            select(TimelineEntry.title, TimelineEntry.wording).where(
                TimelineEntry.kind.in_([EntryKind.MEETING, EntryKind.PLAN_CHANGE])
            )
        ).all()
    # The demo's own words, typed as a person would.
    assert ("Provision updated", None) in typed and ("EHCP annual review", None) in typed
