"""Only the process that owns a job may mark it; a finished job never regresses; claims are exclusive."""
from __future__ import annotations

import datetime as dt
import socket
import subprocess
import sys
import uuid
from types import SimpleNamespace

import pytest
from sqlalchemy import select, update

from api.cli import main
from core.platform import jobs
from core.platform.db import utcnow
from core.platform.models import AuditEvent, Job, JobStatus
from core.platform.tenancy import Scope


def add_job(runtime, tenant_id: int, *, owner: jobs.Owner | None, status: JobStatus = JobStatus.STARTED,
            backend: str = "inprocess", attempts: int = 1, heartbeat_at: dt.datetime | None = None) -> str:
    job_id = str(uuid.uuid4())
    with runtime.session(Scope.platform()) as session:
        session.add(Job(id=job_id, tenant_id=tenant_id, kind="tenant_export", backend=backend, status=status,
                        attempts=attempts, heartbeat_at=heartbeat_at,
                        owner_host=owner.host if owner else None, owner_pid=owner.pid if owner else None,
                        owner_token=owner.token if owner else None))
        session.commit()
    return job_id


def row(runtime, job_id: str) -> Job:
    with runtime.session(Scope.platform()) as session:
        job = session.get(Job, job_id)
        assert job is not None
        return job


@pytest.fixture
def dead_owner() -> jobs.Owner:
    """A process of this host that has exited."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return jobs.Owner(socket.gethostname(), child.pid, "1.00")


def test_only_jobs_of_a_gone_process_are_marked_failed(tenant_a, mqa_runtime, dead_owner):
    me = jobs.Owner.this_process()
    tenant_id = tenant_a.tenant.id
    mine = add_job(mqa_runtime, tenant_id, owner=me)
    queued_mine = add_job(mqa_runtime, tenant_id, owner=me, status=JobStatus.QUEUED, attempts=0)
    elsewhere = add_job(mqa_runtime, tenant_id, owner=jobs.Owner("another-host", dead_owner.pid, "1.00"))
    dead = add_job(mqa_runtime, tenant_id, owner=dead_owner)
    reused_pid = add_job(mqa_runtime, tenant_id, owner=jobs.Owner(me.host, me.pid, "12.34"))  # an earlier process
    unowned = add_job(mqa_runtime, tenant_id, owner=None)
    finished = add_job(mqa_runtime, tenant_id, owner=dead_owner, status=JobStatus.FINISHED)
    on_rq = add_job(mqa_runtime, tenant_id, owner=dead_owner, backend="rq")

    assert jobs.fail_interrupted(mqa_runtime) == 3
    for job_id in (mine, queued_mine, elsewhere, finished, on_rq):
        assert row(mqa_runtime, job_id).error is None
    assert row(mqa_runtime, mine).status is JobStatus.STARTED
    assert row(mqa_runtime, finished).status is JobStatus.FINISHED
    for job_id in (dead, reused_pid, unowned):
        marked = row(mqa_runtime, job_id)
        assert marked.status is JobStatus.FAILED and marked.error.startswith("interrupted: the process running it")
    assert f"pid {dead_owner.pid}" in row(mqa_runtime, dead).error


def test_submitted_in_process_job_records_its_owner(tenant_a, mqa_runtime, monkeypatch):
    monkeypatch.setattr(mqa_runtime.queue, "enqueue", lambda job_id: None)
    job = tenant_a.admin.post("/api/v1/exports", json={}).get_json()
    owner = jobs.owner_of(row(mqa_runtime, job["id"]))
    assert owner == jobs.Owner.this_process() and not owner.is_gone()


def test_serve_that_cannot_bind_marks_nothing(app, tenant_a, mqa_runtime, dead_owner):
    job_id = add_job(mqa_runtime, tenant_a.tenant.id, owner=dead_owner)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = app.test_cli_runner().invoke(main, ["serve", "--port", str(taken.getsockname()[1])])
    assert result.exit_code == 1 and "cannot listen on 127.0.0.1:" in result.output
    assert row(mqa_runtime, job_id).status is JobStatus.STARTED


def test_serve_marks_jobs_of_a_gone_process_once_it_listens(app, tenant_a, mqa_runtime, dead_owner, monkeypatch):
    from werkzeug.serving import BaseWSGIServer

    listening = []
    monkeypatch.setattr(BaseWSGIServer, "serve_forever", lambda self, *a, **kw: listening.append(self.port))
    job_id = add_job(mqa_runtime, tenant_a.tenant.id, owner=dead_owner)
    live = add_job(mqa_runtime, tenant_a.tenant.id, owner=jobs.Owner.this_process())
    result = app.test_cli_runner().invoke(main, ["serve", "--port", "0"])
    assert result.exit_code == 0, result.output
    assert listening and "marked 1 in-process job(s) failed" in result.output
    assert row(mqa_runtime, job_id).status is JobStatus.FAILED
    assert row(mqa_runtime, live).status is JobStatus.STARTED


def test_finishing_clears_an_error_written_while_the_run_was_alive(tenant_a, mqa_runtime, monkeypatch):
    def judged_lost_while_alive(ctx):
        assert jobs.record_lost_run(ctx.runtime, ctx.job.id, retrying=True)  # rq thought its worker died
        assert row(ctx.runtime, ctx.job.id).error.endswith("retrying")
        return {"done": True}

    monkeypatch.setitem(jobs.TASKS, "tenant_export", judged_lost_while_alive)
    job = tenant_a.admin.post("/api/v1/exports", json={}).get_json()
    mqa_runtime.queue.wait(job["id"])
    done = tenant_a.admin.get(f"/api/v1/jobs/{job['id']}").get_json()
    assert (done["status"], done["error"], done["result"], done["attempts"]) == ("finished", None, {"done": True}, 1)


def test_failing_never_overwrites_finished(tenant_a, mqa_runtime, monkeypatch, dead_owner):
    from rq.exceptions import AbandonedJobError

    job_id = add_job(mqa_runtime, tenant_a.tenant.id, owner=dead_owner, status=JobStatus.FINISHED)
    monkeypatch.setattr(jobs, "_worker_runtime", mqa_runtime)
    late = SimpleNamespace(id=job_id, retries_left=0, meta={})
    jobs.on_rq_failure(late, None, RuntimeError, RuntimeError("late"), None)
    jobs.on_rq_failure(late, None, AbandonedJobError, AbandonedJobError(), None)
    assert not jobs.record_lost_run(mqa_runtime, job_id, retrying=True)
    assert jobs.fail_interrupted(mqa_runtime) == 0
    kept = row(mqa_runtime, job_id)
    assert (kept.status, kept.error) == (JobStatus.FINISHED, None)


def test_a_stale_run_failing_late_leaves_the_attempt_that_replaced_it_alone(tenant_a, mqa_runtime, monkeypatch,
                                                                            dead_owner):
    """rq judged attempt 1 abandoned and attempt 2 took the job; then attempt 1's task raised: its
    failure callback must not fail attempt 2, which may still finish."""
    job_id = add_job(mqa_runtime, tenant_a.tenant.id, owner=dead_owner, backend="rq", attempts=2)
    monkeypatch.setattr(jobs, "_worker_runtime", mqa_runtime)
    stale = SimpleNamespace(id=job_id, retries_left=0, meta={"attempt": 1})
    jobs.on_rq_failure(stale, None, RuntimeError, RuntimeError("late"), None)
    assert (row(mqa_runtime, job_id).status, row(mqa_runtime, job_id).error) == (JobStatus.STARTED, None)
    current = SimpleNamespace(id=job_id, retries_left=0, meta={"attempt": 2})
    jobs.on_rq_failure(current, None, RuntimeError, RuntimeError("now"), None)
    assert row(mqa_runtime, job_id).status is JobStatus.FAILED


def test_abandoned_job_without_retries_ends_failed_with_a_clear_error(tenant_a, mqa_runtime, monkeypatch, dead_owner):
    from rq.exceptions import AbandonedJobError

    job_id = add_job(mqa_runtime, tenant_a.tenant.id, owner=dead_owner, backend="rq", attempts=3)
    monkeypatch.setattr(jobs, "_worker_runtime", mqa_runtime)
    jobs.on_rq_failure(SimpleNamespace(id=job_id, retries_left=0), None, AbandonedJobError, AbandonedJobError(), None)
    failed = tenant_a.admin.get(f"/api/v1/jobs/{job_id}").get_json()
    assert failed["status"] == "failed" and failed["finished_at"]
    assert failed["error"] == (f"the worker running attempt 3 ({dead_owner.host} pid {dead_owner.pid}) stopped; "
                               "no retry left after 3 attempt(s)")
    with mqa_runtime.session(Scope.platform()) as session:
        [event] = session.scalars(select(AuditEvent).where(AuditEvent.action == "job.worker_lost"))
        assert event.details["retrying"] is False and event.tenant_id == tenant_a.tenant.id


def test_a_run_that_lost_its_claim_records_nothing(tenant_a, mqa_runtime, monkeypatch):
    def overtaken(ctx):
        with ctx.runtime.session(Scope.platform()) as other:  # another worker claims attempt 2
            other.execute(update(Job).where(Job.id == ctx.job.id).values(attempts=2))
            other.commit()
        with pytest.raises(jobs.Superseded):
            ctx.progress(60, "too late")
        return {"stale": True}

    monkeypatch.setitem(jobs.TASKS, "tenant_export", overtaken)
    job = tenant_a.admin.post("/api/v1/exports", json={}).get_json()
    mqa_runtime.queue.wait(job["id"])
    after = row(mqa_runtime, job["id"])
    assert (after.status, after.attempts, after.result, after.progress) == (JobStatus.STARTED, 2, None, 0)


def test_a_finished_job_is_not_run_again(tenant_a, mqa_runtime, monkeypatch):
    ran = []
    monkeypatch.setitem(jobs.TASKS, "tenant_export", lambda ctx: ran.append(ctx.attempt) or {})
    job = tenant_a.admin.post("/api/v1/exports", json={}).get_json()
    mqa_runtime.queue.wait(job["id"])
    jobs.run_job(job["id"], mqa_runtime)  # rq delivering it twice
    assert ran == [1] and row(mqa_runtime, job["id"]).attempts == 1


def test_list_shows_interrupted_when_the_owner_stops_beating(tenant_a, mqa_runtime):
    stale = utcnow() - jobs.STALE_AFTER - dt.timedelta(seconds=1)
    silent = add_job(mqa_runtime, tenant_a.tenant.id, owner=None, backend="rq", heartbeat_at=stale)
    beating = add_job(mqa_runtime, tenant_a.tenant.id, owner=None, backend="rq", heartbeat_at=utcnow())
    listed = {j["id"]: j["status"] for j in tenant_a.admin.get("/api/v1/jobs").get_json()["items"]}
    assert listed == {silent: "interrupted", beating: "started"}
    assert tenant_a.admin.get(f"/api/v1/jobs/{silent}").get_json()["status"] == "interrupted"


def test_heartbeat_thread_keeps_a_long_run_alive(tenant_a, mqa_runtime, monkeypatch):
    import threading

    monkeypatch.setattr(jobs, "HEARTBEAT_SECONDS", 0.05)
    beats = threading.Event()

    def long_task(ctx):
        first = row(ctx.runtime, ctx.job.id).heartbeat_at
        for _ in range(100):
            if row(ctx.runtime, ctx.job.id).heartbeat_at > first:
                beats.set()
                break
            threading.Event().wait(0.02)
        return {}

    monkeypatch.setitem(jobs.TASKS, "tenant_export", long_task)
    job = tenant_a.admin.post("/api/v1/exports", json={}).get_json()
    mqa_runtime.queue.wait(job["id"])
    assert beats.is_set()


def test_rq_failure_before_the_run_is_recorded_only_when_rq_gives_up(tenant_a, mqa_runtime, monkeypatch):
    job_id = add_job(mqa_runtime, tenant_a.tenant.id, owner=None, backend="rq", status=JobStatus.QUEUED, attempts=0)
    monkeypatch.setattr(jobs, "_worker_runtime", mqa_runtime)
    jobs.on_rq_failure(SimpleNamespace(id=job_id, retries_left=1, meta={}), None, OSError, OSError("db down"), None)
    assert row(mqa_runtime, job_id).status is JobStatus.QUEUED  # rq runs it again
    jobs.on_rq_failure(SimpleNamespace(id=job_id, retries_left=0, meta={}), None, OSError, OSError("db down"), None)
    failed = row(mqa_runtime, job_id)
    assert (failed.status, failed.error) == (JobStatus.FAILED, jobs.UNEXPECTED_FAILURE)
