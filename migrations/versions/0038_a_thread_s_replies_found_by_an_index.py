"""a thread's replies found by an index

Revision ID: 0038
Revises: 0037
Create Date: 2026-12-06 02:40:00.000000

A partial index of ``timeline_entries.reply_to_id`` (replies only; most entries start no
thread). The dashboard asks, of each family message, whether someone in the school answered
it later in its thread: without the index every message read the whole timeline table
(about 200 ms for a SENCO of 40 children at 10,000 entries, growing with the table).
"""

import sqlalchemy as sa
from alembic import op

revision = '0038'
down_revision = '0037'
branch_labels = None
depends_on = None

REPLIES = sa.text('reply_to_id IS NOT NULL')


def upgrade() -> None:
    op.create_index(
        'ix_timeline_entries_reply_to', 'timeline_entries', ['reply_to_id'], unique=False,
        sqlite_where=REPLIES, postgresql_where=REPLIES,
    )


def downgrade() -> None:
    op.drop_index('ix_timeline_entries_reply_to', table_name='timeline_entries')
