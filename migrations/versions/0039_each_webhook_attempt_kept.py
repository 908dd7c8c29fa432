"""each webhook attempt kept

Revision ID: 0039
Revises: 0038
Create Date: 2026-12-06 02:45:00.000000

A delivery's log kept only its last attempt; ``webhook_attempts`` keeps each one (when, the
status code, the error). Of the attempts made before, only each delivery's last is known:
it becomes that delivery's one attempt.
"""

import sqlalchemy as sa
from alembic import op

revision = '0039'
down_revision = '0038'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'webhook_attempts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('delivery_id', sa.Integer(), nullable=False),
        sa.Column('attempted_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('response_code', sa.Integer(), nullable=True),
        sa.Column('error', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['delivery_id'], ['webhook_deliveries.id'], ondelete='CASCADE',
                                name=op.f('fk_webhook_attempts_delivery_id_webhook_deliveries')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_attempts')),
    )
    op.create_index('ix_webhook_attempts_delivery_id', 'webhook_attempts', ['delivery_id'], unique=False)
    op.execute(
        'INSERT INTO webhook_attempts (delivery_id, attempted_at, response_code, error) '
        'SELECT id, last_attempt_at, response_code, error FROM webhook_deliveries WHERE last_attempt_at IS NOT NULL'
    )


def downgrade() -> None:
    op.drop_index('ix_webhook_attempts_delivery_id', table_name='webhook_attempts')
    op.drop_table('webhook_attempts')
