"""After the review: public notices with their entries, objections and evidence files, the
government's approval, the rewards ledger, winners' obligations and their reminders, the in-app
inbox; awards gain what a cycle decides (certificate, title, honours, reward) and sanctions what the
plugin decided (measures, award concerned, reversal); applicants gain the day their contact details
were erased.

New tables are keyed ``(tenant_id, id)`` with ids from a sequence per table (PostgreSQL) or the
``row_ids`` counters (SQLite), and each gets the tenant row-level-security policy (0008). Columns added
to existing tables with NOT NULL carry a server default, so existing rows stay valid.

Revision ID: 0011_notices_and_awards
Revises: 0010_review
Create Date: 2026-12-06
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa
import core.platform.db  # noqa: F401  (UTCDateTime)
from core.platform.db import create_row_ids_sql, drop_row_ids_sql
from core.platform.tenancy import row_level_security_sql


revision = '0011_notices_and_awards'
down_revision = '0010_review'
branch_labels = None
depends_on = None

NEW_TABLES = ('notifications', 'notices', 'notice_entries', 'objections', 'objection_files', 'approvals',
              'reward_entries', 'obligations', 'reminders')


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in NEW_TABLES:
        for statement in create_row_ids_sql(dialect, table):
            op.execute(statement)
    op.create_table('notifications',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('topic', sa.String(length=64), nullable=False, comment='reminder, objection_outcome, sanction, ...'),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('target_type', sa.String(length=64), nullable=True),
    sa.Column('target_id', sa.String(length=64), nullable=True),
    sa.Column('email_to', sa.String(length=254), nullable=True),
    sa.Column('email_status', sa.String(length=16), nullable=False, comment='none, pending (sent after the commit), sent or failed'),
    sa.Column('email_error', sa.Text(), nullable=False),
    sa.Column('created_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('read_at', core.platform.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'user_id'], ['users.tenant_id', 'users.id'], name='fk_notifications_user_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_notifications_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_tenant_id_user_id_id', ['tenant_id', 'user_id', 'id'], unique=False)

    op.create_table('approvals',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.String(length=200), nullable=False, comment='who approved, e.g. 南通市人民政府'),
    sa.Column('document_number', sa.String(length=100), nullable=False, comment='文号, e.g. 通政发〔2026〕12号'),
    sa.Column('approved_on', sa.Date(), nullable=False),
    sa.Column('winners', sa.JSON(), nullable=False, comment='[{application_id, tier, category}]'),
    sa.Column('notice_id', sa.Integer(), nullable=True, comment='the closed notice the list passed'),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False, comment='optimistic lock: +1 on every update (ETag)'),
    sa.ForeignKeyConstraint(['tenant_id', 'cycle_id'], ['cycles.tenant_id', 'cycles.id'], name='fk_approvals_cycle_id_cycles', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'recorded_by_id'], ['users.tenant_id', 'users.id'], name='fk_approvals_recorded_by_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_approvals_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_approvals')),
    sa.UniqueConstraint('tenant_id', 'cycle_id', name=op.f('uq_approvals_tenant_id_cycle_id'))
    )
    op.create_table('notices',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=64), nullable=False, comment="the plan's stage the notice belongs to"),
    sa.Column('kind', sa.String(length=32), nullable=False, comment='internal, acceptance, county, candidate, recommended, ...'),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('citation', sa.JSON(), nullable=False, comment='the article that asks for the notice'),
    sa.Column('min_days', sa.Integer(), nullable=True, comment="the rule's minimum; NULL where the text gives none"),
    sa.Column('working_days', sa.Boolean(), nullable=False),
    sa.Column('backfill', sa.Boolean(), nullable=True, comment="the rule's word on backfill; NULL: the text is silent"),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False, comment='the last day objections are taken (included)'),
    sa.Column('earliest_end', sa.Date(), nullable=False, comment='the last day of the minimum period'),
    sa.Column('how_to_object', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('open', 'closed', name='notice_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False, comment='published when the notice closes'),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', core.platform.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False, comment='optimistic lock: +1 on every update (ETag)'),
    sa.ForeignKeyConstraint(['tenant_id', 'closed_by_id'], ['users.tenant_id', 'users.id'], name='fk_notices_closed_by_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'cycle_id'], ['cycles.tenant_id', 'cycles.id'], name='fk_notices_cycle_id_cycles', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'published_by_id'], ['users.tenant_id', 'users.id'], name='fk_notices_published_by_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_notices_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_notices')),
    sa.UniqueConstraint('tenant_id', 'cycle_id', 'stage', 'kind', name=op.f('uq_notices_tenant_id_cycle_id_stage_kind'))
    )
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.create_index('ix_notices_tenant_id_cycle_id_id', ['tenant_id', 'cycle_id', 'id'], unique=False)

    op.create_table('obligations',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('award_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('citation', sa.JSON(), nullable=False),
    sa.Column('period', sa.String(length=32), nullable=False, comment="the reported year (2026) or the event's day"),
    sa.Column('due_on', sa.Date(), nullable=False, comment='the last day (included)'),
    sa.Column('due_text', sa.String(length=200), nullable=False, comment='the deadline as the text words it'),
    sa.Column('status', sa.Enum('due', 'done', 'cancelled', name='obligation_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('event', sa.Text(), nullable=False, comment='what triggered an event duty'),
    sa.Column('cancelled_by_sanction_id', sa.Integer(), nullable=True, comment='the revocation that ended the duty'),
    sa.Column('report', sa.Text(), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', core.platform.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False, comment='optimistic lock: +1 on every update (ETag)'),
    sa.ForeignKeyConstraint(['tenant_id', 'award_id'], ['ledger_awards.tenant_id', 'ledger_awards.id'], name='fk_obligations_award_id_ledger_awards', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'submitted_by_id'], ['users.tenant_id', 'users.id'], name='fk_obligations_submitted_by_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_obligations_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_obligations')),
    sa.UniqueConstraint('tenant_id', 'award_id', 'code', 'period', name=op.f('uq_obligations_tenant_id_award_id_code_period'))
    )
    with op.batch_alter_table('obligations', schema=None) as batch_op:
        batch_op.create_index('ix_obligations_tenant_id_award_id_id', ['tenant_id', 'award_id', 'id'], unique=False)
        batch_op.create_index('ix_obligations_tenant_id_due_on_id', ['tenant_id', 'due_on', 'id'], unique=False)

    op.create_table('reward_entries',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('award_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('owed', 'paid', 'clawback', 'recovered', 'cancelled', 'waived', name='reward_entry_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('amount_yuan', sa.Integer(), nullable=False),
    sa.Column('entry_on', sa.Date(), nullable=False),
    sa.Column('reference', sa.String(length=100), nullable=False, comment='payment or receipt reference'),
    sa.Column('citation', sa.JSON(), nullable=True),
    sa.Column('sanction_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'award_id'], ['ledger_awards.tenant_id', 'ledger_awards.id'], name='fk_reward_entries_award_id_ledger_awards', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'recorded_by_id'], ['users.tenant_id', 'users.id'], name='fk_reward_entries_recorded_by_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_reward_entries_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_reward_entries'))
    )
    with op.batch_alter_table('reward_entries', schema=None) as batch_op:
        batch_op.create_index('ix_reward_entries_tenant_id_award_id_id', ['tenant_id', 'award_id', 'id'], unique=False)

    op.create_table('reminders',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('obligation_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False, comment='before or due'),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('run_on', sa.Date(), nullable=False, comment='the day (Asia/Shanghai) of the run that sent it'),
    sa.Column('recipients', sa.Integer(), nullable=False, comment='how many inboxes it reached'),
    sa.Column('emailed', sa.Integer(), nullable=False),
    sa.Column('sent_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'obligation_id'], ['obligations.tenant_id', 'obligations.id'], name='fk_reminders_obligation_id_obligations', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_reminders_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_reminders')),
    sa.UniqueConstraint('tenant_id', 'obligation_id', 'kind', name=op.f('uq_reminders_tenant_id_obligation_id_kind'))
    )
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.create_index('ix_reminders_tenant_id_sent_at_id', ['tenant_id', 'sent_at', 'id'], unique=False)

    op.create_table('notice_entries',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('tier', sa.String(length=64), nullable=True),
    sa.Column('category', sa.String(length=64), nullable=True),
    sa.Column('entry_kind', sa.String(length=32), nullable=False),
    sa.Column('status', sa.Enum('listed', 'removed', name='notice_entry_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('backfilled', sa.Boolean(), nullable=False, comment='entered in place of a struck-off candidate'),
    sa.Column('replaces_entry_id', sa.Integer(), nullable=True),
    sa.Column('listed_on', sa.Date(), nullable=True, comment='a backfilled name: the day it entered the notice'),
    sa.Column('ends_on', sa.Date(), nullable=True, comment='a backfilled name: the last day of its own full notice period (objections to it until then)'),
    sa.Column('removed_reason', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False, comment='optimistic lock: +1 on every update (ETag)'),
    sa.ForeignKeyConstraint(['tenant_id', 'application_id'], ['applications.tenant_id', 'applications.id'], name='fk_notice_entries_application_id_applications', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'notice_id'], ['notices.tenant_id', 'notices.id'], name='fk_notice_entries_notice_id_notices', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_notice_entries_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_notice_entries')),
    sa.UniqueConstraint('tenant_id', 'notice_id', 'application_id', name=op.f('uq_notice_entries_tenant_id_notice_id_application_id'))
    )
    with op.batch_alter_table('notice_entries', schema=None) as batch_op:
        batch_op.create_index('ix_notice_entries_tenant_id_notice_id_position_id', ['tenant_id', 'notice_id', 'position', 'id'], unique=False)

    op.create_table('objections',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('grounds', sa.Text(), nullable=False),
    sa.Column('real_name', sa.Boolean(), nullable=False, comment='the objector gave a name (实名)'),
    sa.Column('objector_name', sa.String(length=100), nullable=True),
    sa.Column('objector_contact', sa.String(length=200), nullable=True),
    sa.Column('filed_via', sa.String(length=16), nullable=False, comment='page or api'),
    sa.Column('filed_by_id', sa.Integer(), nullable=True, comment='the account, when filed by a logged-in user'),
    sa.Column('filed_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('receipt_hash', sa.String(length=64), nullable=False, comment='SHA-256 of the receipt given to the objector'),
    sa.Column('status', sa.Enum('received', 'investigating', 'upheld', 'dismissed', name='objection_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False, comment="the office's findings, told to the objector"),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', core.platform.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('objector_told_at', core.platform.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('erased_at', core.platform.db.UTCDateTime(timezone=True), nullable=True, comment='personal data erased after the retention period'),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False, comment='optimistic lock: +1 on every update (ETag)'),
    sa.ForeignKeyConstraint(['tenant_id', 'decided_by_id'], ['users.tenant_id', 'users.id'], name='fk_objections_decided_by_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'entry_id'], ['notice_entries.tenant_id', 'notice_entries.id'], name='fk_objections_entry_id_notice_entries', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'filed_by_id'], ['users.tenant_id', 'users.id'], name='fk_objections_filed_by_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'notice_id'], ['notices.tenant_id', 'notices.id'], name='fk_objections_notice_id_notices', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_objections_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_objections')),
    sa.UniqueConstraint('tenant_id', 'receipt_hash', name=op.f('uq_objections_tenant_id_receipt_hash'))
    )
    with op.batch_alter_table('objections', schema=None) as batch_op:
        batch_op.create_index('ix_objections_tenant_id_notice_id_id', ['tenant_id', 'notice_id', 'id'], unique=False)
        batch_op.create_index('ix_objections_tenant_id_status_id', ['tenant_id', 'status', 'id'], unique=False)

    op.create_table('objection_files',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('objection_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True, comment='NULL once erased'),
    sa.Column('created_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'objection_id'], ['objections.tenant_id', 'objections.id'], name='fk_objection_files_objection_id_objections', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_objection_files_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_objection_files'))
    )
    with op.batch_alter_table('objection_files', schema=None) as batch_op:
        batch_op.create_index('ix_objection_files_tenant_id_objection_id_id', ['tenant_id', 'objection_id', 'id'], unique=False)

    with op.batch_alter_table('applicants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('personal_data_erased_at', core.platform.db.UTCDateTime(timezone=True), nullable=True, comment='contact details erased after the retention period (won nothing)'))

    with op.batch_alter_table('ledger_awards', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cycle_id', sa.Integer(), nullable=True, comment='the cycle that decided it (source cycle)'))
        batch_op.add_column(sa.Column('approval_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('certificate_number', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('title', sa.String(length=200), nullable=True, comment="the honour's wording, e.g. 2026年度南通市市长质量奖"))
        batch_op.add_column(sa.Column('honours', sa.JSON(), nullable=False, server_default=sa.text("'[]'"), comment="plaque, certificate, ... (the plugin's codes)"))
        batch_op.add_column(sa.Column('reward_yuan', sa.Integer(), nullable=True, comment='what the plugin decided at approval, whole yuan'))
        batch_op.add_column(sa.Column('reward_citation', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('reward_explanation', sa.Text(), nullable=False, server_default=sa.text("''")))
        batch_op.add_column(sa.Column('revoked_by_sanction_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_ledger_awards_tenant_id_cycle_id_id', ['tenant_id', 'cycle_id', 'id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_ledger_awards_tenant_id_certificate_number'), ['tenant_id', 'certificate_number'])
        batch_op.create_foreign_key('fk_ledger_awards_approval_id_approvals', 'approvals', ['tenant_id', 'approval_id'], ['tenant_id', 'id'], ondelete='RESTRICT')
        batch_op.create_foreign_key('fk_ledger_awards_cycle_id_cycles', 'cycles', ['tenant_id', 'cycle_id'], ['tenant_id', 'id'], ondelete='RESTRICT')

    with op.batch_alter_table('ledger_sanctions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('award_id', sa.Integer(), nullable=True, comment="the award concerned, where the violation is a winner's"))
        batch_op.add_column(sa.Column('applicant_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('occurred_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('measures', sa.JSON(), nullable=False, server_default=sa.text("'[]'"), comment="the plugin's measure codes"))
        batch_op.add_column(sa.Column('explanation', sa.Text(), nullable=False, server_default=sa.text("''")))
        batch_op.add_column(sa.Column('evidence', sa.Text(), nullable=False, server_default=sa.text("''"), comment='what the violation was confirmed by'))
        batch_op.add_column(sa.Column('announcement', sa.Text(), nullable=False, server_default=sa.text("''"), comment='the public announcement, where a measure asks for one'))
        batch_op.add_column(sa.Column('reversed_on', sa.Date(), nullable=True, comment='set by an appeal or reversal; the row is never deleted'))
        batch_op.add_column(sa.Column('reversal_kind', sa.String(length=16), nullable=True, comment='appeal or reversal'))
        batch_op.add_column(sa.Column('reversal_reason', sa.Text(), nullable=False, server_default=sa.text("''")))
        batch_op.add_column(sa.Column('reversed_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_ledger_sanctions_award_id_ledger_awards', 'ledger_awards', ['tenant_id', 'award_id'], ['tenant_id', 'id'], ondelete='RESTRICT')
        batch_op.create_foreign_key('fk_ledger_sanctions_applicant_id_applicants', 'applicants', ['tenant_id', 'applicant_id'], ['tenant_id', 'id'], ondelete='RESTRICT')

    if dialect == 'postgresql':
        for table in NEW_TABLES:
            for statement in row_level_security_sql(table):
                op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table('ledger_sanctions', schema=None) as batch_op:
        batch_op.drop_constraint('fk_ledger_sanctions_applicant_id_applicants', type_='foreignkey')
        batch_op.drop_constraint('fk_ledger_sanctions_award_id_ledger_awards', type_='foreignkey')
        batch_op.drop_column('reversed_by_id')
        batch_op.drop_column('reversal_reason')
        batch_op.drop_column('reversal_kind')
        batch_op.drop_column('reversed_on')
        batch_op.drop_column('announcement')
        batch_op.drop_column('evidence')
        batch_op.drop_column('explanation')
        batch_op.drop_column('measures')
        batch_op.drop_column('occurred_on')
        batch_op.drop_column('applicant_id')
        batch_op.drop_column('award_id')

    with op.batch_alter_table('ledger_awards', schema=None) as batch_op:
        batch_op.drop_constraint('fk_ledger_awards_cycle_id_cycles', type_='foreignkey')
        batch_op.drop_constraint('fk_ledger_awards_approval_id_approvals', type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_ledger_awards_tenant_id_certificate_number'), type_='unique')
        batch_op.drop_index('ix_ledger_awards_tenant_id_cycle_id_id')
        batch_op.drop_column('revoked_by_sanction_id')
        batch_op.drop_column('reward_explanation')
        batch_op.drop_column('reward_citation')
        batch_op.drop_column('reward_yuan')
        batch_op.drop_column('honours')
        batch_op.drop_column('title')
        batch_op.drop_column('certificate_number')
        batch_op.drop_column('approval_id')
        batch_op.drop_column('cycle_id')

    with op.batch_alter_table('applicants', schema=None) as batch_op:
        batch_op.drop_column('personal_data_erased_at')

    with op.batch_alter_table('objection_files', schema=None) as batch_op:
        batch_op.drop_index('ix_objection_files_tenant_id_objection_id_id')

    op.drop_table('objection_files')
    with op.batch_alter_table('objections', schema=None) as batch_op:
        batch_op.drop_index('ix_objections_tenant_id_status_id')
        batch_op.drop_index('ix_objections_tenant_id_notice_id_id')

    op.drop_table('objections')
    with op.batch_alter_table('notice_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_notice_entries_tenant_id_notice_id_position_id')

    op.drop_table('notice_entries')
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.drop_index('ix_reminders_tenant_id_sent_at_id')

    op.drop_table('reminders')
    with op.batch_alter_table('reward_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_reward_entries_tenant_id_award_id_id')

    op.drop_table('reward_entries')
    with op.batch_alter_table('obligations', schema=None) as batch_op:
        batch_op.drop_index('ix_obligations_tenant_id_due_on_id')
        batch_op.drop_index('ix_obligations_tenant_id_award_id_id')

    op.drop_table('obligations')
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index('ix_notices_tenant_id_cycle_id_id')

    op.drop_table('notices')
    op.drop_table('approvals')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_tenant_id_user_id_id')

    op.drop_table('notifications')
    for table in NEW_TABLES:
        for statement in drop_row_ids_sql(dialect, table):
            op.execute(statement)
