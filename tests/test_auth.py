"""Logging in and out, tokens, lockout."""
from __future__ import annotations

import dataclasses
import importlib.util
import sys

import pytest
from sqlalchemy import event, select

from api.app import create_app
from core.errors import AuthenticationFailed
from core.platform.models import AuditEvent, AuthToken, Role, User
from core.platform.runtime import Runtime
from core.platform.security import token_digest, verify_password
from core.platform.services import auth as auth_service
from core.platform.services.auth import RevokeReason
from core.platform.tenancy import Scope, scoped
from core.testing import TEST_PASSWORD
from tests.conftest import Api


def _patch_user(admin: Api, user_id: int, body: dict):
    """PATCH a user, sending back the version read (If-Match) where the service asks for one."""
    etag = admin.get(f"/api/v1/users/{user_id}").headers.get("ETag")
    return admin.patch(f"/api/v1/users/{user_id}", json=body, headers={"If-Match": etag} if etag else None)


def test_login_me_logout(mqa_factory, anon):
    tenant = mqa_factory.tenant("city-a")
    mqa_factory.user(tenant, Role.OFFICE_STAFF, "li")
    client = anon.login("li", tenant="city-a")
    me = client.get("/api/v1/auth/me").get_json()
    assert me["username"] == "li" and me["role"] == "office_staff" and me["tenant"] == "city-a"
    assert "users.manage" not in me["permissions"] and "users.read" in me["permissions"]

    assert client.post("/api/v1/auth/logout").status_code == 204
    after = client.get("/api/v1/auth/me")
    assert after.status_code == 401
    assert "revoked" in after.get_json()["message"]


def test_token_is_stored_only_as_a_digest(mqa_factory, anon, mqa_runtime):
    mqa_factory.user(None, Role.PLATFORM_ADMIN, "root")
    client = anon.login("root")
    with mqa_runtime.session(Scope.platform()) as session:
        stored = session.scalars(select(AuthToken.token_hash)).all()
    assert stored == [token_digest(client.token)]
    assert client.token not in stored


def test_same_username_in_two_tenants_and_platform(mqa_factory, anon):
    a, b = mqa_factory.tenant("city-a"), mqa_factory.tenant("city-b")
    mqa_factory.user(a, Role.EXPERT, "wang")
    mqa_factory.user(b, Role.APPLICANT, "wang")
    mqa_factory.user(None, Role.PLATFORM_ADMIN, "wang")
    assert anon.login("wang", tenant="city-a").get("/api/v1/auth/me").get_json()["role"] == "expert"
    assert anon.login("wang", tenant="city-b").get("/api/v1/auth/me").get_json()["role"] == "applicant"
    assert anon.login("wang").get("/api/v1/auth/me").get_json()["role"] == "platform_admin"


@pytest.mark.parametrize("body, field", [
    ({"username": "li", "password": "wrong-password"}, None),
    ({"username": "nobody", "password": TEST_PASSWORD, "tenant": "city-a"}, None),
    ({"username": "li", "password": TEST_PASSWORD, "tenant": "city-zzz"}, None),
])
def test_bad_credentials_are_401(mqa_factory, anon, body, field):
    mqa_factory.user(mqa_factory.tenant("city-a"), Role.OFFICE_STAFF, "li")
    response = anon.post("/api/v1/auth/login", json=body)
    assert response.status_code == 401
    assert response.get_json()["code"] == "authentication_failed"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header, reason", [
    (None, "missing Authorization header"),
    ("Basic abc", "must be 'Bearer <token>'"),
    ("Bearer ", "must be 'Bearer <token>'"),
    ("Bearer forged-token-value", "not valid"),
])
def test_missing_or_forged_tokens_are_401(anon, header, reason):
    headers = {"Authorization": header} if header is not None else {}
    response = anon.get("/api/v1/auth/me", headers=headers)
    assert response.status_code == 401
    assert reason in response.get_json()["message"]


def test_expired_token_is_401(mqa_factory, mqa_runtime):
    expired = dataclasses.replace(mqa_runtime.settings, token_ttl_minutes=0)
    runtime = Runtime(settings=expired, engine=mqa_runtime.engine, session_factory=mqa_runtime.session_factory,
                      registry=mqa_runtime.registry)
    runtime.queue = mqa_runtime.queue
    mqa_factory.user(None, Role.PLATFORM_ADMIN, "root")
    client = Api(create_app(runtime=runtime).test_client()).login("root")
    response = client.get("/api/v1/auth/me")
    assert response.status_code == 401
    assert "expired" in response.get_json()["message"]


