"""the order in which records changed, for the changes feed

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 13:20:00.000000

Timeline entries, plans and meetings get ``change_sequence``, the number of their latest
change, from the one-row ``change_counter`` (core.models.changes says why a counter). The
records kept before are numbered here, entries first, so that a system reading the feed
from its start receives every one of them; the counter starts after the last number.
"""

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

RECORDS = ('timeline_entries', 'plans', 'meetings')


def upgrade() -> None:
    counter = op.create_table(
        'change_counter',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('last', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_change_counter')),
    )
    numbered = 0
    connection = op.get_bind()
    for table in RECORDS:
        # A nullable column and an index: added in place on SQLite too, no table rebuilt.
        op.add_column(table, sa.Column('change_sequence', sa.BigInteger(), nullable=True))
        op.create_index(op.f(f'ix_{table}_change_sequence'), table, ['change_sequence'], unique=False)
        # Ids are unique within a table: shifted past the numbers already given, across tables too.
        connection.execute(sa.text(f'UPDATE {table} SET change_sequence = id + :numbered'), {'numbered': numbered})
        numbered += connection.scalar(sa.text(f'SELECT COALESCE(MAX(id), 0) FROM {table}'))
    op.bulk_insert(counter, [{'id': 1, 'last': numbered}])


def downgrade() -> None:
    for table in reversed(RECORDS):
        op.drop_index(op.f(f'ix_{table}_change_sequence'), table_name=table)
        op.drop_column(table, 'change_sequence')  # in place: SQLite drops a column since 3.35
    op.drop_table('change_counter')
