"""Background jobs: one job table, two ways to run.

* With ``REDIS_URL`` set, jobs go to an rq queue and an rq worker (``mqa worker``) runs them.
* Without it, they run in-process on a small thread pool (the embedded default).

Either way the job's row in ``jobs`` (tenant-owned, so isolated like everything else) is the
status a client reads; progress is also written to the rq job's ``meta``. Jobs receive ids,
never ORM objects, and open their own session under their tenant's scope.
"""
from __future__ import annotations

import logging
import threading
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Protocol

from sqlalchemy.orm import Session

from core import audit
from core.db import utcnow
from core.errors import DomainError, InvalidInput, NotFound, ServiceUnavailable
from core.models import Job, JobStatus
from core.permissions import Principal
from core.tenancy import Scope, scoped

if TYPE_CHECKING:
    from core.runtime import Runtime

log = logging.getLogger(__name__)


@dataclass
class JobContext:
    """What a task receives: its job row, a session in the job's tenant scope, the runtime."""

    job: Job
    session: Session
    runtime: "Runtime"

    def progress(self, percent: int, message: str = "") -> None:
        self.job.progress = max(0, min(100, percent))
        self.job.message = message
        self.session.commit()
        _write_rq_meta(progress=self.job.progress, message=message)


Task = Callable[[JobContext], dict[str, Any]]
TASKS: dict[str, Task] = {}


def task(kind: str) -> Callable[[Task], Task]:
    """Register a task under a job kind."""
    def register(fn: Task) -> Task:
        if kind in TASKS and TASKS[kind] is not fn:
            raise ValueError(f"job kind {kind!r} registered twice")
        TASKS[kind] = fn
        return fn
    return register


class JobQueue(Protocol):
    backend: str

    def enqueue(self, job_id: str) -> None: ...

    def backend_status(self, job_id: str) -> str | None: ...

    def shutdown(self) -> None: ...


class InProcessQueue:
    """Runs jobs on a background thread of this process (no Redis)."""

    backend = "inprocess"

    def __init__(self, runtime: "Runtime", workers: int = 2) -> None:
        self._runtime = runtime
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="mqa-job")
        self._futures: dict[str, Future[None]] = {}
        self._lock = threading.Lock()

    def enqueue(self, job_id: str) -> None:
        future = self._pool.submit(run_job, job_id, self._runtime)
        future.add_done_callback(_log_crash)
        with self._lock:
            self._futures[job_id] = future

    def wait(self, job_id: str, timeout: float = 30) -> None:
        with self._lock:
            future = self._futures.get(job_id)
        if future is not None:
            future.result(timeout=timeout)

    def backend_status(self, job_id: str) -> str | None:
        return None

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)


class RedisQueue:
    """Hands jobs to rq; a separate ``mqa worker`` process runs them."""

    backend = "rq"

    def __init__(self, redis_url: str, queue_name: str) -> None:
        from redis import Redis
        from rq import Queue

        self.connection = Redis.from_url(redis_url)
        self.queue = Queue(queue_name, connection=self.connection)

    def enqueue(self, job_id: str) -> None:
        self.queue.enqueue("core.jobs.run_job_by_id", job_id, job_id=job_id, result_ttl=86400,
                           failure_ttl=7 * 86400, job_timeout=3600)

    def backend_status(self, job_id: str) -> str | None:
        from redis.exceptions import RedisError
        from rq.exceptions import NoSuchJobError
        from rq.job import Job as RqJob

        try:
            return RqJob.fetch(job_id, connection=self.connection).get_status(refresh=True).value
        except NoSuchJobError:
            return None
        except RedisError:
            log.warning("cannot reach Redis to check job %s; showing its recorded status", job_id)
            return None

    def shutdown(self) -> None:
        self.connection.close()


def make_queue(runtime: "Runtime") -> JobQueue:
    if runtime.settings.redis_url:
        return RedisQueue(runtime.settings.redis_url, runtime.settings.job_queue_name)
    return InProcessQueue(runtime)


# -- submitting and reading ----------------------------------------------------------------------

def submit(session: Session, runtime: "Runtime", actor: Principal, kind: str,
           params: dict[str, Any] | None = None) -> Job:
    """Record a job for the actor's tenant, commit, then hand it to the queue."""
    if kind not in TASKS:
        raise InvalidInput.on("kind", f"unknown job kind; known: {', '.join(sorted(TASKS))}")
    job = Job(id=str(uuid.uuid4()), kind=kind, params=params or {}, backend=runtime.queue.backend,
              requested_by_id=actor.user_id, tenant_id=actor.tenant_id)
    session.add(job)
    audit.record(session, actor, "job.submitted", "job", job.id, details={"kind": kind})
    session.commit()
    try:
        runtime.queue.enqueue(job.id)
    except Exception as exc:  # noqa: BLE001 - Redis down, pool shut: the row must not stay "queued"
        log.exception("job %s could not be queued", job.id)
        job.status = JobStatus.FAILED
        job.error = "the job queue could not be reached; nothing ran"
        job.finished_at = utcnow()
        session.commit()
        raise ServiceUnavailable(f"the job queue is unavailable; job {job.id} was recorded as failed") from exc
    return job


