"""The migration that has a mailed link forgotten once sent blanks the links of invitations
and password resets already sent, and leaves mail still to go as it is."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import select

from core.db import make_engine
from core.migrations import alembic_config, upgrade
from core.models import OutboxMessage

BEFORE = "0032"  # the revision before a mailed link was forgotten once sent
COLUMNS = ["key", "to_address", "subject", "text_body", "created_at", "next_attempt_at", "attempts", "last_error",
           "detail", "sent_at"]


def _message(key, link, *, sent):
    now = datetime.now(UTC)
    return {"key": key, "to_address": "ada@example.org", "subject": "Teamaround", "text_body": f"Open:\n{link}\n",
            "created_at": now, "next_attempt_at": now, "attempts": 1, "last_error": "", "detail": {},
            "sent_at": now if sent else None}


@pytest.mark.parametrize("fresh_url", ["sqlite", "postgresql"], indirect=True)
def test_links_already_mailed_are_blanked_and_those_still_to_go_are_kept(fresh_url):
    upgrade(fresh_url, revision=BEFORE)
    engine = make_engine(fresh_url)
    messages = sa.table("outbox_messages", *(sa.column(name, OutboxMessage.__table__.c[name].type) for name in COLUMNS))
    with engine.begin() as connection:
        connection.execute(messages.insert(), [
            _message("invitation:1", "https://school.example/invitations/Ab_c-1", sent=True),
            _message("password_reset:2", "https://school.example/password/reset/Xy-z_2", sent=True),
            _message("invitation:3", "https://school.example/invitations/Still-to-go", sent=False),
        ])
    upgrade(fresh_url)
    with engine.connect() as connection:
        kept = dict(connection.execute(select(OutboxMessage.key, OutboxMessage.text_body)).all())
    engine.dispose()
    assert kept == {
        "invitation:1": "Open:\nhttps://school.example/invitations/…\n",
        "password_reset:2": "Open:\nhttps://school.example/password/reset/…\n",
        "invitation:3": "Open:\nhttps://school.example/invitations/Still-to-go\n",
    }


@pytest.mark.parametrize("fresh_url", ["sqlite", "postgresql"], indirect=True)
def test_the_migration_goes_down_without_the_secrets_column_and_up_again(fresh_url):
    upgrade(fresh_url)
    command.downgrade(alembic_config(fresh_url), BEFORE)
    engine = make_engine(fresh_url)
    with engine.connect() as connection:
        columns = {column["name"] for column in sa.inspect(connection).get_columns("outbox_messages")}
    engine.dispose()
    upgrade(fresh_url)
    assert "secret" not in columns and "text_body" in columns
