"""links that let a person in once

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-05 18:30:00.000000

Invitations and password resets are mailed as single-use links (core.people.links): the
table keeps each link's secret as a hash, when it expires, and when it was used or ended.
"""

import sqlalchemy as sa
from alembic import op

revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('account_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.Enum('invitation', 'password_reset', name='link_purpose', native_enum=False,
                                 create_constraint=True, length=32), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('sent_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_account_links_person_id_people')),
    sa.ForeignKeyConstraint(['sent_by_id'], ['people.id'], name=op.f('fk_account_links_sent_by_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_links')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_account_links_token_hash'))
    )
    op.create_index('ix_account_links_person_id_purpose', 'account_links', ['person_id', 'purpose'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_account_links_person_id_purpose', table_name='account_links')
    op.drop_table('account_links')
