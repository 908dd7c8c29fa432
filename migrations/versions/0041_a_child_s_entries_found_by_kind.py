"""a child's entries found by kind

Revision ID: 0041
Revises: 0040
Create Date: 2026-12-06 21:20:00.000000

The home page of a SENCO lists the families' messages (and observations at home) of the
children they lead that nobody in the school has answered. The only index by child was by
(child, time), so the query read each led child's whole timeline, every kind, to keep those
two kinds: with most messages answered, about 10,000 entries for a SENCO of 40 children.
By (child, kind, time) it reads the two kinds only, each oldest first, as the list is. A
child's timeline narrowed to one kind reads that kind only too, newest first, as the
timeline's keyset of (time, id) is.
"""

from alembic import op

revision = '0041'
down_revision = '0040'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        'ix_timeline_entries_child_kind_occurred', 'timeline_entries', ['child_id', 'kind', 'occurred_at', 'id']
    )


def downgrade() -> None:
    op.drop_index('ix_timeline_entries_child_kind_occurred', table_name='timeline_entries')
