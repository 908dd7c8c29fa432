"""login sessions on the server

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 13:30:00.000000

Sessions move from the signed cookie to the server (core.people.sessions), so that
logging out, a new password or a closed account ends them for good; the person-wide
session counter they replace goes. Everyone logs in again once.

Closing an account now revokes its API tokens and calendar address, so that reopening it
revives neither: the tokens and addresses of accounts closed before are revoked here too.

``people.session_version`` is dropped with ALTER TABLE ... DROP COLUMN on every database:
rebuilding ``people`` (Alembic's batch mode on SQLite) would drop a table that every other
table refers to.
"""

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('login_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_login_sessions_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_login_sessions_token_hash'))
    )
    op.create_index('ix_login_sessions_person_id', 'login_sessions', ['person_id'], unique=False)
    op.drop_column('people', 'session_version')
    for table in ('api_tokens', 'calendar_feeds'):
        op.execute(
            f"UPDATE {table} SET revoked_at = CURRENT_TIMESTAMP WHERE revoked_at IS NULL"
            " AND person_id IN (SELECT id FROM people WHERE NOT active)"
        )


def downgrade() -> None:
    op.add_column('people', sa.Column('session_version', sa.Integer(), server_default='1', nullable=False))
    op.drop_index('ix_login_sessions_person_id', table_name='login_sessions')
    op.drop_table('login_sessions')
