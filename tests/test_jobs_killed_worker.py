"""A worker killed with SIGKILL mid-job: another worker retries the job, which completes exactly once.

The worker processes import this module (``python -c "import tests.test_jobs_killed_worker; ..."``)
so that they know the slow task below.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from api.app import create_app
from core.platform import jobs
from core.platform.jobs import JobContext, task
from core.platform.models import AuditEvent, ExportFile, Job, JobStatus, Role
from core.platform.permissions import Principal
from core.platform.runtime import Runtime
from core.platform.services import exports
from core.platform.tenancy import Scope
from core.testing import TenantFactory
from tests.conftest import Api

SLOW_KIND = "test_slow_export"
FAILING_KIND = "test_failing"
ROOT = Path(__file__).resolve().parent.parent


@task(SLOW_KIND)
def slow_export(ctx: JobContext) -> dict[str, Any]:
    """Store a file (the side effect), then dawdle: a worker killed now has done the work but not finished."""
    beacons = Path(os.environ["MQA_TEST_BEACONS"])
    with open(beacons / "runs", "a", encoding="utf-8") as runs:
        runs.write(f"attempt {ctx.attempt} pid {os.getpid()}\n")
    result = exports.write_document(ctx, {"job": ctx.job.id, "attempt": ctx.attempt, "pid": os.getpid()})
    ctx.progress(50, "stored; dawdling")
    (beacons / f"stored-{ctx.attempt}").touch()
    time.sleep(float(os.environ.get("MQA_TEST_DAWDLE_SECONDS", "3")))
    return result


@task(FAILING_KIND)
def failing(ctx: JobContext) -> dict[str, Any]:
    from core.errors import InvalidInput

    raise InvalidInput.on("files", "the disk is full")


WORKER_CODE = "import tests.test_jobs_killed_worker; from api.cli import main; main()"


def start_worker(env: dict[str, str], *extra: str) -> subprocess.Popen[bytes]:
    """``mqa worker`` with the test tasks known, checking for abandoned jobs every second."""
    with open(Path(env["MQA_TEST_BEACONS"]) / "worker.log", "ab") as log:
        return subprocess.Popen([sys.executable, "-c", WORKER_CODE, "worker", "--maintenance-interval", "1",
                                 "--job-monitoring-interval", "1", "--heartbeat-grace", "2", *extra],
                                env=env, cwd=ROOT, start_new_session=True, stdout=log, stderr=log)


def wait_for(condition, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the worker and its scheduler (its process group); the work horse has its own group."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=10)


@dataclasses.dataclass
class Deployment:
    runtime: Runtime
    env: dict[str, str]
    beacons: Path
    tenant_id: int
    actor: Principal
    workers: list[subprocess.Popen[bytes]]

    def submit(self, kind: str) -> str:
        with self.runtime.session(Scope.tenant(self.tenant_id)) as session:
            return jobs.submit(session, self.runtime, self.actor, kind).id

    def start_worker(self, *extra: str) -> subprocess.Popen[bytes]:
        worker = start_worker(self.env, *extra)
        self.workers.append(worker)
        return worker

    def job(self, job_id: str) -> Job:
        with self.runtime.session(Scope.platform()) as session:
            job = session.get(Job, job_id)
            assert job is not None
            return job

    def wait_until_done(self, job_id: str, timeout: float = 30) -> Job:
        return wait_for(lambda: (j := self.job(job_id)).status in jobs.DONE and j, timeout, f"job {job_id} to end")


@pytest.fixture
def deployment(mqa_settings, mqa_registry, redis_url, tmp_path):
    """A runtime on rq (a queue of its own) and the environment its worker processes need."""
    queue_name = f"mqa-kill-{uuid.uuid4().hex[:8]}"
    settings = dataclasses.replace(mqa_settings, redis_url=redis_url, job_queue_name=queue_name)
    runtime = Runtime.build(settings, mqa_registry)
    beacons = tmp_path / "beacons"
    beacons.mkdir()
    env = {**os.environ, "DATABASE_URL": settings.database_url, "REDIS_URL": redis_url,
           "MQA_JOB_QUEUE": queue_name, "MQA_INSTANCE_PATH": str(settings.instance_path),
           "MQA_TEST_BEACONS": str(beacons), "PYTHONPATH": str(ROOT)}
    factory = TenantFactory(runtime)
    tenant = factory.tenant("city-k")
    boss = factory.user(tenant, Role.OFFICE_ADMIN, "boss")
    world = Deployment(runtime, env, beacons, tenant.id, Principal(boss.id, boss.username, boss.role, tenant.id,
                                                                   tenant.code), [])
    yield world
    for worker in world.workers:
        kill_group(worker)
    for line in (beacons / "runs").read_text().splitlines() if (beacons / "runs").exists() else []:
        try:
            os.kill(int(line.split()[3]), signal.SIGKILL)  # a work horse left running by a failed test
        except ProcessLookupError:
            pass
    connection = runtime.queue.connection
    for key in connection.scan_iter(f"rq:*{queue_name}*"):
        connection.delete(key)
    runtime.close()


@pytest.mark.services
def test_killed_worker_job_completes_exactly_once(deployment, monkeypatch):
    from rq.job import Job as RqJob

    runtime, beacons = deployment.runtime, deployment.beacons
    job_id = deployment.submit(SLOW_KIND)
    first_worker = deployment.start_worker()
    wait_for(lambda: (beacons / "stored-1").exists(), 30, "attempt 1 to store its file")
    first = deployment.job(job_id)
    assert (first.status, first.attempts) == (JobStatus.STARTED, 1)
    horse_pid = first.owner_pid
    assert horse_pid not in (None, first_worker.pid, os.getpid())
    kill_group(first_worker)
    os.kill(horse_pid, signal.SIGKILL)  # the work horse runs in a process group of its own

    # Without asking rq, the list shows that nobody is running the job any more.
    client = Api(create_app(runtime=runtime).test_client()).login("boss", tenant="city-k")
    monkeypatch.setattr(jobs, "STALE_AFTER", dt.timedelta(seconds=1))
    time.sleep(1.2)
    [listed] = client.get("/api/v1/jobs").get_json()["items"]
    assert (listed["id"], listed["status"], listed["attempts"]) == (job_id, "interrupted", 1)

    deployment.start_worker()
    done = deployment.wait_until_done(job_id)
    assert (done.status, done.attempts, done.error, done.progress) == (JobStatus.FINISHED, 2, None, 100)
    with runtime.session(Scope.platform()) as session:
        files = session.scalar(select(func.count()).select_from(ExportFile).where(ExportFile.job_id == job_id))
        assert files == 1
        [lost] = session.scalars(select(AuditEvent).where(AuditEvent.action == "job.worker_lost"))
        assert (lost.target_id, lost.tenant_id) == (job_id, deployment.tenant_id)  # rq's abandoned-job callback ran
        assert lost.details == {"attempt": 1, "host": first.owner_host, "pid": horse_pid, "retrying": True}
    runs = (beacons / "runs").read_text().splitlines()
    assert [line.split()[1] for line in runs] == ["1", "2"]  # the task ran twice ...
    with runtime.session(Scope.tenant(deployment.tenant_id)) as session:
        stored = exports.read(runtime, session, job_id)
    assert json.loads(stored.content)["attempt"] == 1  # ... and its side effect happened once: the first file
    assert done.result["sha256"] == stored.sha256
    rq_job = RqJob.fetch(job_id, connection=runtime.queue.connection)
    assert rq_job.get_status().value == "finished"
    assert rq_job.retries_left == jobs.RETRY_MAX - 1  # rq's own Retry brought it back


@pytest.mark.services
def test_killed_work_horse_under_a_live_worker_is_retried(deployment):
    job_id = deployment.submit(SLOW_KIND)
    deployment.start_worker()
    wait_for(lambda: (deployment.beacons / "stored-1").exists(), 30, "attempt 1 to store its file")
    os.kill(deployment.job(job_id).owner_pid, signal.SIGKILL)
    done = deployment.wait_until_done(job_id)
    assert (done.status, done.attempts, done.error) == (JobStatus.FINISHED, 2, None)
    with deployment.runtime.session(Scope.platform()) as session:
        [lost] = session.scalars(select(AuditEvent).where(AuditEvent.action == "job.worker_lost"))
        assert lost.details["attempt"] == 1 and lost.details["retrying"] is True


@pytest.mark.services
def test_a_task_that_raises_is_not_retried(deployment):
    from rq.job import Job as RqJob

    job_id = deployment.submit(FAILING_KIND)
    worker = subprocess.run([sys.executable, "-c", WORKER_CODE, "worker", "--burst"], env=deployment.env, cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert worker.returncode == 0, worker.stderr
    failed = deployment.job(job_id)
    assert (failed.status, failed.attempts, failed.error) == (JobStatus.FAILED, 1, "files: the disk is full")
    rq_job = RqJob.fetch(job_id, connection=deployment.runtime.queue.connection)
    assert rq_job.get_status().value == "failed" and not rq_job.retries_left


@pytest.mark.services
def test_a_job_stopped_by_an_operator_ends_failed(deployment):
    from rq.command import send_stop_job_command

    job_id = deployment.submit(SLOW_KIND)
    deployment.start_worker()
    wait_for(lambda: (deployment.beacons / "stored-1").exists(), 30, "attempt 1 to store its file")
    send_stop_job_command(deployment.runtime.queue.connection, job_id)
    stopped = deployment.wait_until_done(job_id)
    assert (stopped.status, stopped.attempts) == (JobStatus.FAILED, 1)
    assert stopped.error == "stopped by an operator before it finished"
