"""referrals and the EHC case on the timeline

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-06 01:30:00.000000

Two kinds of timeline entry: ``referral`` (a referral between agencies and each answer to
it) and ``ehc`` (a step of the EHC needs assessment and plan). The kind's CHECK constraint
is rebuilt with them; downgrading first turns any such entries into plain updates.
"""

import sqlalchemy as sa
from alembic import op

revision = '0032'
down_revision = '0031'
branch_labels = None
depends_on = None

_BEFORE = ('update', 'home_observation', 'message', 'assessment', 'meeting', 'plan_change', 'document')
_AFTER = _BEFORE + ('referral', 'ehc')


def _replace_kinds(kinds) -> None:
    with op.batch_alter_table('timeline_entries', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_timeline_entries_entry_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_timeline_entries_entry_kind'), sa.column('kind').in_(kinds))


def upgrade() -> None:
    _replace_kinds(_AFTER)


def downgrade() -> None:
    op.execute("UPDATE timeline_entries SET kind = 'update' WHERE kind IN ('referral', 'ehc')")
    _replace_kinds(_BEFORE)
