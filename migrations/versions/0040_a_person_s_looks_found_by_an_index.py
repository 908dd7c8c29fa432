"""a person's looks at a child's timeline found by an index

Revision ID: 0040
Revises: 0039
Create Date: 2026-12-06 19:40:00.000000

The home page asks, of each recent entry of a person's children, whether that person opened
the child's timeline since it was posted. The index of the audit log on (child, action, time)
found every look at the child by anyone since then and read each event to see whose it was:
about 8 ms for a SENCO of 40 children when one child's timeline had been opened 6,000 times,
twice a page (the list and the caseload's counts), growing with the log. With the actor
before the time, the index finds the person's own looks only. It replaces the old one,
whose only other reader (who viewed a child's record) asks by child alone, so the log,
written on every page, keeps one index of this kind.
"""

from alembic import op

revision = '0040'
down_revision = '0039'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_audit_events_child_action_actor', 'audit_events', ['child_id', 'action', 'actor_id', 'at'])
    op.drop_index('ix_audit_events_child_action', table_name='audit_events')


def downgrade() -> None:
    op.create_index('ix_audit_events_child_action', 'audit_events', ['child_id', 'action', 'at'])
    op.drop_index('ix_audit_events_child_action_actor', table_name='audit_events')
