"""Platform conventions (docs/conventions.md): version counters (ETag, If-Match, 409, 428) and
Idempotency-Key on creating POSTs; and the OpenAPI document holds every route to them."""
from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import func, select

from core.platform import idempotency, versioning
from core.platform.db import utcnow
from core.platform.models import IdempotencyKey, Role, Tenant, User
from core.platform.services import tenants as tenant_service
from core.platform.services import users as user_service
from core.platform.tenancy import Scope, scoped
from tests.walk import all_items, if_match, items

USERS = "/api/v1/users"
TENANTS = "/api/v1/admin/tenants"
NEW_USER = {"username": "new-expert", "password": "long-enough-pw", "role": "expert"}


def user_count(runtime, tenant_id: int) -> int:
    with runtime.session() as session, scoped(session, Scope.tenant(tenant_id)):
        return session.scalar(select(func.count()).select_from(User))


# -- version counters ----------------------------------------------------------------------------

def test_get_answers_the_version_as_etag_and_a_change_bumps_it(tenant_a):
    path = f"{USERS}/{tenant_a.user_ids[Role.EXPERT]}"
    read = tenant_a.admin.get(path)
    version = read.get_json()["version"]
    assert read.headers["ETag"] == f'"{version}"'
    changed = tenant_a.admin.patch(path, json={"display_name": "王专家"}, headers={"If-Match": f'"{version}"'})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["version"] == version + 1 and changed.headers["ETag"] == f'"{version + 1}"'
    listed = {u["id"]: u for u in items(tenant_a.admin.get(USERS))}
    assert listed[tenant_a.user_ids[Role.EXPERT]]["version"] == version + 1


def test_a_bare_number_is_read_as_the_etag_it_names(tenant_a):
    admin, path = tenant_a.admin, f"/api/v1/users/{tenant_a.user_ids[Role.EXPERT]}"
    version = admin.get(path).get_json()["version"]
    assert admin.patch(path, json={"display_name": "x"}, headers={"If-Match": str(version + 1)}).status_code == 409
    changed = admin.patch(path, json={"display_name": "Wang"}, headers={"If-Match": str(version)})
    assert changed.status_code == 200 and changed.get_json()["display_name"] == "Wang"


def test_a_stale_version_is_409_naming_the_current_one_and_changes_nothing(tenant_a):
    path = f"{USERS}/{tenant_a.user_ids[Role.EXPERT]}"
    stale = if_match(tenant_a.admin, path)
    assert tenant_a.admin.patch(path, json={"display_name": "first"}, headers=stale).status_code == 200
    current = tenant_a.admin.get(path).get_json()
    second = tenant_a.admin.patch(path, json={"display_name": "second", "role": "supervisor"}, headers=stale)
    assert second.status_code == 409
    body = second.get_json()
    assert body["code"] == "stale_version" and body["details"] == {"current_version": current["version"]}
    assert f'"{current["version"]}"' in body["message"] and "If-Match" in body["errors"]
    assert tenant_a.admin.get(path).get_json() == current


def test_a_missing_version_is_428_and_changes_nothing(tenant_a, platform_admin):
    path = f"{USERS}/{tenant_a.user_ids[Role.EXPERT]}"
    before = tenant_a.admin.get(path).get_json()
    response = tenant_a.admin.patch(path, json={"display_name": "blind write"})
    assert response.status_code == 428
    body = response.get_json()
    assert body["code"] == "version_required" and body["errors"] == {"If-Match": ["required"]}
    assert body["details"] == {"current_version": before["version"]}
    assert tenant_a.admin.get(path).get_json() == before
    tenant_path = f"{TENANTS}/{tenant_a.tenant.id}"
    assert platform_admin.patch(tenant_path, json={"name": "x"}).status_code == 428
    assert platform_admin.get(tenant_path).get_json()["name"] == "city-a"


