"""Jobs that survive a killed worker; export files in shared storage.

Revision ID: 0006_job_storage
Revises: 0005_audit_chain
Create Date: 2026-11-25
"""
from __future__ import annotations

from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = '0006_job_storage'
down_revision = '0005_audit_chain'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
