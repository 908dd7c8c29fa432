"""threads, notifications, preferences and report requests

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 02:22:22.767733
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('notification_preferences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('new_entry', 'message', 'reply', 'plan_change', 'meeting', 'action', 'reminder', name='notification_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('delivery', sa.Enum('immediately', 'daily_digest', 'not_at_all', name='delivery', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_notification_preferences_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_preferences')),
    sa.UniqueConstraint('person_id', 'kind', name='uq_notification_preferences_person_kind')
    )
    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('new_entry', 'message', 'reply', 'plan_change', 'meeting', 'action', 'reminder', name='notification_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('headline', sa.String(length=300), nullable=False),
    sa.Column('first_line', sa.String(length=300), nullable=False),
    sa.Column('link', sa.String(length=300), nullable=False),
    sa.Column('delivery', sa.Enum('immediately', 'daily_digest', 'not_at_all', name='delivery', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('emailed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_notifications_child_id_children')),
    sa.ForeignKeyConstraint(['recipient_id'], ['people.id'], name=op.f('fk_notifications_recipient_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
    sa.UniqueConstraint('key', 'recipient_id', name='uq_notifications_key_recipient')
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_recipient_unread', ['recipient_id', 'read_at', 'id'], unique=False)
        batch_op.create_index('ix_notifications_to_email', ['delivery', 'emailed_at'], unique=False)

    op.create_table('report_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['entry_id'], ['timeline_entries.id'], name=op.f('fk_report_requests_entry_id_timeline_entries')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_report_requests_meeting_id_meetings')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_report_requests_person_id_people')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['people.id'], name=op.f('fk_report_requests_requested_by_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_requests')),
    sa.UniqueConstraint('meeting_id', 'person_id', name='uq_report_requests_meeting_person')
    )
    with op.batch_alter_table('timeline_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reply_to_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_timeline_entries_reply_to_id_timeline_entries'), 'timeline_entries', ['reply_to_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('timeline_entries', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_timeline_entries_reply_to_id_timeline_entries'), type_='foreignkey')
        batch_op.drop_column('reply_to_id')

    op.drop_table('report_requests')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_to_email')
        batch_op.drop_index('ix_notifications_recipient_unread')

    op.drop_table('notifications')
    op.drop_table('notification_preferences')
