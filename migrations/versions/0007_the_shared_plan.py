"""the shared plan

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 02:50:22.952021
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('cycle', sa.Integer(), nullable=False),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('draft', 'agreed', 'under_review', name='plan_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('needs', sa.JSON(), nullable=False),
    sa.Column('child_views', sa.Text(), nullable=False),
    sa.Column('parent_views', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_plans_child_id_children')),
    sa.ForeignKeyConstraint(['created_by_id'], ['people.id'], name=op.f('fk_plans_created_by_id_people')),
    sa.ForeignKeyConstraint(['previous_id'], ['plans.id'], name=op.f('fk_plans_previous_id_plans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plans')),
    sa.UniqueConstraint('child_id', 'cycle', name='uq_plans_child_cycle')
    )
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.create_index('uq_plans_current', ['child_id'], unique=True, sqlite_where=sa.text('ended_at IS NULL'), postgresql_where=sa.text('ended_at IS NULL'))

    op.create_table('outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('area', sa.Enum('communication_and_interaction', 'cognition_and_learning', 'social_emotional_mental_health', 'sensory_and_physical', name='area_of_need', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('unit', sa.String(length=100), nullable=False),
    sa.Column('baseline_value', sa.Float(), nullable=False),
    sa.Column('baseline_on', sa.Date(), nullable=False),
    sa.Column('target_value', sa.Float(), nullable=False),
    sa.Column('target_on', sa.Date(), nullable=False),
    sa.Column('owner_agency', sa.String(length=64), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('carried_from_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['carried_from_id'], ['outcomes.id'], name=op.f('fk_outcomes_carried_from_id_outcomes')),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_outcomes_owner_id_people')),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_outcomes_plan_id_plans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcomes'))
    )
    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.create_index('ix_outcomes_plan_id', ['plan_id'], unique=False)

    op.create_table('plan_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('scheduled', 'held', name='review_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=True),
    sa.Column('held_by_id', sa.Integer(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['held_by_id'], ['people.id'], name=op.f('fk_plan_reviews_held_by_id_people')),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_reviews_plan_id_plans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_reviews'))
    )
    with op.batch_alter_table('plan_reviews', schema=None) as batch_op:
        batch_op.create_index('ix_plan_reviews_plan_id', ['plan_id'], unique=False)
        batch_op.create_index('ix_plan_reviews_status_due', ['status', 'due_on'], unique=False)

    op.create_table('plan_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('agreed_by_id', sa.Integer(), nullable=False),
    sa.Column('agreed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agreed_by_id'], ['people.id'], name=op.f('fk_plan_versions_agreed_by_id_people')),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_versions_plan_id_plans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_versions')),
    sa.UniqueConstraint('plan_id', 'number', name='uq_plan_versions_plan_number')
    )
    op.create_table('provisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('support', sa.Text(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('agency', sa.String(length=64), nullable=True),
    sa.Column('sessions_per_week', sa.Float(), nullable=False),
    sa.Column('minutes_per_session', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('carried_from_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['carried_from_id'], ['provisions.id'], name=op.f('fk_provisions_carried_from_id_provisions')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_provisions_person_id_people')),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_provisions_plan_id_plans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provisions'))
    )
    with op.batch_alter_table('provisions', schema=None) as batch_op:
        batch_op.create_index('ix_provisions_plan_id', ['plan_id'], unique=False)

    op.create_table('strategies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('where', sa.Enum('school', 'home', 'both', name='strategy_place', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('carried_from_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['carried_from_id'], ['strategies.id'], name=op.f('fk_strategies_carried_from_id_strategies')),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_strategies_plan_id_plans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_strategies'))
    )
    with op.batch_alter_table('strategies', schema=None) as batch_op:
        batch_op.create_index('ix_strategies_plan_id', ['plan_id'], unique=False)

    op.create_table('progress_readings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outcome_id', sa.Integer(), nullable=False),
    sa.Column('taken_on', sa.Date(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('from_home', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['outcome_id'], ['outcomes.id'], name=op.f('fk_progress_readings_outcome_id_outcomes')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['people.id'], name=op.f('fk_progress_readings_recorded_by_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_readings'))
    )
    with op.batch_alter_table('progress_readings', schema=None) as batch_op:
        batch_op.create_index('ix_progress_readings_outcome_taken', ['outcome_id', 'taken_on'], unique=False)

    op.create_table('provision_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('provision_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('delivered', sa.Boolean(), nullable=False),
    sa.Column('missed_reason', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['provision_id'], ['provisions.id'], name=op.f('fk_provision_sessions_provision_id_provisions')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['people.id'], name=op.f('fk_provision_sessions_recorded_by_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provision_sessions'))
    )
    with op.batch_alter_table('provision_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_provision_sessions_provision_held', ['provision_id', 'held_on'], unique=False)

    op.create_table('review_outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('outcome_id', sa.Integer(), nullable=False),
    sa.Column('judgement', sa.Enum('achieved', 'partly', 'not_yet', name='judgement', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['outcome_id'], ['outcomes.id'], name=op.f('fk_review_outcomes_outcome_id_outcomes')),
    sa.ForeignKeyConstraint(['review_id'], ['plan_reviews.id'], name=op.f('fk_review_outcomes_review_id_plan_reviews')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_outcomes')),
    sa.UniqueConstraint('review_id', 'outcome_id', name='uq_review_outcomes_review_outcome')
    )


def downgrade() -> None:
    op.drop_table('review_outcomes')
    with op.batch_alter_table('provision_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_provision_sessions_provision_held')

    op.drop_table('provision_sessions')
    with op.batch_alter_table('progress_readings', schema=None) as batch_op:
        batch_op.drop_index('ix_progress_readings_outcome_taken')

    op.drop_table('progress_readings')
    with op.batch_alter_table('strategies', schema=None) as batch_op:
        batch_op.drop_index('ix_strategies_plan_id')

    op.drop_table('strategies')
    with op.batch_alter_table('provisions', schema=None) as batch_op:
        batch_op.drop_index('ix_provisions_plan_id')

    op.drop_table('provisions')
    op.drop_table('plan_versions')
    with op.batch_alter_table('plan_reviews', schema=None) as batch_op:
        batch_op.drop_index('ix_plan_reviews_status_due')
        batch_op.drop_index('ix_plan_reviews_plan_id')

    op.drop_table('plan_reviews')
    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.drop_index('ix_outcomes_plan_id')

    op.drop_table('outcomes')
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_index('uq_plans_current', sqlite_where=sa.text('ended_at IS NULL'), postgresql_where=sa.text('ended_at IS NULL'))

    op.drop_table('plans')
