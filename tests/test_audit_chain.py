"""The audit trail: hash-chained per tenant, append-only, verified by ``mqa audit verify``, paged by the API."""
from __future__ import annotations

import threading

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from api.app import create_app
from api.cli import main
from core.platform import audit
from core.platform.db import make_engine
from core.platform.models import AuditChainHead, AuditEvent, AuditOutcome, Role
from core.platform.permissions import Principal
from core.platform.tenancy import Scope


@pytest.fixture
def city(mqa_factory):
    return mqa_factory.tenant("city-a")


def add_events(runtime, tenant_id: int | None, count: int, action: str = "thing.done") -> None:
    scope = Scope.platform() if tenant_id is None else Scope.tenant(tenant_id)
    with runtime.session(scope) as session:
        for i in range(count):
            audit.record(session, None, action, "thing", i, tenant_id=tenant_id, details={"n": i, "名": "值"})
        session.commit()


def chain(runtime, tenant_id: int | None) -> list[AuditEvent]:
    with runtime.session(Scope.platform()) as session:
        where = AuditEvent.tenant_id.is_(None) if tenant_id is None else AuditEvent.tenant_id == tenant_id
        return list(session.scalars(select(AuditEvent).where(where).order_by(AuditEvent.seq)))


def states(runtime, **kw) -> dict[str, audit.ChainState]:
    with runtime.session(Scope.platform()) as session:
        return {s.chain: s for s in audit.verify(session, **kw)}


def owner_sql(owner_url: str, *statements: str) -> None:
    """Tamper as whoever holds the database (the owner on PostgreSQL, the file on SQLite)."""
    engine = make_engine(owner_url)
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER audit_events_no_update"))
            conn.execute(text("DROP TRIGGER audit_events_no_delete"))
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


def verify_cli(runtime, *args: str):
    info = ScriptInfo(create_app=lambda: create_app(runtime=runtime))
    return CliRunner().invoke(main, ["audit", "verify", *args], obj=info, catch_exceptions=False)


# -- the chain ------------------------------------------------------------------------------------

def test_each_tenant_and_the_platform_has_its_own_chain(mqa_runtime, mqa_factory, city):
    other = mqa_factory.tenant("city-b")
    add_events(mqa_runtime, city.id, 3)
    add_events(mqa_runtime, other.id, 2)
    add_events(mqa_runtime, None, 1)
    for tenant_id in (city.id, other.id, None):
        events = chain(mqa_runtime, tenant_id)
        assert [e.seq for e in events] == list(range(1, len(events) + 1))
        assert events[0].prev_hash == audit.GENESIS
        assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:]))
        assert all(audit.event_hash(e) == e.hash for e in events)
    assert all(s.broken is None for s in states(mqa_runtime).values())
    with mqa_runtime.session(Scope.platform()) as session:
        head = session.get(AuditChainHead, city.id)
        assert (head.seq, head.last_hash) == (chain(mqa_runtime, city.id)[-1].seq, chain(mqa_runtime, city.id)[-1].hash)


def test_concurrent_writers_of_one_tenant_never_fork_its_chain(mqa_runtime, city):
    writers, per_writer = 6, 5
    start = threading.Barrier(writers)
    failures: list[BaseException] = []

    def write() -> None:
        try:
            start.wait()
            for _ in range(per_writer):
                add_events(mqa_runtime, city.id, 1)
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=write) for _ in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    before = len(chain(mqa_runtime, city.id))
    assert [e.seq for e in chain(mqa_runtime, city.id)] == list(range(1, before + 1))
    assert before >= writers * per_writer
    assert states(mqa_runtime)["tenant city-a"].broken is None


def test_the_record_carries_who_when_where_what_on_what_and_the_outcome(tenant_a, mqa_runtime):
    response = tenant_a.admin.post("/api/v1/users", json={"username": "new-expert", "password": "long-enough-pw",
                                                          "role": "expert"},
                                   environ_base={"REMOTE_ADDR": "203.0.113.7"})
    assert response.status_code == 201, response.get_json()
    created = [e for e in chain(mqa_runtime, tenant_a.tenant.id) if e.action == "user.created"][-1]
    assert (created.actor_id, created.actor_username, created.actor_role) == (
        tenant_a.user_ids[Role.OFFICE_ADMIN], "office_admin-city-a", "office_admin")
    assert created.client_address == "203.0.113.7"
    assert (created.target_type, created.target_id) == ("user", str(response.get_json()["id"]))
    assert created.outcome is AuditOutcome.SUCCESS and created.at is not None
    assert audit.request_origin.get() is None  # the address does not leak past the request


def test_outcome_follows_the_action_unless_given(mqa_runtime, city):
    actor = Principal(user_id=1, username="x", role=Role.OFFICE_ADMIN, tenant_id=city.id, tenant_code="city-a")
    with mqa_runtime.session(Scope.tenant(city.id)) as session:
        failed = audit.record(session, None, "auth.login_failed", "user", 1)
        denied = audit.record(session, actor, "user.update", "user", 1, outcome="denied")
        session.commit()
    assert (failed.outcome, denied.outcome) == (AuditOutcome.FAILURE, AuditOutcome.DENIED)
    assert states(mqa_runtime)["tenant city-a"].broken is None


# -- append-only ----------------------------------------------------------------------------------

def test_the_application_cannot_change_or_delete_an_event(mqa_runtime, city):
    add_events(mqa_runtime, city.id, 2)
    before = [(e.id, e.hash) for e in chain(mqa_runtime, city.id)]
    for statement in ("UPDATE audit_events SET details = '{}'", "DELETE FROM audit_events"):
        with mqa_runtime.session(Scope.platform()) as session:
            with pytest.raises(DatabaseError, match="append-only|permission denied"):
                session.execute(text(statement))
    assert [(e.id, e.hash) for e in chain(mqa_runtime, city.id)] == before


