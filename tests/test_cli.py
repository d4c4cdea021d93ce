"""The mqa command: migrations, demo seeding, admins, tenants.

The commands run in-process (click's CliRunner against ``api.cli.main``) on the test runtime, so
they run on SQLite and PostgreSQL alike and hash with the test parameters; one subprocess test
proves that the installed ``mqa`` entry point starts.
"""
from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import inspect

from api.app import create_app
from api.cli import main
from core.platform import migrate
from core.platform.config import Settings
from core.platform.db import make_engine
from core.platform.runtime import Runtime
from tests.conftest import Api


def head_revision() -> str:
    return ScriptDirectory.from_config(migrate.alembic_config("sqlite://")).get_current_head()


@pytest.fixture
def mqa(mqa_runtime):
    """Run ``mqa ARGS`` in-process on the test runtime; ``ok`` asserts exit status 0."""
    return _runner(mqa_runtime)


def _runner(runtime: Runtime):
    def run(*args: str, ok: bool = True):
        info = ScriptInfo(create_app=lambda: create_app(runtime=runtime))
        result = CliRunner().invoke(main, list(args), obj=info, catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, result.output
        return result
    return run


@pytest.fixture
def empty_runtime(tmp_path, mqa_registry):
    """A runtime on a database no migration has touched yet."""
    settings = Settings.from_env({"MQA_INSTANCE_PATH": str(tmp_path / "fresh"),
                                  "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh' / 'cli.sqlite3'}"})
    runtime = Runtime.build(dataclasses.replace(settings, redis_url=None), mqa_registry)
    yield runtime
    runtime.close()


def test_db_upgrade_migrates_an_empty_database_to_head(empty_runtime):
    url = empty_runtime.settings.database_url
    out = _runner(empty_runtime)("db", "upgrade").output
    assert f"database at head: {head_revision()}" in out
    engine = make_engine(url)
    try:
        assert {"tenants", "users", "audit_events", "jobs"} <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert f"database at head: {head_revision()}" in _runner(empty_runtime)("db", "upgrade").output  # idempotent


def test_seed_and_list(mqa, mqa_runtime):
    first = mqa("seed-demo").output
    creds_path = mqa_runtime.settings.instance_path / "demo-credentials.json"
    creds = json.loads(creds_path.read_text())
    assert set(creds) == {"username", "password"} and creds["password"] in first
    assert oct(creds_path.stat().st_mode & 0o777) == "0o600"

    again = mqa("seed-demo").output
    assert json.loads(creds_path.read_text()) == creds and creds["password"] in again  # idempotent

    listing = mqa("tenants", "list").output
    for code in ["demo-nantong", "demo-rugao", "demo-jian", "demo-changde", "demo-yuncheng"]:
        assert code in listing
    assert "changde/draft -> draft" in listing and "nantong/in_force -> 2020" in listing

    creds_path.unlink()  # a lost file gets a fresh, working password
    mqa("seed-demo")
    assert json.loads(creds_path.read_text())["password"] != creds["password"]


def test_empty_tenant_list_says_so(mqa):
    assert mqa("tenants", "list").output.strip() == "no tenants"


BUILT_IN = ("changde", "jian", "nantong", "rugao", "yuncheng")


def test_demo_admin_logs_in_and_sees_every_installed_jurisdiction(mqa, mqa_runtime):
    mqa("seed-demo")
    creds = json.loads((mqa_runtime.settings.instance_path / "demo-credentials.json").read_text())
    client = Api(create_app(runtime=mqa_runtime).test_client()).login(creds["username"], creds["password"])
    installed = [j["code"] for j in client.get("/api/v1/jurisdictions").get_json()]
    assert set(BUILT_IN) <= set(installed)  # a third-party city installed beside them is fine
    tenants = client.get("/api/v1/admin/tenants").get_json()
    tenants = tenants["items"] if isinstance(tenants, dict) else tenants  # paged or not
    bound = {t["jurisdiction"]: t["effective_rule_version"] for t in tenants}
    assert set(bound) == set(installed)  # a demo tenant for every installed jurisdiction
    assert {code: bound[code] for code in BUILT_IN} == \
        {"nantong": "2020", "rugao": "2021", "jian": "2023", "changde": "draft", "yuncheng": "2023"}


def test_create_admin_and_tenant(mqa, mqa_runtime):
    out = mqa("create-admin", "ops").output
    assert "created platform admin ops with password" in out
    password = out.rsplit(" ", 1)[1].strip()
    client = Api(create_app(runtime=mqa_runtime).test_client())
    assert client.post("/api/v1/auth/login", json={"username": "ops", "password": password}).status_code == 200
    dup = mqa("create-admin", "ops", "--password", "long-enough-pw", ok=False)
    assert dup.exit_code == 1 and "already taken" in dup.stderr
    assert "created tenant" in mqa("tenants", "create", "jian-2", "--name", "吉安", "--jurisdiction", "jian").output
    bad = mqa("tenants", "create", "cd-2", "--name", "常德", "--jurisdiction", "changde", ok=False)
    assert bad.exit_code == 1 and "draft (draft)" in bad.stderr
    listing = mqa("tenants", "list").output
    assert "jian-2" in listing and "cd-2" not in listing  # the refused one left nothing behind


def test_worker_needs_redis(mqa):
    result = mqa("worker", "--burst", ok=False)
    assert result.exit_code == 1 and "REDIS_URL is not set" in result.stderr


def test_the_installed_mqa_command_starts(tmp_path):
    """The one subprocess test: the console script imports, reads its settings from the environment
    and migrates a fresh database (no password is hashed, so it stays quick)."""
    mqa_bin = Path(sys.executable).parent / "mqa"
    assert mqa_bin.exists(), f"the mqa entry point is not installed next to {sys.executable}"
    env = {**os.environ, "MQA_INSTANCE_PATH": str(tmp_path / "inst"),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'inst' / 'cli.sqlite3'}"}
    for name in ("REDIS_URL", "MQA_OWNER_DATABASE_URL"):
        env.pop(name, None)
    result = subprocess.run([str(mqa_bin), "db", "upgrade"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr + result.stdout
    assert f"database at head: {head_revision()}" in result.stdout
