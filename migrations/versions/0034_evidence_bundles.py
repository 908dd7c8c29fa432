"""evidence bundles

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-06 02:30:00.000000

What a lead professional chose to send the local authority for an EHC needs assessment
request or a review, and, once built in the background, the document holding its PDF.
"""

import sqlalchemy as sa
from alembic import op

revision = '0034'
down_revision = '0033'
branch_labels = None
depends_on = None

PURPOSES = ('assessment_request', 'review')


def upgrade() -> None:
    op.create_table(
        'evidence_bundles',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('child_id', sa.Integer(), nullable=False),
        sa.Column('purpose', sa.Enum(*PURPOSES, name='bundle_purpose', native_enum=False, create_constraint=True,
                                     length=32), nullable=False),
        sa.Column('selection', sa.JSON(), nullable=False),
        sa.Column('language', sa.String(length=16), nullable=False),
        sa.Column('requested_by_id', sa.Integer(), nullable=False),
        sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=True),
        sa.Column('pages', sa.Integer(), nullable=True),
        sa.Column('failure', sa.Text(), nullable=False),
        sa.Column('shared_with_agency', sa.String(length=64), nullable=True),
        sa.Column('shared_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_evidence_bundles_child_id_children')),
        sa.ForeignKeyConstraint(['requested_by_id'], ['people.id'],
                                name=op.f('fk_evidence_bundles_requested_by_id_people')),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'],
                                name=op.f('fk_evidence_bundles_document_id_documents')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_bundles')),
    )
    op.create_index('ix_evidence_bundles_child_id', 'evidence_bundles', ['child_id', 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_evidence_bundles_child_id', table_name='evidence_bundles')
    op.drop_table('evidence_bundles')
