"""Paged lists, version counters and idempotency keys: an index per list order and filter,
``version`` on tenants, users and tenant settings, and the ``idempotency_keys`` table.

Revision ID: 0007_list_indexes
Revises: 0006_job_storage
Create Date: 2026-11-25
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa
import core.platform.db


revision = '0007_list_indexes'
down_revision = '0006_job_storage'
branch_labels = None
depends_on = None

VERSIONED = ('tenants', 'users', 'tenant_settings')
VERSION_COMMENT = 'optimistic lock: +1 on every update (ETag)'


def upgrade() -> None:
    for table in VERSIONED:
        # Not batch: SQLite adds a column with a constant default in place, where a batch would copy
        # the table and drop the old one, which the foreign keys of a populated database refuse.
        op.add_column(table, sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False,
                                       comment=VERSION_COMMENT))
    with op.batch_alter_table('tenants', schema=None) as batch_op:
        batch_op.create_index('ix_tenants_status_id', ['status', 'id'], unique=False)
        batch_op.create_index('ix_tenants_jurisdiction_code_id', ['jurisdiction_code', 'id'], unique=False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index('ix_users_tenant_id_id', ['tenant_id', 'id'], unique=False)
        batch_op.create_index('ix_users_tenant_id_role_id', ['tenant_id', 'role', 'id'], unique=False)
        batch_op.create_index('ix_users_tenant_id_id_inactive', ['tenant_id', 'id'], unique=False,
                              sqlite_where=sa.text('is_active = 0'), postgresql_where=sa.text('NOT is_active'))
        batch_op.drop_index('ix_users_tenant_id')  # (tenant_id, id) serves everything it did

    op.create_table('idempotency_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False, comment='SHA-256 of method, path and body'),
    sa.Column('status', sa.Integer(), nullable=True, comment='NULL while the first request runs'),
    sa.Column('response', sa.JSON(), nullable=True, comment='{body, headers} replayed'),
    sa.Column('created_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_idempotency_keys_tenant_id_tenants'),
                            ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_idempotency_keys_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idempotency_keys')),
    sa.UniqueConstraint('tenant_id', 'user_id', 'key', name=op.f('uq_idempotency_keys_tenant_id_user_id_key'))
    )
    with op.batch_alter_table('idempotency_keys', schema=None) as batch_op:
        batch_op.create_index('uq_idempotency_keys_platform_user_id_key', ['user_id', 'key'], unique=True,
                              sqlite_where=sa.text('tenant_id IS NULL'), postgresql_where=sa.text('tenant_id IS NULL'))
        batch_op.create_index('ix_idempotency_keys_tenant_id_expires_at', ['tenant_id', 'expires_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('idempotency_keys', schema=None) as batch_op:
        batch_op.drop_index('ix_idempotency_keys_tenant_id_expires_at')
        batch_op.drop_index('uq_idempotency_keys_platform_user_id_key')
    op.drop_table('idempotency_keys')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_tenant_id'), ['tenant_id'], unique=False)
        batch_op.drop_index('ix_users_tenant_id_id_inactive')
        batch_op.drop_index('ix_users_tenant_id_role_id')
        batch_op.drop_index('ix_users_tenant_id_id')
    with op.batch_alter_table('tenants', schema=None) as batch_op:
        batch_op.drop_index('ix_tenants_jurisdiction_code_id')
        batch_op.drop_index('ix_tenants_status_id')
    for table in reversed(VERSIONED):
        op.drop_column(table, 'version')  # in place on SQLite 3.35+, as in upgrade()