def test_an_unknown_row_is_404_before_a_missing_version(tenant_a, tenant_b):
    response = tenant_b.admin.patch(f"{USERS}/{tenant_a.user_ids[Role.EXPERT]}", json={"display_name": "x"})
    assert response.status_code == 404


@pytest.mark.parametrize("header", ['"3', '"three"', '"-1"', '"1", "2"', "*", '"' + "9" * 11 + '"', "٣"])
def test_a_malformed_if_match_is_422_naming_it(tenant_a, header):
    path = f"{USERS}/{tenant_a.user_ids[Role.EXPERT]}"
    response = tenant_a.admin.patch(path, json={"display_name": "x"}, headers={"If-Match": header})
    assert response.status_code == 422 and "If-Match" in response.get_json()["errors"], response.get_json()


def test_a_lost_race_outside_the_guard_is_409_not_500(tenant_a, monkeypatch):
    from sqlalchemy.orm.exc import StaleDataError

    def lost(*_args, **_kwargs):  # noqa: ANN002, ANN003
        raise StaleDataError("UPDATE statement on table 'users' expected to update 1 row(s); 0 were matched.")

    monkeypatch.setattr(user_service, "get_user", lost)
    response = tenant_a.admin.get(f"{USERS}/{tenant_a.user_ids[Role.EXPERT]}")
    assert response.status_code == 409 and response.get_json()["code"] == "stale_version"


def test_tenants_carry_versions_and_suspend_may_check_one(platform_admin, tenant_a):
    path = f"{TENANTS}/{tenant_a.tenant.id}"
    stale = if_match(platform_admin, path)
    renamed = platform_admin.patch(path, json={"name": "甲市"}, headers=stale)
    assert renamed.status_code == 200 and renamed.headers["ETag"] != stale["If-Match"]
    refused = platform_admin.post(f"{path}/suspend", json={"reason": "audit"}, headers=stale)
    assert refused.status_code == 409 and refused.get_json()["code"] == "stale_version"
    assert platform_admin.get(path).get_json()["status"] == "active"
    fresh = {"If-Match": renamed.headers["ETag"]}
    assert platform_admin.post(f"{path}/suspend", json={"reason": "audit"}, headers=fresh).status_code == 200
    assert platform_admin.post(f"{path}/resume").status_code == 200  # If-Match optional on actions


def test_two_concurrent_writers_one_wins_the_other_gets_stale_version(mqa_runtime, tenant_a):
    """Both read version n; the first commits n+1; the second's UPDATE ... WHERE version = n matches no row."""
    user_id = tenant_a.user_ids[Role.EXPERT]
    scope = Scope.tenant(tenant_a.tenant.id)
    with mqa_runtime.session() as first, scoped(first, scope), mqa_runtime.session() as second, \
            scoped(second, scope):
        mine = first.get(User, user_id)
        read = mine.version
        mine.display_name = "first writer"
        theirs = second.get(User, user_id)
        assert theirs.version == read
        first.commit()
        theirs.display_name = "second writer"
        with pytest.raises(versioning.StaleVersion) as caught:
            versioning.commit(second, "user", theirs)
    assert caught.value.current == read + 1
    with mqa_runtime.session() as session, scoped(session, scope):
        assert session.get(User, user_id).display_name == "first writer"


def test_the_service_refuses_a_concurrent_change_through_the_api_mapping(app, mqa_runtime, tenant_a, monkeypatch):
    """A writer that commits between our check and our flush: the API answers 409, not 500."""
    user_id = tenant_a.user_ids[Role.EXPERT]
    path = f"{USERS}/{user_id}"
    header = if_match(tenant_a.admin, path)
    original = versioning.check

    def check_then_race(entity, row, expected, key=None):  # noqa: ANN001
        original(entity, row, expected, key)
        with mqa_runtime.session() as other, scoped(other, Scope.tenant(tenant_a.tenant.id)):
            other.get(User, user_id).display_name = "raced in"
            other.commit()

    monkeypatch.setattr(versioning, "check", check_then_race)
    response = tenant_a.admin.patch(path, json={"display_name": "too late"}, headers=header)
    assert response.status_code == 409 and response.get_json()["code"] == "stale_version", response.get_json()
    monkeypatch.setattr(versioning, "check", original)
    assert tenant_a.admin.get(path).get_json()["display_name"] == "raced in"


