"""Requests per client address (Flask-Limiter): a strict limit on logins, a generous one elsewhere,
the project's JSON error with Retry-After, and counters shared by every process through Redis."""
from __future__ import annotations

import dataclasses
import ipaddress
import uuid

import pytest

from api import limits
from api.app import create_app
from core.platform.models import Role
from core.platform.runtime import Runtime
from core.testing import TEST_PASSWORD

LOGIN = "/api/v1/auth/login"


def app_with(runtime: Runtime, **changes):
    settings = dataclasses.replace(runtime.settings, **changes)
    other = Runtime(settings=settings, engine=runtime.engine, session_factory=runtime.session_factory,
                    registry=runtime.registry)
    other.queue = runtime.queue
    return create_app(runtime=other)


def login(client, address: str, password: str = "wrong-password-00"):
    return client.post(LOGIN, json={"username": "root", "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_logins_per_address_are_limited_with_the_json_error_shape(mqa_factory, mqa_runtime):
    mqa_factory.user(None, Role.PLATFORM_ADMIN, "root")
    client = app_with(mqa_runtime, ratelimit_login="3 per minute").test_client()
    assert [login(client, "203.0.113.7").status_code for _ in range(3)] == [401, 401, 401]
    refused = login(client, "203.0.113.7", TEST_PASSWORD)
    body = refused.get_json()
    assert refused.status_code == 429
    assert body == {"status": 429, "code": "too_many_requests", "message": body["message"], "errors": {}}
    assert "3 per 1 minute" in body["message"]
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert login(client, "198.51.100.2", TEST_PASSWORD).status_code == 200  # another address is not limited


def test_every_endpoint_has_a_default_limit_per_address(mqa_runtime):
    client = app_with(mqa_runtime, ratelimit_default="2 per minute").test_client()
    statuses = [client.get("/api/v1/jurisdictions", environ_base={"REMOTE_ADDR": "203.0.113.7"}).status_code
                for _ in range(3)]
    assert statuses[2] == 429 and 429 not in statuses[:2]
    assert client.get("/api/v1/jurisdictions", environ_base={"REMOTE_ADDR": "198.51.100.2"}).status_code != 429


def test_a_valid_token_is_not_counted_per_address_but_a_forged_one_is(mqa_factory, mqa_runtime):
    mqa_factory.user(None, Role.PLATFORM_ADMIN, "root")
    client = app_with(mqa_runtime, ratelimit_default="2 per minute").test_client()
    token = login(client, "203.0.113.9", TEST_PASSWORD).get_json()["access_token"]
    here = {"REMOTE_ADDR": "203.0.113.9"}
    mine = [client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}, environ_base=here)
            for _ in range(4)]
    assert [r.status_code for r in mine] == [200] * 4
    forged = [client.get("/api/v1/auth/me", headers={"Authorization": "Bearer not-a-token"}, environ_base=here)
              for _ in range(3)]
    assert [r.status_code for r in forged] == [401, 401, 429]


def test_the_test_settings_leave_room_for_many_logins(mqa_factory, anon):
    """The suite logs in many times from one address; its settings must not trip the limits."""
    mqa_factory.user(None, Role.PLATFORM_ADMIN, "root")
    for _ in range(30):
        anon.login("root")


def test_the_login_limit_is_documented(app):
    spec = app.test_client().get("/api/openapi.json").get_json()
    documented = spec["paths"]["/api/v1/auth/login"]["post"]["responses"]["429"]
    assert "Retry-After" in documented["headers"]
    assert documented["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


@pytest.mark.parametrize("changes, expected", [
    ({}, "memory://"),
    ({"redis_url": "redis://cache:6379/0"}, "redis://cache:6379/0"),
    ({"redis_url": "redis://cache:6379/0", "ratelimit_storage_url": "redis://limits:6379/2"}, "redis://limits:6379/2"),
])
def test_counters_live_in_redis_when_there_is_one(mqa_settings, changes, expected):
    settings = dataclasses.replace(mqa_settings, redis_url=None, ratelimit_storage_url=None)
    assert limits.storage_uri(dataclasses.replace(settings, **changes)) == expected


@pytest.mark.parametrize("field, env", [("ratelimit_login", "MQA_RATELIMIT_LOGIN"),
                                        ("ratelimit_default", "MQA_RATELIMIT_DEFAULT")])
def test_a_malformed_limit_stops_the_start(mqa_runtime, field, env):
    with pytest.raises(ValueError, match=env):
        app_with(mqa_runtime, **{field: "ten a minute"})


@pytest.mark.services
def test_two_processes_share_the_counters_through_redis(mqa_factory, mqa_runtime, redis_url):
    mqa_factory.user(None, Role.PLATFORM_ADMIN, "root")
    address = str(ipaddress.IPv6Address(uuid.uuid4().int))  # a fresh counter in a Redis that may hold others
    shared = dict(ratelimit_storage_url=redis_url, ratelimit_login="3 per minute")
    first, second = (app_with(mqa_runtime, **shared).test_client() for _ in range(2))
    assert login(first, address).status_code == 401
    assert login(second, address).status_code == 401
    assert login(first, address).status_code == 401
    assert login(second, address).status_code == 429  # the fourth login of the address, across both apps
    # the control: apps with memory counters each count alone
    alone = dict(ratelimit_storage_url="memory://", ratelimit_login="3 per minute")
    first, second = (app_with(mqa_runtime, **alone).test_client() for _ in range(2))
    assert [login(first, "198.51.100.2").status_code for _ in range(3)] == [401] * 3
    assert login(second, "198.51.100.2").status_code == 401


def test_an_unreachable_redis_falls_back_to_process_memory(mqa_runtime):
    """A Redis outage must not turn every request into a 500; each process then counts alone."""
    client = app_with(mqa_runtime, ratelimit_storage_url="redis://127.0.0.1:1/0",
                      ratelimit_login="3 per minute").test_client()
    assert [login(client, "203.0.113.7").status_code for _ in range(4)] == [401, 401, 401, 429]


def test_requests_under_one_pushed_app_context_do_not_share_a_caller(app, tenant_a, tenant_b):
    """``g`` belongs to the app context: two requests made while one is pushed must not share the
    authenticated caller nor the database session (and its tenant scope)."""
    with app.app_context():
        mine = tenant_a.admin.get("/api/v1/tenant").get_json()["code"]
        theirs = tenant_b.admin.get("/api/v1/tenant").get_json()["code"]
        users_b = {u["username"] for u in tenant_b.admin.get("/api/v1/users").get_json()["items"]}
    assert (mine, theirs) == ("city-a", "city-b")
    assert users_b and all(name.endswith("city-b") for name in users_b)
