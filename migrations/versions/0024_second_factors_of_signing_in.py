"""second factors of signing in

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-05 18:30:00.000000

Authenticator apps and passkeys (``second_factors``), recovery codes kept hashed
(``recovery_codes``), the single-use steps of a sign-in in progress (``sign_in_steps``),
and the mark on a session whose person must enrol a second factor before anything else.
"""

import sqlalchemy as sa
from alembic import op

revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'second_factors',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column(
            'kind',
            sa.Enum('totp', 'passkey', name='factor_kind', native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('encrypted_secret', sa.String(length=255), nullable=True),
        sa.Column('last_time_step', sa.Integer(), nullable=True),
        sa.Column('credential_id', sa.LargeBinary(length=1024), nullable=True),
        sa.Column('public_key', sa.LargeBinary(length=2048), nullable=True),
        sa.Column('sign_count', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_second_factors_person_id_people')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_second_factors')),
        sa.UniqueConstraint('credential_id', name=op.f('uq_second_factors_credential_id')),
    )
    op.create_index('ix_second_factors_person_id', 'second_factors', ['person_id'], unique=False)
    op.create_table(
        'recovery_codes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('code_hash', sa.String(length=255), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_recovery_codes_person_id_people')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_codes')),
    )
    op.create_index('ix_recovery_codes_person_id', 'recovery_codes', ['person_id'], unique=False)
    op.create_table(
        'sign_in_steps',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('secret_hash', sa.String(length=64), nullable=False),
        sa.Column('purpose', sa.String(length=32), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=True),
        sa.Column('challenge', sa.LargeBinary(length=64), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_sign_in_steps_person_id_people')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_steps')),
        sa.UniqueConstraint('secret_hash', name=op.f('uq_sign_in_steps_secret_hash')),
    )
    op.add_column(
        'login_sessions', sa.Column('enrolment_required', sa.Boolean(), server_default='0', nullable=False)
    )


def downgrade() -> None:
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.drop_column('enrolment_required')
    op.drop_table('sign_in_steps')
    op.drop_index('ix_recovery_codes_person_id', table_name='recovery_codes')
    op.drop_table('recovery_codes')
    op.drop_index('ix_second_factors_person_id', table_name='second_factors')
    op.drop_table('second_factors')
