"""Login throttling per client address and name.

Revision ID: 0004_login_throttle
Revises: 0003_tenant_settings
Create Date: 2026-11-25
"""
from __future__ import annotations

from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = '0004_login_throttle'
down_revision = '0003_tenant_settings'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
