"""The tenant wall in the database: PostgreSQL row-level security under a non-owner application role,
and what a lost connection costs without ``pool_pre_ping``. PostgreSQL only (SQLite has no roles and
no row-level security; its append-only audit log is tested in test_audit_chain.py)."""
from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError

from core.platform.db import make_engine
from core.platform.models import Role
from core.platform.tenancy import APP_ROLE, Scope, set_scope


@pytest.fixture
def pg(mqa_runtime):
    if mqa_runtime.engine.dialect.name != "postgresql":
        pytest.skip("row-level security and roles are PostgreSQL's")
    return mqa_runtime


@pytest.fixture
def two_tenants(pg, mqa_factory):
    a, b = mqa_factory.tenant("city-a"), mqa_factory.tenant("city-b")
    mqa_factory.user(a, Role.EXPERT, "ea")
    mqa_factory.user(b, Role.EXPERT, "eb")
    mqa_factory.user(None, Role.PLATFORM_ADMIN, "root")
    return a, b


def usernames(session) -> list[str]:
    return sorted(session.execute(text("SELECT username FROM users")).scalars())


def test_raw_sql_sees_only_the_scope_tenant(pg, two_tenants):
    """A query that bypasses the ORM wall (text SQL) still sees only its tenant's rows."""
    a, b = two_tenants
    with pg.session(Scope.tenant(a.id)) as session:
        assert usernames(session) == ["ea"]
        tenants_seen = session.execute(text("SELECT DISTINCT tenant_id FROM audit_events")).scalars().all()
        assert tenants_seen == [a.id]
    with pg.session(Scope.platform()) as session:
        assert usernames(session) == ["ea", "eb", "root"]
    with pg.session() as session:
        assert usernames(session) == []


def test_a_streamed_first_query_still_carries_the_scope_to_the_database(pg, two_tenants):
    """Authentication runs in the platform scope; a tenant request whose first query streams (a
    server-side cursor) must still move the transaction to the tenant for every later statement."""
    from sqlalchemy import select

    from core.platform.models import User

    a, b = two_tenants
    with pg.session(Scope.platform()) as session:
        assert usernames(session) == ["ea", "eb", "root"]
        set_scope(session, Scope.tenant(a.id))
        streamed = list(session.scalars(select(User.username).execution_options(yield_per=5)))
        assert streamed == ["ea"]
        assert usernames(session) == ["ea"]


def test_raw_sql_sees_only_its_own_users_tokens(pg, two_tenants, anon):
    a, b = two_tenants
    anon.login("ea", tenant="city-a")
    anon.login("eb", tenant="city-b")
    with pg.session(Scope.tenant(a.id)) as session:
        assert session.execute(text("UPDATE auth_tokens SET revoked_at = now()")).rowcount == 1
        session.rollback()
        owners = session.execute(text("SELECT DISTINCT u.username FROM auth_tokens t JOIN users u ON u.id = t.user_id"))
        assert owners.scalars().all() == ["ea"]
        assert session.execute(text("SELECT count(*) FROM auth_tokens")).scalar() == 1
    with pg.session(Scope.platform()) as session:
        assert session.execute(text("SELECT count(*) FROM auth_tokens")).scalar() == 2


def test_raw_sql_cannot_write_into_another_tenant(pg, two_tenants):
    a, b = two_tenants
    with pg.session(Scope.tenant(a.id)) as session:
        with pytest.raises(ProgrammingError, match="row-level security"):
            session.execute(text("INSERT INTO tenant_settings (tenant_id, key, value, updated_at, version) "
                                 "VALUES (:t, 'x', '1', now(), 1)"), {"t": b.id})
    with pg.session(Scope.tenant(a.id)) as session:
        changed = session.execute(text("UPDATE users SET display_name = 'x' WHERE username = 'eb'")).rowcount
        session.commit()
        assert changed == 0


def test_a_scope_change_inside_a_transaction_reaches_the_database(pg, two_tenants, monkeypatch):
    """Authentication runs in the platform scope, then the request switches to its tenant in the same
    transaction: row-level security follows, with one set_config statement per begin and per change
    that a statement follows."""
    from core.platform import tenancy

    a, _ = two_tenants
    sent: list[tuple[str, str]] = []
    send = tenancy.send_scope

    def watch(execute, settings):
        sent.append(settings)
        send(execute, settings)

    monkeypatch.setattr(tenancy, "send_scope", watch)
    with pg.session(Scope.platform()) as session:
        assert len(usernames(session)) == 3
        set_scope(session, Scope.tenant(a.id))
        assert session.in_transaction()
        assert usernames(session) == ["ea"]
        assert usernames(session) == ["ea"]
        set_scope(session, Scope.tenant(a.id))  # no change, nothing to send
        set_scope(session, Scope.platform())
        set_scope(session, None)  # two changes before the next statement: one set_config
        assert usernames(session) == []
        session.commit()
        set_scope(session, Scope.tenant(a.id))  # outside a transaction: the next begin sends it
        assert usernames(session) == ["ea"]
    assert sent == [("", "on"), (str(a.id), "off"), ("", "off"), (str(a.id), "off")]


