"""Background jobs: one job table, two ways to run.

* With ``REDIS_URL`` set, jobs go to an rq queue and an rq worker (``mqa worker``) runs them.
* Without it, they run in-process on a small thread pool (the embedded default).

Either way the job's row in ``jobs`` (tenant-owned, so isolated like everything else) is the
status a client reads; progress is also written to the rq job's ``meta``. Jobs receive ids,
never ORM objects, and open their own session under their tenant's scope.

Exactly once, with workers that die:

* A run **claims** the row with a conditional UPDATE that raises ``attempts`` from the value it
  read, so no two runs hold the same attempt. Progress, the result and a failure are recorded
  only while the run still holds its attempt (``attempts`` unchanged), and nothing is recorded
  over a finished or failed row: a finished job never regresses, and finishing clears any error.
* Side effects are keyed by the job: an export file is stored once per (tenant, job), so a
  retry that redoes the work writes nothing twice (:mod:`core.platform.services.exports`).
* Under rq, a job is enqueued with a :class:`rq.Retry` and a failure callback. A worker killed
  mid-job (``kill -9``, lost host) stops renewing the job's entry in rq's started registry; the
  maintenance of any live worker then treats it as abandoned, calls the callback (the row
  becomes ``retrying``, or ``failed`` with a clear error when no retry is left) and re-enqueues
  it; the next worker claims attempt 2. A work horse killed under a live worker goes the same
  way through :meth:`JobWorker.handle_work_horse_killed`. A task that raises is not retried: its
  error is recorded and would repeat. A job stopped with rq's stop-job command ends ``failed``.
* While a run works, a thread in its process writes ``heartbeat_at`` every
  :data:`HEARTBEAT_SECONDS`. A ``started`` job whose heartbeat is older than :data:`STALE_AFTER`
  is shown as ``interrupted`` (its process stopped; rq will retry it or fail it), so a list is
  truthful without asking rq about each job.
* In-process jobs record their owning process (host, pid, process start time). Only a process
  that finds that owner gone (same host, and the pid is not running or started at another time)
  marks them failed (:func:`fail_interrupted`, called by ``mqa serve`` once its port is bound).
"""
from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import socket
import threading
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session, load_only
from sqlalchemy.orm.attributes import set_committed_value

from core.engine.messages import _
from core.platform import audit
from core.platform.db import utcnow
from core.errors import DomainError, InvalidInput, NotFound, ServiceUnavailable
from core.platform.models import Job, JobStatus
from core.platform.paging import DEFAULT_LIMIT, Page, keyset_page
from core.platform.permissions import Principal
from core.platform.tenancy import Scope

if TYPE_CHECKING:
    from rq import Worker as RqWorker
    from rq.job import Job as RqJob

    from core.platform.runtime import Runtime

log = logging.getLogger(__name__)

ACTIVE = (JobStatus.QUEUED, JobStatus.STARTED, JobStatus.RETRYING)
DONE = (JobStatus.FINISHED, JobStatus.FAILED)
LIVE = (JobStatus.STARTED, JobStatus.RETRYING)
"""Where a run that still holds its attempt may write: rq may have judged a slow run lost (retrying)
while it was alive; its next write takes the job back."""

HEARTBEAT_SECONDS = 10.0
"""How often a running job's process writes ``heartbeat_at``."""
STALE_AFTER = dt.timedelta(seconds=45)
"""A ``started`` job whose heartbeat is older than this is shown as ``interrupted``."""
INTERRUPTED = "interrupted"
"""The status shown (never stored) for a started job whose process stopped beating."""

JOB_TIMEOUT = 3600
"""Seconds an rq job may run before rq stops it (the job then fails, not retried)."""
RETRY_MAX = 2
RETRY_INTERVALS = [0, 30]
"""An abandoned job is re-enqueued at once the first time (no scheduler needed), then after 30 s."""

UNEXPECTED_FAILURE = "the job failed unexpectedly; the error was logged"


# -- the process that owns a run -----------------------------------------------------------------

@dataclass(frozen=True)
class Owner:
    """A process, named so that another process can tell whether it is still running."""

    host: str
    pid: int
    token: str
    """The process's start time: a pid reused by a later process has another."""

    @classmethod
    def this_process(cls) -> "Owner":
        return _owner_of(os.getpid())

    def is_gone(self) -> bool:
        """True only when certain: same host, and no process with this pid and start time."""
        if self.host != socket.gethostname():
            return False
        if self.pid == os.getpid():
            return self.token != Owner.this_process().token
        return _start_token(self.pid) not in (self.token, "unknown")


