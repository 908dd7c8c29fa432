"""background work and previews of documents

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 13:20:00.000000

The database-backed job queue (core.jobs): every kind of background work waits in one
table until it is done, so a restart loses nothing. Its first kind draws previews of
documents: each version may name one (a small JPEG of the image or of a PDF's first page)
in the document store. The column is nullable, so adding it rewrites nothing on either
database.
"""

import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'jobs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=64), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('last_error', sa.Text(), nullable=False),
        sa.Column('claimed_by', sa.String(length=100), nullable=True),
        sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('given_up_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs')),
    )
    op.create_index('ix_jobs_due', 'jobs', ['given_up_at', 'next_attempt_at'], unique=False)
    op.create_index('ix_jobs_key', 'jobs', ['key'], unique=False)
    op.add_column('document_versions', sa.Column('preview_sha256', sa.String(length=64), nullable=True))


def downgrade() -> None:
    op.drop_column('document_versions', 'preview_sha256')
    op.drop_index('ix_jobs_key', table_name='jobs')
    op.drop_index('ix_jobs_due', table_name='jobs')
    op.drop_table('jobs')
