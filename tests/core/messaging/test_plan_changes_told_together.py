"""Plan changes one person makes in the same minute, which the timeline shows as one item,
are told as one notification per reader, saying how many, in the reader's language."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.messaging import notifications
from core.models import Notification, NotificationKind, OutboxMessage
from core.people import accounts
from core.site import Site
from core.timeline import entries as timeline
from core.types import utcnow
from core.wording import English, part
from webui.wording import Catalogues


class Clock:
    """Time for the entries the plan's changes write: two seconds a change, within one minute
    unless moved on."""

    def __init__(self):
        self.now = utcnow().replace(second=0, microsecond=0) - timedelta(minutes=10)

    def __call__(self):
        self.now += timedelta(seconds=2)
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(timeline, "utcnow", clock)
    return clock


@pytest.fixture
def make_changes(clock, plan, add_strategy):
    """``make_changes(n)``: the plan started (one change), then n - 1 strategies added."""

    def make(count):
        for number in range(count - 1):
            add_strategy(text=f"Strategy {number}")

    return make


def told(db, person):
    return list(
        db.scalars(
            select(Notification).where(
                Notification.recipient_id == person.id, Notification.kind == NotificationKind.PLAN_CHANGE
            )
        )
    )


def read(notification, name, reader):
    return part(notification.wording, name, getattr(notification, name), reader)


def test_thirteen_changes_in_one_minute_are_one_notification_saying_how_many(db, child_team, make_changes):
    make_changes(13)
    for reader in (child_team.parent, child_team.teacher):
        [notification] = told(db, reader)
        assert read(notification, "headline", English()) == "Priya Shah made 13 changes to the plan about Amara"
        assert read(notification, "first_line", English()) == "The plan was updated: 13 changes"


def test_one_change_is_told_as_the_change_it_is(db, child_team, make_changes):
    make_changes(1)
    [notification] = told(db, child_team.parent)
    assert read(notification, "headline", English()) == "Priya Shah posted a change to the plan about Amara"


@pytest.mark.parametrize(
    ("language", "count", "first_line"),
    [
        ("pl", 2, "Plan został zaktualizowany: 2 zmiany"),
        ("pl", 5, "Plan został zaktualizowany: 5 zmian"),
        ("pl", 22, "Plan został zaktualizowany: 22 zmiany"),
        ("ur", 13, "منصوبہ اپ ڈیٹ ہوا: 13 تبدیلیاں"),
    ],
)
def test_the_count_reads_in_the_readers_language_and_plural(db, child_team, make_changes, language, count,
                                                            first_line):
    make_changes(count)
    [notification] = told(db, child_team.parent)
    assert read(notification, "first_line", Catalogues({}).reader(language, "UTC")) == first_line


def test_a_change_in_the_next_minute_is_told_apart(db, child_team, clock, make_changes, add_strategy):
    make_changes(3)
    clock.now += timedelta(minutes=1)
    add_strategy(text="Later")
    assert len(told(db, child_team.parent)) == 2


def test_a_change_after_the_reader_opened_the_notification_is_told_again(db, child_team, make_changes, add_strategy):
    make_changes(3)
    [first] = told(db, child_team.parent)
    notifications.open_notification(db, child_team.parent, first.id)
    add_strategy(text="One more")
    assert len(told(db, child_team.parent)) == 2
    assert read(first, "first_line", English()) == "The plan was updated: 3 changes"


def test_changes_made_together_are_one_email_per_reader_in_their_language(db, child_team, make_changes, host):
    accounts.update_preferences(db, child_team.parent, {"language": "pl"})
    notifications.set_preferences(db, child_team.parent, {"plan_change": "immediately"})
    make_changes(13)
    site = Site(host=host, base_url="https://school.example", readers=Catalogues({}).reader)
    notifications.queue_emails(db, utcnow(), site)
    mailed = select(OutboxMessage).where(OutboxMessage.recipient_id == child_team.parent.id)
    assert db.scalars(mailed).all() == [], "mailed before the minute of changes was over"
    notifications.queue_emails(db, utcnow() + timedelta(minutes=1), site)
    [mail] = db.scalars(mailed).all()
    assert "Plan został zaktualizowany: 13 zmian" in mail.text_body
