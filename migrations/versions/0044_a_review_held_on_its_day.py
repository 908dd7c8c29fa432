"""a review held on its day

Revision ID: 0044
Revises: 0043
Create Date: 2026-12-06 21:45:00.000000

A plan's review is held if and only if it has the day it was held on: a CHECK constraint
on ``plan_reviews`` ties ``status`` to ``held_on``. Every writer keeps to it already:
``schedule_review`` and ``start_next_plan`` make a review scheduled with no day, and only
``hold_review`` makes one held, setting its day (the one typed, or today) with its status;
the demo and the generated data make scheduled reviews only. The pages that find reviews
not yet held, or the last one held, ask by the day (``held_on``) rather than by the status,
and now the database says the two agree. On SQLite the table is rebuilt with the
constraint (batch mode); a row that broke the rule would stop the upgrade, not be lost.
"""

import sqlalchemy as sa
from alembic import op

revision = '0044'
down_revision = '0043'
branch_labels = None
depends_on = None

HELD_ON_ITS_DAY = "(status = 'held' AND held_on IS NOT NULL) OR (status = 'scheduled' AND held_on IS NULL)"


def upgrade() -> None:
    with op.batch_alter_table('plan_reviews', schema=None) as batch_op:
        batch_op.create_check_constraint(op.f('ck_plan_reviews_held_on_its_day'), sa.text(HELD_ON_ITS_DAY))


def downgrade() -> None:
    with op.batch_alter_table('plan_reviews', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_plan_reviews_held_on_its_day'), type_='check')
