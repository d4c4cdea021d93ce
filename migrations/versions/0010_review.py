"""The review: the expert pool, experts' declared relations, panels with the applications they
review, recorded panel draws (pool and seed hashes published before the draw), panel members and
scoring sheets.

Every new table is keyed with ``tenant_id`` first; ids come from a sequence per table on PostgreSQL
and from the ``row_ids`` counters on SQLite. On PostgreSQL each new table gets the tenant
row-level-security policy (0008).

Revision ID: 0010_review
Revises: 0009_cycles_and_applications
Create Date: 2026-12-06
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa
import core.platform.db  # noqa: F401  (UTCDateTime)
from core.platform.db import create_row_ids_sql, drop_row_ids_sql
from core.platform.tenancy import row_level_security_sql


revision = '0010_review'
down_revision = '0009_cycles_and_applications'
branch_labels = None
depends_on = None

NUMBERED = ('experts', 'expert_relations', 'panels', 'panel_draws', 'panel_members', 'score_sheets',
            'stage_entrants', 'committee_decisions', 'bonus_counts')
NEW_TABLES = NUMBERED + ('panel_applications',)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in NUMBERED:
        for statement in create_row_ids_sql(dialect, table):
            op.execute(statement)
    op.create_table('experts',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True, comment="the expert's login (role expert)"),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('title', sa.String(length=32), nullable=False, comment='职称: none, junior, intermediate, vice_senior, senior'),
    sa.Column('title_name', sa.String(length=100), nullable=False, comment='the title as written, e.g. 正高级工程师'),
    sa.Column('specialties', sa.JSON(), nullable=False, comment="GB/T 4754 sections (A-T) or the office's own codes"),
    sa.Column('practice_started_on', sa.Date(), nullable=True, comment='since when in quality practice'),
    sa.Column('born_on', sa.Date(), nullable=True),
    sa.Column('employer_name', sa.String(length=200), nullable=False),
    sa.Column('employer_uscc', sa.String(length=18), nullable=True, comment="the employer's 统一社会信用代码"),
    sa.Column('contact_phone', sa.String(length=32), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('attested', sa.JSON(), nullable=False, comment='qualification codes the office has confirmed'),
    sa.Column('qualification', sa.JSON(), nullable=False, comment='findings of the last judgement, with articles'),
    sa.Column('flagged', sa.Boolean(), nullable=False, comment='a softened qualification failed'),
    sa.Column('status', sa.Enum('active', 'inactive', name='expert_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False, comment='optimistic lock: +1 on every update (ETag)'),
    sa.ForeignKeyConstraint(['tenant_id', 'created_by_id'], ['users.tenant_id', 'users.id'], name='fk_experts_created_by_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'user_id'], ['users.tenant_id', 'users.id'], name='fk_experts_user_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_experts_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_experts')),
    sa.UniqueConstraint('tenant_id', 'user_id', name=op.f('uq_experts_tenant_id_user_id'))
    )
    with op.batch_alter_table('experts', schema=None) as batch_op:
        batch_op.create_index('ix_experts_tenant_id_status_id', ['tenant_id', 'status', 'id'], unique=False)

    op.create_table('panels',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.Enum('experts', 'third_party', name='panel_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False, comment='how many experts sit on it'),
    sa.Column('third_party', sa.String(length=200), nullable=False, comment="the commissioned body's name"),
    sa.Column('respond_days', sa.Integer(), nullable=False, comment='days a drawn expert has to confirm'),
    sa.Column('specialties', sa.JSON(), nullable=False, comment='draw only experts of one of these specialties (none: any)'),
    sa.Column('leader_id', sa.Integer(), nullable=True, comment='the expert who leads (组长负责制)'),
    sa.Column('status', sa.Enum('forming', 'ready', 'closed', name='panel_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False, comment='optimistic lock: +1 on every update (ETag)'),
    sa.ForeignKeyConstraint(['tenant_id', 'created_by_id'], ['users.tenant_id', 'users.id'], name='fk_panels_created_by_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'cycle_id'], ['cycles.tenant_id', 'cycles.id'], name='fk_panels_cycle_id_cycles', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'leader_id'], ['experts.tenant_id', 'experts.id'], name='fk_panels_leader_id_experts', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_panels_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_panels'))
    )
    with op.batch_alter_table('panels', schema=None) as batch_op:
        batch_op.create_index('ix_panels_tenant_id_cycle_id_id', ['tenant_id', 'cycle_id', 'id'], unique=False)
        batch_op.create_index('ix_panels_tenant_id_cycle_id_stage_id', ['tenant_id', 'cycle_id', 'stage', 'id'], unique=False)

    op.create_table('expert_relations',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('expert_id', sa.Integer(), nullable=False),
    sa.Column('applicant_id', sa.Integer(), nullable=True, comment='the applicant concerned, when it is one'),
    sa.Column('uscc', sa.String(length=18), nullable=True, comment='or an organisation by its code'),
    sa.Column('name', sa.String(length=200), nullable=False, comment='or by name'),
    sa.Column('kind', sa.Enum('employment', 'consulting', 'family', 'other', name='relation_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('declared_by_id', sa.Integer(), nullable=True),
    sa.Column('declared_by_expert', sa.Boolean(), nullable=False, comment='declared by the expert (自行申报)'),
    sa.Column('declared_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'applicant_id'], ['applicants.tenant_id', 'applicants.id'], name='fk_expert_relations_applicant_id_applicants', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'declared_by_id'], ['users.tenant_id', 'users.id'], name='fk_expert_relations_declared_by_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'expert_id'], ['experts.tenant_id', 'experts.id'], name='fk_expert_relations_expert_id_experts', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_expert_relations_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_expert_relations'))
    )
    with op.batch_alter_table('expert_relations', schema=None) as batch_op:
        batch_op.create_index('ix_expert_relations_tenant_id_expert_id_id', ['tenant_id', 'expert_id', 'id'], unique=False)

    op.create_table('panel_draws',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('panel_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False, comment='1, 2, ... within the panel'),
    sa.Column('purpose', sa.Enum('initial', 'replacement', 'redraw', name='draw_purpose', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('load_cap', sa.Integer(), nullable=True, comment='panels per expert per cycle at the draw'),
    sa.Column('salt', sa.String(length=100), nullable=False),
    sa.Column('algorithm', sa.String(length=64), nullable=False),
    sa.Column('filters', sa.JSON(), nullable=False, comment='what the pool was drawn from: specialties, load cap, day'),
    sa.Column('pool', sa.JSON(), nullable=False, comment='[{expert_id, load}] sorted by expert id'),
    sa.Column('pool_hash', sa.String(length=64), nullable=False),
    sa.Column('excluded', sa.JSON(), nullable=False, comment='[{expert_id, reasons}] left out of the pool'),
    sa.Column('seed_hash', sa.String(length=64), nullable=False),
    sa.Column('seed', sa.String(length=64), nullable=False, comment='secret until revealed'),
    sa.Column('drawn', sa.JSON(), nullable=False),
    sa.Column('status', sa.Enum('committed', 'revealed', 'abandoned', name='draw_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('committed_by_id', sa.Integer(), nullable=True),
    sa.Column('committed_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revealed_at', core.platform.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'committed_by_id'], ['users.tenant_id', 'users.id'], name='fk_panel_draws_committed_by_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'panel_id'], ['panels.tenant_id', 'panels.id'], name='fk_panel_draws_panel_id_panels', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_panel_draws_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_panel_draws')),
    sa.UniqueConstraint('tenant_id', 'panel_id', 'number', name=op.f('uq_panel_draws_tenant_id_panel_id_number'))
    )
    op.create_table('panel_applications',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('panel_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'application_id'], ['applications.tenant_id', 'applications.id'], name='fk_panel_applications_application_id_applications', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'panel_id'], ['panels.tenant_id', 'panels.id'], name='fk_panel_applications_panel_id_panels', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_panel_applications_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'panel_id', 'application_id', name=op.f('pk_panel_applications'))
    )
    with op.batch_alter_table('panel_applications', schema=None) as batch_op:
        batch_op.create_index('ix_panel_applications_tenant_id_application_id', ['tenant_id', 'application_id'], unique=False)

    op.create_table('panel_members',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('panel_id', sa.Integer(), nullable=False),
    sa.Column('expert_id', sa.Integer(), nullable=False),
    sa.Column('draw_id', sa.Integer(), nullable=True, comment='the draw that seated them (none on a third-party panel)'),
    sa.Column('status', sa.Enum('invited', 'confirmed', 'declined', 'lapsed', 'recused', name='member_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('respond_by', sa.Date(), nullable=True, comment='the last day to confirm (Asia/Shanghai)'),
    sa.Column('responded_at', core.platform.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False, comment='why declined or recused'),
    sa.Column('created_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False, comment='optimistic lock: +1 on every update (ETag)'),
    sa.ForeignKeyConstraint(['tenant_id', 'draw_id'], ['panel_draws.tenant_id', 'panel_draws.id'], name='fk_panel_members_draw_id_panel_draws', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'expert_id'], ['experts.tenant_id', 'experts.id'], name='fk_panel_members_expert_id_experts', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'panel_id'], ['panels.tenant_id', 'panels.id'], name='fk_panel_members_panel_id_panels', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_panel_members_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_panel_members')),
    sa.UniqueConstraint('tenant_id', 'panel_id', 'expert_id', name=op.f('uq_panel_members_tenant_id_panel_id_expert_id'))
    )
    with op.batch_alter_table('panel_members', schema=None) as batch_op:
        batch_op.create_index('ix_panel_members_tenant_id_expert_id_id', ['tenant_id', 'expert_id', 'id'], unique=False)
        batch_op.create_index('ix_panel_members_tenant_id_panel_id_id', ['tenant_id', 'panel_id', 'id'], unique=False)

    op.create_table('score_sheets',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=64), nullable=False),
    sa.Column('panel_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('expert_id', sa.Integer(), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False, comment='{item code: decimal text}'),
    sa.Column('comments', sa.JSON(), nullable=False, comment='{item code: comment}'),
    sa.Column('comment', sa.Text(), nullable=False, comment="the expert's overall comment"),
    sa.Column('score', sa.String(length=32), nullable=True, comment='sum of the items, decimal text; set on submission'),
    sa.Column('status', sa.Enum('draft', 'submitted', name='sheet_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('submitted_at', core.platform.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reopened', sa.JSON(), nullable=False, comment='[{by, at, reason}] every reopening'),
    sa.Column('created_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False, comment='optimistic lock: +1 on every update (ETag)'),
    sa.ForeignKeyConstraint(['tenant_id', 'application_id'], ['applications.tenant_id', 'applications.id'], name='fk_score_sheets_application_id_applications', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'cycle_id'], ['cycles.tenant_id', 'cycles.id'], name='fk_score_sheets_cycle_id_cycles', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'expert_id'], ['experts.tenant_id', 'experts.id'], name='fk_score_sheets_expert_id_experts', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'panel_id'], ['panels.tenant_id', 'panels.id'], name='fk_score_sheets_panel_id_panels', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_score_sheets_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_score_sheets')),
    sa.UniqueConstraint('tenant_id', 'panel_id', 'application_id', 'expert_id', name=op.f('uq_score_sheets_tenant_id_panel_id_application_id_expert_id'))
    )
    with op.batch_alter_table('score_sheets', schema=None) as batch_op:
        batch_op.create_index('ix_score_sheets_tenant_id_cycle_id_stage_id', ['tenant_id', 'cycle_id', 'stage', 'id'], unique=False)
        batch_op.create_index('ix_score_sheets_tenant_id_expert_id_id', ['tenant_id', 'expert_id', 'id'], unique=False)
        batch_op.create_index('ix_score_sheets_tenant_id_panel_id_id', ['tenant_id', 'panel_id', 'id'], unique=False)

    op.create_table('committee_decisions',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('deliberation', 'vote', name='decision_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('body', sa.String(length=200), nullable=False, comment='who decided, e.g. 市质量发展委员会'),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('members_present', sa.Integer(), nullable=True),
    sa.Column('votes_for', sa.Integer(), nullable=True),
    sa.Column('votes_against', sa.Integer(), nullable=True),
    sa.Column('abstentions', sa.Integer(), nullable=True),
    sa.Column('winners', sa.JSON(), nullable=False, comment='[{application_id, tier}] as decided'),
    sa.Column('ranking', sa.JSON(), nullable=False, comment='the ranking and allocation it was compared with'),
    sa.Column('departures', sa.JSON(), nullable=False, comment='[{application_id, ranking, decided, reason}]'),
    sa.Column('document', sa.String(length=200), nullable=False, comment='minutes or file number'),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'cycle_id'], ['cycles.tenant_id', 'cycles.id'], name='fk_committee_decisions_cycle_id_cycles', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'recorded_by_id'], ['users.tenant_id', 'users.id'], name='fk_committee_decisions_recorded_by_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_committee_decisions_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_committee_decisions'))
    )
    with op.batch_alter_table('committee_decisions', schema=None) as batch_op:
        batch_op.create_index('ix_committee_decisions_tenant_id_cycle_id_id', ['tenant_id', 'cycle_id', 'id'], unique=False)

    op.create_table('stage_entrants',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=64), nullable=False),
    sa.Column('application_ids', sa.JSON(), nullable=False, comment='who enters, as decided'),
    sa.Column('proposal', sa.JSON(), nullable=False, comment='the list the rules proposed, with the articles'),
    sa.Column('reason', sa.Text(), nullable=False, comment='why the decision departs from the proposal'),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False, comment='optimistic lock: +1 on every update (ETag)'),
    sa.ForeignKeyConstraint(['tenant_id', 'cycle_id'], ['cycles.tenant_id', 'cycles.id'], name='fk_stage_entrants_cycle_id_cycles', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'decided_by_id'], ['users.tenant_id', 'users.id'], name='fk_stage_entrants_decided_by_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_stage_entrants_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_stage_entrants')),
    sa.UniqueConstraint('tenant_id', 'cycle_id', 'stage', name=op.f('uq_stage_entrants_tenant_id_cycle_id_stage'))
    )
    op.create_table('bonus_counts',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False, comment='{bonus rule code: units}'),
    sa.Column('note', sa.Text(), nullable=False, comment='the evidence checked'),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False, comment='optimistic lock: +1 on every update (ETag)'),
    sa.ForeignKeyConstraint(['tenant_id', 'application_id'], ['applications.tenant_id', 'applications.id'], name='fk_bonus_counts_application_id_applications', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'cycle_id'], ['cycles.tenant_id', 'cycles.id'], name='fk_bonus_counts_cycle_id_cycles', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id', 'recorded_by_id'], ['users.tenant_id', 'users.id'], name='fk_bonus_counts_recorded_by_id_users', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_bonus_counts_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_bonus_counts')),
    sa.UniqueConstraint('tenant_id', 'application_id', name=op.f('uq_bonus_counts_tenant_id_application_id'))
    )
    with op.batch_alter_table('bonus_counts', schema=None) as batch_op:
        batch_op.create_index('ix_bonus_counts_tenant_id_cycle_id_id', ['tenant_id', 'cycle_id', 'id'], unique=False)
    if dialect == 'postgresql':
        for table in NEW_TABLES:
            for statement in row_level_security_sql(table):
                op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table('bonus_counts', schema=None) as batch_op:
        batch_op.drop_index('ix_bonus_counts_tenant_id_cycle_id_id')

    op.drop_table('bonus_counts')
    op.drop_table('stage_entrants')
    with op.batch_alter_table('committee_decisions', schema=None) as batch_op:
        batch_op.drop_index('ix_committee_decisions_tenant_id_cycle_id_id')

    op.drop_table('committee_decisions')
    with op.batch_alter_table('score_sheets', schema=None) as batch_op:
        batch_op.drop_index('ix_score_sheets_tenant_id_panel_id_id')
        batch_op.drop_index('ix_score_sheets_tenant_id_expert_id_id')
        batch_op.drop_index('ix_score_sheets_tenant_id_cycle_id_stage_id')

    op.drop_table('score_sheets')
    with op.batch_alter_table('panel_members', schema=None) as batch_op:
        batch_op.drop_index('ix_panel_members_tenant_id_panel_id_id')
        batch_op.drop_index('ix_panel_members_tenant_id_expert_id_id')

    op.drop_table('panel_members')
    with op.batch_alter_table('panel_applications', schema=None) as batch_op:
        batch_op.drop_index('ix_panel_applications_tenant_id_application_id')

    op.drop_table('panel_applications')
    op.drop_table('panel_draws')
    with op.batch_alter_table('expert_relations', schema=None) as batch_op:
        batch_op.drop_index('ix_expert_relations_tenant_id_expert_id_id')

    op.drop_table('expert_relations')
    with op.batch_alter_table('panels', schema=None) as batch_op:
        batch_op.drop_index('ix_panels_tenant_id_cycle_id_stage_id')
        batch_op.drop_index('ix_panels_tenant_id_cycle_id_id')

    op.drop_table('panels')
    with op.batch_alter_table('experts', schema=None) as batch_op:
        batch_op.drop_index('ix_experts_tenant_id_status_id')

    op.drop_table('experts')
    for table in NUMBERED:
        for statement in drop_row_ids_sql(dialect, table):
            op.execute(statement)
