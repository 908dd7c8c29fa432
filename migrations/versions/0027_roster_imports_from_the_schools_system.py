"""roster imports from the school's system

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-05 18:50:00.000000

A roster import (core.roster) keeps its plan and how far it is applied (roster_imports),
the column mappings of plain CSV exports (roster_mappings), and who each child and person
is in the school's system with the values last imported (roster_links). A parent's or
carer's membership records their relationship to the child and parental responsibility.
"""

import sqlalchemy as sa
from alembic import op

revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('roster_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('encoding', sa.String(length=20), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('mapping_name', sa.String(length=100), nullable=True),
    sa.Column('started_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('plan', sa.JSON(), nullable=False),
    sa.Column('applied', sa.Integer(), nullable=False),
    sa.Column('queued_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['started_by_id'], ['people.id'], name=op.f('fk_roster_imports_started_by_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_imports'))
    )
    op.create_table('roster_mappings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('columns', sa.JSON(), nullable=False),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_mappings')),
    sa.UniqueConstraint('name', name=op.f('uq_roster_mappings_name'))
    )
    op.create_table('roster_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('identifier', sa.String(length=200), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('imported', sa.JSON(), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('left_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_roster_links_child_id_children')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_roster_links_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_links'))
    )
    op.create_index('uq_roster_links_source_identifier', 'roster_links', ['source', 'identifier'], unique=True)
    op.create_index('ix_roster_links_child_id', 'roster_links', ['child_id'], unique=False)
    op.create_index('ix_roster_links_person_id', 'roster_links', ['person_id'], unique=False)
    op.add_column('memberships', sa.Column('relationship_to_child', sa.String(length=40), server_default='',
                                           nullable=False))
    op.add_column('memberships', sa.Column('parental_responsibility', sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('memberships') as batch:
        batch.drop_column('parental_responsibility')
        batch.drop_column('relationship_to_child')
    op.drop_index('ix_roster_links_person_id', table_name='roster_links')
    op.drop_index('ix_roster_links_child_id', table_name='roster_links')
    op.drop_index('uq_roster_links_source_identifier', table_name='roster_links')
    op.drop_table('roster_links')
    op.drop_table('roster_mappings')
    op.drop_table('roster_imports')
