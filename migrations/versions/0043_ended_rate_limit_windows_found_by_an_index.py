"""ended rate-limit windows found by an index

Revision ID: 0043
Revises: 0042
Create Date: 2026-12-06 21:40:00.000000

Whenever a key starts a window, the counters whose window has ended are deleted
(``DELETE FROM rate_limit_counters WHERE expires_at < now``). Without an index on
``expires_at`` that read every counter, one per token and address seen within the
window, growing with the traffic (and with keys seen once: a guessed token, a passing
address). By the time the windows end, it reads only those that have ended.
"""

from alembic import op

revision = '0043'
down_revision = '0042'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_rate_limit_counters_expires_at', 'rate_limit_counters', ['expires_at'])


def downgrade() -> None:
    op.drop_index('ix_rate_limit_counters_expires_at', table_name='rate_limit_counters')