@functools.lru_cache(maxsize=4)
def _owner_of(pid: int) -> Owner:
    return Owner(socket.gethostname(), pid, _start_token(pid) or "unknown")


def _start_token(pid: int) -> str | None:
    import psutil

    try:
        return f"{psutil.Process(pid).create_time():.2f}"
    except psutil.NoSuchProcess:
        return None
    except psutil.AccessDenied:
        return "unknown"


def owner_of(job: Job) -> Owner | None:
    if job.owner_host is None or job.owner_pid is None or job.owner_token is None:
        return None
    return Owner(job.owner_host, job.owner_pid, job.owner_token)


def _owned_by(owner: Owner) -> dict[str, Any]:
    return {"owner_host": owner.host, "owner_pid": owner.pid, "owner_token": owner.token}


# -- tasks ---------------------------------------------------------------------------------------

class Superseded(Exception):
    """This run no longer holds its attempt (another run claimed the job, or it was closed)."""


@dataclass
class JobContext:
    """What a task receives: its job row, a session in the job's tenant scope, the runtime."""

    job: Job
    session: Session
    runtime: "Runtime"
    attempt: int = 1

    def progress(self, percent: int, message: str = "") -> None:
        """Record progress (and a heartbeat); :class:`Superseded` if this run lost its attempt."""
        percent = max(0, min(100, percent))
        values = {"status": JobStatus.STARTED, "progress": percent, "message": message, "heartbeat_at": utcnow()}
        if not _update_own_run(self.session, self.job.id, self.attempt, values, LIVE):
            raise Superseded(self.job.id)
        for name, value in values.items():
            set_committed_value(self.job, name, value)
        _write_rq_meta(progress=percent, message=message)


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


# -- queues --------------------------------------------------------------------------------------

class JobQueue(Protocol):
    backend: str

    def enqueue(self, job_id: str) -> None: ...

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
        from rq import Callback, Retry

        self.queue.enqueue("core.platform.jobs.run_job_by_id", job_id, job_id=job_id, result_ttl=86400,
                           failure_ttl=7 * 86400, job_timeout=JOB_TIMEOUT,
                           retry=Retry(max=RETRY_MAX, interval=RETRY_INTERVALS),
                           on_failure=Callback(on_rq_failure), on_stopped=Callback(on_rq_stopped))

    def shutdown(self) -> None:
        self.connection.close()


def make_queue(runtime: "Runtime") -> JobQueue:
    if runtime.settings.redis_url:
        return RedisQueue(runtime.settings.redis_url, runtime.settings.job_queue_name)
    return InProcessQueue(runtime)


# -- submitting and reading ----------------------------------------------------------------------

def submit(session: Session, runtime: "Runtime", actor: Principal, kind: str,
           params: dict[str, Any] | None = None) -> Job:
    """Record a job for the actor's tenant, commit, then hand it to the queue.

    An in-process job is owned by this process from the start; an rq job by the worker that
    claims it.
    """
    if kind not in TASKS:
        raise InvalidInput.on("kind", _("unknown job kind; known: {items}", items=', '.join(sorted(TASKS))))
    job = Job(id=str(uuid.uuid4()), kind=kind, params=params or {}, backend=runtime.queue.backend,
              requested_by_id=actor.user_id, tenant_id=actor.tenant_id, attempts=0)
    if runtime.queue.backend == InProcessQueue.backend:
        for name, value in _owned_by(Owner.this_process()).items():
            setattr(job, name, value)
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
        raise ServiceUnavailable(_("the job queue is unavailable; job {id} was recorded as failed",
                                   id=job.id)) from exc
    return job


def submit_scheduled(runtime: "Runtime", tenant_id: int, kind: str, params: dict[str, Any] | None = None) -> str:
    """Record and queue a job the scheduler starts for a tenant (no user asked for it; audited as such)."""
    from core.platform.tenancy import Scope

    with runtime.session(Scope.tenant(tenant_id)) as session:
        job = Job(id=str(uuid.uuid4()), kind=kind, params=params or {}, backend=runtime.queue.backend,
                  requested_by_id=None, tenant_id=tenant_id, attempts=0)
        if runtime.queue.backend == InProcessQueue.backend:
            for name, value in _owned_by(Owner.this_process()).items():
                setattr(job, name, value)
        session.add(job)
        audit.record(session, None, "job.scheduled", "job", job.id, tenant_id=tenant_id, details={"kind": kind})
        session.commit()
        runtime.queue.enqueue(job.id)
        return job.id


