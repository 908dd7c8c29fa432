"""tokens that end, and erased cases in the changes feed

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-05 18:40:00.000000

Every API token ends (``api_tokens.expires_at``) and may be limited to reading
(``api_tokens.scope``). Tokens made before this had neither: they keep working for the
default 90 days from the upgrade, and keep writing, as they did.

``erasure_notices``: that a child's case was erased, for each person who could read it
then, numbered in the changes feed so that a copy kept in step drops the child too.
"""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = '0029'
down_revision = '0028'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column(
            'scope',
            sa.Enum('read', 'read_write', name='token_scope', native_enum=False, create_constraint=True, length=32),
            nullable=False,
            server_default='read_write',
        ))
    tokens = sa.table('api_tokens', sa.column('expires_at', sa.DateTime(timezone=True)))
    op.execute(tokens.update().where(tokens.c.expires_at.is_(None))
               .values(expires_at=datetime.now(UTC) + timedelta(days=90)))
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.alter_column('expires_at', existing_type=sa.DateTime(timezone=True), nullable=False)
    op.create_table(
        'erasure_notices',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('child_id', sa.Integer(), nullable=False),
        sa.Column('change_sequence', sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_erasure_notices')),
    )
    op.create_index('ix_erasure_notices_person_sequence', 'erasure_notices', ['person_id', 'change_sequence'])


def downgrade() -> None:
    op.drop_index('ix_erasure_notices_person_sequence', table_name='erasure_notices')
    op.drop_table('erasure_notices')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        # The CHECK of scope's values first: SQLite's copy of the table would keep it, naming a dropped column.
        batch_op.drop_constraint(op.f('ck_api_tokens_token_scope'), type_='check')
        batch_op.drop_column('scope')
        batch_op.drop_column('expires_at')