def test_a_failed_transaction_is_not_touched_by_a_scope_change(pg, two_tenants):
    """Leaving a ``scoped`` block after a database error keeps the original error (no statement is
    sent into the aborted transaction)."""
    from sqlalchemy.exc import IntegrityError

    from core.platform.tenancy import scoped

    a, _ = two_tenants
    with pg.session() as session:
        with pytest.raises(IntegrityError):
            with scoped(session, Scope.platform()):
                session.execute(text("INSERT INTO tenants (id, code, name, status, jurisdiction_code, "
                                     "created_at, updated_at) VALUES (:id, 'dup', 'd', 'active', 'nantong', "
                                     "now(), now())"), {"id": a.id})


def test_every_tenant_table_is_behind_a_forced_policy(pg):
    """Fails for any table with a tenant_id column (including those of later migrations) that lacks
    ENABLE and FORCE ROW LEVEL SECURITY or a policy."""
    with pg.engine.connect() as conn:
        rows = conn.execute(text("""
            SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
                   (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')""")).all()
    tables = {r.relname for r in rows}
    assert {"users", "audit_events", "audit_chain_heads", "jobs", "tenant_settings"} <= tables
    unguarded = [r.relname for r in rows if not (r.relrowsecurity and r.relforcerowsecurity and r.policies)]
    assert unguarded == []


def test_the_application_role_owns_nothing_and_bypasses_nothing(pg):
    with pg.engine.connect() as conn:
        me = conn.execute(text("SELECT rolname, rolsuper, rolbypassrls FROM pg_roles "
                               "WHERE rolname = current_user")).one()
        assert not me.rolsuper and not me.rolbypassrls
        assert conn.execute(text("SELECT pg_has_role(current_user, :r, 'MEMBER')"), {"r": APP_ROLE}).scalar()
        owned = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                                  "AND pg_has_role(current_user, tableowner, 'USAGE')")).scalars().all()
        assert owned == []


def test_the_application_role_may_only_append_to_the_audit_log(pg, two_tenants):
    with pg.session(Scope.platform()) as session:
        assert session.execute(text("SELECT count(*) FROM audit_events")).scalar() > 0
        for statement in ("UPDATE audit_events SET details = '{}'", "DELETE FROM audit_events",
                          "TRUNCATE audit_events"):
            with pytest.raises(ProgrammingError, match="permission denied"):
                session.execute(text(statement))
            session.rollback()


# -- stale connections without pool_pre_ping ----------------------------------------------------

def test_terminated_connections_cost_one_503_then_requests_succeed(pg, app, tenant_a, mqa_owner_database_url):
    admin = tenant_a.admin
    assert admin.get("/api/v1/tenant").status_code == 200
    owner = make_engine(mqa_owner_database_url)
    with owner.begin() as conn:
        killed = conn.execute(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                   "WHERE datname = current_database() AND usename = :u AND pid <> pg_backend_pid()"),
                              {"u": pg.engine.url.username}).scalar()
    owner.dispose()
    assert killed >= 1
    second = admin.get("/api/v1/tenant")
    assert second.status_code == 503, second.get_json()
    assert second.get_json()["code"] == "service_unavailable" and second.headers["Retry-After"] == "1"
    assert admin.get("/api/v1/tenant").status_code == 200


def test_a_lost_connection_is_service_unavailable_below_the_api(pg, two_tenants, mqa_owner_database_url):
    from core.errors import ServiceUnavailable

    with pg.session(Scope.platform()) as session:
        pid = session.execute(text("SELECT pg_backend_pid()")).scalar()
        owner = make_engine(mqa_owner_database_url)
        with owner.begin() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        owner.dispose()
        with pytest.raises(ServiceUnavailable) as caught:
            session.execute(text("SELECT 1"))
        assert isinstance(caught.value.__cause__, psycopg.OperationalError)
    with pg.session(Scope.platform()) as session:
        assert session.execute(text("SELECT 1")).scalar() == 1
