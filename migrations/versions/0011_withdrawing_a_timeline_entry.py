"""withdrawing a timeline entry

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 09:30:00.000000

The author of an entry, or the lead professional, withdraws it: the row stays (the audit
log and subject access exports still need it) and says when and by whom. Both columns are
nullable, so on PostgreSQL adding them rewrites nothing; SQLite, which cannot add a
foreign key to a table, rebuilds it.
"""

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('timeline_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_timeline_entries_withdrawn_by_id_people'), 'people', ['withdrawn_by_id'], ['id']
        )


def downgrade() -> None:
    with op.batch_alter_table('timeline_entries', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_timeline_entries_withdrawn_by_id_people'), type_='foreignkey')
        batch_op.drop_column('withdrawn_by_id')
        batch_op.drop_column('withdrawn_at')