def get_job(session: Session, job_id: str) -> Job:
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound("job", job_id)
    return job


LIST_COLUMNS = (Job.id, Job.tenant_id, Job.kind, Job.status, Job.progress, Job.message, Job.error, Job.backend,
                Job.attempts, Job.created_at, Job.started_at, Job.finished_at, Job.heartbeat_at)
"""What a job list shows (no params, no result: a per-job read has those)."""


def list_jobs(session: Session, *, kind: str | None = None, limit: int = DEFAULT_LIMIT,
              cursor: str | None = None) -> Page[Job]:
    """The scope's jobs, newest first (created_at, id), one keyset page at a time."""
    stmt = select(Job).options(load_only(*LIST_COLUMNS, raiseload=True))
    if kind:
        stmt = stmt.where(Job.kind == kind)
    return keyset_page(session, stmt, [Job.created_at, Job.id], limit=limit, cursor=cursor, descending=True)


def shown_status(job: Job, now: dt.datetime | None = None) -> str:
    """The stored status, except ``interrupted`` for a started job whose process stopped beating."""
    if job.status is JobStatus.STARTED and job.heartbeat_at is not None:
        if job.heartbeat_at < (now or utcnow()) - STALE_AFTER:
            return INTERRUPTED
    return job.status.value


# -- running -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Claim:
    tenant_id: int
    attempt: int


def run_job(job_id: str, runtime: "Runtime") -> None:
    """Claim the job, run its task, record the outcome (all only while this run holds the job).

    Any failure, in the task or while saving its result, marks the job failed. A client sees
    the message of a domain error, or a generic text: internal details stay in the log. Under
    rq the error is re-raised (with no retry left) so rq records the failure too.
    """
    claim = _claim(runtime, job_id, Owner.this_process())
    if claim is None:
        return
    _write_rq_meta(attempt=claim.attempt)  # rq's callbacks for this run then touch only this attempt
    heartbeat = _Heartbeat(runtime, job_id, claim.attempt)
    heartbeat.start()
    try:
        with runtime.session(Scope.tenant(claim.tenant_id)) as session:
            job = session.get(Job, job_id)
            if job is None:
                raise Superseded(job_id)
            result = TASKS[job.kind](JobContext(job=job, session=session, runtime=runtime, attempt=claim.attempt))
            session.commit()
            values = {"status": JobStatus.FINISHED, "progress": 100, "result": result, "error": None,
                      "finished_at": utcnow(), "heartbeat_at": utcnow()}
            if not _update_own_run(session, job_id, claim.attempt, values, LIVE):
                raise Superseded(job_id)
            _write_rq_meta(progress=100, message=job.message)
    except Superseded:
        log.warning("job %s: attempt %d lost its claim; another run or a restart took over", job_id, claim.attempt)
    except Exception as exc:  # noqa: BLE001 - recorded below; the worker lives on
        log.exception("job %s failed", job_id)
        _record_failure(runtime, job_id, _failure_message(exc), attempt=claim.attempt)
        if _in_rq():
            _no_more_retries()
            raise
    finally:
        heartbeat.stop()


def _failure_message(exc: Exception) -> str:
    from rq.timeouts import JobTimeoutException

    if isinstance(exc, DomainError):
        return exc.message
    if isinstance(exc, JobTimeoutException):
        return f"the job ran longer than its limit of {JOB_TIMEOUT} s and was stopped"
    return UNEXPECTED_FAILURE


def _claim(runtime: "Runtime", job_id: str, owner: Owner) -> Claim | None:
    """Take the next attempt of an unfinished job: a conditional UPDATE from the attempt read."""
    with runtime.session(Scope.platform()) as session:
        row = session.execute(select(Job.tenant_id, Job.status, Job.attempts).where(Job.id == job_id)).one_or_none()
        if row is None:
            log.error("job %s vanished before it ran", job_id)
            return None
        if row.status in DONE:
            log.info("job %s is already %s; nothing to run", job_id, row.status.value)
            return None
        now = utcnow()
        claimed = session.execute(
            update(Job).where(Job.id == job_id, Job.attempts == row.attempts, Job.status.in_(ACTIVE))
            .values(status=JobStatus.STARTED, attempts=row.attempts + 1, started_at=now, heartbeat_at=now,
                    **_owned_by(owner))
            .execution_options(synchronize_session=False)).rowcount
        session.commit()
    if claimed != 1:
        log.warning("job %s was claimed by another run first", job_id)
        return None
    return Claim(row.tenant_id, row.attempts + 1)


