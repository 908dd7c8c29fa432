"""mail given up after days of failing, not after eight tries

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-05 18:30:00.000000

The outbox used to stop after eight failed attempts (about two hours), silently: a mail
server down for an afternoon dropped every invite queued. Now a message is retried for
five days and then marked ``given_up_at`` and reported. Messages the old rule had
stopped are tried again if they are younger than that, and marked given up if older.
"""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None

OLD_LAST_ATTEMPT = 8
KEEP_TRYING_FOR = timedelta(days=5)


def upgrade() -> None:
    op.add_column('outbox_messages', sa.Column('given_up_at', sa.DateTime(timezone=True), nullable=True))
    messages = sa.table(
        'outbox_messages',
        sa.column('sent_at', sa.DateTime(timezone=True)),
        sa.column('attempts', sa.Integer()),
        sa.column('created_at', sa.DateTime(timezone=True)),
        sa.column('given_up_at', sa.DateTime(timezone=True)),
    )
    now = datetime.now(UTC)
    stopped = sa.and_(messages.c.sent_at.is_(None), messages.c.attempts >= OLD_LAST_ATTEMPT)
    op.execute(
        messages.update().where(stopped, messages.c.created_at < now - KEEP_TRYING_FOR).values(given_up_at=now)
    )


def downgrade() -> None:
    # In place, not through Alembic's batch mode: that would rebuild the table, which
    # notifications point at, and fail on their references (as 0023 says).
    op.execute("ALTER TABLE outbox_messages DROP COLUMN given_up_at")
