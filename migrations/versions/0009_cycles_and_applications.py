"""Award cycles, applicants and applications, attachments, recommendations, screening, the ledger.

Every new table is keyed ``(tenant_id, id)``; ids come from a sequence per table on PostgreSQL and
from the ``row_ids`` counters on SQLite (:func:`core.platform.db.next_row_id`). References to other
tenant rows carry the tenant, so ``users`` gains a unique ``(tenant_id, id)`` for them to point at.
On PostgreSQL every new table gets the tenant row-level-security policy (0008); the application role
gets its privileges through the default privileges 0008 set.

Revision ID: 0009_cycles_and_applications
Revises: 0008_row_level_security
Create Date: 2026-11-25
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa
import core.platform.db  # noqa: F401  (UTCDateTime)
from core.platform.db import create_row_ids_sql, drop_row_ids_sql
from core.platform.tenancy import row_level_security_sql


revision = '0009_cycles_and_applications'
down_revision = '0008_row_level_security'
branch_labels = None
depends_on = None


NEW_TABLES = ('cycles', 'cycle_stages', 'cycle_moves', 'applicants', 'applications', 'application_versions',
              'change_requests', 'attachments', 'recommendations', 'screenings', 'attestations', 'corrections',
              'ledger_awards', 'ledger_sanctions')


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index('uq_users_tenant_id_id', ['tenant_id', 'id'], unique=True)
        batch_op.drop_index('ix_users_tenant_id_id')  # the unique index serves the list too

    op.create_table('row_ids', sa.Column('name', sa.String(length=64), nullable=False),
                    sa.Column('value', sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint('name', name=op.f('pk_row_ids')))
    for table in NEW_TABLES:
        for statement in create_row_ids_sql(dialect, table):
            op.execute(statement)

    op.create_table('cycles',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('year', sa.Integer(), nullable=False, comment="the cycle's year, or its 届 number where the regulation counts 届"),
    sa.Column('name', sa.String(length=200), nullable=False, comment='e.g. 2026年度南通市市长质量奖'),
    sa.Column('jurisdiction_code', sa.String(length=64), nullable=False),
    sa.Column('rule_version_code', sa.String(length=64), nullable=False, comment='pinned at opening, never changed'),
    sa.Column('version_pinned_on', sa.Date(), nullable=False, comment='the day (Asia/Shanghai) whose version in force was taken'),
    sa.Column('version_named', sa.Boolean(), nullable=False, comment='the office named the version on purpose'),
    sa.Column('tiers', sa.JSON(), nullable=False),
    sa.Column('categories', sa.JSON(), nullable=False),
    sa.Column('entry_kinds', sa.JSON(), nullable=False),
    sa.Column('status', sa.Enum('open', 'closed', name='cycle_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('stage', sa.String(length=64), nullable=False, comment="the current stage's code"),
    sa.Column('settings_snapshot', sa.JSON(), nullable=False, comment='tenant settings the plan read at opening'),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('opened_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_at', core.platform.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False, comment='optimistic lock: +1 on every update (ETag)'),
    sa.ForeignKeyConstraint(['tenant_id', 'opened_by_id'], ['users.tenant_id', 'users.id'], name='fk_cycles_opened_by_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_cycles_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_cycles')),
    sa.UniqueConstraint('tenant_id', 'year', name=op.f('uq_cycles_tenant_id_year'))
    )
    op.create_table('ledger_awards',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('tier', sa.String(length=64), nullable=False),
    sa.Column('entry_kind', sa.String(length=32), nullable=False),
    sa.Column('category', sa.String(length=64), nullable=True),
    sa.Column('cycle_year', sa.Integer(), nullable=False),
    sa.Column('awarded_on', sa.Date(), nullable=True, comment='NULL when only the cycle year is on record'),
    sa.Column('revoked_on', sa.Date(), nullable=True),
    sa.Column('source', sa.Enum('imported', 'recorded', 'cycle', name='ledger_source', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('import_batch', sa.String(length=64), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False, comment='optimistic lock: +1 on every update (ETag)'),
    sa.Column('subject_kind', sa.String(length=32), nullable=False, comment='organization or individual'),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=True),
    sa.Column('employer_name', sa.String(length=200), nullable=True),
    sa.Column('employer_uscc', sa.String(length=18), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'created_by_id'], ['users.tenant_id', 'users.id'], name='fk_ledger_awards_created_by_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_ledger_awards_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_ledger_awards'))
    )
    with op.batch_alter_table('ledger_awards', schema=None) as batch_op:
        batch_op.create_index('ix_ledger_awards_tenant_id_name', ['tenant_id', 'name'], unique=False)
        batch_op.create_index('ix_ledger_awards_tenant_id_uscc', ['tenant_id', 'uscc'], unique=False)

    op.create_table('ledger_sanctions',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('kind', sa.String(length=64), nullable=False, comment='the violation or measure code'),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('ban_until', sa.Date(), nullable=True),
    sa.Column('citation', sa.JSON(), nullable=True),
    sa.Column('source', sa.Enum('imported', 'recorded', 'cycle', name='ledger_source', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('import_batch', sa.String(length=64), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False, comment='optimistic lock: +1 on every update (ETag)'),
    sa.Column('subject_kind', sa.String(length=32), nullable=False, comment='organization or individual'),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=True),
    sa.Column('employer_name', sa.String(length=200), nullable=True),
    sa.Column('employer_uscc', sa.String(length=18), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'created_by_id'], ['users.tenant_id', 'users.id'], name='fk_ledger_sanctions_created_by_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_ledger_sanctions_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_ledger_sanctions'))
    )
    with op.batch_alter_table('ledger_sanctions', schema=None) as batch_op:
        batch_op.create_index('ix_ledger_sanctions_tenant_id_name', ['tenant_id', 'name'], unique=False)
        batch_op.create_index('ix_ledger_sanctions_tenant_id_uscc', ['tenant_id', 'uscc'], unique=False)

    op.create_table('applicants',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('organization', 'individual', name='applicant_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False, comment="the organisation's or the person's name"),
    sa.Column('uscc', sa.String(length=18), nullable=True, comment='统一社会信用代码 of an organisation'),
    sa.Column('employer_name', sa.String(length=200), nullable=True, comment="an individual's employer"),
    sa.Column('employer_uscc', sa.String(length=18), nullable=True),
    sa.Column('contact_name', sa.String(length=100), nullable=False),
    sa.Column('contact_phone', sa.String(length=32), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('status', sa.Enum('pending', 'approved', 'refused', name='applicant_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('origin', sa.Enum('self_registered', 'invited', name='applicant_origin', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('registered_for_cycle_id', sa.Integer(), nullable=True, comment='the open cycle a self-registration named'),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', core.platform.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('review_note', sa.Text(), nullable=False),
    sa.Column('created_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False, comment='optimistic lock: +1 on every update (ETag)'),
    sa.ForeignKeyConstraint(['tenant_id', 'registered_for_cycle_id'], ['cycles.tenant_id', 'cycles.id'], name='fk_applicants_registered_for_cycle_id_cycles', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'reviewed_by_id'], ['users.tenant_id', 'users.id'], name='fk_applicants_reviewed_by_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'user_id'], ['users.tenant_id', 'users.id'], name='fk_applicants_user_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_applicants_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_applicants')),
    sa.UniqueConstraint('tenant_id', 'uscc', name=op.f('uq_applicants_tenant_id_uscc')),
    sa.UniqueConstraint('tenant_id', 'user_id', name=op.f('uq_applicants_tenant_id_user_id'))
    )
    with op.batch_alter_table('applicants', schema=None) as batch_op:
        batch_op.create_index('ix_applicants_tenant_id_status_id', ['tenant_id', 'status', 'id'], unique=False)

    op.create_table('cycle_moves',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('from_stage', sa.String(length=64), nullable=True, comment='NULL for the opening'),
    sa.Column('to_stage', sa.String(length=64), nullable=True, comment='NULL for closing after the last stage'),
    sa.Column('direction', sa.Enum('forward', 'back', name='move_direction', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('checks', sa.JSON(), nullable=False, comment='the conditions checked, with articles'),
    sa.Column('moved_by_id', sa.Integer(), nullable=True),
    sa.Column('moved_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'cycle_id'], ['cycles.tenant_id', 'cycles.id'], name='fk_cycle_moves_cycle_id_cycles', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'moved_by_id'], ['users.tenant_id', 'users.id'], name='fk_cycle_moves_moved_by_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_cycle_moves_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_cycle_moves'))
    )
    with op.batch_alter_table('cycle_moves', schema=None) as batch_op:
        batch_op.create_index('ix_cycle_moves_tenant_id_cycle_id_id', ['tenant_id', 'cycle_id', 'id'], unique=False)

    op.create_table('cycle_stages',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False, comment='0 for the first stage'),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=True, comment='set by the office'),
    sa.Column('ends_on', sa.Date(), nullable=True, comment='set by the office; the last day included'),
    sa.Column('dates_set_by_id', sa.Integer(), nullable=True),
    sa.Column('dates_note', sa.Text(), nullable=False),
    sa.Column('entered_at', core.platform.db.UTCDateTime(timezone=True), nullable=True, comment='when the cycle last moved into this stage'),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False, comment='optimistic lock: +1 on every update (ETag)'),
    sa.ForeignKeyConstraint(['tenant_id', 'cycle_id'], ['cycles.tenant_id', 'cycles.id'], name='fk_cycle_stages_cycle_id_cycles', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'dates_set_by_id'], ['users.tenant_id', 'users.id'], name='fk_cycle_stages_dates_set_by_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_cycle_stages_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_cycle_stages')),
    sa.UniqueConstraint('tenant_id', 'cycle_id', 'code', name=op.f('uq_cycle_stages_tenant_id_cycle_id_code')),
    sa.UniqueConstraint('tenant_id', 'cycle_id', 'position', name=op.f('uq_cycle_stages_tenant_id_cycle_id_position'))
    )
    op.create_table('applications',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('applicant_id', sa.Integer(), nullable=False),
    sa.Column('entry_kind', sa.String(length=32), nullable=False),
    sa.Column('tiers', sa.JSON(), nullable=False),
    sa.Column('category', sa.String(length=64), nullable=True),
    sa.Column('status', sa.Enum('draft', 'submitted', 'correction_requested', 'accepted', 'rejected', 'withdrawn', name='application_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('facts', sa.JSON(), nullable=False),
    sa.Column('facts_number', sa.Integer(), nullable=False),
    sa.Column('group_key', sa.String(length=200), nullable=True, comment="the group (集团) it belongs to, for 'one per group' rules"),
    sa.Column('flags', sa.JSON(), nullable=False, comment='cycle-level findings (related applicants, several categories)'),
    sa.Column('submitted_at', core.platform.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('submission_deadline', sa.Date(), nullable=True, comment='an extension for this application only'),
    sa.Column('decided_at', core.platform.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decision_reasons', sa.JSON(), nullable=False, comment='[{text, citation}] the applicant sees'),
    sa.Column('created_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False, comment='optimistic lock: +1 on every update (ETag)'),
    sa.ForeignKeyConstraint(['tenant_id', 'applicant_id'], ['applicants.tenant_id', 'applicants.id'], name='fk_applications_applicant_id_applicants', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'cycle_id'], ['cycles.tenant_id', 'cycles.id'], name='fk_applications_cycle_id_cycles', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'decided_by_id'], ['users.tenant_id', 'users.id'], name='fk_applications_decided_by_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_applications_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_applications'))
    )
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index('ix_applications_tenant_id_applicant_id_id', ['tenant_id', 'applicant_id', 'id'], unique=False)
        batch_op.create_index('ix_applications_tenant_id_cycle_id_id', ['tenant_id', 'cycle_id', 'id'], unique=False)
        batch_op.create_index('ix_applications_tenant_id_cycle_id_status_id', ['tenant_id', 'cycle_id', 'status', 'id'], unique=False)

    op.create_table('application_versions',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False, comment='1 for the first submission'),
    sa.Column('facts', sa.JSON(), nullable=False),
    sa.Column('entry_kind', sa.String(length=32), nullable=False),
    sa.Column('tiers', sa.JSON(), nullable=False),
    sa.Column('category', sa.String(length=64), nullable=True),
    sa.Column('reason', sa.String(length=32), nullable=False, comment='submission, change_request or correction'),
    sa.Column('change_request_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'application_id'], ['applications.tenant_id', 'applications.id'], name='fk_application_versions_application_id_applications', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'created_by_id'], ['users.tenant_id', 'users.id'], name='fk_application_versions_created_by_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_application_versions_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_application_versions')),
    sa.UniqueConstraint('tenant_id', 'application_id', 'number', name=op.f('uq_application_versions_tenant_id_application_id_number'))
    )
    op.create_table('attachments',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('description', sa.String(length=500), nullable=False),
    sa.Column('trade_secret', sa.Boolean(), nullable=False, comment='Changde 第三十八条: office and assigned experts only, reads audited'),
    sa.Column('storage', sa.String(length=16), nullable=False),
    sa.Column('object_key', sa.String(length=300), nullable=True),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('scan_status', sa.Enum('not_scanned', 'clean', 'infected', 'failed', name='scan_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('scan_note', sa.Text(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False, comment='optimistic lock: +1 on every update (ETag)'),
    sa.ForeignKeyConstraint(['tenant_id', 'application_id'], ['applications.tenant_id', 'applications.id'], name='fk_attachments_application_id_applications', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'uploaded_by_id'], ['users.tenant_id', 'users.id'], name='fk_attachments_uploaded_by_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_attachments_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_attachments'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index('ix_attachments_tenant_id_application_id_id', ['tenant_id', 'application_id', 'id'], unique=False)

    op.create_table('change_requests',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('facts', sa.JSON(), nullable=False, comment='the complete facts proposed'),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'approved', 'refused', name='request_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', core.platform.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False, comment='optimistic lock: +1 on every update (ETag)'),
    sa.ForeignKeyConstraint(['tenant_id', 'application_id'], ['applications.tenant_id', 'applications.id'], name='fk_change_requests_application_id_applications', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'decided_by_id'], ['users.tenant_id', 'users.id'], name='fk_change_requests_decided_by_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'requested_by_id'], ['users.tenant_id', 'users.id'], name='fk_change_requests_requested_by_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_change_requests_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_change_requests'))
    )
    with op.batch_alter_table('change_requests', schema=None) as batch_op:
        batch_op.create_index('ix_change_requests_tenant_id_application_id_id', ['tenant_id', 'application_id', 'id'], unique=False)
        batch_op.create_index('ix_change_requests_tenant_id_status_id', ['tenant_id', 'status', 'id'], unique=False)
        batch_op.create_index('uq_change_requests_tenant_id_application_id_pending', ['tenant_id', 'application_id'],
                              unique=True, sqlite_where=sa.text("status = 'pending'"),
                              postgresql_where=sa.text("status = 'pending'"))

    op.create_table('corrections',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False, comment='[{field, problem}]'),
    sa.Column('deadline', sa.Date(), nullable=False, comment='the last day included, Asia/Shanghai'),
    sa.Column('status', sa.Enum('open', 'answered', 'lapsed', name='correction_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('extensions', sa.JSON(), nullable=False, comment='[{from, to, reason, by, at}] every extension'),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answered_at', core.platform.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False, comment='optimistic lock: +1 on every update (ETag)'),
    sa.ForeignKeyConstraint(['tenant_id', 'application_id'], ['applications.tenant_id', 'applications.id'], name='fk_corrections_application_id_applications', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'requested_by_id'], ['users.tenant_id', 'users.id'], name='fk_corrections_requested_by_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_corrections_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_corrections'))
    )
    with op.batch_alter_table('corrections', schema=None) as batch_op:
        batch_op.create_index('ix_corrections_tenant_id_application_id_id', ['tenant_id', 'application_id', 'id'], unique=False)

    op.create_table('recommendations',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('recommender', sa.String(length=200), nullable=False, comment='the recommending unit, e.g. 崇川区质量发展委员会'),
    sa.Column('recommended_on', sa.Date(), nullable=False),
    sa.Column('document_number', sa.String(length=100), nullable=False),
    sa.Column('internal_notice_starts_on', sa.Date(), nullable=True),
    sa.Column('internal_notice_ends_on', sa.Date(), nullable=True),
    sa.Column('objections', sa.Text(), nullable=False, comment='objections raised during the internal notice, if any'),
    sa.Column('checks', sa.JSON(), nullable=False, comment='what was checked, with articles'),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False, comment='optimistic lock: +1 on every update (ETag)'),
    sa.ForeignKeyConstraint(['tenant_id', 'application_id'], ['applications.tenant_id', 'applications.id'], name='fk_recommendations_application_id_applications', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'recorded_by_id'], ['users.tenant_id', 'users.id'], name='fk_recommendations_recorded_by_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_recommendations_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_recommendations')),
    sa.UniqueConstraint('tenant_id', 'application_id', name=op.f('uq_recommendations_tenant_id_application_id'))
    )
    op.create_table('screenings',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('rule_version_code', sa.String(length=64), nullable=False),
    sa.Column('facts_number', sa.Integer(), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('inputs', sa.JSON(), nullable=False),
    sa.Column('outcome', sa.Enum('eligible', 'ineligible', 'needs_attestation', name='screening_outcome', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('findings', sa.JSON(), nullable=False),
    sa.Column('job_id', sa.String(length=36), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'application_id'], ['applications.tenant_id', 'applications.id'], name='fk_screenings_application_id_applications', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'created_by_id'], ['users.tenant_id', 'users.id'], name='fk_screenings_created_by_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_screenings_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_screenings')),
    sa.UniqueConstraint('tenant_id', 'application_id', 'number', name=op.f('uq_screenings_tenant_id_application_id_number'))
    )
    op.create_table('attestations',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('screening_id', sa.Integer(), nullable=False),
    sa.Column('condition', sa.String(length=100), nullable=False),
    sa.Column('holds', sa.Boolean(), nullable=False, comment='true: the office confirms the condition holds'),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('citation', sa.JSON(), nullable=False),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'confirmed_by_id'], ['users.tenant_id', 'users.id'], name='fk_attestations_confirmed_by_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'screening_id'], ['screenings.tenant_id', 'screenings.id'], name='fk_attestations_screening_id_screenings', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_attestations_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_attestations')),
    sa.UniqueConstraint('tenant_id', 'screening_id', 'condition', name=op.f('uq_attestations_tenant_id_screening_id_condition'))
    )
    if dialect == 'postgresql':
        for table in NEW_TABLES:
            for statement in row_level_security_sql(table):
                op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index('ix_users_tenant_id_id', ['tenant_id', 'id'], unique=False)
        batch_op.drop_index('uq_users_tenant_id_id')

    op.drop_table('attestations')
    op.drop_table('screenings')
    op.drop_table('recommendations')
    with op.batch_alter_table('corrections', schema=None) as batch_op:
        batch_op.drop_index('ix_corrections_tenant_id_application_id_id')

    op.drop_table('corrections')
    with op.batch_alter_table('change_requests', schema=None) as batch_op:
        batch_op.drop_index('uq_change_requests_tenant_id_application_id_pending')
        batch_op.drop_index('ix_change_requests_tenant_id_status_id')
        batch_op.drop_index('ix_change_requests_tenant_id_application_id_id')

    op.drop_table('change_requests')
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index('ix_attachments_tenant_id_application_id_id')

    op.drop_table('attachments')
    op.drop_table('application_versions')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index('ix_applications_tenant_id_cycle_id_status_id')
        batch_op.drop_index('ix_applications_tenant_id_cycle_id_id')
        batch_op.drop_index('ix_applications_tenant_id_applicant_id_id')

    op.drop_table('applications')
    op.drop_table('cycle_stages')
    with op.batch_alter_table('cycle_moves', schema=None) as batch_op:
        batch_op.drop_index('ix_cycle_moves_tenant_id_cycle_id_id')

    op.drop_table('cycle_moves')
    with op.batch_alter_table('applicants', schema=None) as batch_op:
        batch_op.drop_index('ix_applicants_tenant_id_status_id')

    op.drop_table('applicants')
    with op.batch_alter_table('ledger_sanctions', schema=None) as batch_op:
        batch_op.drop_index('ix_ledger_sanctions_tenant_id_uscc')
        batch_op.drop_index('ix_ledger_sanctions_tenant_id_name')

    op.drop_table('ledger_sanctions')
    with op.batch_alter_table('ledger_awards', schema=None) as batch_op:
        batch_op.drop_index('ix_ledger_awards_tenant_id_uscc')
        batch_op.drop_index('ix_ledger_awards_tenant_id_name')

    op.drop_table('ledger_awards')
    op.drop_table('cycles')
    for table in NEW_TABLES:
        for statement in drop_row_ids_sql(dialect, table):
            op.execute(statement)
    op.drop_table('row_ids')
