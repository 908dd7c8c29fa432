"""people changed on the version read

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-06 02:20:00.000000

``people.version``, moved by every change to an account, so that a school's or an agency's
system changes a person (PATCH /api/v1/people/<id>) on the version it read. The identifiers
other systems know a person by are the person's roster links (``roster_links``, unique by
source and identifier), which need no change.
"""

import sqlalchemy as sa
from alembic import op

revision = '0036'
down_revision = '0035'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: batch mode would rebuild people, which nearly every table references.
    op.add_column('people', sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade() -> None:
    # In place (SQLite 3.35 and later drop a column no index names), not by rebuilding the table.
    op.execute("ALTER TABLE people DROP COLUMN version")
