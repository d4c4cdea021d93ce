"""The mqa command: migrations, demo seeding, admins, tenants."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from core.config import Settings


@pytest.fixture
def cli_env(tmp_path):
    env = {**os.environ, "MQA_INSTANCE_PATH": str(tmp_path / "inst"),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'inst' / 'cli.sqlite3'}"}
    env.pop("REDIS_URL", None)
    return env


def mqa(env, *args, ok=True):
    result = subprocess.run([sys.executable, "-m", "api.cli", *args], env=env, capture_output=True, text=True,
                            timeout=120)
    if ok:
        assert result.returncode == 0, result.stderr + result.stdout
    return result


def test_migrate_seed_and_list(cli_env, tmp_path):
    assert "0003_tenant_settings" in mqa(cli_env, "db", "upgrade").stdout
    first = mqa(cli_env, "seed-demo").stdout
    creds_path = tmp_path / "inst" / "demo-credentials.json"
    creds = json.loads(creds_path.read_text())
    assert set(creds) == {"username", "password"} and creds["password"] in first
    assert oct(creds_path.stat().st_mode & 0o777) == "0o600"

    again = mqa(cli_env, "seed-demo").stdout
    assert json.loads(creds_path.read_text()) == creds and creds["password"] in again  # idempotent

    listing = mqa(cli_env, "tenants", "list").stdout
    for code in ["demo-nantong", "demo-rugao", "demo-jian", "demo-changde", "demo-yuncheng"]:
        assert code in listing
    assert "changde/draft -> draft" in listing and "nantong/in_force -> 2020" in listing

    creds_path.unlink()  # a lost file gets a fresh, working password
    mqa(cli_env, "seed-demo")
    assert json.loads(creds_path.read_text())["password"] != creds["password"]


BUILT_IN = ("changde", "jian", "nantong", "rugao", "yuncheng")


def test_demo_admin_logs_in_and_sees_every_installed_jurisdiction(cli_env, tmp_path):
    mqa(cli_env, "db", "upgrade")
    mqa(cli_env, "seed-demo")
    creds = json.loads((tmp_path / "inst" / "demo-credentials.json").read_text())
    from api.app import create_app
    from core.runtime import Runtime
    from tests.conftest import Api

    settings = Settings.from_env({k: v for k, v in cli_env.items() if k in ("MQA_INSTANCE_PATH", "DATABASE_URL")})
    runtime = Runtime.build(settings)
    try:
        client = Api(create_app(runtime=runtime).test_client()).login(creds["username"], creds["password"])
        installed = [j["code"] for j in client.get("/api/v1/jurisdictions").get_json()]
        assert set(BUILT_IN) <= set(installed)  # a third-party city installed beside them is fine
        tenants = client.get("/api/v1/admin/tenants").get_json()
        bound = {t["jurisdiction"]: t["effective_rule_version"] for t in tenants}
        assert set(bound) == set(installed)  # a demo tenant for every installed jurisdiction
        assert {code: bound[code] for code in BUILT_IN} == \
            {"nantong": "2020", "rugao": "2021", "jian": "2023", "changde": "draft", "yuncheng": "2023"}
    finally:
        runtime.close()


def test_create_admin_and_tenant(cli_env):
    mqa(cli_env, "db", "upgrade")
    out = mqa(cli_env, "create-admin", "ops").stdout
    assert "created platform admin ops with password" in out
    dup = mqa(cli_env, "create-admin", "ops", "--password", "long-enough-pw", ok=False)
    assert dup.returncode != 0 and "already taken" in dup.stderr
    assert "created tenant" in mqa(cli_env, "tenants", "create", "jian-2", "--name", "吉安", "--jurisdiction",
                                   "jian").stdout
    bad = mqa(cli_env, "tenants", "create", "cd-2", "--name", "常德", "--jurisdiction", "changde", ok=False)
    assert bad.returncode != 0 and "draft (draft)" in bad.stderr


def test_worker_needs_redis(cli_env):
    result = mqa(cli_env, "worker", "--burst", ok=False)
    assert result.returncode != 0 and "REDIS_URL is not set" in result.stderr