def test_internal_callers_write_unchecked(mqa_runtime, tenant_a):
    with mqa_runtime.session() as session:
        tenant = tenant_service.update_tenant(session, mqa_runtime.registry, None, tenant_a.tenant.id,
                                              today=dt.date.today(), name="renamed by the command line")
    assert tenant.version >= 2


# -- idempotency keys ----------------------------------------------------------------------------

def test_a_repeat_with_the_same_key_replays_and_creates_nothing(mqa_runtime, tenant_a):
    before = user_count(mqa_runtime, tenant_a.tenant.id)
    key = {"Idempotency-Key": "2b0f8f2e-3c1a-4a55-9d0e-0123456789ab"}
    first = tenant_a.admin.post(USERS, json=NEW_USER, headers=key)
    assert first.status_code == 201 and "Idempotent-Replayed" not in first.headers
    again = tenant_a.admin.post(USERS, json=NEW_USER, headers=key)
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json() and again.headers["ETag"] == first.headers["ETag"]
    assert user_count(mqa_runtime, tenant_a.tenant.id) == before + 1
    without = tenant_a.admin.post(USERS, json=NEW_USER)  # no key: an ordinary second create
    assert without.status_code == 409


def test_the_same_key_with_another_request_is_422_and_creates_nothing(mqa_runtime, tenant_a):
    key = {"Idempotency-Key": "k-1"}
    assert tenant_a.admin.post(USERS, json=NEW_USER, headers=key).status_code == 201
    before = user_count(mqa_runtime, tenant_a.tenant.id)
    other = tenant_a.admin.post(USERS, json={**NEW_USER, "username": "other-expert"}, headers=key)
    assert other.status_code == 422
    body = other.get_json()
    assert body["code"] == "idempotency_key_reused" and "Idempotency-Key" in body["errors"]
    assert user_count(mqa_runtime, tenant_a.tenant.id) == before


@pytest.mark.parametrize("key", ["", " ", "a b", "ключ", "k\u0000", "x" * 256])
def test_a_malformed_key_is_422_naming_the_header(mqa_runtime, tenant_a, key):
    before = user_count(mqa_runtime, tenant_a.tenant.id)
    response = tenant_a.admin.post(USERS, json=NEW_USER, headers={"Idempotency-Key": key})
    assert response.status_code == 422 and "Idempotency-Key" in response.get_json()["errors"], response.get_json()
    assert user_count(mqa_runtime, tenant_a.tenant.id) == before


def test_a_failed_request_releases_its_key(tenant_a):
    key = {"Idempotency-Key": "retry-me"}
    bad = tenant_a.admin.post(USERS, json={**NEW_USER, "password": "short"}, headers=key)
    assert bad.status_code == 422
    fixed = tenant_a.admin.post(USERS, json=NEW_USER, headers=key)  # another body: allowed, the key was released
    assert fixed.status_code == 201 and "Idempotent-Replayed" not in fixed.headers


def test_keys_belong_to_their_user_and_tenant(mqa_runtime, tenant_a, tenant_b):
    key = {"Idempotency-Key": "same-key"}
    assert tenant_a.admin.post(USERS, json=NEW_USER, headers=key).status_code == 201
    theirs = tenant_b.admin.post(USERS, json=NEW_USER, headers=key)
    assert theirs.status_code == 201 and "Idempotent-Replayed" not in theirs.headers
    assert theirs.get_json()["tenant_id"] == tenant_b.tenant.id
    with mqa_runtime.session() as session, scoped(session, Scope.tenant(tenant_b.tenant.id)):
        assert [row.tenant_id for row in session.scalars(select(IdempotencyKey))] == [tenant_b.tenant.id]


