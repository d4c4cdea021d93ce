"""A hash-chained, append-only audit trail.

Revision ID: 0005_audit_chain
Revises: 0004_login_throttle
Create Date: 2026-11-25
"""
from __future__ import annotations

from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = '0005_audit_chain'
down_revision = '0004_login_throttle'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
