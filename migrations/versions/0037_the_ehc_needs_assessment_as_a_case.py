"""the EHC needs assessment as a case

Revision ID: 0037
Revises: 0036
Create Date: 2026-12-06 02:40:00.000000

A child's EHC needs assessment and plan as a case (the request, who made it and when), its
annual reviews, and its stages: who must act, by when (worked out from the timescales in
force when the stage began, with the paragraph they come from), and when it was done.
"""

import sqlalchemy as sa
from alembic import op

revision = '0037'
down_revision = '0036'
branch_labels = None
depends_on = None

REQUESTERS = ('school', 'parent')
STEPS = ('request', 'decision_to_assess', 'advice', 'draft_plan', 'draft_response', 'final_plan', 'review_reports',
         'review_meeting', 'review_outcome', 'review_decision')
ACTORS = ('local_authority', 'school', 'family', 'agency')
OUTCOMES = ('assess', 'not_assess', 'issue', 'not_issue', 'keep', 'amend', 'cease', 'not_needed')


def _enum(values, name):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    op.create_table(
        'ehc_cases',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('child_id', sa.Integer(), nullable=False),
        sa.Column('requested_by', _enum(REQUESTERS, 'ehc_requester'), nullable=False),
        sa.Column('requested_on', sa.Date(), nullable=False),
        sa.Column('timescales', sa.String(length=32), nullable=False),
        sa.Column('opened_by_id', sa.Integer(), nullable=False),
        sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('parent_comments', sa.Text(), nullable=False),
        sa.Column('parent_school', sa.String(length=200), nullable=False),
        sa.Column('ended_on', sa.Date(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_ehc_cases_child_id_children')),
        sa.ForeignKeyConstraint(['opened_by_id'], ['people.id'], name=op.f('fk_ehc_cases_opened_by_id_people')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ehc_cases')),
    )
    op.create_index('ix_ehc_cases_child_id', 'ehc_cases', ['child_id'], unique=False)
    op.create_table(
        'ehc_reviews',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('meeting_on', sa.Date(), nullable=False),
        sa.Column('plan_review_id', sa.Integer(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['ehc_cases.id'], name=op.f('fk_ehc_reviews_case_id_ehc_cases')),
        sa.ForeignKeyConstraint(['plan_review_id'], ['plan_reviews.id'],
                                name=op.f('fk_ehc_reviews_plan_review_id_plan_reviews')),
        sa.ForeignKeyConstraint(['created_by_id'], ['people.id'], name=op.f('fk_ehc_reviews_created_by_id_people')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ehc_reviews')),
    )
    op.create_index('ix_ehc_reviews_case_id', 'ehc_reviews', ['case_id'], unique=False)
    op.create_table(
        'ehc_stages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('child_id', sa.Integer(), nullable=False),
        sa.Column('review_id', sa.Integer(), nullable=True),
        sa.Column('step', _enum(STEPS, 'ehc_step'), nullable=False),
        sa.Column('acts', _enum(ACTORS, 'ehc_actor'), nullable=False),
        sa.Column('agency', sa.String(length=64), nullable=True),
        sa.Column('started_on', sa.Date(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.Column('source', sa.JSON(), nullable=True),
        sa.Column('done_on', sa.Date(), nullable=True),
        sa.Column('outcome', _enum(OUTCOMES, 'ehc_outcome'), nullable=True),
        sa.Column('document_id', sa.Integer(), nullable=True),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['ehc_cases.id'], name=op.f('fk_ehc_stages_case_id_ehc_cases')),
        sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_ehc_stages_child_id_children')),
        sa.ForeignKeyConstraint(['review_id'], ['ehc_reviews.id'], name=op.f('fk_ehc_stages_review_id_ehc_reviews')),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'],
                                name=op.f('fk_ehc_stages_document_id_documents')),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['people.id'], name=op.f('fk_ehc_stages_recorded_by_id_people')),
        sa.ForeignKeyConstraint(['created_by_id'], ['people.id'], name=op.f('fk_ehc_stages_created_by_id_people')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ehc_stages')),
    )
    op.create_index('ix_ehc_stages_case_id', 'ehc_stages', ['case_id'], unique=False)
    op.create_index('ix_ehc_stages_open', 'ehc_stages', ['child_id', 'done_on', 'due_on'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_ehc_stages_open', table_name='ehc_stages')
    op.drop_index('ix_ehc_stages_case_id', table_name='ehc_stages')
    op.drop_table('ehc_stages')
    op.drop_index('ix_ehc_reviews_case_id', table_name='ehc_reviews')
    op.drop_table('ehc_reviews')
    op.drop_index('ix_ehc_cases_child_id', table_name='ehc_cases')
    op.drop_table('ehc_cases')