def test_repeated_failures_lock_the_account(mqa_factory, anon, mqa_runtime):
    tenant = mqa_factory.tenant("city-a")
    mqa_factory.user(tenant, Role.OFFICE_ADMIN, "zhao")
    threshold = mqa_runtime.settings.lockout_threshold
    statuses = [anon.post("/api/v1/auth/login", json={"username": "zhao", "password": "nope-nope-nope",
                                                      "tenant": "city-a"}).status_code
                for _ in range(threshold)]
    assert statuses == [401] * (threshold - 1) + [429]
    locked = anon.post("/api/v1/auth/login", json={"username": "zhao", "password": TEST_PASSWORD, "tenant": "city-a"})
    assert locked.status_code == 429
    body = locked.get_json()
    assert body["code"] == "account_locked" and "locked_until" in body["details"]
    assert int(locked.headers["Retry-After"]) > 0
    with mqa_runtime.session(Scope.tenant(tenant.id)) as session:
        actions = session.scalars(select(AuditEvent.action)).all()
    assert actions.count("auth.login_failed") == threshold


def test_a_success_resets_the_failure_count(mqa_factory, anon, mqa_runtime):
    mqa_factory.user(None, Role.PLATFORM_ADMIN, "root")
    bad = {"username": "root", "password": "nope-nope-nope"}
    for _ in range(mqa_runtime.settings.lockout_threshold - 1):
        assert anon.post("/api/v1/auth/login", json=bad).status_code == 401
    anon.login("root")
    assert anon.post("/api/v1/auth/login", json=bad).status_code == 401  # counting starts again


def test_disabled_user_cannot_log_in_and_loses_tokens(tenant_a, anon):
    staff_id = tenant_a.user_ids[Role.OFFICE_STAFF]
    staff = tenant_a.as_(Role.OFFICE_STAFF)
    assert _patch_user(tenant_a.admin, staff_id, {"is_active": False}).status_code == 200
    after = staff.get("/api/v1/auth/me")
    assert after.status_code == 401 and "disabled" in after.get_json()["message"]
    again = anon.post("/api/v1/auth/login",
                      json={"username": "office_staff-city-a", "password": TEST_PASSWORD, "tenant": "city-a"})
    assert again.status_code == 401 and "disabled" in again.get_json()["message"]


def test_unknown_and_real_names_lock_alike(mqa_factory, anon, mqa_runtime):
    """A lockout must not tell which accounts exist."""
    mqa_factory.user(mqa_factory.tenant("city-a"), Role.OFFICE_ADMIN, "zhao")
    threshold = mqa_runtime.settings.lockout_threshold
    answers = {}
    for name in ("zhao", "ghost"):
        answers[name] = [anon.post("/api/v1/auth/login", json={"username": name, "password": "nope-nope-nope",
                                                               "tenant": "city-a"}).status_code
                         for _ in range(threshold + 1)]
    assert answers["zhao"] == answers["ghost"] == [401] * (threshold - 1) + [429, 429]


def test_password_reset_unlocks(tenant_a, anon, mqa_runtime):
    bad = {"username": "expert-city-a", "password": "nope-nope-nope", "tenant": "city-a"}
    for _ in range(mqa_runtime.settings.lockout_threshold):
        anon.post("/api/v1/auth/login", json=bad)
    assert anon.post("/api/v1/auth/login", json={**bad, "password": TEST_PASSWORD}).status_code == 429
    expert = tenant_a.user_ids[Role.EXPERT]
    assert _patch_user(tenant_a.admin, expert, {"password": "fresh-password-1"}).status_code == 200
    anon.login("expert-city-a", "fresh-password-1", tenant="city-a")


def test_passwords_longer_than_login_accepts_are_refused_at_creation(tenant_a):
    response = tenant_a.admin.post("/api/v1/users", json={"username": "longpw", "password": "x" * 300,
                                                          "role": "expert"})
    assert response.status_code == 422 and "at most 256" in response.get_json()["errors"]["password"][0]


def test_a_password_reset_does_not_claim_a_logout(tenant_a, anon):
    expert_id = tenant_a.user_ids[Role.EXPERT]
    expert = tenant_a.as_(Role.EXPERT)
    assert _patch_user(tenant_a.admin, expert_id, {"password": "fresh-password-1"}).status_code == 200
    after = expert.get("/api/v1/auth/me")
    message = after.get_json()["message"]
    assert after.status_code == 401 and "revoked" in message and "logged out" not in message
    assert "password was changed" in message