def get_job(session: Session, runtime: "Runtime", job_id: str) -> Job:
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound("job", job_id)
    _reconcile(session, runtime, job)
    return job


def list_jobs(session: Session, *, kind: str | None = None, limit: int = 100) -> list[Job]:
    from sqlalchemy import select

    stmt = select(Job).order_by(Job.created_at.desc()).limit(limit)
    if kind:
        stmt = stmt.where(Job.kind == kind)
    return list(session.scalars(stmt))


def _reconcile(session: Session, runtime: "Runtime", job: Job) -> None:
    """A worker that died mid-job leaves the row 'started'; trust rq's verdict then."""
    if job.status in (JobStatus.FINISHED, JobStatus.FAILED) or job.backend != runtime.queue.backend:
        return
    rq_status = runtime.queue.backend_status(job.id)
    if rq_status in ("failed", "stopped", "canceled"):
        job.status = JobStatus.FAILED
        job.error = job.error or f"the worker reported the job {rq_status}"
        job.finished_at = utcnow()
        session.commit()


# -- running -------------------------------------------------------------------------------------

UNEXPECTED_FAILURE = "the job failed unexpectedly; the error was logged"


def run_job(job_id: str, runtime: "Runtime") -> None:
    """Run one job to completion and record its outcome on its row.

    Any failure, in the task or while saving its result, marks the job failed. A client sees
    the message of a domain error, or a generic text: internal details stay in the log.
    Under rq the error is re-raised so rq records the failure too.
    """
    try:
        with runtime.session() as session:
            _run(session, job_id, runtime)
    except Exception as exc:  # noqa: BLE001 - recorded below; the worker lives on
        log.exception("job %s failed", job_id)
        _record_failure(runtime, job_id, exc.message if isinstance(exc, DomainError) else UNEXPECTED_FAILURE)
        if _in_rq():
            raise


def _run(session: Session, job_id: str, runtime: "Runtime") -> None:
    with scoped(session, Scope.platform()):
        job = session.get(Job, job_id)
        if job is None:
            log.error("job %s vanished before it ran", job_id)
            return
        tenant_id = job.tenant_id
    with scoped(session, Scope.tenant(tenant_id)):
        job = session.get(Job, job_id)
        assert job is not None
        job.status = JobStatus.STARTED
        job.started_at = utcnow()
        session.commit()
        result = TASKS[job.kind](JobContext(job=job, session=session, runtime=runtime))
        job.status = JobStatus.FINISHED
        job.progress = 100
        job.result = result
        job.finished_at = utcnow()
        session.commit()
        _write_rq_meta(progress=100, message=job.message)


def _record_failure(runtime: "Runtime", job_id: str, error: str) -> None:
    with runtime.session(Scope.platform()) as session:
        job = session.get(Job, job_id)
        if job is not None:
            job.status = JobStatus.FAILED
            job.error = error
            job.finished_at = utcnow()
            session.commit()


def fail_interrupted(runtime: "Runtime") -> int:
    """At start-up of the embedded server: in-process jobs left queued or started by a previous
    process can never finish; say so instead of leaving them pending forever."""
    from sqlalchemy import update

    with runtime.session(Scope.platform()) as session:
        count = session.execute(
            update(Job).where(Job.backend == InProcessQueue.backend,
                              Job.status.in_([JobStatus.QUEUED, JobStatus.STARTED]))
            .values(status=JobStatus.FAILED, finished_at=utcnow(),
                    error="interrupted: the service restarted before the job finished")
        ).rowcount
        session.commit()
    return count


def _log_crash(future: "Future[None]") -> None:
    exc = future.exception()
    if exc is not None:
        log.error("in-process job runner crashed", exc_info=exc)


_worker_runtime: "Runtime | None" = None


def set_worker_runtime(runtime: "Runtime") -> None:
    """The rq worker command installs its runtime here before it starts working."""
    global _worker_runtime
    _worker_runtime = runtime


def run_job_by_id(job_id: str) -> None:
    """The function rq calls in the worker process."""
    global _worker_runtime
    if _worker_runtime is None:
        from core.config import Settings
        from core.runtime import Runtime

        _worker_runtime = Runtime.build(Settings.from_env())
    _worker_runtime.after_fork()
    run_job(job_id, _worker_runtime)


def _in_rq() -> bool:
    from rq import get_current_job

    return get_current_job() is not None


def _write_rq_meta(**values: Any) -> None:
    from rq import get_current_job

    current = get_current_job()
    if current is not None:
        current.meta.update(values)
        current.save_meta()
