"""answers kept for Idempotency-Key

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05 13:40:00.000000

An API POST sent with an Idempotency-Key keeps its answer for a day, so that a repeat gets
it again (core.sync.idempotency).
"""

import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'kept_answers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=255), nullable=False),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('status', sa.Integer(), nullable=True),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('headers', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_kept_answers_person_id_people')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_kept_answers')),
        sa.UniqueConstraint('person_id', 'key', name='uq_kept_answers_person_key'),
    )


def downgrade() -> None:
    op.drop_table('kept_answers')
