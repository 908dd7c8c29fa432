"""documents attached to records

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05 13:40:00.000000

A document in the child's file can be attached to what it belongs with: an assessment or a
message (a timeline entry), a meeting, or a plan review; exactly one of them, by a check.
"""

import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

ONE_TARGET = (
    "(CASE WHEN entry_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN meeting_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN review_id IS NULL THEN 0 ELSE 1 END) = 1"
)


def upgrade() -> None:
    op.create_table(
        'document_attachments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('entry_id', sa.Integer(), nullable=True),
        sa.Column('meeting_id', sa.Integer(), nullable=True),
        sa.Column('review_id', sa.Integer(), nullable=True),
        sa.Column('attached_by_id', sa.Integer(), nullable=False),
        sa.Column('attached_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(ONE_TARGET, name=op.f('ck_document_attachments_one_target')),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'],
                                name=op.f('fk_document_attachments_document_id_documents')),
        sa.ForeignKeyConstraint(['entry_id'], ['timeline_entries.id'],
                                name=op.f('fk_document_attachments_entry_id_timeline_entries')),
        sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'],
                                name=op.f('fk_document_attachments_meeting_id_meetings')),
        sa.ForeignKeyConstraint(['review_id'], ['plan_reviews.id'],
                                name=op.f('fk_document_attachments_review_id_plan_reviews')),
        sa.ForeignKeyConstraint(['attached_by_id'], ['people.id'],
                                name=op.f('fk_document_attachments_attached_by_id_people')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_document_attachments')),
    )
    for column in ('document_id', 'entry_id', 'meeting_id', 'review_id'):
        op.create_index(f'ix_document_attachments_{column}', 'document_attachments', [column], unique=False)


def downgrade() -> None:
    for column in ('review_id', 'meeting_id', 'entry_id', 'document_id'):
        op.drop_index(f'ix_document_attachments_{column}', table_name='document_attachments')
    op.drop_table('document_attachments')
