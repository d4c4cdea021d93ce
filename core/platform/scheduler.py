"""Periodic jobs: every interval (and once at start, which catches up a missed run), one job of each
periodic kind per active tenant, through the job queue (in-process when embedded, rq with Redis).

The kinds are idempotent by design (a reminder is recorded once per obligation and kind, an erasure
erases what is due), so an extra run, or two schedulers, send nothing twice.
"""
from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Sequence

from sqlalchemy import select

from core.platform.jobs import submit_scheduled
from core.platform.models import Tenant, TenantStatus
from core.platform.tenancy import Scope

if TYPE_CHECKING:
    from core.platform.runtime import Runtime

log = logging.getLogger(__name__)

PERIODIC_KINDS = ("reminders", "personal_data_erasure")


def run_once(runtime: "Runtime", kinds: Sequence[str] = PERIODIC_KINDS) -> list[str]:
    """Queue one job of each kind for every active tenant; the ids of the jobs queued."""
    with runtime.session(Scope.platform()) as session:
        tenants = list(session.scalars(select(Tenant.id).where(Tenant.status == TenantStatus.ACTIVE)
                                       .order_by(Tenant.id)))
    queued = []
    for tenant_id in tenants:
        for kind in kinds:
            try:
                queued.append(submit_scheduled(runtime, tenant_id, kind))
            except Exception:  # noqa: BLE001 - one tenant's failure must not stop the others' reminders
                log.exception("scheduled %s for tenant %s could not be queued", kind, tenant_id)
    return queued


class Scheduler(threading.Thread):
    """Runs :func:`run_once` at start and then every ``interval`` seconds until :meth:`stop`."""

    def __init__(self, runtime: "Runtime", interval: float, kinds: Sequence[str] = PERIODIC_KINDS) -> None:
        super().__init__(name="mqa-scheduler", daemon=True)
        self.runtime, self.interval, self.kinds = runtime, interval, tuple(kinds)
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.is_set():
            try:
                run_once(self.runtime, self.kinds)
            except Exception:  # noqa: BLE001 - logged; tried again at the next interval
                log.exception("the periodic jobs could not be queued")
            self._stopped.wait(self.interval)

    def stop(self) -> None:
        self._stopped.set()
