"""The tenant export job, in-process and through a real rq worker on a real Redis."""
from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import uuid

import pytest

from api.app import create_app
from core.platform.models import Role
from core.platform.runtime import Runtime
from core.testing import TenantFactory
from tests.conftest import Api


def check_export(client: Api, job: dict, tenant_code: str) -> dict:
    assert job["status"] == "finished", job
    assert job["progress"] == 100
    assert job["result"]["counts"]["users"] >= 1
    download = client.get(f"/api/v1/jobs/{job['id']}/download")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith(f"attachment; filename={tenant_code}-export-")
    document = json.loads(download.data)
    download.close()
    assert document["tenant"]["code"] == tenant_code
    assert len(document["users"]) == job["result"]["counts"]["users"]
    assert all("password" not in key for user in document["users"] for key in user)
    return document


def test_export_in_process(tenant_a, mqa_runtime):
    started = tenant_a.admin.post("/api/v1/exports", json={})
    assert started.status_code == 202
    job = started.get_json()
    assert job["backend"] == "inprocess" and job["kind"] == "tenant_export"
    mqa_runtime.queue.wait(job["id"])
    finished = tenant_a.admin.get(f"/api/v1/jobs/{job['id']}").get_json()
    document = check_export(tenant_a.admin, finished, "city-a")
    assert {u["username"] for u in document["users"]} == {f"{r.value}-city-a" for r in Role.tenant_roles()}
    assert any(e["action"] == "job.submitted" for e in document["audit_events"])


def test_export_request_refuses_unknown_fields(tenant_a):
    response = tenant_a.admin.post("/api/v1/exports", json={"format": "xml"})
    assert response.status_code == 422 and "format" in response.get_json()["errors"]
    assert tenant_a.admin.get("/api/v1/jobs").get_json() == {"items": [], "next_cursor": None}


def test_download_of_unfinished_or_unknown_job(tenant_a, mqa_runtime):
    assert tenant_a.admin.get(f"/api/v1/jobs/{uuid.uuid4()}").status_code == 404
    assert tenant_a.admin.get(f"/api/v1/jobs/{uuid.uuid4()}/download").status_code == 404


def test_failed_job_is_reported(tenant_a, mqa_runtime, monkeypatch):
    from core.platform import jobs

    def explode(ctx):
        ctx.progress(40, "halfway")
        raise RuntimeError("disk full")

    monkeypatch.setitem(jobs.TASKS, "tenant_export", explode)
    job = tenant_a.admin.post("/api/v1/exports", json={}).get_json()
    mqa_runtime.queue.wait(job["id"])
    failed = tenant_a.admin.get(f"/api/v1/jobs/{job['id']}").get_json()
    assert failed["status"] == "failed" and failed["error"] == jobs.UNEXPECTED_FAILURE
    assert "disk full" not in str(failed)  # internals stay in the log
    assert failed["progress"] == 40
    conflict = tenant_a.admin.get(f"/api/v1/jobs/{job['id']}/download")
    assert conflict.status_code == 409


@pytest.mark.services
def test_export_through_a_real_rq_worker(mqa_settings, mqa_registry, redis_url):
    from rq.job import Job as RqJob

    queue_name = f"mqa-test-{uuid.uuid4().hex[:8]}"
    settings = dataclasses.replace(mqa_settings, redis_url=redis_url, job_queue_name=queue_name)
    runtime = Runtime.build(settings, mqa_registry)
    try:
        factory = TenantFactory(runtime)
        tenant = factory.tenant("city-r")
        factory.user(tenant, Role.OFFICE_ADMIN, "boss")
        client = Api(create_app(runtime=runtime).test_client()).login("boss", tenant="city-r")
        job = client.post("/api/v1/exports", json={}).get_json()
        assert (job["backend"], job["status"]) == ("rq", "queued")

        env = {**os.environ, "DATABASE_URL": settings.database_url, "REDIS_URL": redis_url,
               "MQA_JOB_QUEUE": queue_name, "MQA_INSTANCE_PATH": str(settings.instance_path)}
        worker = subprocess.run([sys.executable, "-m", "api.cli", "worker", "--burst"], env=env,
                                capture_output=True, text=True, timeout=120)
        assert worker.returncode == 0, worker.stderr

        finished = client.get(f"/api/v1/jobs/{job['id']}").get_json()
        check_export(client, finished, "city-r")
        rq_job = RqJob.fetch(job["id"], connection=runtime.queue.connection)
        assert rq_job.get_status().value == "finished"
        assert rq_job.meta["progress"] == 100
        rq_job.delete()
    finally:
        runtime.close()