# -- verification ---------------------------------------------------------------------------------

def test_verify_names_an_altered_record(mqa_runtime, mqa_owner_database_url, city):
    add_events(mqa_runtime, city.id, 4)
    events = chain(mqa_runtime, city.id)
    victim = events[2]
    owner_sql(mqa_owner_database_url, f"UPDATE audit_events SET details = '{{\"n\": 99}}' WHERE id = {victim.id}")
    broken = states(mqa_runtime)["tenant city-a"].broken
    assert (broken.seq, broken.event_id) == (victim.seq, victim.id) and "altered" in broken.problem
    result = verify_cli(mqa_runtime)
    assert result.exit_code == 1
    assert f"tenant city-a: {len(events)} event(s), head seq {len(events)}" in result.output
    assert f"BROKEN at tenant city-a: seq {victim.seq} (event {victim.id}): altered" in result.output


def test_verify_names_a_deleted_record(mqa_runtime, mqa_owner_database_url, city):
    add_events(mqa_runtime, city.id, 4)
    victim = chain(mqa_runtime, city.id)[2]
    owner_sql(mqa_owner_database_url, f"DELETE FROM audit_events WHERE id = {victim.id}")
    broken = states(mqa_runtime)["tenant city-a"].broken
    assert broken.seq == victim.seq and "missing" in broken.problem and "1 record(s) deleted" in broken.problem


def test_verify_names_a_deleted_tail(mqa_runtime, mqa_owner_database_url, city):
    add_events(mqa_runtime, city.id, 4)
    tail = chain(mqa_runtime, city.id)[-2:]
    owner_sql(mqa_owner_database_url, f"DELETE FROM audit_events WHERE id IN ({tail[0].id}, {tail[1].id})")
    broken = states(mqa_runtime)["tenant city-a"].broken
    assert broken.seq == tail[0].seq and "deleted tail" in broken.problem
    assert f"head says seq {tail[1].seq} but the last record is seq {tail[0].seq - 1}" in broken.problem


def test_verify_names_a_reordered_record(mqa_runtime, mqa_owner_database_url, city):
    add_events(mqa_runtime, city.id, 4)
    second, third = chain(mqa_runtime, city.id)[1:3]
    owner_sql(mqa_owner_database_url,
              f"UPDATE audit_events SET seq = -1 WHERE id = {second.id}",
              f"UPDATE audit_events SET seq = {second.seq} WHERE id = {third.id}",
              f"UPDATE audit_events SET seq = {third.seq} WHERE id = {second.id}")
    broken = states(mqa_runtime)["tenant city-a"].broken
    assert broken.seq == second.seq and broken.event_id == third.id


def test_verify_of_one_tenant_and_an_intact_trail_exits_0(mqa_runtime, mqa_factory, mqa_owner_database_url, city):
    other = mqa_factory.tenant("city-b")
    add_events(mqa_runtime, city.id, 2)
    add_events(mqa_runtime, other.id, 2)
    assert verify_cli(mqa_runtime).exit_code == 0
    victim = chain(mqa_runtime, other.id)[0]
    owner_sql(mqa_owner_database_url, f"UPDATE audit_events SET action = 'x' WHERE id = {victim.id}")
    result = verify_cli(mqa_runtime, "--tenant", "city-a")
    assert result.exit_code == 0 and "tenant city-a" in result.output and "city-b" not in result.output
    assert verify_cli(mqa_runtime, "--tenant", "city-b").exit_code == 1
    assert "no tenant with code" in verify_cli(mqa_runtime, "--tenant", "nowhere").output


# -- the API list ---------------------------------------------------------------------------------

def test_the_list_is_paged_newest_first_with_the_new_fields(tenant_a, tenant_b, mqa_runtime):
    add_events(mqa_runtime, tenant_a.tenant.id, 5, action="thing.paged")
    add_events(mqa_runtime, tenant_b.tenant.id, 5, action="thing.paged")
    admin = tenant_a.admin
    seen, cursor = [], None
    while True:
        page = admin.get("/api/v1/audit-events?action=thing.paged&limit=2"
                         + (f"&cursor={cursor}" if cursor else "")).get_json()
        assert set(page) == {"items", "next_cursor"}
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 5
    assert [e["id"] for e in seen] == sorted((e["id"] for e in seen), reverse=True)
    assert {"seq", "actor_role", "client_address", "outcome", "prev_hash", "hash"} <= set(seen[0])
    assert seen[0]["outcome"] == "success" and len(seen[0]["hash"]) == 64


@pytest.mark.parametrize("query, field", [("limit=0", "limit"), ("limit=5000", "limit"), ("cursor=%21%21", "cursor"),
                                          ("before_id=3", "before_id")])
def test_bad_list_queries_are_refused(tenant_a, query, field):
    response = tenant_a.admin.get(f"/api/v1/audit-events?{query}")
    assert response.status_code == 422 and field in response.get_json()["errors"]


def test_the_tenant_list_is_served_by_the_tenant_index(mqa_runtime, city):
    """The issue measured 'Index Scan Backward using pk_audit_events, 250,000 rows filtered'."""
    if mqa_runtime.engine.dialect.name != "postgresql":
        pytest.skip("plan shapes are PostgreSQL's")
    stmt = audit.events_query().where(AuditEvent.tenant_id == city.id).order_by(AuditEvent.id.desc()).limit(51)
    sql = str(stmt.compile(mqa_runtime.engine, compile_kwargs={"literal_binds": True}))
    with mqa_runtime.session(Scope.tenant(city.id)) as session:
        session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(session.execute(text(f"EXPLAIN {sql}")).scalars())
    assert "ix_audit_events_tenant_id_id" in plan, plan
