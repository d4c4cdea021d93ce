"""Logging in and out, tokens, lockout."""
from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from api.app import create_app
from core.models import AuditEvent, AuthToken, Role
from core.runtime import Runtime
from core.security import token_digest
from core.tenancy import Scope
from core.testing import TEST_PASSWORD
from tests.conftest import Api


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
    assert tenant_a.admin.patch(f"/api/v1/users/{staff_id}", json={"is_active": False}).status_code == 200
    assert staff.get("/api/v1/auth/me").status_code == 401
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
    assert tenant_a.admin.patch(f"/api/v1/users/{expert}", json={"password": "fresh-password-1"}).status_code == 200
    anon.login("expert-city-a", "fresh-password-1", tenant="city-a")


def test_passwords_longer_than_login_accepts_are_refused_at_creation(tenant_a):
    response = tenant_a.admin.post("/api/v1/users", json={"username": "longpw", "password": "x" * 300,
                                                          "role": "expert"})
    assert response.status_code == 422 and "at most 256" in response.get_json()["errors"]["password"][0]
