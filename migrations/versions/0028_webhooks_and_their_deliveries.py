"""webhooks and their deliveries

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-05 18:40:00.000000

An agency's system registers a webhook; each change the changes feed reports to its owner
becomes a delivery, sent in order per child with retries, and kept as its delivery log.
"""

import sqlalchemy as sa
from alembic import op

revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'webhooks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('registered_with_id', sa.Integer(), nullable=True),
        sa.Column('url', sa.String(length=2000), nullable=False),
        sa.Column('encrypted_secret', sa.Text(), nullable=False),
        sa.Column('child_ids', sa.JSON(), nullable=True),
        sa.Column('cursor', sa.BigInteger(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('disabled_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('disabled_reason', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_webhooks_person_id_people')),
        sa.ForeignKeyConstraint(['registered_with_id'], ['api_tokens.id'],
                                name=op.f('fk_webhooks_registered_with_id_api_tokens')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_webhooks')),
    )
    op.create_index('ix_webhooks_person_id', 'webhooks', ['person_id'], unique=False)
    op.create_table(
        'webhook_deliveries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('public_id', sa.String(length=36), nullable=False),
        sa.Column('webhook_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('child_id', sa.Integer(), nullable=False),
        sa.Column('sequence', sa.BigInteger(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('response_code', sa.Integer(), nullable=True),
        sa.Column('error', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_attempt_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['webhook_id'], ['webhooks.id'], ondelete='CASCADE',
                                name=op.f('fk_webhook_deliveries_webhook_id_webhooks')),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_webhook_deliveries_person_id_people')),
        sa.ForeignKeyConstraint(['child_id'], ['children.id'], ondelete='CASCADE',
                                name=op.f('fk_webhook_deliveries_child_id_children')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_deliveries')),
        sa.UniqueConstraint('public_id', name=op.f('uq_webhook_deliveries_public_id')),
    )
    op.create_index('ix_webhook_deliveries_lane', 'webhook_deliveries',
                    ['webhook_id', 'status', 'child_id', 'sequence'], unique=False)
    op.create_index('ix_webhook_deliveries_child_id', 'webhook_deliveries', ['child_id'], unique=False)
    op.create_index('ix_webhook_deliveries_person_id', 'webhook_deliveries', ['person_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_webhook_deliveries_person_id', table_name='webhook_deliveries')
    op.drop_index('ix_webhook_deliveries_child_id', table_name='webhook_deliveries')
    op.drop_index('ix_webhook_deliveries_lane', table_name='webhook_deliveries')
    op.drop_table('webhook_deliveries')
    op.drop_index('ix_webhooks_person_id', table_name='webhooks')
    op.drop_table('webhooks')
