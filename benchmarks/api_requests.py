"""Measure start-up, login and authenticated request throughput (embedded mode, one process).

Prints figures; asserts nothing. Run: `make bench` (or `.venv/bin/python benchmarks/api_requests.py`).
Uses the production argon2 parameters (logins are deliberately slow) and a fresh SQLite file,
or DATABASE_URL if set (its tables are used as they are: point it at a scratch database).
"""
from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from pathlib import Path

from api.app import create_app
from core import migrate
from core.config import Settings
from core.models import Role
from core.runtime import Runtime
from core.services import tenants as tenant_service
from core.services import users as user_service
from core.tenancy import Scope, scoped

TENANTS = 20
USERS_PER_TENANT = 50
REQUESTS = 2000
PASSWORD = "benchmark-password"


def timed(fn, n: int) -> list[float]:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def report(name: str, samples: list[float]) -> None:
    samples = sorted(samples)
    p50 = samples[len(samples) // 2] * 1000
    p95 = samples[int(len(samples) * 0.95)] * 1000
    print(f"{name:<44} n={len(samples):<5} {len(samples) / sum(samples):>8.0f}/s  p50 {p50:6.2f} ms  p95 {p95:6.2f} ms")


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="mqa-bench-"))
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp / 'bench.sqlite3'}"
    settings = Settings.from_env({"MQA_INSTANCE_PATH": str(tmp), "DATABASE_URL": url})
    migrate.upgrade(settings.database_url)

    start = time.perf_counter()
    runtime = Runtime.build(settings)
    app = create_app(runtime=runtime)
    print(f"start-up (plugin discovery + app): {(time.perf_counter() - start) * 1000:.0f} ms, "
          f"{len(runtime.registry.codes())} jurisdictions")

    from core.security import hash_password

    fast_hash = hash_password(PASSWORD)
    with runtime.session() as session:
        for t in range(TENANTS):
            tenant = tenant_service.create_tenant(session, runtime.registry, None, code=f"bench-{t}", name=f"t{t}",
                                                  jurisdiction="nantong", today=dt.date.today())
            with scoped(session, Scope.tenant(tenant.id)):
                user_service.create_user(session, None, username="admin", password=PASSWORD,
                                         role=Role.OFFICE_ADMIN, tenant_id=tenant.id)
                from core.models import User

                session.add_all(User(username=f"u{i}", role=Role.EXPERT, password_hash=fast_hash,
                                     tenant_id=tenant.id) for i in range(USERS_PER_TENANT))
                session.commit()
    print(f"data: {TENANTS} tenants x {USERS_PER_TENANT + 1} users")

    client = app.test_client()
    body = {"username": "admin", "password": PASSWORD, "tenant": "bench-7"}
    report("POST /auth/login (argon2 default params)", timed(lambda: client.post("/api/v1/auth/login", json=body), 20))
    token = client.post("/api/v1/auth/login", json=body).get_json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    for path in ["/api/v1/auth/me", "/api/v1/tenant", "/api/v1/users", "/api/v1/jurisdictions"]:
        samples = timed(lambda: client.get(path, headers=headers), REQUESTS)
        report(f"GET {path}", samples)
    listed = client.get("/api/v1/users", headers=headers).get_json()
    print(f"GET /api/v1/users returns {len(listed)} rows of {TENANTS * (USERS_PER_TENANT + 1)} in the database")
    runtime.close()


if __name__ == "__main__":
    main()