@pytest.mark.parametrize("reason, told", [
    (RevokeReason.PASSWORD_CHANGED, "because the password was changed"),
    (RevokeReason.DEACTIVATED, "because the account was deactivated"),
    (RevokeReason.REVOKED, "the bearer token was revoked; log in again"),
])
def test_a_revoked_token_tells_why(mqa_factory, mqa_runtime, reason, told):
    mqa_factory.user(None, Role.PLATFORM_ADMIN, "root")
    with mqa_runtime.session() as session:
        issued = auth_service.login(session, mqa_runtime.settings, username="root", password=TEST_PASSWORD,
                                    client_address="10.1.1.1")
        with scoped(session, Scope.platform()):
            assert auth_service.revoke_all_tokens(session, issued.principal.user_id, reason=reason) == 1
            session.commit()
            assert session.scalars(select(AuthToken.revoke_reason)).all() == [reason.value]
        with pytest.raises(AuthenticationFailed) as refused:
            auth_service.authenticate(session, issued.token)
    assert told in refused.value.message and "logged out" not in refused.value.message


def test_logout_is_recorded_as_the_reason(mqa_factory, anon, mqa_runtime):
    mqa_factory.user(None, Role.PLATFORM_ADMIN, "root")
    client = anon.login("root")
    assert client.post("/api/v1/auth/logout").status_code == 204
    with mqa_runtime.session(Scope.platform()) as session:
        assert session.scalars(select(AuthToken.revoke_reason)).all() == ["logout"]
    assert "(logged out)" in client.get("/api/v1/auth/me").get_json()["message"]


def test_importing_the_auth_service_hashes_nothing(monkeypatch):
    """A production argon2 hash at import costs ~100 ms of every process start."""
    from core.platform import security

    def refuse(password: str) -> str:
        raise AssertionError("a password was hashed at import")

    monkeypatch.setattr(security, "hash_password", refuse)
    spec = importlib.util.spec_from_file_location("auth_import_probe", auth_service.__file__)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)
    spec.loader.exec_module(module)  # the real module stays untouched in sys.modules
    assert module.hash_password is refuse


def test_the_stand_in_hash_is_made_once_on_first_use(monkeypatch):
    made = []
    real = auth_service.hash_password
    monkeypatch.setattr(auth_service, "hash_password", lambda password: made.append(password) or real(password))
    auth_service._dummy_hash.cache_clear()
    first = auth_service._dummy_hash()
    assert auth_service._dummy_hash() == first and len(made) == 1
    assert not verify_password(first, TEST_PASSWORD)


def test_authentication_is_one_statement(mqa_factory, anon, mqa_runtime):
    """Token, user and tenant come in one SELECT: no second query, no relationship load."""
    tenant = mqa_factory.tenant("city-a")
    mqa_factory.user(tenant, Role.OFFICE_STAFF, "li")
    client = anon.login("li", tenant="city-a")
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001 - SQLAlchemy's event
        if "set_config(" not in statement and not statement.lstrip().upper().startswith("SET "):
            statements.append(statement)

    loaded: list[object] = []

    def load(target, context):  # noqa: ANN001 - SQLAlchemy's event
        loaded.append(target)

    event.listen(mqa_runtime.engine, "before_cursor_execute", count)
    event.listen(User, "load", load)
    try:
        me = client.get("/api/v1/auth/me")
    finally:
        event.remove(mqa_runtime.engine, "before_cursor_execute", count)
        event.remove(User, "load", load)
    assert me.status_code == 200 and me.get_json()["tenant"] == "city-a"
    assert len(statements) == 1, statements
    assert loaded == []  # plain columns: nothing whose relationships could load later
    assert "auth_tokens" in statements[0] and "tenants" in statements[0]


def test_logging_in_is_no_edit_of_the_user(tenant_a, anon):
    """A login records its time without bumping the user's version: an admin's change based on a read
    made before the login still applies, and parallel logins of one user cannot conflict."""
    expert_id = tenant_a.user_ids[Role.EXPERT]
    read = tenant_a.admin.get(f"/api/v1/users/{expert_id}")
    anon.login("expert-city-a", tenant="city-a")
    after = tenant_a.admin.get(f"/api/v1/users/{expert_id}")
    assert after.get_json()["last_login_at"] is not None
    assert after.headers.get("ETag") == read.headers.get("ETag")
    etag = read.headers.get("ETag")
    changed = tenant_a.admin.patch(f"/api/v1/users/{expert_id}", json={"display_name": "Expert Wang"},
                                   headers={"If-Match": etag} if etag else None)
    assert changed.status_code == 200, changed.get_json()