def test_a_repeat_while_the_first_runs_is_409_and_a_dead_claim_is_taken_over(mqa_runtime, tenant_a):
    admin_id = tenant_a.user_ids[Role.OFFICE_ADMIN]
    body = b'{"username": "new-expert", "password": "long-enough-pw", "role": "expert"}'
    print_ = idempotency.fingerprint("POST", USERS, body)
    now = utcnow()
    with mqa_runtime.session() as session, scoped(session, Scope.tenant(tenant_a.tenant.id)):
        claimed = idempotency.claim(session, tenant_id=tenant_a.tenant.id, user_id=admin_id, key="busy",
                                    fingerprint=print_, now=now)
        assert isinstance(claimed, IdempotencyKey) and claimed.status is None
        with pytest.raises(idempotency.KeyInUse):
            idempotency.claim(session, tenant_id=tenant_a.tenant.id, user_id=admin_id, key="busy",
                              fingerprint=print_, now=now + dt.timedelta(seconds=1))
        later = now + idempotency.LEASE + dt.timedelta(seconds=1)
        taken = idempotency.claim(session, tenant_id=tenant_a.tenant.id, user_id=admin_id, key="busy",
                                  fingerprint=print_, now=later)
        assert isinstance(taken, IdempotencyKey) and taken.id == claimed.id
    response = tenant_a.admin.post(USERS, data=body, headers={"Idempotency-Key": "busy",
                                                              "Content-Type": "application/json"})
    assert response.status_code == 409 and response.get_json()["code"] == "idempotency_key_in_use"


def test_keys_expire_after_24_hours(mqa_runtime, tenant_a):
    admin_id = tenant_a.user_ids[Role.OFFICE_ADMIN]
    now = utcnow()
    with mqa_runtime.session() as session, scoped(session, Scope.tenant(tenant_a.tenant.id)):
        row = idempotency.claim(session, tenant_id=tenant_a.tenant.id, user_id=admin_id, key="old",
                                fingerprint="a" * 64, now=now)
        idempotency.complete(session, row, idempotency.Answer(201, {"id": 1}, {}))
        replay = idempotency.claim(session, tenant_id=tenant_a.tenant.id, user_id=admin_id, key="old",
                                   fingerprint="a" * 64, now=now + dt.timedelta(hours=23))
        assert replay == idempotency.Answer(201, {"id": 1}, {})
        fresh = idempotency.claim(session, tenant_id=tenant_a.tenant.id, user_id=admin_id, key="old",
                                  fingerprint="b" * 64, now=now + idempotency.TTL + dt.timedelta(seconds=1))
        assert isinstance(fresh, IdempotencyKey) and fresh.status is None  # a new claim, not the old answer
        assert session.scalars(select(IdempotencyKey.fingerprint)).all() == ["b" * 64]  # the old row is gone


def test_concurrent_duplicates_create_once(mqa_runtime, tenant_a, app):
    """Eight clients send the same creation with the same key at once: one user is created; every
    other answer is the replay or 409 in use."""
    token = tenant_a.admin.token
    before = user_count(mqa_runtime, tenant_a.tenant.id)
    statuses: list[tuple[int, bool]] = []
    barrier = threading.Barrier(8)

    def send() -> None:
        client = app.test_client()
        barrier.wait()
        response = client.post(USERS, json=NEW_USER, headers={"Authorization": f"Bearer {token}",
                                                              "Idempotency-Key": "race"})
        statuses.append((response.status_code, response.headers.get("Idempotent-Replayed") == "true"))

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert user_count(mqa_runtime, tenant_a.tenant.id) == before + 1
    created = [s for s in statuses if s == (201, False)]
    assert len(created) == 1, statuses
    assert all(s in ((201, True), (409, False)) for s in statuses if s != (201, False)), statuses


