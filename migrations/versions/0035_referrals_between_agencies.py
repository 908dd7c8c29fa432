"""referrals between agencies

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-06 02:20:00.000000

A child's team asks another agency to see the child, with the family's consent to that
referral kept on it; its attached documents, and each step of its answer.
"""

import sqlalchemy as sa
from alembic import op

revision = '0035'
down_revision = '0034'
branch_labels = None
depends_on = None

STATUSES = ('waiting', 'more_information', 'accepted', 'declined')
CONSENT_METHODS = ('in_person', 'phone', 'in_writing')
STEP_KINDS = ('made', 'more_information_asked', 'information_given', 'accepted', 'declined')


def _enum(values, name):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    op.create_table(
        'referrals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('child_id', sa.Integer(), nullable=False),
        sa.Column('agency', sa.String(length=64), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('questions', sa.JSON(), nullable=False),
        sa.Column('referred_by_id', sa.Integer(), nullable=False),
        sa.Column('referred_by_agency', sa.String(length=64), nullable=True),
        sa.Column('referred_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('consent_given_by', sa.String(length=200), nullable=False),
        sa.Column('consent_given_on', sa.Date(), nullable=False),
        sa.Column('consent_method', _enum(CONSENT_METHODS, 'referral_consent_method'), nullable=False),
        sa.Column('status', _enum(STATUSES, 'referral_status'), nullable=False),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_referrals_child_id_children')),
        sa.ForeignKeyConstraint(['referred_by_id'], ['people.id'], name=op.f('fk_referrals_referred_by_id_people')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_referrals')),
    )
    op.create_index('ix_referrals_child_id', 'referrals', ['child_id', 'id'], unique=False)
    op.create_index('ix_referrals_agency_status', 'referrals', ['agency', 'status'], unique=False)
    op.create_table(
        'referral_documents',
        sa.Column('referral_id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'],
                                name=op.f('fk_referral_documents_referral_id_referrals')),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'],
                                name=op.f('fk_referral_documents_document_id_documents')),
        sa.PrimaryKeyConstraint('referral_id', 'document_id', name=op.f('pk_referral_documents')),
    )
    op.create_table(
        'referral_steps',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('referral_id', sa.Integer(), nullable=False),
        sa.Column('kind', _enum(STEP_KINDS, 'referral_step_kind'), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('by_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('entry_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_referral_steps_referral_id_referrals')),
        sa.ForeignKeyConstraint(['by_id'], ['people.id'], name=op.f('fk_referral_steps_by_id_people')),
        sa.ForeignKeyConstraint(['entry_id'], ['timeline_entries.id'],
                                name=op.f('fk_referral_steps_entry_id_timeline_entries')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_steps')),
    )
    op.create_index('ix_referral_steps_referral_id', 'referral_steps', ['referral_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_referral_steps_referral_id', table_name='referral_steps')
    op.drop_table('referral_steps')
    op.drop_table('referral_documents')
    op.drop_index('ix_referrals_agency_status', table_name='referrals')
    op.drop_index('ix_referrals_child_id', table_name='referrals')
    op.drop_table('referrals')
