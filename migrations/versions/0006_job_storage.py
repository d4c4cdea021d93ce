"""Jobs that survive a killed worker; export files in shared storage.

Revision ID: 0006_job_storage
Revises: 0005_audit_chain
Create Date: 2026-11-25
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0006_job_storage'
down_revision = '0005_audit_chain'
branch_labels = None
depends_on = None

OLD_STATUSES = ('queued', 'started', 'finished', 'failed')
NEW_STATUSES = ('queued', 'started', 'retrying', 'finished', 'failed')


def _status(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*values, name='job_status', native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.alter_column('status', existing_type=_status(OLD_STATUSES), type_=_status(NEW_STATUSES),
                              existing_nullable=False)
        batch_op.add_column(sa.Column('attempts', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('owner_host', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('owner_pid', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('owner_token', sa.String(length=64), nullable=True,
                                      comment="the owner process's start time"))
        batch_op.add_column(sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_index(batch_op.f('ix_jobs_created_at'))
        batch_op.create_index('ix_jobs_tenant_id_created_at_id', ['tenant_id', 'created_at', 'id'], unique=False)

    op.create_table('export_files',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('job_id', sa.String(length=36), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('storage', sa.String(length=16), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_export_files_job_id_jobs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_export_files_tenant_id_tenants'),
                            ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'job_id', name=op.f('pk_export_files'))
    )


def downgrade() -> None:
    op.drop_table('export_files')

    op.execute("UPDATE jobs SET status = 'queued' WHERE status = 'retrying'")
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index('ix_jobs_tenant_id_created_at_id')
        batch_op.create_index(batch_op.f('ix_jobs_created_at'), ['created_at'], unique=False)
        batch_op.drop_column('heartbeat_at')
        batch_op.drop_column('owner_token')
        batch_op.drop_column('owner_pid')
        batch_op.drop_column('owner_host')
        batch_op.drop_column('attempts')
        batch_op.alter_column('status', existing_type=_status(NEW_STATUSES), type_=_status(OLD_STATUSES),
                              existing_nullable=False)
