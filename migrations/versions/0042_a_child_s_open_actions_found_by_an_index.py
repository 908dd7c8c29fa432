"""a child's open actions found by an index

Revision ID: 0042
Revises: 0041
Create Date: 2026-12-06 21:30:00.000000

The home page counts a lead's overdue meeting actions, and the list of actions shows them,
by child: the only index of ``meeting_actions`` was by owner, so both read the whole table,
every action of every child in the local authority, done or not, growing with the years.
A partial index of the open actions (``done_at IS NULL``) by (child, due date) finds a
child's open actions only.
"""

import sqlalchemy as sa
from alembic import op

revision = '0042'
down_revision = '0041'
branch_labels = None
depends_on = None

OPEN = sa.text('done_at IS NULL')


def upgrade() -> None:
    op.create_index(
        'ix_meeting_actions_child_open_due', 'meeting_actions', ['child_id', 'due_on'], unique=False,
        sqlite_where=OPEN, postgresql_where=OPEN,
    )


def downgrade() -> None:
    op.drop_index('ix_meeting_actions_child_open_due', table_name='meeting_actions')
