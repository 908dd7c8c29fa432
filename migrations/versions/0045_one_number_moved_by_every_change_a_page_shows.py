"""one number moved by every change a page shows

Revision ID: 0045
Revises: 0044
Create Date: 2026-12-07 15:30:00.000000

A page rendered once may be answered again to the same reader while nothing it shows has
changed (webui.kept_pages). Whether anything has is told by one number, ``data_version``,
which the database itself changes whenever a row of any table is written, except the tables
that reads write and no page shows (core.models.data_version.UNWATCHED): a trigger on each
table, so no writer, ORM or plain SQL, a migration or a command, can change a record and
leave the number where it was. The new number is drawn at random, not counted up: a count
would come back to a number it had passed once a transaction rolled back (or a backup was
restored), with other records behind it; a random number names one state of the records.

On PostgreSQL the number changes once a transaction, as it commits: the trigger is deferred to
the COMMIT, where the transaction already holds every other lock it needs (the audit chain's,
the changes feed's counter), so waiting for the number's row lock there cannot deadlock, and
the new number becomes visible with the rows it stands for. On SQLite writers take turns, and
the number changes with each row written.
"""

import sqlalchemy as sa
from alembic import op

revision = '0045'
down_revision = '0044'
branch_labels = None
depends_on = None

# As core.data_version.UNWATCHED was when this migration was written: a migration stands alone.
UNWATCHED = frozenset({
    'alembic_version', 'data_version', 'audit_events', 'login_sessions', 'api_tokens', 'rate_limit_counters',
    'login_attempts', 'sign_in_steps', 'jobs', 'outbox_messages', 'kept_answers', 'webhook_attempts',
    'webhook_deliveries', 'change_counter',
})
OPERATIONS = ('INSERT', 'UPDATE', 'DELETE')

# Deferred, the triggers of a transaction's rows all fire in its COMMIT: one new number for the
# statement, not one for each row. (A test that never commits sets them IMMEDIATE, and gets
# one for each statement that writes.)
MOVE_ON_POSTGRESQL = """
CREATE FUNCTION teamaround_move_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('teamaround.data_version_moved_in', true) IS DISTINCT FROM statement_timestamp()::text THEN
        UPDATE data_version SET number = (random() * 4e18)::bigint WHERE id = 1;
        PERFORM set_config('teamaround.data_version_moved_in', statement_timestamp()::text, true);
    END IF;
    RETURN NULL;
END
$$
"""


def watched_tables() -> list[str]:
    return [name for name in sa.inspect(op.get_bind()).get_table_names() if name not in UNWATCHED]


def upgrade() -> None:
    version = op.create_table(
        'data_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('number', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_data_version')),
    )
    op.bulk_insert(version, [{'id': 1, 'number': 0}])
    postgresql = op.get_bind().dialect.name == 'postgresql'
    if postgresql:
        op.execute(MOVE_ON_POSTGRESQL)
    for table in watched_tables():
        if postgresql:
            op.execute(
                f'CREATE CONSTRAINT TRIGGER data_version_moves AFTER INSERT OR UPDATE OR DELETE ON {table} '
                'DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION teamaround_move_data_version()'
            )
            continue
        for operation in OPERATIONS:
            op.execute(
                f'CREATE TRIGGER data_version_after_{operation.lower()}_{table} AFTER {operation} ON {table} '
                'BEGIN UPDATE data_version SET number = random() WHERE id = 1; END'
            )


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == 'postgresql'
    for table in watched_tables():
        if postgresql:
            op.execute(f'DROP TRIGGER IF EXISTS data_version_moves ON {table}')
            continue
        for operation in OPERATIONS:
            op.execute(f'DROP TRIGGER IF EXISTS data_version_after_{operation.lower()}_{table}')
    if postgresql:
        op.execute('DROP FUNCTION teamaround_move_data_version')
    op.drop_table('data_version')
