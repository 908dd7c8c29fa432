"""one sender at a time, and the mail that carries each notification

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 09:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('handed_over_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outbox_message_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_notifications_outbox_message_id'), ['outbox_message_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_notifications_outbox_message_id_outbox_messages'), 'outbox_messages', ['outbox_message_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_notifications_outbox_message_id_outbox_messages'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_notifications_outbox_message_id'))
        batch_op.drop_column('outbox_message_id')

    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('handed_over_at')
        batch_op.drop_column('claimed_until')
        batch_op.drop_column('claimed_by')
