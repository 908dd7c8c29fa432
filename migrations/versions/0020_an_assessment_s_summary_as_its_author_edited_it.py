"""an assessment's summary for the family as its author edited it

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05 13:30:00.000000

A professional reads the plain summary their form generates before saving, and may
change it; the changed one is kept with the entry. Nullable, and most rows keep None (the
plugin's own summary stood), so on PostgreSQL adding it rewrites nothing.
"""

import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('timeline_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parent_summary', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('timeline_entries', schema=None) as batch_op:
        batch_op.drop_column('parent_summary')
