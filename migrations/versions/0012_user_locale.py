"""A user's language for the messages the service writes them (issue 13): ``zh_CN`` or ``en``; NULL
lets each request's Accept-Language decide (and Chinese when it says nothing).

Revision ID: 0012_user_locale
Revises: 0011_notices_and_awards
Create Date: 2026-12-06
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012_user_locale'
down_revision = '0011_notices_and_awards'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('locale', sa.String(length=8), nullable=True,
                                   comment="zh_CN or en; NULL: the request's Accept-Language, else zh_CN"))


def downgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.drop_column('locale')
