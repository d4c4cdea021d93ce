"""API-level fixtures: an app on the test database, a client that logs in, two populated tenants."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from api.app import create_app
from core.platform.models import Role, Tenant
from core.platform.runtime import Runtime
from core.testing import TEST_PASSWORD, TenantFactory, service_unavailable


class EnglishClient(FlaskClient):
    """A test client that asks for English (``Accept-Language: en``) unless a request says otherwise:
    the service answers in Chinese by default (issue 13), and the existing tests assert its English
    messages. tests/test_i18n.py asks for Chinese, and for nothing, on purpose."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.environ_base.setdefault("HTTP_ACCEPT_LANGUAGE", "en")


@pytest.fixture(autouse=True)
def english_test_clients(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every app's ``test_client()`` in these tests is an :class:`EnglishClient`."""
    monkeypatch.setattr(Flask, "test_client_class", EnglishClient)


class Api:
    """A test client that speaks JSON and carries a bearer token."""

    def __init__(self, client: FlaskClient, token: str | None = None) -> None:
        self.client = client
        self.token = token

    def login(self, username: str, password: str = TEST_PASSWORD, tenant: str | None = None) -> "Api":
        body: dict[str, Any] = {"username": username, "password": password}
        if tenant:
            body["tenant"] = tenant
        response = self.client.post("/api/v1/auth/login", json=body)
        assert response.status_code == 200, response.get_json()
        return Api(self.client, response.get_json()["access_token"])

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers = dict(extra or {})
        if self.token:
            headers.setdefault("Authorization", f"Bearer {self.token}")
        return headers

    def request(self, method: str, path: str, json: Any = None, headers: dict[str, str] | None = None, **kw: Any):
        return self.client.open(path, method=method, json=json, headers=self._headers(headers), **kw)

    def get(self, path: str, **kw: Any):
        return self.request("GET", path, **kw)

    def post(self, path: str, json: Any = None, **kw: Any):
        return self.request("POST", path, json=json, **kw)

    def patch(self, path: str, json: Any = None, **kw: Any):
        return self.request("PATCH", path, json=json, **kw)

    def put(self, path: str, json: Any = None, **kw: Any):
        return self.request("PUT", path, json=json, **kw)

    def delete(self, path: str, **kw: Any):
        return self.request("DELETE", path, **kw)


@pytest.fixture
def redis_url() -> str:
    """The Redis of the tests that need one (``MQA_TEST_REDIS_URL``); skipped, or failed under
    ``MQA_REQUIRE_SERVICES=1``, when it does not answer."""
    url = os.environ.get("MQA_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(url, socket_connect_timeout=2).ping()
    except RedisError:
        service_unavailable(f"Redis at {url}")
    return url


@pytest.fixture
def app(mqa_runtime: Runtime) -> Flask:
    return create_app(runtime=mqa_runtime)


@pytest.fixture
def anon(app: Flask) -> Api:
    return Api(app.test_client())


@pytest.fixture
def platform_admin(mqa_factory: TenantFactory, anon: Api) -> Api:
    mqa_factory.user(None, Role.PLATFORM_ADMIN, "central")
    return anon.login("central")


@dataclass
class TenantWorld:
    """A tenant with one user per role, each logged in."""

    tenant: Tenant
    tokens: dict[Role, Api]
    user_ids: dict[Role, int]

    def as_(self, role: Role) -> Api:
        return self.tokens[role]

    @property
    def admin(self) -> Api:
        return self.tokens[Role.OFFICE_ADMIN]


def build_world(factory: TenantFactory, anon: Api, code: str, jurisdiction: str) -> TenantWorld:
    tenant = factory.tenant(code, jurisdiction=jurisdiction)
    tokens, ids = {}, {}
    for role in Role.tenant_roles():
        user = factory.user(tenant, role)
        ids[role] = user.id
        tokens[role] = anon.login(user.username, tenant=tenant.code)
    return TenantWorld(tenant, tokens, ids)


@pytest.fixture
def tenant_a(mqa_factory: TenantFactory, anon: Api) -> TenantWorld:
    return build_world(mqa_factory, anon, "city-a", "nantong")


@pytest.fixture
def tenant_b(mqa_factory: TenantFactory, anon: Api) -> TenantWorld:
    return build_world(mqa_factory, anon, "city-b", "yuncheng")


@pytest.fixture
def bare_city_admin(mqa_settings):
    """A central admin on a registry with a jurisdiction that only describes itself (no rules yet)."""
    from core.engine.hookspecs import hookimpl
    from core.engine.plugins import JurisdictionRegistry
    from core.engine.rules import ORGANIZATION, Jurisdiction, RuleVersion, Tier, VersionStage
    from core.testing import TenantFactory

    class BareCity:
        @hookimpl
        def mqa_jurisdiction(self):
            return Jurisdiction("barecity", "空白市", "Bare City", "空白市市长质量奖",
                                (RuleVersion("2024", "t", VersionStage.ADOPTED),), (Tier("award", "奖", 1),),
                                (ORGANIZATION,))

    registry = JurisdictionRegistry.discover(extra_plugins=[("barecity", BareCity())])
    runtime = Runtime.build(mqa_settings, registry)
    TenantFactory(runtime).user(None, Role.PLATFORM_ADMIN, "bare-root")
    yield Api(create_app(runtime=runtime).test_client()).login("bare-root")
    runtime.close()