def _update_own_run(session: Session, job_id: str, attempt: int, values: dict[str, Any],
                    statuses: tuple[JobStatus, ...]) -> bool:
    """Write ``values`` if the run still holds ``attempt`` and the row is in ``statuses``; commit."""
    done = session.execute(
        update(Job).where(Job.id == job_id, Job.attempts == attempt, Job.status.in_(statuses))
        .values(**values).execution_options(synchronize_session=False)).rowcount
    session.commit()
    return done == 1


def _record_failure(runtime: "Runtime", job_id: str, error: str, *, attempt: int | None = None) -> bool:
    """Mark an unfinished job failed (never a finished one); with ``attempt``, only that run's."""
    with runtime.session(Scope.platform()) as session:
        stmt = update(Job).where(Job.id == job_id, Job.status.in_(ACTIVE))
        if attempt is not None:
            stmt = stmt.where(Job.attempts == attempt)
        done = session.execute(stmt.values(status=JobStatus.FAILED, error=error, finished_at=utcnow())
                               .execution_options(synchronize_session=False)).rowcount
        session.commit()
    return done == 1


class _Heartbeat:
    """A thread that writes the run's ``heartbeat_at`` while its task works."""

    def __init__(self, runtime: "Runtime", job_id: str, attempt: int) -> None:
        self._runtime, self._job_id, self._attempt = runtime, job_id, attempt
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"mqa-heartbeat-{job_id[:8]}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=5)

    def _beat(self) -> None:
        while not self._stopped.wait(HEARTBEAT_SECONDS):
            try:
                with self._runtime.session(Scope.platform()) as session:
                    if not _update_own_run(session, self._job_id, self._attempt,
                                           {"status": JobStatus.STARTED, "heartbeat_at": utcnow()}, LIVE):
                        return
            except Exception:  # noqa: BLE001 - a missed beat is not the task's failure
                log.warning("job %s: could not record a heartbeat", self._job_id, exc_info=True)


def fail_interrupted(runtime: "Runtime") -> int:
    """Mark failed the unfinished in-process jobs whose owning process is gone; return how many.

    Called by ``mqa serve`` once it listens. Jobs of a live process (this one, another server
    on this host) and jobs owned on another host are left alone; a row with no owner recorded
    (written before owners were) counts as gone.
    """
    with runtime.session(Scope.platform()) as session:
        rows = session.execute(select(Job.id, Job.owner_host, Job.owner_pid, Job.owner_token, Job.attempts)
                               .where(Job.backend == InProcessQueue.backend, Job.status.in_(ACTIVE))).all()
    count = 0
    for row in rows:
        owner = (Owner(row.owner_host, row.owner_pid, row.owner_token)
                 if row.owner_host and row.owner_pid is not None and row.owner_token else None)
        if owner is not None and not owner.is_gone():
            continue
        where = f"{owner.host} pid {owner.pid}" if owner else "an earlier version"
        if _record_failure(runtime, row.id, f"interrupted: the process running it ({where}) stopped before it "
                           "finished", attempt=row.attempts):
            count += 1
    return count


def _log_crash(future: "Future[None]") -> None:
    exc = future.exception()
    if exc is not None:
        log.error("in-process job runner crashed", exc_info=exc)


# -- rq ------------------------------------------------------------------------------------------

_worker_runtime: "Runtime | None" = None


def set_worker_runtime(runtime: "Runtime") -> None:
    """The rq worker command installs its runtime here before it starts working."""
    global _worker_runtime
    _worker_runtime = runtime


def _runtime_in_worker() -> "Runtime":
    global _worker_runtime
    if _worker_runtime is None:
        from core.platform.config import Settings
        from core.platform.runtime import Runtime

        _worker_runtime = Runtime.build(Settings.from_env())
    _worker_runtime.after_fork()
    return _worker_runtime


def run_job_by_id(job_id: str) -> None:
    """The function rq calls in the worker process."""
    run_job(job_id, _runtime_in_worker())


