"""the login throttle counts an IPv6 address as its /64 network

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 13:00:00.000000

One household or one attacker's machine holds a whole IPv6 /64 and may send from any
address in it, so the throttle counts attempts by ``network`` (core.people.throttle):
the /64 for IPv6, the address itself for IPv4. Attempts kept before get theirs here,
worked out as the throttle does today (the rule is copied, not imported: today's code
will move on).
"""

import ipaddress

import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def _network(address: str) -> str:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 4:
        return address
    if ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


def upgrade() -> None:
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('network', sa.String(length=64), nullable=True))
    connection = op.get_bind()
    connection.execute(sa.text("UPDATE login_attempts SET network = address WHERE address NOT LIKE '%:%'"))
    for attempt_id, address in connection.execute(
        sa.text("SELECT id, address FROM login_attempts WHERE address LIKE '%:%'")
    ).all():
        connection.execute(
            sa.text("UPDATE login_attempts SET network = :network WHERE id = :id"),
            {"network": _network(address), "id": attempt_id},
        )
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.alter_column('network', existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_index('ix_login_attempts_address_at')
        batch_op.create_index('ix_login_attempts_network_at', ['network', 'at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_login_attempts_network_at')
        batch_op.create_index('ix_login_attempts_address_at', ['address', 'at'], unique=False)
        batch_op.drop_column('network')
