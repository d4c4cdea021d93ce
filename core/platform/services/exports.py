"""Export a tenant's data to a JSON file (a background job), kept in storage every host shares; and
the storage of any other job's file (the cycle and committee workbooks), with its own media type.

``settings.export_storage`` chooses where the bytes go: ``database`` (the default; a row of
``export_files`` holds them) or ``directory`` (``<instance>/exports/<tenant>/<job>.json``, for an
instance path on a mount every host shares). Either way one ``export_files`` row per
(tenant, job) records the file, and it is written once: a retried job that writes again keeps
the first file (insert-or-ignore; a hard link that refuses to replace).
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.platform.config import EXPORT_STORAGES
from core.platform.db import dialect_insert
from core.errors import Conflict
from core.platform.jobs import JobContext, task
from core.platform.models import ExportFile
from core.platform.permissions import Permission
from core.platform.storage import write_once
from core.platform.tenancy import Scope
from core.engine.messages import _

if TYPE_CHECKING:
    from core.platform.runtime import Runtime

EXPORT_KIND = "tenant_export"
MEDIA_TYPE = "application/json"

DOWNLOADS: dict[str, Permission] = {EXPORT_KIND: Permission.EXPORTS_RUN}
"""Job kinds whose finished jobs have a file to download, and the permission a download takes (the one
that starts such a job). A module defining such a task registers it with :func:`downloadable`."""


def downloadable(kind: str, permission: Permission) -> None:
    """Let finished jobs of ``kind`` be downloaded by whoever holds ``permission``."""
    if DOWNLOADS.get(kind, permission) is not permission:
        raise ValueError(f"job kind {kind!r} is downloadable under {DOWNLOADS[kind].value} already")
    DOWNLOADS[kind] = permission


@dataclass(frozen=True)
class StoredFile:
    filename: str
    media_type: str
    size: int
    sha256: str
    content: bytes


def export_path(root: Path, tenant_id: int, job_id: str, suffix: str = ".json") -> Path:
    """Where the ``directory`` storage keeps a job's file: ``<root>/<tenant>/<job><suffix>`` (the suffix of
    the file's name: ``.json`` for the tenant export, ``.xlsx`` for a workbook)."""
    return root / str(tenant_id) / f"{job_id}{suffix}"


def _suffix(filename: str) -> str:
    return Path(filename).suffix.lower() or ".json"


def _check_storage(runtime: "Runtime") -> str:
    storage = runtime.settings.export_storage
    if storage not in EXPORT_STORAGES:  # Settings.from_env refuses others; a Settings built in code may not
        raise ValueError(f"MQA_EXPORT_STORAGE must be one of {', '.join(EXPORT_STORAGES)}, not {storage!r}")
    return storage


def store(runtime: "Runtime", tenant_id: int, job_id: str, filename: str, content: bytes,
          media_type: str = MEDIA_TYPE) -> tuple[ExportFile, bool]:
    """Keep a job's file (``filename`` as it is downloaded, ``media_type`` as it is served) unless one is
    kept already; return the kept file's record and whether this call wrote it."""
    storage = _check_storage(runtime)
    if storage == "directory":
        content = write_once(export_path(runtime.settings.exports_path, tenant_id, job_id, _suffix(filename)), content)
    row = {"tenant_id": tenant_id, "job_id": job_id, "filename": filename, "media_type": media_type,
           "storage": storage, "size": len(content), "sha256": hashlib.sha256(content).hexdigest(),
           "content": content if storage == "database" else None}
    with runtime.session(Scope.platform()) as session:
        inserted = _insert_or_ignore(session, row)
        session.commit()
        kept = session.get(ExportFile, (tenant_id, job_id))
        assert kept is not None
        session.expunge(kept)
    return kept, inserted


def _insert_or_ignore(session: Session, row: dict[str, Any]) -> bool:
    stmt = (dialect_insert(session)(ExportFile).values(**row)
            .on_conflict_do_nothing(index_elements=["tenant_id", "job_id"]).returning(ExportFile.job_id))
    return session.execute(stmt).first() is not None




def read(runtime: "Runtime", session: Session, job_id: str) -> StoredFile:
    """The file of a job of the session's scope; :class:`Conflict` when there is none."""
    record = session.scalars(select(ExportFile).where(ExportFile.job_id == job_id)).one_or_none()
    if record is None:
        raise Conflict(_("job {id} has no export file", id=job_id))
    content = record.content
    if record.storage == "directory":
        path = export_path(runtime.settings.exports_path, record.tenant_id, job_id, _suffix(record.filename))
        try:
            content = path.read_bytes()
        except FileNotFoundError:
            raise Conflict(_("the export file of job {id} is missing from {folder}; is the shared instance path "
                             "mounted on this host?", id=job_id, folder=str(path.parent))) from None
    assert content is not None
    return StoredFile(record.filename, record.media_type, record.size, record.sha256, content)


def discard_before(session: Session, cutoff: dt.datetime, exports_root: Path | None) -> list[str]:
    """Delete the session's tenant's stored files made before ``cutoff`` (their bytes in the database, or
    their file under ``exports_root`` for the directory storage); answer their jobs' ids. The jobs stay,
    so their history does; a download of one answers 409 (no export file)."""
    old = list(session.scalars(select(ExportFile).where(ExportFile.created_at < cutoff)))
    for record in old:
        if record.storage == "directory" and exports_root is not None:
            export_path(exports_root, record.tenant_id, record.job_id, _suffix(record.filename)).unlink(missing_ok=True)
        session.delete(record)
    return [record.job_id for record in old]


def write_document(ctx: JobContext, document: dict[str, Any]) -> dict[str, Any]:
    """Store a job's JSON document once; the job's result describing the kept file."""
    import json

    content = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
    kept, _written = store(ctx.runtime, ctx.job.tenant_id, ctx.job.id, f"{ctx.job.id}.json", content)
    return {"file": kept.filename, "bytes": kept.size, "sha256": kept.sha256}


@task(EXPORT_KIND)
def export_tenant(ctx: JobContext) -> dict[str, Any]:
    """Write every section of the tenant's archive, reporting progress after each one."""
    from core.platform.services import tenant_archive

    document = tenant_archive.build(ctx.session, ctx.job.tenant_id,
                                    on_section=lambda done, total, name: ctx.progress(5 + int(90 * done / total), name))
    counts = {name: len(document[name]) for name in tenant_archive.SECTIONS}
    return {**write_document(ctx, document), "counts": counts}
