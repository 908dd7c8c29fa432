"""append a page's audit events with its reader's session, when nothing it shows has changed

Revision ID: 0048
Revises: 0047
Create Date: 2026-12-07 21:40:00.000000

A page answered again from memory (webui.kept_pages) reads one row, the session with the
data version, and writes its audit events: two round trips on PostgreSQL, the second as
dear as the first. When the process knows beforehand which page it will answer and what
reading it again audits, the first statement can append the events too, through this
function: it appends them (by migration 0047's function, in order) if the data version is
the one the page was kept at when it looks, and says whether it did. A change committing
just after is not waited for: the read is of the records before it, as a read that ran
before it is. Called from the statement that signs the reader in (core.people.sessions,
core.people.tokens), only for a session or token that opens the page. On SQLite, where a
statement costs no round trip, there is nothing to create.
"""

from alembic import op

revision = '0048'
down_revision = '0047'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute(
        """
        CREATE FUNCTION teamaround_append_audit_events_at(
            kept_at bigint,
            chain_lock bigint,
            new_actor_ids integer[],
            new_actions varchar[],
            new_child_ids integer[],
            new_subjects varchar[],
            new_details json[],
            hashed_rests text[]
        ) RETURNS boolean
        LANGUAGE plpgsql VOLATILE AS $$
        BEGIN
            IF (SELECT number FROM data_version WHERE id = 1) IS DISTINCT FROM kept_at THEN
                RETURN false;
            END IF;
            PERFORM teamaround_append_audit_events(
                chain_lock, new_actor_ids, new_actions, new_child_ids, new_subjects, new_details, hashed_rests);
            RETURN true;
        END
        $$
        """
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute("DROP FUNCTION teamaround_append_audit_events_at")
