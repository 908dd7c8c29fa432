"""append an audit event in one statement on PostgreSQL

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 05:00:00.000000

Every page writes an audit event. Appending one took three round trips to the server
(the chain's lock, the newest hash, the INSERT); this function makes them one. It
hashes exactly as ``core.audit.event_hash`` does: the caller sends the hashed JSON
list from its third item on, and the function puts the previous hash and the time
(taken under the lock, so times follow the chain) in front. On SQLite there is nothing
to create: Python appends the event there.
"""

from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    # VOLATILE: the SELECT takes its own snapshot after the lock is held, so it sees
    # the event that the previous holder of the lock committed.
    op.execute(
        """
        CREATE FUNCTION teamaround_append_audit_event(
            chain_lock bigint,
            new_actor_id integer,
            new_action varchar,
            new_child_id integer,
            new_subject varchar,
            new_detail json,
            hashed_rest text
        ) RETURNS TABLE (id integer, at timestamptz, previous_hash varchar, hash varchar)
        LANGUAGE plpgsql VOLATILE AS $$
        DECLARE
            new_at timestamptz;
            previous varchar;
        BEGIN
            PERFORM pg_advisory_xact_lock(chain_lock);
            new_at := clock_timestamp();
            SELECT newest.hash INTO previous FROM audit_events AS newest ORDER BY newest.id DESC LIMIT 1;
            previous := coalesce(previous, repeat('0', 64));
            RETURN QUERY
                INSERT INTO audit_events AS event (at, actor_id, action, child_id, subject, detail, previous_hash, hash)
                VALUES (
                    new_at, new_actor_id, new_action, new_child_id, new_subject, new_detail, previous,
                    encode(sha256(convert_to(
                        '["' || previous || '","'
                        || to_char(new_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00",'
                        || hashed_rest,
                        'UTF8')), 'hex')
                )
                RETURNING event.id, event.at, event.previous_hash, event.hash;
        END
        $$
        """
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute("DROP FUNCTION teamaround_append_audit_event")