def test_domain_error_of_a_task_is_shown(tenant_a, mqa_runtime, monkeypatch):
    from core.platform import jobs
    from core.errors import InvalidInput

    def refuse(ctx):
        raise InvalidInput.on("setting", "the office has not set it")

    monkeypatch.setitem(jobs.TASKS, "tenant_export", refuse)
    job = tenant_a.admin.post("/api/v1/exports", json={}).get_json()
    mqa_runtime.queue.wait(job["id"])
    assert tenant_a.admin.get(f"/api/v1/jobs/{job['id']}").get_json()["error"] == "setting: the office has not set it"


def test_failure_while_saving_the_result_is_recorded(tenant_a, mqa_runtime, monkeypatch):
    import datetime as dt

    from core.platform import jobs

    monkeypatch.setitem(jobs.TASKS, "tenant_export", lambda ctx: {"when": dt.date(2024, 1, 1)})  # not JSON
    job = tenant_a.admin.post("/api/v1/exports", json={}).get_json()
    mqa_runtime.queue.wait(job["id"])
    saved = tenant_a.admin.get(f"/api/v1/jobs/{job['id']}").get_json()
    assert saved["status"] == "failed" and saved["error"] == jobs.UNEXPECTED_FAILURE


def test_unreachable_queue_is_503_and_the_job_is_not_left_queued(tenant_a, mqa_runtime, monkeypatch):
    def down(job_id):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(mqa_runtime.queue, "enqueue", down)
    response = tenant_a.admin.post("/api/v1/exports", json={})
    assert response.status_code == 503 and response.get_json()["code"] == "service_unavailable"
    [job] = tenant_a.admin.get("/api/v1/jobs").get_json()["items"]
    assert job["status"] == "failed" and "queue could not be reached" in job["error"]




def test_job_list_pages_newest_first_and_shows_no_result(tenant_a, tenant_b, mqa_runtime, monkeypatch):
    monkeypatch.setattr(mqa_runtime.queue, "enqueue", lambda job_id: None)
    made = [tenant_a.admin.post("/api/v1/exports", json={}).get_json()["id"] for _ in range(5)]
    tenant_b.admin.post("/api/v1/exports", json={})
    seen, cursor, pages = [], None, 0
    while True:
        query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = tenant_a.admin.get("/api/v1/jobs", query_string=query).get_json()
        pages += 1
        assert len(page["items"]) <= 2
        assert all("result" not in item and "params" not in item for item in page["items"])
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3 and seen == list(reversed(made))  # newest first, each once, only tenant A's
    only = tenant_a.admin.get("/api/v1/jobs", query_string={"kind": "nothing"}).get_json()
    assert only == {"items": [], "next_cursor": None}


@pytest.mark.parametrize("query, field", [({"limit": 0}, "limit"), ({"limit": 201}, "limit"),
                                          ({"cursor": "not-a-cursor"}, "cursor"), ({"limit": "1.5"}, "limit")])
def test_job_list_refuses_bad_paging(tenant_a, query, field):
    response = tenant_a.admin.get("/api/v1/jobs", query_string=query)
    assert response.status_code == 422 and field in response.get_json()["errors"]


def test_job_list_query_uses_its_index(tenant_a, mqa_runtime):
    """The list is served by (tenant_id, created_at, id), not a scan of every tenant's jobs."""
    from sqlalchemy import text

    with mqa_runtime.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SET enable_seqscan = off"))
            plan = conn.execute(text("EXPLAIN SELECT id FROM jobs WHERE tenant_id = 1 "
                                     "ORDER BY created_at DESC, id DESC LIMIT 51")).scalars().all()
        else:
            plan = [r[-1] for r in conn.execute(text(
                "EXPLAIN QUERY PLAN SELECT id FROM jobs WHERE tenant_id = 1 ORDER BY created_at DESC, id DESC LIMIT 51"))]
    assert any("ix_jobs_tenant_id_created_at_id" in line for line in plan), plan
    assert not any("TEMP B-TREE" in line.upper() or "Sort" in line for line in plan), plan
