"""append a read's audit events in one call on PostgreSQL

Revision ID: 0047
Revises: 0046
Create Date: 2026-12-07 19:55:00.000000

A page read again from memory writes its audit events and little else: the home page three
(dashboard, actions, caseload), each a round trip and, being several, a transaction around
them. This function appends them in one call, in the order given, each by the one-event
function of migration 0010 (the chain's lock, taken once for the transaction, the newest
hash read afresh, the hash made as ``core.records.audit.event_hash`` makes it). A loop and
not one statement over the events: the order of calls, and one call for each event, are
then the function's own and not a query plan's. On SQLite there is nothing to create.
"""

from alembic import op

revision = '0047'
down_revision = '0046'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute(
        """
        CREATE FUNCTION teamaround_append_audit_events(
            chain_lock bigint,
            new_actor_ids integer[],
            new_actions varchar[],
            new_child_ids integer[],
            new_subjects varchar[],
            new_details json[],
            hashed_rests text[]
        ) RETURNS TABLE (id integer, at timestamptz, previous_hash varchar, hash varchar)
        LANGUAGE plpgsql VOLATILE AS $$
        BEGIN
            FOR place IN 1 .. cardinality(new_actions) LOOP
                RETURN QUERY SELECT * FROM teamaround_append_audit_event(
                    chain_lock, new_actor_ids[place], new_actions[place], new_child_ids[place],
                    new_subjects[place], new_details[place], hashed_rests[place]);
            END LOOP;
        END
        $$
        """
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute("DROP FUNCTION teamaround_append_audit_events")
