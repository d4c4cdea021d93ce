"""Row-level security on every tenant-owned table; the application role.

PostgreSQL only (SQLite has no row-level security; its audit log is append-only by triggers, 0005).
Every table of the schema with a ``tenant_id`` column, found in the catalog rather than listed, gets
ENABLE and FORCE ROW LEVEL SECURITY and the policy of :data:`core.platform.tenancy.TENANT_PREDICATE`; so does
``auth_tokens`` (the tokens of the users one may see). The
group role ``mqa_app`` (created NOLOGIN if missing; a deployment logs in as a member) gets
SELECT/INSERT/UPDATE/DELETE on the tables, except SELECT and INSERT only on ``audit_events``
(append-only) and SELECT only on ``alembic_version``, USAGE on the sequences, and the same by
default on what the owner creates later. The role itself is left in place on downgrade: it belongs
to the cluster, which other databases may share.

Revision ID: 0008_row_level_security
Revises: 0007_list_indexes
Create Date: 2026-11-25
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

from core.platform.tenancy import (APP_ROLE, POLICY_NAME, app_role_privileges_sql, platform_tables_security_sql,
                          row_level_security_sql)


revision = '0008_row_level_security'
down_revision = '0007_list_indexes'
branch_labels = None
depends_on = None

TENANT_TABLES = sa.text("""
    SELECT c.relname FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
    ORDER BY c.relname
""")


def _tenant_tables() -> list[str]:
    return list(op.get_bind().execute(TENANT_TABLES).scalars())


def upgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute(f"""
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
                CREATE ROLE {APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS;
            END IF;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;  -- created meanwhile by another database
        END $$""")
    for table in _tenant_tables():
        for statement in row_level_security_sql(table):
            op.execute(statement)
    for statement in platform_tables_security_sql():
        op.execute(statement)
    schema = op.get_bind().execute(sa.text("SELECT current_schema()")).scalar_one()
    for statement in app_role_privileges_sql(schema):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    schema = op.get_bind().execute(sa.text("SELECT current_schema()")).scalar_one()
    op.execute(f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" REVOKE USAGE, SELECT ON SEQUENCES FROM {APP_ROLE}')
    op.execute(f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" '
               f'REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM {APP_ROLE}')
    op.execute(f'REVOKE ALL ON ALL SEQUENCES IN SCHEMA "{schema}" FROM {APP_ROLE}')
    op.execute(f'REVOKE ALL ON ALL TABLES IN SCHEMA "{schema}" FROM {APP_ROLE}')
    op.execute(f'REVOKE USAGE ON SCHEMA "{schema}" FROM {APP_ROLE}')
    for table in [*_tenant_tables(), "auth_tokens"]:
        op.execute(f'DROP POLICY IF EXISTS {POLICY_NAME} ON "{table}"')
        op.execute(f'ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY')
        op.execute(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY')
