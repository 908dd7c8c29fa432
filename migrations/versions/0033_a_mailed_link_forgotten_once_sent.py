"""a mailed link forgotten once sent

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-06 02:00:00.000000

An outbox message keeps the secret of the link it carries (an invitation, a password
reset) in ``secret`` until it is sent; then the secret is blanked in ``text_body`` and
forgotten. Messages already sent have the secret of their link blanked here, read off the
link's path: a link still unused would otherwise stay readable in the database and in
subject access exports.
"""

import re

import sqlalchemy as sa
from alembic import op

revision = '0033'
down_revision = '0032'
branch_labels = None
depends_on = None

BLANKED = "…"
_LINK_SECRET = re.compile(r"(/invitations/|/password/reset/)[A-Za-z0-9_-]+")


def upgrade() -> None:
    op.add_column('outbox_messages', sa.Column('secret', sa.String(length=200), nullable=True))
    messages = sa.table(
        'outbox_messages',
        sa.column('id', sa.Integer()),
        sa.column('key', sa.String()),
        sa.column('text_body', sa.Text()),
        sa.column('sent_at', sa.DateTime(timezone=True)),
    )
    connection = op.get_bind()
    mailed_links = sa.or_(messages.c.key.like('invitation:%'), messages.c.key.like('password_reset:%'))
    sent = connection.execute(
        sa.select(messages.c.id, messages.c.text_body).where(mailed_links, messages.c.sent_at.is_not(None))
    ).all()
    for message_id, text in sent:
        blanked = _LINK_SECRET.sub(lambda link: link[1] + BLANKED, text)
        connection.execute(messages.update().where(messages.c.id == message_id).values(text_body=blanked))


def downgrade() -> None:
    # In place, not through Alembic's batch mode: that would rebuild the table, which
    # notifications point at, and fail on their references (as 0023 says).
    op.execute("ALTER TABLE outbox_messages DROP COLUMN secret")
