"""the child each sent e-mail is about

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-05 13:00:00.000000

An e-mail names the one child it is about (``outbox_messages.child_id``), so that subject
access exports it with the child's record and retention erases it with the case. Mail
already queued or sent is linked where that can be told: an invite by the meeting its key
names, a notification e-mail or a digest by the notifications it carried when they all
name one child. The rest (a digest about several children, mail whose notifications are
gone) stays unlinked, NULL, as new mail about several children is.
"""

import sqlalchemy as sa
from alembic import op

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None

BATCH = 1000


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a column with its foreign key in place; Alembic's batch mode would
        # rebuild the table, which notifications point at, and fail on their references.
        op.execute(
            "ALTER TABLE outbox_messages ADD COLUMN child_id INTEGER "
            "CONSTRAINT fk_outbox_messages_child_id_children REFERENCES children (id)"
        )
    else:
        op.add_column('outbox_messages', sa.Column('child_id', sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f('fk_outbox_messages_child_id_children'), 'outbox_messages', 'children', ['child_id'], ['id']
        )
    op.create_index(op.f('ix_outbox_messages_child_id'), 'outbox_messages', ['child_id'], unique=False)
    _link_by_the_notifications_carried()
    _link_invites_by_their_meeting()


def _link_by_the_notifications_carried() -> None:
    op.execute(
        """
        UPDATE outbox_messages SET child_id = (
            SELECT MIN(n.child_id) FROM notifications n WHERE n.outbox_message_id = outbox_messages.id
        )
        WHERE (SELECT COUNT(DISTINCT n.child_id) FROM notifications n
               WHERE n.outbox_message_id = outbox_messages.id) = 1
          AND NOT EXISTS (SELECT 1 FROM notifications n
                          WHERE n.outbox_message_id = outbox_messages.id AND n.child_id IS NULL)
        """
    )


def _link_invites_by_their_meeting() -> None:
    """Invites are keyed ``meeting:<id>:sequence:<n>:<method>:person:<id>`` (core/meetings/invites.py)."""
    connection = op.get_bind()
    invites = connection.execute(
        sa.text("SELECT id, key FROM outbox_messages WHERE child_id IS NULL AND key LIKE 'meeting:%'")
    ).all()
    meeting_of = {message_id: int(key.split(":")[1]) for message_id, key in invites if key.split(":")[1].isdecimal()}
    meeting_ids = sorted(set(meeting_of.values()))
    child_of = {}
    for start in range(0, len(meeting_ids), BATCH):
        chunk = meeting_ids[start : start + BATCH]
        statement = sa.text("SELECT id, child_id FROM meetings WHERE id IN :ids").bindparams(
            sa.bindparam("ids", expanding=True)
        )
        child_of.update(connection.execute(statement, {"ids": chunk}).all())
    links = [
        {"message_id": message_id, "child_id": child_of[meeting_id]}
        for message_id, meeting_id in meeting_of.items()
        if meeting_id in child_of
    ]
    if links:
        connection.execute(
            sa.text("UPDATE outbox_messages SET child_id = :child_id WHERE id = :message_id"), links
        )


def downgrade() -> None:
    connection = op.get_bind()
    op.drop_index(op.f('ix_outbox_messages_child_id'), table_name='outbox_messages')
    if connection.dialect.name != "sqlite":
        op.drop_constraint(op.f('fk_outbox_messages_child_id_children'), 'outbox_messages', type_='foreignkey')
        op.drop_column('outbox_messages', 'child_id')
        return
    # SQLite drops a column with a foreign key only by rebuilding the table, and refuses to
    # drop the old one while notifications point at its rows: unlink them meanwhile.
    carried = connection.execute(
        sa.text("SELECT id, outbox_message_id FROM notifications WHERE outbox_message_id IS NOT NULL")
    ).all()
    connection.execute(sa.text("UPDATE notifications SET outbox_message_id = NULL"))
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('child_id')  # and its foreign key, which SQLite reflects unnamed
    if carried:
        connection.execute(
            sa.text("UPDATE notifications SET outbox_message_id = :message WHERE id = :notification"),
            [{"notification": notification, "message": message} for notification, message in carried],
        )
