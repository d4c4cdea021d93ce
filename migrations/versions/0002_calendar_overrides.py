"""Calendar overrides: working days and holidays set by central admins.

Revision ID: 0002_calendar_overrides
Revises: 0001_foundation
Create Date: 2026-11-23 10:47:09.105362
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa
import core.platform.db


revision = '0002_calendar_overrides'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('calendar_overrides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('is_working_day', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False, comment='the source, e.g. 2027 国务院办公厅通知'),
    sa.Column('created_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_calendar_overrides_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_overrides')),
    sa.UniqueConstraint('day', name=op.f('uq_calendar_overrides_day'))
    )


def downgrade() -> None:
    op.drop_table('calendar_overrides')
