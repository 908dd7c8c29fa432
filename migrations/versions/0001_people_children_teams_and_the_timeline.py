"""people, children, teams and the timeline

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 01:18:54.521885
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('children',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('preferred_name', sa.String(length=100), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=False),
    sa.Column('year_group', sa.String(length=40), nullable=False),
    sa.Column('sen_status', sa.Enum('sen_support', 'ehcp', name='sen_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('needs', sa.JSON(), nullable=False),
    sa.Column('strengths', sa.Text(), nullable=False),
    sa.Column('about_me', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_children'))
    )
    op.create_table('people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('addressed_as', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.Enum('parent', 'school_staff', 'professional', 'administrator', name='person_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('agency', sa.String(length=64), nullable=True),
    sa.Column('preferred_contact', sa.Enum('email', 'phone', 'text', 'face_to_face', name='contact_channel', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('interpreter_needed', sa.Boolean(), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people')),
    sa.UniqueConstraint('email', name=op.f('uq_people_email'))
    )
    op.create_table('agency_consents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('agency', sa.String(length=64), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_agency_consents_child_id_children')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['people.id'], name=op.f('fk_agency_consents_recorded_by_id_people')),
    sa.ForeignKeyConstraint(['withdrawn_by_id'], ['people.id'], name=op.f('fk_agency_consents_withdrawn_by_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agency_consents'))
    )
    with op.batch_alter_table('agency_consents', schema=None) as batch_op:
        batch_op.create_index('uq_agency_consents_current', ['child_id', 'agency'], unique=True, sqlite_where=sa.text('withdrawn_at IS NULL'), postgresql_where=sa.text('withdrawn_at IS NULL'))

    op.create_table('memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=64), nullable=False),
    sa.Column('agency', sa.String(length=64), nullable=True),
    sa.Column('is_lead', sa.Boolean(), nullable=False),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('left_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['added_by_id'], ['people.id'], name=op.f('fk_memberships_added_by_id_people')),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_memberships_child_id_children')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_memberships_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memberships'))
    )
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.create_index('ix_memberships_child_id', ['child_id'], unique=False)
        batch_op.create_index('uq_memberships_current', ['person_id', 'child_id'], unique=True, sqlite_where=sa.text('left_at IS NULL'), postgresql_where=sa.text('left_at IS NULL'))

    op.create_table('timeline_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('agency', sa.String(length=64), nullable=True),
    sa.Column('kind', sa.Enum('update', 'home_observation', 'message', 'assessment', 'meeting', 'plan_change', 'document', name='entry_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('posted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('visibility', sa.Enum('team', 'professionals', 'agency', name='visibility', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=True),
    sa.Column('payload_schema', sa.String(length=100), nullable=True),
    sa.Column('payload_version', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['people.id'], name=op.f('fk_timeline_entries_author_id_people')),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_timeline_entries_child_id_children')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_timeline_entries'))
    )
    with op.batch_alter_table('timeline_entries', schema=None) as batch_op:
        batch_op.create_index('ix_timeline_entries_child_occurred', ['child_id', 'occurred_at', 'id'], unique=False)

    op.create_table('acknowledgements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['timeline_entries.id'], name=op.f('fk_acknowledgements_entry_id_timeline_entries')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_acknowledgements_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_acknowledgements')),
    sa.UniqueConstraint('entry_id', 'person_id', name=op.f('uq_acknowledgements_entry_id'))
    )


def downgrade() -> None:
    op.drop_table('acknowledgements')
    with op.batch_alter_table('timeline_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_timeline_entries_child_occurred')

    op.drop_table('timeline_entries')
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_index('uq_memberships_current', sqlite_where=sa.text('left_at IS NULL'), postgresql_where=sa.text('left_at IS NULL'))
        batch_op.drop_index('ix_memberships_child_id')

    op.drop_table('memberships')
    with op.batch_alter_table('agency_consents', schema=None) as batch_op:
        batch_op.drop_index('uq_agency_consents_current', sqlite_where=sa.text('withdrawn_at IS NULL'), postgresql_where=sa.text('withdrawn_at IS NULL'))

    op.drop_table('agency_consents')
    op.drop_table('people')
    op.drop_table('children')
