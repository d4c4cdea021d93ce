"""Parallel guesses cannot get around the lockout: each attempt is counted before its password is
checked (real threads, on SQLite and on PostgreSQL)."""
from __future__ import annotations

import random
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from core.errors import AccountLocked, AuthenticationFailed
from core.platform.models import Role
from core.platform.services import auth as auth_service
from core.testing import TEST_PASSWORD

GUESSES = 20


class PasswordChecks:
    """Stands in for argon2's verification: counts the passwords checked, and holds each check until
    ``release`` is set, so every parallel attempt is in flight at once."""

    def __init__(self, real, *, hold: float) -> None:
        self.real = real
        self.hold = hold
        self.release = threading.Event()
        self.checked: list[str] = []
        self.lock = threading.Lock()

    def __call__(self, password_hash: str, password: str) -> bool:
        with self.lock:
            self.checked.append(password)
        self.release.wait(self.hold)
        return self.real(password_hash, password)


@pytest.fixture
def checks(monkeypatch):
    counter = PasswordChecks(auth_service.verify_password, hold=0.3)
    monkeypatch.setattr(auth_service, "verify_password", counter)
    return counter


def _attempt(runtime, password: str, start: threading.Barrier | None = None) -> str:
    if start is not None:
        start.wait()
    session = runtime.session_factory()
    try:
        auth_service.login(session, runtime.settings, username="root", password=password, client_address="10.0.0.9")
        return "ok"
    except AccountLocked:
        return "locked"
    except AuthenticationFailed:
        return "failed"
    finally:
        session.close()


def _until(condition, seconds: float = 10) -> None:
    for _ in range(int(seconds * 100)):
        if condition():
            return
        threading.Event().wait(0.01)


def test_twenty_parallel_guesses_check_at_most_the_threshold(mqa_factory, mqa_runtime, checks):
    """Twenty guesses at a fresh name, the right one among them, all in flight at once: the checks are
    held until every attempt is either being checked or refused, so no success can reset the count early."""
    mqa_factory.user(None, Role.PLATFORM_ADMIN, "root")
    threshold = mqa_runtime.settings.lockout_threshold
    passwords = [f"wrong-guess-{i:04d}" for i in range(GUESSES - 1)]
    passwords.insert(random.randrange(GUESSES), TEST_PASSWORD)
    checks.hold = 30
    start = threading.Barrier(GUESSES)
    with ThreadPoolExecutor(GUESSES) as pool:
        futures = [pool.submit(_attempt, mqa_runtime, p, start) for p in passwords]
        _until(lambda: len(checks.checked) + sum(f.done() for f in futures) >= GUESSES)
        checks.release.set()
        outcomes = [f.result() for f in futures]

    assert len(checks.checked) <= threshold, f"{len(checks.checked)} passwords checked, threshold {threshold}"
    right = outcomes[passwords.index(TEST_PASSWORD)]
    assert right == ("ok" if TEST_PASSWORD in checks.checked else "locked")
    tally = Counter(outcomes)
    assert tally["locked"] >= GUESSES - threshold
    assert tally["ok"] + tally["failed"] <= threshold


def test_the_right_password_after_the_threshold_is_refused_unchecked(mqa_factory, mqa_runtime, checks):
    """``threshold`` wrong guesses are still being checked when the right password arrives: it must be
    refused without a check, although none of those guesses has failed yet."""
    mqa_factory.user(None, Role.PLATFORM_ADMIN, "root")
    threshold = mqa_runtime.settings.lockout_threshold
    checks.hold = 30  # the wrong guesses wait inside the check until released below
    with ThreadPoolExecutor(threshold) as pool:
        wrong = [pool.submit(_attempt, mqa_runtime, f"wrong-guess-{i:04d}") for i in range(threshold)]
        _until(lambda: len(checks.checked) == threshold)
        assert len(checks.checked) == threshold
        try:
            right = _attempt(mqa_runtime, TEST_PASSWORD)
        finally:
            checks.release.set()
        outcomes = [future.result() for future in wrong]
    assert right == "locked"
    assert TEST_PASSWORD not in checks.checked and len(checks.checked) == threshold
    assert sorted(outcomes) == ["failed"] * (threshold - 1) + ["locked"]
