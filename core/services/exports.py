"""Export a tenant's data to a JSON file (a background job)."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import select

from core.jobs import JobContext, task
from core.models import AuditEvent, Job, Tenant, User

EXPORT_KIND = "tenant_export"
FORMAT_VERSION = 1


def _user_row(u: User) -> dict[str, Any]:
    # Never the password hash.
    return {"id": u.id, "username": u.username, "display_name": u.display_name, "role": u.role.value,
            "is_active": u.is_active, "created_at": u.created_at.isoformat(),
            "last_login_at": u.last_login_at.isoformat() if u.last_login_at else None}


def _audit_row(e: AuditEvent) -> dict[str, Any]:
    return {"id": e.id, "at": e.at.isoformat(), "actor": e.actor_username, "action": e.action,
            "target_type": e.target_type, "target_id": e.target_id, "details": e.details}


def _job_row(j: Job) -> dict[str, Any]:
    return {"id": j.id, "kind": j.kind, "status": j.status.value, "created_at": j.created_at.isoformat(),
            "finished_at": j.finished_at.isoformat() if j.finished_at else None}


SECTIONS: list[tuple[str, Callable[[JobContext], list[dict[str, Any]]]]] = [
    ("users", lambda c: [_user_row(u) for u in c.session.scalars(select(User).order_by(User.id)).unique()]),
    ("audit_events", lambda c: [_audit_row(e) for e in c.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]),
    ("jobs", lambda c: [_job_row(j) for j in c.session.scalars(select(Job).order_by(Job.created_at))]),
]


def export_path(root: Path, tenant_id: int, job_id: str) -> Path:
    return root / str(tenant_id) / f"{job_id}.json"


@task(EXPORT_KIND)
def export_tenant(ctx: JobContext) -> dict[str, Any]:
    """Write every section of the tenant's data, reporting progress after each one."""
    tenant = ctx.session.get(Tenant, ctx.job.tenant_id)
    assert tenant is not None
    document: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "tenant": {"id": tenant.id, "code": tenant.code, "name": tenant.name, "status": tenant.status.value,
                   "jurisdiction": tenant.jurisdiction_code, "rule_version": tenant.rule_version_code},
    }
    counts: dict[str, int] = {}
    ctx.progress(5, "tenant")
    for index, (name, collect) in enumerate(SECTIONS, start=1):
        rows = collect(ctx)
        document[name] = rows
        counts[name] = len(rows)
        ctx.progress(5 + int(90 * index / len(SECTIONS)), name)
    path = export_path(ctx.runtime.settings.exports_path, tenant.id, ctx.job.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part")
    tmp.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)
    return {"file": path.name, "bytes": path.stat().st_size, "counts": counts}
