"""A tenant's archive exported from one deployment and imported into another (two databases)."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from api.app import create_app
from api.cli import main
from core.platform import migrate
from core.platform.models import AuditEvent, Tenant, TenantSetting, User
from core.platform.runtime import Runtime
from core.platform.security import verify_password
from core.platform.services import tenant_archive
from core.platform.tenancy import Scope
from tests.conftest import Api, build_world

WEIGHTS = {"materials_review": "40", "on_site_review": "60"}


@pytest.fixture
def archive(mqa_factory, anon, mqa_runtime, tmp_path):
    """Tenant city-j (Ji'an) with a user per role and a setting, exported through the API."""
    world = build_world(mqa_factory, anon, "city-j", "jian")
    assert world.admin.request("PUT", "/api/v1/tenant/settings/stage_weights.organization",
                               json={"value": WEIGHTS}).status_code == 200
    job = world.admin.post("/api/v1/exports", json={}).get_json()
    mqa_runtime.queue.wait(job["id"])
    download = world.admin.get(f"/api/v1/jobs/{job['id']}/download")
    assert download.status_code == 200
    path = tmp_path / "city-j.json"
    path.write_bytes(download.data)
    download.close()  # a streamed file keeps the request (and its database session) open until closed
    return path


@pytest.fixture(scope="module")
def empty_database(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("other") / "empty.sqlite3"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def other_deployment(mqa_settings, mqa_registry, tmp_path, empty_database):
    """Another deployment: its own SQLite database (whatever database the first one runs on)."""
    (tmp_path / "other").mkdir()
    shutil.copyfile(empty_database, tmp_path / "other" / "other.sqlite3")
    url = f"sqlite:///{tmp_path / 'other' / 'other.sqlite3'}"
    runtime = Runtime.build(dataclasses.replace(mqa_settings, database_url=url,
                                                instance_path=tmp_path / "other"), mqa_registry)
    yield runtime
    runtime.close()


def count(runtime: Runtime, model, tenant_id: int) -> int:
    with runtime.session(Scope.platform()) as session:
        return session.scalar(select(func.count()).select_from(model).where(model.tenant_id == tenant_id))


def test_archive_moves_a_tenant_to_another_deployment(archive, other_deployment):
    document = json.loads(archive.read_bytes())
    assert document["format_version"] == 2 and document["tenant"]["code"] == "city-j"
    assert all("password" not in key for user in document["users"] for key in user)
    assert document["settings"] == [{"key": "stage_weights.organization", "value": WEIGHTS,
                                     "updated_at": document["settings"][0]["updated_at"]}]
    assert {j["kind"] for j in document["jobs"]} == {"tenant_export"}

    app = create_app(runtime=other_deployment)
    result = app.test_cli_runner().invoke(main, ["tenant-archive", "import", str(archive), "--code", "moved-j",
                                                 "--enable", "office_admin-city-j"])
    assert result.exit_code == 0, result.output
    sha256 = hashlib.sha256(archive.read_bytes()).hexdigest()
    assert f"sha256 {sha256}" in result.output

    with other_deployment.session(Scope.platform()) as session:
        tenant = session.scalars(select(Tenant).where(Tenant.code == "moved-j")).one()
        assert (tenant.name, tenant.jurisdiction_code) == ("city-j", "jian")
        users = {u.username: u for u in session.scalars(select(User).where(User.tenant_id == tenant.id))}
        setting = session.scalars(select(TenantSetting).where(TenantSetting.tenant_id == tenant.id)).one()
        [imported] = session.scalars(select(AuditEvent).where(AuditEvent.action == "tenant.imported"))
    assert set(users) == {u["username"] for u in document["users"]}
    assert [name for name, u in users.items() if u.is_active] == ["office_admin-city-j"]
    assert {u.password_hash for name, u in users.items() if not u.is_active} == {tenant_archive.NO_PASSWORD}
    assert not verify_password(tenant_archive.NO_PASSWORD, tenant_archive.NO_PASSWORD)
    assert (setting.key, setting.value) == ("stage_weights.organization", WEIGHTS)
    counts = {name: len(document[name]) for name in ("settings", "users", "audit_events", "jobs")}
    assert imported.tenant_id == tenant.id and imported.details["archive_sha256"] == sha256
    assert imported.details["counts"] == counts and imported.details["history"] == document["audit_events"]
    assert count(other_deployment, AuditEvent, tenant.id) == 1  # the history travels inside one event

    password = result.output.split("enabled office_admin-city-j with password ")[1].split()[0]
    client = Api(app.test_client()).login("office_admin-city-j", password=password, tenant="moved-j")
    assert client.get("/api/v1/tenant/settings").status_code == 200
    refused = app.test_client().post("/api/v1/auth/login", json={"username": "expert-city-j", "tenant": "moved-j",
                                                                 "password": "anything-at-all-1"})
    assert refused.status_code in (401, 403)


def test_archive_command_writes_what_the_export_job_writes(archive, app, tmp_path):
    out = tmp_path / "cli.json"
    result = app.test_cli_runner().invoke(main, ["tenant-archive", "export", "city-j", "--output", str(out)])
    assert result.exit_code == 0, result.output
    by_job, by_cli = json.loads(archive.read_bytes()), json.loads(out.read_bytes())
    assert by_cli["tenant"] == by_job["tenant"] and by_cli["users"] == by_job["users"]
    assert by_cli["settings"] == by_job["settings"]


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(format_version=1), "format_version"),
    (lambda d: d.pop("users"), "users"),
    (lambda d: d["tenant"].update(jurisdiction="atlantis"), "'atlantis' is not installed here"),
    (lambda d: d["users"][0].update(role="platform_admin"), "not a tenant role"),
    (lambda d: d["users"].append(dict(d["users"][0])), "repeated username"),
    (lambda d: d["settings"].append({"key": "colour", "value": 1}), "'colour' is not a setting of jian"),
    (lambda d: d["tenant"].update(rule_version="1999"), "rule_version: jian has no rule version '1999'"),
    (lambda d: d["tenant"].update(name="名" * 201), "tenant.name: must be text of at most 200 characters"),
    (lambda d: d["users"].append("root"), "users: every entry must be an object"),
    (lambda d: d["settings"][0].update(value={"materials_review": "x"}), "value"),
], ids=["format", "no-users", "jurisdiction", "role", "repeated-user", "setting", "version", "long-name", "not-object",
        "bad-value"])
def test_a_bad_archive_is_refused_and_changes_nothing(archive, other_deployment, change, message):
    document = json.loads(archive.read_bytes())
    change(document)
    archive.write_text(json.dumps(document), encoding="utf-8")
    app = create_app(runtime=other_deployment)
    result = app.test_cli_runner().invoke(main, ["tenant-archive", "import", str(archive)])
    assert result.exit_code == 1 and message in result.output, result.output
    with other_deployment.session(Scope.platform()) as session:
        assert session.scalar(select(func.count()).select_from(Tenant)) == 0
        assert session.scalar(select(func.count()).select_from(User)) == 0


def test_importing_onto_a_taken_code_is_refused(archive, other_deployment):
    app = create_app(runtime=other_deployment)
    runner = app.test_cli_runner()
    assert runner.invoke(main, ["tenant-archive", "import", str(archive)]).exit_code == 0
    again = runner.invoke(main, ["tenant-archive", "import", str(archive)])
    assert again.exit_code == 1 and "a tenant with code 'city-j' exists" in again.output
    unknown = runner.invoke(main, ["tenant-archive", "import", str(archive), "--code", "third", "--enable", "nobody"])
    assert unknown.exit_code == 1 and "nobody" in unknown.output