def on_rq_failure(rq_job: "RqJob", connection: Any, exc_type: type[BaseException] | None,
                  exc_value: BaseException | None, traceback: Any) -> None:
    """rq's failure callback: for an abandoned job (its worker died), called by the maintenance of
    another worker; otherwise in the work horse, after :func:`run_job` recorded the failure."""
    from rq.exceptions import AbandonedJobError

    runtime = _runtime_in_worker()
    retrying = bool(rq_job.retries_left and rq_job.retries_left > 0)  # rq decides right after this call
    if exc_type is not None and issubclass(exc_type, AbandonedJobError):
        record_lost_run(runtime, rq_job.id, retrying=retrying)
    elif not retrying:  # e.g. the job could not even be claimed; a no-op when run_job recorded it
        # Only the attempt this process ran (its own copy of the meta, not Redis's, which a newer
        # attempt may have rewritten): a stale run that fails late never fails the run that replaced it.
        _record_failure(runtime, rq_job.id, UNEXPECTED_FAILURE, attempt=_attempt_of(rq_job.meta))


def on_rq_stopped(rq_job: "RqJob", connection: Any) -> None:
    """rq's stopped callback: an operator stopped the job (``rq``'s stop-job command); not retried."""
    _record_failure(_runtime_in_worker(), rq_job.id, "stopped by an operator before it finished",
                    attempt=_attempt_of(rq_job.get_meta(refresh=True)))


def _attempt_of(meta: dict[str, Any] | None) -> int | None:
    attempt = (meta or {}).get("attempt")
    return attempt if isinstance(attempt, int) and not isinstance(attempt, bool) else None


def record_lost_run(runtime: "Runtime", job_id: str, *, retrying: bool) -> bool:
    """The process running a job died: the row says ``retrying``, or ``failed`` when rq has no retry
    left, and the tenant's audit trail says so (``job.worker_lost``). False if the job had ended."""
    with runtime.session(Scope.platform()) as session:
        row = session.execute(select(Job.tenant_id, Job.attempts, Job.owner_host, Job.owner_pid)
                              .where(Job.id == job_id)).one_or_none()
        if row is None:
            return False
        lost = f"the worker running attempt {row.attempts} ({row.owner_host} pid {row.owner_pid}) stopped"
        values: dict[str, Any] = (
            {"status": JobStatus.RETRYING, "error": f"{lost}; retrying"} if retrying else
            {"status": JobStatus.FAILED, "error": f"{lost}; no retry left after {row.attempts} attempt(s)",
             "finished_at": utcnow()})
        done = session.execute(update(Job).where(Job.id == job_id, Job.attempts == row.attempts,
                                                 Job.status.in_(ACTIVE))
                               .values(**values).execution_options(synchronize_session=False)).rowcount
        if done == 1:
            audit.record(session, None, "job.worker_lost", "job", job_id, tenant_id=row.tenant_id,
                         details={"attempt": row.attempts, "host": row.owner_host, "pid": row.owner_pid,
                                  "retrying": retrying})
        session.commit()
    return done == 1


def worker_class() -> "type[RqWorker]":
    """:class:`JobWorker`, built on first use so that importing this module needs no rq worker."""
    return _job_worker()


@functools.cache
def _job_worker() -> "type[RqWorker]":
    from rq import Worker

    class JobWorker(Worker):
        """rq's forking worker, recording on the job's row a work horse that was killed, and with
        the grace after a missed heartbeat configurable (rq's default: 60 s)."""

        heartbeat_grace = 60

        @property
        def dequeue_timeout(self) -> int:
            # rq waits for a job up to worker_ttl - 15 s (405 s) and runs maintenance only between
            # waits: wake up often enough to find abandoned jobs on time.
            return max(1, min(super().dequeue_timeout, self.maintenance_interval))

        def get_heartbeat_ttl(self, job: "RqJob", working_time: float = 0.0) -> int:
            return super().get_heartbeat_ttl(job, working_time) - 60 + self.heartbeat_grace

        def handle_work_horse_killed(self, job: "RqJob", retpid: int | None, ret_val: int | None,
                                     rusage: Any) -> None:
            super().handle_work_horse_killed(job, retpid, ret_val, rusage)
            try:
                record_lost_run(_runtime_in_worker(), job.id, retrying=job.should_retry)
            except Exception:  # noqa: BLE001 - rq still retries or fails the job
                log.exception("job %s: could not record its killed work horse", job.id)

    return JobWorker


def _in_rq() -> bool:
    from rq import get_current_job

    return get_current_job() is not None


def _no_more_retries() -> None:
    """A task that raised is not retried (its error would repeat); only lost workers are."""
    from rq import get_current_job

    current = get_current_job()
    if current is not None:
        current.retries_left = 0


def _write_rq_meta(**values: Any) -> None:
    from rq import get_current_job

    current = get_current_job()
    if current is not None:
        current.meta.update(values)
        current.save_meta()
