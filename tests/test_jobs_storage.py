"""Export files in storage every host shares: the database (default) or a shared directory."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import uuid

import pytest
from sqlalchemy import select

from api.app import create_app
from core.platform.models import ExportFile, Job, JobStatus, Role
from core.platform.runtime import Runtime
from core.platform.services import exports
from core.platform.tenancy import Scope
from core.testing import TenantFactory
from tests.conftest import Api


@pytest.fixture(params=["database", "directory"])
def storage_world(request, mqa_settings, mqa_registry):
    settings = dataclasses.replace(mqa_settings, export_storage=request.param)
    runtime = Runtime.build(settings, mqa_registry)
    factory = TenantFactory(runtime)
    tenant = factory.tenant("city-s")
    factory.user(tenant, Role.OFFICE_ADMIN, "boss")
    other = factory.tenant("city-t")
    factory.user(other, Role.OFFICE_ADMIN, "other-boss")
    client = Api(create_app(runtime=runtime).test_client())
    yield request.param, runtime, tenant, client.login("boss", tenant="city-s"), client.login("other-boss", tenant="city-t")
    runtime.close()


def export(runtime: Runtime, client: Api) -> dict:
    job = client.post("/api/v1/exports", json={}).get_json()
    runtime.queue.wait(job["id"])
    return client.get(f"/api/v1/jobs/{job['id']}").get_json()


def test_export_is_kept_in_the_chosen_storage_and_downloaded_from_it(storage_world):
    storage, runtime, tenant, client, other = storage_world
    job = export(runtime, client)
    assert job["status"] == "finished", job
    download = client.get(f"/api/v1/jobs/{job['id']}/download")
    assert download.status_code == 200
    body = download.data
    download.close()  # a streamed file keeps the request (and its database session) open until closed
    assert json.loads(body)["format_version"] == 2
    assert download.headers["X-Content-SHA256"] == hashlib.sha256(body).hexdigest() == job["result"]["sha256"]
    with runtime.session(Scope.platform()) as session:
        record = session.get(ExportFile, (tenant.id, job["id"]))
        assert record is not None and (record.storage, record.size) == (storage, len(body))
        assert record.content == (body if storage == "database" else None)
    on_disk = exports.export_path(runtime.settings.exports_path, tenant.id, job["id"])
    assert on_disk.exists() == (storage == "directory")
    if storage == "directory":
        assert on_disk.read_bytes() == body
        assert list(on_disk.parent.iterdir()) == [on_disk]  # no temporary file left behind
        on_disk.unlink()  # the shared mount is missing on this host
        missing = client.get(f"/api/v1/jobs/{job['id']}/download")
        assert missing.status_code == 409 and "shared instance path" in missing.get_json()["message"]
    assert other.get(f"/api/v1/jobs/{job['id']}/download").status_code == 404  # another tenant's job


def test_files_older_than_a_cutoff_are_discarded_from_either_storage_for_the_tenant_only(storage_world):
    import datetime as dt

    storage, runtime, tenant, client, other = storage_world
    mine, theirs = export(runtime, client), export(runtime, other)
    on_disk = exports.export_path(runtime.settings.exports_path, tenant.id, mine["id"])
    assert on_disk.exists() == (storage == "directory")
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=1)
    with runtime.session(Scope.tenant(tenant.id)) as session:
        assert exports.discard_before(session, later - dt.timedelta(hours=1), runtime.settings.exports_path) == []
        assert exports.discard_before(session, later, runtime.settings.exports_path) == [mine["id"]]
        session.commit()
    assert not on_disk.exists()
    with runtime.session(Scope.platform()) as session:
        assert session.get(ExportFile, (tenant.id, mine["id"])) is None
        kept = session.scalars(select(ExportFile).where(ExportFile.job_id == theirs["id"])).one_or_none()
        assert kept is not None and kept.tenant_id != tenant.id  # another tenant's file is not this tenant's to discard
        assert session.get(Job, mine["id"]) is not None  # the job's history stays
    gone = client.get(f"/api/v1/jobs/{mine['id']}/download")
    assert gone.status_code == 409 and "no export file" in gone.get_json()["message"]


def test_a_file_is_stored_once_per_job(storage_world):
    storage, runtime, tenant, client, _ = storage_world
    job_id = str(uuid.uuid4())
    with runtime.session(Scope.platform()) as session:
        session.add(Job(id=job_id, tenant_id=tenant.id, kind="tenant_export", backend="inprocess",
                        status=JobStatus.STARTED, attempts=1))
        session.commit()
    first, wrote_first = exports.store(runtime, tenant.id, job_id, "a.json", b'{"attempt": 1}')
    again, wrote_again = exports.store(runtime, tenant.id, job_id, "a.json", b'{"attempt": 2, "longer": true}')
    assert (wrote_first, wrote_again) == (True, False)
    assert again.sha256 == first.sha256 == hashlib.sha256(b'{"attempt": 1}').hexdigest()
    with runtime.session(Scope.tenant(tenant.id)) as session:
        assert exports.read(runtime, session, job_id).content == b'{"attempt": 1}'


def test_unknown_storage_is_refused(mqa_settings, mqa_registry, tenant_a):
    runtime = Runtime.build(dataclasses.replace(mqa_settings, export_storage="s3"), mqa_registry)
    try:
        with pytest.raises(ValueError, match="MQA_EXPORT_STORAGE must be one of database, directory"):
            exports.store(runtime, tenant_a.tenant.id, str(uuid.uuid4()), "x.json", b"{}")
    finally:
        runtime.close()


def test_a_misspelt_storage_setting_stops_the_process_at_start():
    from core.platform.config import Settings

    with pytest.raises(ValueError, match="MQA_EXPORT_STORAGE must be one of database, directory"):
        Settings.from_env({"MQA_EXPORT_STORAGE": "s3", "MQA_INSTANCE_PATH": "/tmp"})
    assert Settings.from_env({"MQA_EXPORT_STORAGE": "directory", "MQA_INSTANCE_PATH": "/tmp"}).export_storage \
        == "directory"
