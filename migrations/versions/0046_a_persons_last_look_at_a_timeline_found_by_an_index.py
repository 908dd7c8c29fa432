"""a person's last look at a timeline found by an index

Revision ID: 0046
Revises: 0045
Create Date: 2026-12-07 18:20:00.000000

A home page is kept for its reader while nothing it shows has changed (webui.kept_pages),
and what it lists as new to them depends on their looks at the children's timelines,
which the audit log holds: each answer asks for the newest of those looks
(core.messaging.dashboard.last_look). The index of (child, action, person, time) does not
find one person's looks across their children; this one finds the newest in one step,
however long the log grows.

It is built in the upgrade's one transaction, as every index is (all or nothing): on
PostgreSQL, writes to the audit log, and so reads that write their event, wait while it is
built, which takes longer the longer the log. Upgrade out of hours.
"""

from alembic import op

revision = '0046'
down_revision = '0045'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_audit_events_actor_action', 'audit_events', ['actor_id', 'action', 'id'])


def downgrade() -> None:
    op.drop_index('ix_audit_events_actor_action', table_name='audit_events')
