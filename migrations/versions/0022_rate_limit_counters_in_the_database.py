"""rate-limit counters in the database

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05 13:45:00.000000

Where no shared store (Redis, memcached) is configured, every process counts API
requests in this table (core.rate_limits), so N processes never serve more than the limit.
"""

import sqlalchemy as sa
from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'rate_limit_counters',
        sa.Column('key', sa.String(length=255), nullable=False),
        sa.Column('hits', sa.Integer(), nullable=False),
        sa.Column('expires_at', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_rate_limit_counters')),
    )


def downgrade() -> None:
    op.drop_table('rate_limit_counters')