def test_central_admin_keys_live_in_the_platform_scope(mqa_runtime, platform_admin):
    body = {"code": "once-office", "name": "一次", "jurisdiction": "nantong"}
    key = {"Idempotency-Key": "tenant-once"}
    first = platform_admin.post(TENANTS, json=body, headers=key)
    again = platform_admin.post(TENANTS, json=body, headers=key)
    assert first.status_code == again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert [t["code"] for t in all_items(platform_admin, TENANTS)] == ["once-office"]
    with mqa_runtime.session() as session, scoped(session, Scope.platform()):
        assert [r.tenant_id for r in session.scalars(select(IdempotencyKey))] == [None]
        assert session.scalar(select(func.count()).select_from(Tenant)) == 1


# -- the OpenAPI document holds every route to the conventions ----------------------------------

# Lists that are not pages, each with the reason. Keep this short.
NOT_PAGED = {
    "/api/v1/tenant/settings": "the settings the jurisdiction declares: a short list fixed by the plugin",
    "/api/v1/jurisdictions": "the installed jurisdiction plugins: a short list fixed by the deployment",
}
# Creating POSTs that do not take Idempotency-Key yet, each with the reason.
NOT_IDEMPOTENT_YET = {
    "/api/v1/auth/login": "not a creation a client retries blindly: a new token each time",
    "/api/v1/registrations": "no token, and keys are kept per user; a retry is refused as a duplicate username (409)",
    "/api/v1/public/{tenant_code}/notices/{notice_id}/objections": "the public objects without a token, and keys are "
    "kept per user; a retried objection is a second one, which the office decides with the first",
}


def test_no_get_answers_a_bare_array(app):
    spec = app.test_client().get("/api/openapi.json").get_json()
    bare = []
    for path, operations in spec["paths"].items():
        ok = operations.get("get", {}).get("responses", {}).get("200", {})
        schema = ok.get("content", {}).get("application/json", {}).get("schema", {})
        if schema.get("type") == "array" and path not in NOT_PAGED:
            bare.append(path)
    assert bare == [], "page these lists (api.paging) or say why in NOT_PAGED"


def test_every_creating_post_documents_idempotency_key_and_every_patch_if_match(app):
    spec = app.test_client().get("/api/openapi.json").get_json()
    missing_key, missing_match = [], []
    for path, operations in spec["paths"].items():
        post = operations.get("post")
        if post and ({"201", "202"} & set(post["responses"])) and path not in NOT_IDEMPOTENT_YET:
            if "Idempotency-Key" not in {p["name"] for p in post.get("parameters", [])}:
                missing_key.append(path)
        patch = operations.get("patch")
        if patch and "If-Match" not in {p["name"] for p in patch.get("parameters", [])}:
            missing_match.append(path)
    assert missing_key == [] and missing_match == []


def test_migration_0007_adds_versions_to_a_populated_database(tmp_path):
    """Existing rows start at version 1, and no table is copied (SQLite would refuse to drop a
    referenced table, or cascade the delete to the rows that refer to it)."""
    import sqlite3

    from alembic import command

    from core.platform import migrate

    path = tmp_path / "old.sqlite3"
    url = f"sqlite:///{path}"
    migrate.upgrade(url, "0006_job_storage")
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO tenants (id, code, name, status, jurisdiction_code, created_at, updated_at) "
                     "VALUES (1, 'old', 'old', 'active', 'nantong', '2025-01-01', '2025-01-01')")
        conn.execute("INSERT INTO users (id, tenant_id, username, display_name, role, password_hash, is_active, "
                     "created_at, updated_at) VALUES (1, 1, 'old', '', 'expert', 'x', 1, '2025-01-01', '2025-01-01')")
        conn.execute("INSERT INTO auth_tokens (user_id, token_hash, created_at, expires_at) "
                     "VALUES (1, 'digest', '2025-01-01', '2025-01-02')")
    migrate.upgrade(url, "0007_list_indexes")
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version FROM users").fetchall() == [(1,)]
        assert conn.execute("SELECT version FROM tenants").fetchall() == [(1,)]
        assert conn.execute("SELECT count(*) FROM auth_tokens").fetchone() == (1,)
    command.downgrade(migrate.alembic_config(url), "0006_job_storage")
    with sqlite3.connect(path) as conn:
        assert "version" not in {row[1] for row in conn.execute("PRAGMA table_info(users)")}
        assert conn.execute("SELECT count(*) FROM auth_tokens").fetchone() == (1,)


