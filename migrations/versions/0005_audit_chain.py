"""A hash-chained, append-only audit trail.

Adds the GB/T 22239 level-3 fields (actor role, client address, outcome), the chain columns (seq,
prev_hash, hash) and the chain heads, chains the events already recorded in id order, replaces the
tenant index with (tenant_id, id) for the paged list, drops the actor foreign key (an event outlives
its user; ON DELETE SET NULL would rewrite it) and, on SQLite, adds triggers that refuse UPDATE and
DELETE (on PostgreSQL the application role may only insert: 0008).

Revision ID: 0005_audit_chain
Revises: 0004_login_throttle
Create Date: 2026-11-25
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa
import core.platform.db


revision = '0005_audit_chain'
down_revision = '0004_login_throttle'
branch_labels = None
depends_on = None

OUTCOME = sa.Enum('success', 'failure', 'denied', name='audit_outcome', native_enum=False, create_constraint=True,
                  length=32)
SQLITE_TRIGGERS = {
    'audit_events_no_update': 'BEFORE UPDATE ON audit_events',
    'audit_events_no_delete': 'BEFORE DELETE ON audit_events',
}


def upgrade() -> None:
    op.create_table('audit_chain_heads',
    sa.Column('chain', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=True),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.Column('updated_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_audit_chain_heads_tenant_id_tenants'),
                            ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('chain', name=op.f('pk_audit_chain_heads')),
    sa.UniqueConstraint('tenant_id', name=op.f('uq_audit_chain_heads_tenant_id'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seq', sa.Integer(), nullable=True,
                                      comment="position in the tenant's (or the platform's) chain, from 1"))
        batch_op.add_column(sa.Column('actor_role', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('client_address', sa.String(length=64), nullable=True,
                                      comment="the caller's IP address; NULL outside a request"))
        batch_op.add_column(sa.Column('outcome', OUTCOME, server_default='success', nullable=False))
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True,
                                      comment='hash of the previous event of the chain (zeros first)'))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=True,
                                      comment='SHA-256 of the canonical JSON of this event and prev_hash'))
        batch_op.drop_constraint('fk_audit_events_actor_id_users', type_='foreignkey')
        batch_op.drop_index('ix_audit_events_tenant_id')
        batch_op.create_index('ix_audit_events_tenant_id_id', ['tenant_id', 'id'], unique=False)
    _chain_existing_events()
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.alter_column('outcome', server_default=None, existing_type=OUTCOME, existing_nullable=False)
        for column in ('seq', 'prev_hash', 'hash'):
            batch_op.alter_column(column, nullable=False, existing_type=sa.Integer() if column == 'seq'
                                  else sa.String(length=64))
        batch_op.create_unique_constraint(batch_op.f('uq_audit_events_tenant_id_seq'), ['tenant_id', 'seq'])
        batch_op.create_index('uq_audit_events_platform_seq', ['seq'], unique=True,
                              sqlite_where=sa.text('tenant_id IS NULL'), postgresql_where=sa.text('tenant_id IS NULL'))
    if op.get_bind().dialect.name == 'sqlite':
        for name, when in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {when} BEGIN "
                       f"SELECT RAISE(ABORT, 'audit_events is append-only'); END")


def _chain_existing_events() -> None:
    """Chain the events recorded before this revision, per tenant in id order (one pass, in Python:
    the hash is the one :mod:`core.platform.audit` computes)."""
    from core.platform.audit import GENESIS, PLATFORM_CHAIN, chain_hash
    from core.platform.db import utcnow

    bind = op.get_bind()
    events = sa.table('audit_events', sa.column('id', sa.Integer), sa.column('tenant_id', sa.Integer),
                      sa.column('seq', sa.Integer), sa.column('actor_id', sa.Integer),
                      sa.column('actor_username', sa.String), sa.column('actor_role', sa.String),
                      sa.column('client_address', sa.String), sa.column('action', sa.String),
                      sa.column('target_type', sa.String), sa.column('target_id', sa.String),
                      sa.column('outcome', sa.String), sa.column('details', sa.JSON),
                      sa.column('at', core.platform.db.UTCDateTime()), sa.column('prev_hash', sa.String),
                      sa.column('hash', sa.String))
    heads: dict[int | None, tuple[int, str]] = {}
    rows = bind.execute(sa.select(events).order_by(events.c.id)).mappings().all()
    for row in rows:
        seq, prev_hash = heads.get(row['tenant_id'], (0, GENESIS))
        outcome = 'failure' if row['action'].endswith('_failed') else 'success'
        fields = dict(row, seq=seq + 1, outcome=outcome, details=row['details'] or {})
        digest = chain_hash(fields, prev_hash)
        bind.execute(events.update().where(events.c.id == row['id'])
                     .values(seq=seq + 1, outcome=outcome, prev_hash=prev_hash, hash=digest))
        heads[row['tenant_id']] = (seq + 1, digest)
    heads_table = sa.table('audit_chain_heads', sa.column('chain', sa.Integer), sa.column('tenant_id', sa.Integer),
                           sa.column('seq', sa.Integer), sa.column('last_hash', sa.String),
                           sa.column('updated_at', core.platform.db.UTCDateTime()))
    if heads:
        bind.execute(heads_table.insert(), [
            {'chain': PLATFORM_CHAIN if tenant_id is None else tenant_id, 'tenant_id': tenant_id, 'seq': seq,
             'last_hash': digest, 'updated_at': utcnow()} for tenant_id, (seq, digest) in heads.items()])


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('uq_audit_events_platform_seq', sqlite_where=sa.text('tenant_id IS NULL'),
                            postgresql_where=sa.text('tenant_id IS NULL'))
        batch_op.drop_constraint(batch_op.f('uq_audit_events_tenant_id_seq'), type_='unique')
        batch_op.drop_index('ix_audit_events_tenant_id_id')
        batch_op.create_index(batch_op.f('ix_audit_events_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_audit_events_actor_id_users'), 'users', ['actor_id'], ['id'],
                                    ondelete='SET NULL')
        batch_op.drop_column('hash')
        batch_op.drop_column('prev_hash')
        batch_op.drop_constraint(batch_op.f('ck_audit_events_audit_outcome'), type_='check')
        batch_op.drop_column('outcome')
        batch_op.drop_column('client_address')
        batch_op.drop_column('actor_role')
        batch_op.drop_column('seq')
    op.drop_table('audit_chain_heads')
