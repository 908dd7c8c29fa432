"""the child's file

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 13:00:00.000000

Documents in a child's file and their versions. The bytes are not in the database: each
version names its file in the document store by the file's SHA-256. The timeline entry
that tells the team of a new document links to it; the column is nullable, so on
PostgreSQL adding it rewrites nothing, while SQLite rebuilds the table.
"""

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

VISIBILITIES = ('team', 'professionals', 'agency')
KINDS = ('report', 'letter', 'assessment', 'plan', 'photo', 'other')


def upgrade() -> None:
    op.create_table(
        'documents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('child_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.Enum(*KINDS, name='document_kind', native_enum=False, create_constraint=True,
                                  length=32), nullable=False),
        sa.Column('about_on', sa.Date(), nullable=False),
        sa.Column('added_by_id', sa.Integer(), nullable=False),
        sa.Column('added_by_agency', sa.String(length=64), nullable=True),
        sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('visibility', sa.Enum(*VISIBILITIES, name='document_visibility', native_enum=False,
                                        create_constraint=True, length=32), nullable=False),
        sa.Column('shared_with_agency', sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_documents_child_id_children')),
        sa.ForeignKeyConstraint(['added_by_id'], ['people.id'], name=op.f('fk_documents_added_by_id_people')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    )
    op.create_index('ix_documents_child_about', 'documents', ['child_id', 'about_on', 'id'], unique=False)
    op.create_table(
        'document_versions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('size', sa.BigInteger(), nullable=False),
        sa.Column('media_type', sa.String(length=100), nullable=False),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('added_by_id', sa.Integer(), nullable=False),
        sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'],
                                name=op.f('fk_document_versions_document_id_documents')),
        sa.ForeignKeyConstraint(['added_by_id'], ['people.id'],
                                name=op.f('fk_document_versions_added_by_id_people')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_document_versions')),
        sa.UniqueConstraint('document_id', 'number', name=op.f('uq_document_versions_document_id')),
    )
    op.create_index('ix_document_versions_sha256', 'document_versions', ['sha256'], unique=False)
    with op.batch_alter_table('timeline_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('document_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_timeline_entries_document_id_documents'), 'documents', ['document_id'], ['id']
        )


def downgrade() -> None:
    with op.batch_alter_table('timeline_entries', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_timeline_entries_document_id_documents'), type_='foreignkey')
        batch_op.drop_column('document_id')
    op.drop_index('ix_document_versions_sha256', table_name='document_versions')
    op.drop_table('document_versions')
    op.drop_index('ix_documents_child_about', table_name='documents')
    op.drop_table('documents')
