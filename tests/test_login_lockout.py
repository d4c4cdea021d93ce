"""A lockout an attacker cannot use to keep someone out: failures lock a (name, address) pair; many
failures of a name from every address lock it only for addresses it has not logged in from; locks expire."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from api.app import create_app
from core.errors import AccountLocked, AuthenticationFailed, TenantSuspended
from core.platform.models import LoginThrottle, Role, Tenant, TenantStatus, User
from core.platform.runtime import Runtime
from core.platform.services import auth as auth_service
from core.platform.tenancy import Scope
from core.testing import TEST_PASSWORD
from tests.conftest import Api

WRONG = "wrong-password-00"
T0 = dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.timezone.utc)


def attempt(runtime: Runtime, address: str, password: str, *, now: dt.datetime = T0, settings=None,
            username: str = "root", tenant: str | None = None) -> str:
    with runtime.session() as session:
        try:
            auth_service.login(session, settings or runtime.settings, username=username, password=password,
                               tenant_code=tenant, client_address=address, now=now)
            return "ok"
        except AccountLocked:
            return "locked"
        except TenantSuspended:
            return "suspended"
        except AuthenticationFailed as failed:
            return "disabled" if "disabled" in failed.message else "failed"


@pytest.fixture
def root(mqa_factory):
    return mqa_factory.user(None, Role.PLATFORM_ADMIN, "root")


def test_failures_from_one_address_do_not_lock_out_another(root, mqa_runtime):
    threshold = mqa_runtime.settings.lockout_threshold
    assert [attempt(mqa_runtime, "203.0.113.7", WRONG) for _ in range(threshold + 2)] == \
        ["failed"] * (threshold - 1) + ["locked"] * 3
    assert attempt(mqa_runtime, "203.0.113.7", TEST_PASSWORD) == "locked"
    assert attempt(mqa_runtime, "198.51.100.2", TEST_PASSWORD) == "ok"
    assert attempt(mqa_runtime, "203.0.113.7", TEST_PASSWORD) == "locked"  # another address's success frees no one


def test_a_success_clears_only_its_own_address(root, mqa_runtime):
    threshold = mqa_runtime.settings.lockout_threshold
    for _ in range(threshold - 1):
        assert attempt(mqa_runtime, "203.0.113.7", WRONG) == "failed"
    assert attempt(mqa_runtime, "198.51.100.2", TEST_PASSWORD) == "ok"
    assert attempt(mqa_runtime, "203.0.113.7", WRONG) == "locked"


def test_many_addresses_lock_the_name_except_where_it_logged_in_recently(root, mqa_runtime):
    settings = dataclasses.replace(mqa_runtime.settings, lockout_name_threshold=6)
    assert attempt(mqa_runtime, "192.0.2.10", TEST_PASSWORD, settings=settings) == "ok"  # the owner's usual machine
    later = T0 + dt.timedelta(days=2)
    outcomes = [attempt(mqa_runtime, f"203.0.113.{i // 3}", WRONG, now=later, settings=settings) for i in range(6)]
    assert outcomes == ["failed"] * 5 + ["locked"]  # 3 + 3 failures from two addresses: the name is locked
    assert attempt(mqa_runtime, "198.51.100.2", TEST_PASSWORD, now=later, settings=settings) == "locked"
    assert attempt(mqa_runtime, "192.0.2.10", TEST_PASSWORD, now=later, settings=settings) == "ok"
    # an address known too long ago is a stranger again
    stale = later + dt.timedelta(days=settings.lockout_known_address_days, minutes=1)
    outcomes = [attempt(mqa_runtime, f"203.0.113.{i // 3}", WRONG, now=stale, settings=settings) for i in range(6)]
    assert outcomes[-1] == "locked"
    assert attempt(mqa_runtime, "192.0.2.10", TEST_PASSWORD, now=stale, settings=settings) == "locked"


def test_a_lock_expires_and_counting_starts_again(root, mqa_runtime):
    settings = mqa_runtime.settings
    for _ in range(settings.lockout_threshold):
        attempt(mqa_runtime, "203.0.113.7", WRONG)
    during = T0 + dt.timedelta(minutes=settings.lockout_minutes - 1)
    assert [attempt(mqa_runtime, "203.0.113.7", TEST_PASSWORD, now=during) for _ in range(10)] == ["locked"] * 10
    after = T0 + dt.timedelta(minutes=settings.lockout_minutes, seconds=1)  # hammering did not extend the lock
    assert attempt(mqa_runtime, "203.0.113.7", WRONG, now=after) == "failed"
    assert attempt(mqa_runtime, "203.0.113.7", TEST_PASSWORD, now=after) == "ok"


def test_failures_older_than_the_window_are_forgotten(root, mqa_runtime):
    settings = mqa_runtime.settings
    for _ in range(settings.lockout_threshold - 1):
        assert attempt(mqa_runtime, "203.0.113.7", WRONG) == "failed"
    later = T0 + dt.timedelta(minutes=settings.lockout_minutes, seconds=1)
    assert [attempt(mqa_runtime, "203.0.113.7", WRONG, now=later)
            for _ in range(settings.lockout_threshold - 1)] == ["failed"] * (settings.lockout_threshold - 1)


def test_a_lock_is_never_reset_when_it_is_set(root, mqa_runtime):
    threshold = mqa_runtime.settings.lockout_threshold
    for _ in range(threshold):
        attempt(mqa_runtime, "203.0.113.7", WRONG)
    with mqa_runtime.session(Scope.platform()) as session:
        rows = {r.client_address: (r.failures, r.locked_until) for r in session.scalars(select(LoginThrottle))}
    assert rows["203.0.113.7"] == (threshold, T0 + dt.timedelta(minutes=mqa_runtime.settings.lockout_minutes))
    assert rows[auth_service.NAME_ROW] == (threshold, None)


@pytest.mark.parametrize("state", ["disabled", "suspended"])
def test_a_locked_name_answers_429_before_telling_the_account_state(mqa_factory, mqa_runtime, state):
    """A right password on a disabled account or a suspended tenant reveals that state to whoever knows
    the password; while the name is locked, the lock answers first."""
    tenant = mqa_factory.tenant("city-a")
    user = mqa_factory.user(tenant, Role.OFFICE_STAFF, "li")
    with mqa_runtime.session(Scope.platform()) as session:
        if state == "disabled":
            session.get(User, user.id).is_active = False
        else:
            session.get(Tenant, tenant.id).status = TenantStatus.SUSPENDED
        session.commit()
    li = dict(username="li", tenant="city-a")
    assert attempt(mqa_runtime, "203.0.113.7", TEST_PASSWORD, **li) == state  # not locked: the owner is told
    for _ in range(mqa_runtime.settings.lockout_threshold):
        attempt(mqa_runtime, "203.0.113.7", WRONG, **li)
    assert attempt(mqa_runtime, "203.0.113.7", TEST_PASSWORD, **li) == "locked"


def test_the_api_counts_per_forwarded_client_address(mqa_factory, mqa_runtime):
    """Behind a trusted proxy, the address that counts is the one the proxy saw (X-Forwarded-For)."""
    mqa_factory.user(None, Role.PLATFORM_ADMIN, "root")
    settings = dataclasses.replace(mqa_runtime.settings, trusted_proxy_hops=1)
    runtime = Runtime(settings=settings, engine=mqa_runtime.engine, session_factory=mqa_runtime.session_factory,
                      registry=mqa_runtime.registry)
    runtime.queue = mqa_runtime.queue
    client = Api(create_app(runtime=runtime).test_client())

    def login(address: str, password: str):
        return client.post("/api/v1/auth/login", json={"username": "root", "password": password},
                           headers={"X-Forwarded-For": address})

    statuses = [login("203.0.113.7", WRONG).status_code for _ in range(settings.lockout_threshold + 1)]
    assert statuses == [401] * (settings.lockout_threshold - 1) + [429, 429]
    locked = login("203.0.113.7", TEST_PASSWORD)
    assert locked.status_code == 429 and locked.get_json()["code"] == "account_locked"
    assert int(locked.headers["Retry-After"]) > 0
    assert login("198.51.100.2", TEST_PASSWORD).status_code == 200
    with mqa_runtime.session(Scope.platform()) as session:
        addresses = set(session.scalars(select(LoginThrottle.client_address)))
    assert addresses == {"203.0.113.7", "198.51.100.2", auth_service.NAME_ROW}


def test_pruning_keeps_what_still_counts(root, mqa_runtime):
    settings = mqa_runtime.settings
    assert attempt(mqa_runtime, "192.0.2.10", TEST_PASSWORD) == "ok"  # a known address
    for _ in range(settings.lockout_threshold):
        attempt(mqa_runtime, "203.0.113.7", WRONG)  # a lock
    attempt(mqa_runtime, "198.51.100.2", WRONG)  # a failure that will go stale

    def left(now: dt.datetime) -> set[str]:
        with mqa_runtime.session(Scope.platform()) as session:
            auth_service.prune_throttles(session, settings, now=now)
            session.commit()
            return set(session.scalars(select(LoginThrottle.client_address)))

    assert left(T0 + dt.timedelta(minutes=1)) == {"192.0.2.10", "203.0.113.7", "198.51.100.2", auth_service.NAME_ROW}
    assert left(T0 + dt.timedelta(minutes=settings.lockout_minutes, seconds=1)) == {"192.0.2.10"}
    assert left(T0 + dt.timedelta(days=settings.lockout_known_address_days, seconds=1)) == set()


def test_an_ipv6_network_counts_as_one_address(root, mqa_runtime):
    """One host is given a whole /64: guesses rotating through it are counted together, and the
    admin's own network stays known however its privacy addresses rotate."""
    threshold = mqa_runtime.settings.lockout_threshold
    assert attempt(mqa_runtime, "2001:db8:1::1", TEST_PASSWORD) == "ok"
    outcomes = [attempt(mqa_runtime, f"2001:db8:2::{i:x}", WRONG) for i in range(1, threshold + 2)]
    assert outcomes == ["failed"] * (threshold - 1) + ["locked"] * 2
    assert attempt(mqa_runtime, "2001:db8:2:0:ffff::9", TEST_PASSWORD) == "locked"
    assert attempt(mqa_runtime, "2001:db8:1::abcd", TEST_PASSWORD) == "ok"
    assert auth_service.throttle_address("::ffff:203.0.113.7") == "203.0.113.7"
    assert auth_service.throttle_address("203.0.113.7") == "203.0.113.7"
    assert auth_service.throttle_address("2001:db8:2::5") == "2001:db8:2::/64"


def test_the_prune_command_forgets_old_counters(root, mqa_runtime):
    from api.app import create_app
    from api.cli import main

    assert attempt(mqa_runtime, "203.0.113.7", WRONG, now=T0 - dt.timedelta(days=2)) == "failed"
    result = create_app(runtime=mqa_runtime).test_cli_runner().invoke(main, ["prune-logins"])
    assert result.exit_code == 0, result.output
    assert "removed 2 login counter(s)" in result.output
    with mqa_runtime.session(Scope.platform()) as session:
        assert session.scalars(select(LoginThrottle)).all() == []