# -- Citus-ready keys (docs/conventions.md section 8) -------------------------------------------

# Keys of tables made before the convention, each to become tenant-first when its table is next
# migrated. A new table must not be added here: put tenant_id first instead.
KEYS_BEFORE_THE_CONVENTION = {
    ("audit_events", "index", ("at",)),
    ("audit_events", "primary key", ("id",)),
    # one row per chain, the platform's (tenant_id NULL) included: keyed by the chain's name
    ("audit_chain_heads", "primary key", ("chain",)),
    ("idempotency_keys", "primary key", ("id",)),
    ("idempotency_keys", "foreign key", ("user_id",)),
    ("jobs", "primary key", ("id",)),
    ("jobs", "foreign key", ("requested_by_id",)),
    ("tenant_settings", "primary key", ("id",)),
    ("tenant_settings", "foreign key", ("updated_by_id",)),
    ("users", "primary key", ("id",)),
    ("export_files", "foreign key", ("job_id",)),
}


def _keys_not_led_by_tenant_id():
    from sqlalchemy import ForeignKeyConstraint, UniqueConstraint

    from core.platform.db import Base

    found = set()
    for table in Base.metadata.sorted_tables:
        if "tenant_id" not in table.c:
            continue
        keys = [("primary key", [c.name for c in table.primary_key.columns])]
        keys += [("unique", [c.name for c in k.columns]) for k in table.constraints if isinstance(k, UniqueConstraint)]
        for index in table.indexes:
            where = index.dialect_options["postgresql"].get("where")
            if where is not None and "tenant_id IS NULL" in str(where):
                continue  # the platform's own rows, beside a tenant-first key
            keys.append(("unique" if index.unique else "index", [c.name for c in index.columns]))
        keys += [("foreign key", [c.name for c in k.columns]) for k in table.constraints
                 if isinstance(k, ForeignKeyConstraint) and k.referred_table.name != "tenants"
                 and "tenant_id" in k.referred_table.c]
        for kind, columns in keys:
            if (kind == "foreign key" and "tenant_id" not in columns) or (kind != "foreign key" and columns[0] != "tenant_id"):
                found.add((table.name, kind, tuple(columns)))
    return found


def test_every_key_of_a_tenant_table_leads_with_tenant_id():
    """So each tenant's rows can live on one shard (Citus, distributed by tenant_id): a new table's
    primary key, unique keys and indexes begin with tenant_id, and its references to other tenant
    tables carry it."""
    found = _keys_not_led_by_tenant_id()
    assert found - KEYS_BEFORE_THE_CONVENTION == set()
    assert KEYS_BEFORE_THE_CONVENTION - found == set(), "fixed at last: remove it from KEYS_BEFORE_THE_CONVENTION"


def test_the_key_check_catches_a_table_that_forgets_tenant_id():
    from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table

    from core.platform.db import Base

    table = Table("convention_probe", Base.metadata, Column("id", Integer, primary_key=True),
                  Column("tenant_id", ForeignKey("tenants.id")), Column("user_id", ForeignKey("users.id")),
                  Column("name", String(10)), Index("ix_convention_probe_name", "name"))
    try:
        assert _keys_not_led_by_tenant_id() - KEYS_BEFORE_THE_CONVENTION == {
            ("convention_probe", "primary key", ("id",)), ("convention_probe", "index", ("name",)),
            ("convention_probe", "foreign key", ("user_id",))}
    finally:
        Base.metadata.remove(table)
