"""A forgotten password: a single-use link valid for an hour, and no telling who has an account."""

from datetime import timedelta

import pytest
from conftest import PASSWORD
from mailed_links import link_in
from sqlalchemy import select

from core.errors import InvalidInput, NotFound
from core.meetings import feeds
from core.models import AuditEvent, CalendarFeed, OutboxMessage
from core.people import accounts, password_reset, sessions
from core.people import tokens as api_tokens
from core.people.passwords import CHEAPEST

NEW = "a passphrase I will remember"


@pytest.fixture
def ask(db, site):
    def asking(email, address="192.0.2.1"):
        password_reset.ask(db, email, address, site=site)

    return asking


@pytest.fixture
def reset_link(db, child_team, ask, mailed):
    """The secret of a reset link the parent asked for, as mailed."""
    ask(child_team.parent.email)
    return link_in(mailed()[-1], "password/reset")


def reset(db, secret, password=NEW):
    return password_reset.reset(db, CHEAPEST, secret, password)


def logs_in(db, person, password):
    try:
        return accounts.authenticate(db, CHEAPEST, person.email, password, "192.0.2.1") == person
    except accounts.LoginFailed:
        return False


def test_the_link_is_mailed_to_the_account_with_that_address(child_team, ask, mailed):
    ask("  " + child_team.parent.email.upper())
    [mail] = mailed()
    assert mail["To"] == child_team.parent.email and mail["Subject"] == "Choose a new Teamaround password"
    assert link_in(mail, "password/reset")


def test_once_mailed_the_reset_link_is_no_longer_kept_in_the_mail(db, reset_link):
    db.expire_all()
    [kept] = db.scalars(select(OutboxMessage.text_body)).all()
    assert reset_link not in kept and "/password/reset/" in kept


def test_an_address_without_an_account_is_answered_alike_and_sent_nothing(db, ask, mailed):
    assert ask("nobody@example.org") is None
    assert mailed() == []


def test_a_closed_account_is_sent_nothing(db, child_team, ask, mailed):
    accounts.set_active(db, child_team.admin, child_team.parent.id, active=False)
    ask(child_team.parent.email)
    assert mailed() == []


def test_the_new_password_logs_in_and_the_old_one_does_not(db, child_team, reset_link):
    assert reset(db, reset_link) == child_team.parent
    assert logs_in(db, child_team.parent, NEW) and not logs_in(db, child_team.parent, PASSWORD)


def test_a_reset_link_works_once(db, reset_link):
    reset(db, reset_link)
    with pytest.raises(NotFound):
        reset(db, reset_link, password="someone else's passphrase")


def test_a_reset_link_works_for_an_hour(db, child_team, reset_link, links_sent_earlier):
    links_sent_earlier(timedelta(minutes=59))
    assert password_reset.check(db, reset_link) == child_team.parent


def test_a_reset_link_an_hour_old_opens_nothing(db, reset_link, links_sent_earlier):
    links_sent_earlier(timedelta(hours=1, seconds=1))
    with pytest.raises(NotFound):
        reset(db, reset_link)


def test_a_reset_link_opens_nothing_after_a_password_change(db, child_team, reset_link):
    accounts.change_password(db, CHEAPEST, child_team.parent, PASSWORD, "changed while logged in")
    with pytest.raises(NotFound):
        reset(db, reset_link)


def test_a_newer_reset_link_ends_the_one_before(db, child_team, reset_link, ask, mailed):
    ask(child_team.parent.email)
    newer = link_in(mailed()[-1], "password/reset")
    with pytest.raises(NotFound):
        reset(db, reset_link)
    assert reset(db, newer) == child_team.parent


def test_a_reset_ends_every_session_api_token_and_calendar_address(db, child_team, reset_link):
    session = sessions.start(db, child_team.parent)
    api_tokens.create(db, child_team.parent, {"name": "Phone"})
    feeds.issue(db, child_team.parent)
    reset(db, reset_link)
    assert sessions.resume(db, session) is None
    assert api_tokens.list_own(db, child_team.parent) == []
    assert db.scalars(select(CalendarFeed).where(CalendarFeed.person_id == child_team.parent.id,
                                                 CalendarFeed.revoked_at.is_(None))).all() == []


def test_a_short_password_is_refused_and_the_link_still_works(db, child_team, reset_link):
    with pytest.raises(InvalidInput) as raised:
        reset(db, reset_link, password="short")
    assert list(raised.value.errors) == ["password"]
    assert reset(db, reset_link) == child_team.parent


def test_an_account_is_sent_at_most_three_links_an_hour(child_team, ask, mailed):
    for _ in range(password_reset.MAX_MAILS_PER_HOUR + 2):
        ask(child_team.parent.email)
    assert len(mailed()) == password_reset.MAX_MAILS_PER_HOUR


def test_asking_and_resetting_are_audited_and_so_is_asking_for_nobody(db, child_team, reset_link, ask):
    ask("nobody@example.org")
    reset(db, reset_link)
    events = db.execute(select(AuditEvent.action, AuditEvent.subject).where(
        AuditEvent.action.startswith("account.password_reset")).order_by(AuditEvent.id)).all()
    parent = f"person:{child_team.parent.id}"
    assert [tuple(event) for event in events] == [
        ("account.password_reset_asked", parent), ("account.password_reset_asked", ""),
        ("account.password_reset_done", parent)]
