"""the numbers other systems know a child by

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-05 19:00:00.000000

``children.upn`` (the pupil's Unique Pupil Number) and ``children.nhs_number``, each held
by at most one child, so that a school's or a health system finds the child by them.
"""

import sqlalchemy as sa
from alembic import op

revision = '0031'
down_revision = '0030'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN and unique indexes: batch mode would rebuild children, which many tables reference.
    op.add_column('children', sa.Column('upn', sa.String(length=13), nullable=True))
    op.add_column('children', sa.Column('nhs_number', sa.String(length=10), nullable=True))
    op.create_index('uq_children_upn', 'children', ['upn'], unique=True)
    op.create_index('uq_children_nhs_number', 'children', ['nhs_number'], unique=True)


def downgrade() -> None:
    op.drop_index('uq_children_nhs_number', table_name='children')
    op.drop_index('uq_children_upn', table_name='children')
    op.drop_column('children', 'nhs_number')
    op.drop_column('children', 'upn')
