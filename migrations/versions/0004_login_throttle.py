"""Login throttling per client address and name; why a token was revoked.

The throttle rows are counters, not records: the upgrade empties them (any lock in force is lifted) so
that the old one-row-per-name counts do not carry over into the per-address scheme.

Revision ID: 0004_login_throttle
Revises: 0003_tenant_settings
Create Date: 2026-11-25
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

import core.platform.db

revision = '0004_login_throttle'
down_revision = '0003_tenant_settings'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(sa.text("DELETE FROM login_throttles"))
    with op.batch_alter_table('login_throttles', schema=None) as batch_op:
        batch_op.drop_constraint('uq_login_throttles_login_key', type_='unique')
        batch_op.add_column(sa.Column('client_address', sa.String(length=64), nullable=False,
                                      comment="'' for the row of the name itself"))
        batch_op.add_column(sa.Column('last_success_at', core.platform.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_unique_constraint('uq_login_throttles_login_key_client_address',
                                          ['login_key', 'client_address'])
    with op.batch_alter_table('auth_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'revoke_reason', sa.String(length=32), nullable=True,
            comment='why the token was revoked: logout, password_changed, deactivated or revoked'))


def downgrade() -> None:
    with op.batch_alter_table('auth_tokens', schema=None) as batch_op:
        batch_op.drop_column('revoke_reason')
    op.execute(sa.text("DELETE FROM login_throttles"))
    with op.batch_alter_table('login_throttles', schema=None) as batch_op:
        batch_op.drop_constraint('uq_login_throttles_login_key_client_address', type_='unique')
        batch_op.drop_column('last_success_at')
        batch_op.drop_column('client_address')
        batch_op.create_unique_constraint('uq_login_throttles_login_key', ['login_key'])
