"""Files attached to an application: what may be uploaded, where the bytes live, who may read them.

An applicant attaches PDFs, images and office documents to its own application while it can still
change it (a draft, or one sent back for corrections); a submitted application is frozen. Each
upload is checked before anything is kept: not empty, not larger than :data:`MAX_FILE_BYTES`, of
an allowed type judged by its first bytes (the type the client declares must agree), passed by the
virus-scan hook (:func:`scanner`), at most :data:`MAX_FILES` per application. Its SHA-256 is kept
and checked again on every read, so bytes changed behind the service's back are refused, never
served.

The bytes go to the blob storage the settings name (:mod:`core.platform.storage`: the database by
default, or a directory every host shares, standing in for an object store), so every API process
reads every attachment.

Trade secrets (商业秘密、技术秘密; Changde 第三十八条): the article asks applicants to declare the
business or technical secrets in their materials, and binds every body and person taking part in the
award to keep the secrets they come to know. The platform reads that as: an attachment the
applicant marks ``trade_secret`` is read only by those who must judge it (the office and the
experts assigned to the application, :func:`may_read_trade_secret`) and by its owner; supervisors
see that it exists, not its content; and every read, allowed or refused, joins the audit trail.
"""
from __future__ import annotations

import hashlib
import importlib
import io
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session, defer, load_only

from core.engine.messages import _
from core.applications.models import Application, ApplicationStatus, Attachment, ScanStatus
from core.applications.services import may_see, open_correction_in_time, own_application, visible
from core.cycles.plans import get_cycle, require_open
from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied, ServiceUnavailable
from core.platform import audit, clock, versioning
from core.platform.models import Role
from core.platform.paging import DEFAULT_LIMIT, Page, keyset_page
from core.platform.permissions import Principal
from core.platform.storage import STORAGES, BlobMissing, BlobStorage, DatabaseStorage, DirectoryStorage

MAX_FILE_BYTES = 20 * 1024 * 1024
"""20 MiB per file (setting ``attachment_max_bytes``)."""
MAX_FILES = 50
"""Attachments per application."""
MAX_FILENAME = 200
CHANGEABLE = (ApplicationStatus.DRAFT, ApplicationStatus.CORRECTION_REQUESTED)
"""Where the applicant may still add files; PATCH and DELETE only in a draft."""

PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOC, XLS, PPT = "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"

EXTENSIONS: dict[str, tuple[str, ...]] = {
    PDF: (".pdf",), PNG: (".png",), JPEG: (".jpg", ".jpeg"), DOCX: (".docx",), XLSX: (".xlsx",), PPTX: (".pptx",),
    DOC: (".doc",), XLS: (".xls",), PPT: (".ppt",),
}
ALLOWED_TYPES = tuple(EXTENSIONS)
"""The media types an upload may declare (its ``Content-Type``)."""

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OOXML_PARTS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))


def sniff(content: bytes) -> tuple[str, ...]:
    """The allowed media types ``content`` can be, judged by its first bytes (and, for a zip, its list
    of parts); empty when it is none of them. A legacy OLE2 file may be any of .doc, .xls or .ppt."""
    if content.startswith(b"%PDF-"):
        return (PDF,)
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return (PNG,)
    if content.startswith(b"\xff\xd8\xff"):
        return (JPEG,)
    if content.startswith(OLE2):
        return (DOC, XLS, PPT)
    if content.startswith(b"PK\x03\x04"):
        try:  # reads the central directory only: nothing is decompressed
            names = zipfile.ZipFile(io.BytesIO(content)).namelist()
        except Exception:  # any damage (zipfile raises several kinds): not an office document we accept
            return ()
        if "[Content_Types].xml" not in names:
            return ()  # a plain zip is not an office document
        return tuple(media for prefix, media in _OOXML_PARTS if any(n.startswith(prefix) for n in names))
    return ()


# -- settings (read with defaults until core/platform/config.py names them) -------------------------

def storage_name(settings: Any) -> str:
    """``attachment_storage``: ``database`` (default) or ``directory``."""
    name = getattr(settings, "attachment_storage", None) or STORAGES[0]
    if name not in STORAGES:
        raise ValueError(f"MQA_ATTACHMENT_STORAGE must be one of {', '.join(STORAGES)}, not {name!r}")
    return name


def max_file_bytes(settings: Any) -> int:
    return int(getattr(settings, "attachment_max_bytes", None) or MAX_FILE_BYTES)


def storage(session: Session, settings: Any, name: str | None = None) -> BlobStorage:
    """The store named ``name`` (an attachment's ``storage``), or the one the settings choose for new files."""
    name = name or storage_name(settings)
    if name == "directory":
        return DirectoryStorage(settings.instance_path / "attachments")
    if name == "database":
        return DatabaseStorage(session, Attachment.object_key, Attachment.content)
    raise ValueError(f"unknown attachment storage {name!r}")


# -- the virus-scan hook -----------------------------------------------------------------------------

Scanner = Callable[[bytes], tuple[ScanStatus, str]]
"""Scans a file's bytes: (``clean`` | ``infected`` | ``failed`` | ``not_scanned``, a note such as the
signature found). A clamd scanner would send the bytes with INSTREAM and map ``FOUND`` to infected."""


def no_scan(_content: bytes) -> tuple[ScanStatus, str]:
    """The default: no scanner is configured, so the file is kept as ``not_scanned`` and says so."""
    return ScanStatus.NOT_SCANNED, "no virus scanner is configured"


SCANNERS: dict[str, Scanner] = {"none": no_scan}


def scanner(settings: Any) -> Scanner:
    """The scanner named by the setting ``attachment_scanner``: a name of :data:`SCANNERS` (default
    ``none``) or ``package.module:function`` to plug one in without touching this module."""
    name = getattr(settings, "attachment_scanner", None) or "none"
    if name in SCANNERS:
        return SCANNERS[name]
    module, _sep, attribute = name.partition(":")
    if not attribute:
        raise ValueError(f"MQA_ATTACHMENT_SCANNER must be one of {', '.join(SCANNERS)} or module:function, "
                         f"not {name!r}")
    return getattr(importlib.import_module(module), attribute)


def _scan(settings: Any, content: bytes) -> tuple[ScanStatus, str]:
    try:
        status, note = scanner(settings)(content)
    except Exception as exc:  # a scanner that cannot answer must not let the file through unscanned
        raise ServiceUnavailable(_("the virus scanner failed ({error_type}); nothing was stored, try again later",
                                   error_type=type(exc).__name__)) from exc
    status = ScanStatus(status)
    if status is ScanStatus.FAILED:
        raise ServiceUnavailable(_("the virus scanner could not check the file ({note}); nothing was stored, try "
                                   "again later",
                                   note=note or 'no reason given'))
    return status, note[:2000]


# -- who sees what -------------------------------------------------------------------------------------

def may_read_trade_secret(session: Session, principal: Principal, attachment: Attachment) -> bool:
    """Whether ``principal`` may read a trade-secret attachment (Changde 第三十八条): its owner, the
    office (office_admin, office_staff), and the experts assigned to review its application.

    No expert is assigned to anything yet: review panels do not exist, so this answers False for every
    expert; once panels assign applications, the expert branch asks them. Supervisors are refused:
    they watch the process, they do not judge the secrets in it.
    """
    if principal.role in (Role.OFFICE_ADMIN, Role.OFFICE_STAFF):
        return True
    if principal.role is Role.EXPERT:
        return False  # until review panels assign experts to applications
    if principal.role is Role.APPLICANT:
        application = session.get(Application, (attachment.tenant_id, attachment.application_id))
        return application is not None and may_see(session, principal, application)
    return False


# -- the service --------------------------------------------------------------------------------------

_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f\"\\/:*?<>|]")


def clean_filename(raw: str) -> str:
    """The name to keep: the last path segment, without control or shell-special characters, at most
    :data:`MAX_FILENAME` characters with its extension kept."""
    name = unicodedata.normalize("NFC", raw).replace("\\", "/").rsplit("/", 1)[-1]
    # format characters (bidi overrides such as U+202E) would show "gnp.pdf" as "fdp.png"
    name = "".join(c for c in name if unicodedata.category(c) != "Cf")
    name = " ".join(_UNSAFE_NAME.sub("_", name).split()).lstrip(". ")
    if not name:
        raise InvalidInput.on("filename", "give the file's name, e.g. 自我评价报告.pdf")
    if len(name) > MAX_FILENAME:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = stem[:MAX_FILENAME - len(extension) - 1] + "." + extension
        else:
            name = name[:MAX_FILENAME]
    return name


def _check_content(content: bytes, declared: str, filename: str, limit: int) -> str:
    if not content:
        raise InvalidInput.on("file", "the file is empty")
    if len(content) > limit:
        raise InvalidInput(_("file: larger than the limit of {limit} bytes ({limit2:g} MiB)",
                             limit=limit, limit2=limit / 1048576),
                           fields={"file": [_("at most {limit} bytes ({limit2:g} MiB) per file",
                                              limit=limit, limit2=limit / 1048576)]},
                           details={"limit_bytes": limit, "size": len(content)})
    if declared not in ALLOWED_TYPES:
        raise InvalidInput.on("file", _("type {declared} is not allowed; send one of {items}",
                                        declared=declared or 'missing', items=', '.join(ALLOWED_TYPES)))
    found = sniff(content)
    if not found:
        raise InvalidInput.on("file", "the content is no PDF, PNG, JPEG or office document (judged by its "
                                      "first bytes)")
    if declared not in found:
        raise InvalidInput.on("file", _("declared as {declared} but the content is {items}",
                                        declared=declared, items=' or '.join(found)))
    extension = "." + filename.rpartition(".")[2].lower() if "." in filename else ""
    if extension not in EXTENSIONS[declared]:
        raise InvalidInput.on("filename", _("a {declared} file is named *{items}",
                                            declared=declared, items=' or *'.join(EXTENSIONS[declared])))
    return declared


def upload(session: Session, settings: Any, actor: Principal, application_id: int, *, content: bytes,
           media_type: str, filename: str, description: str = "", trade_secret: bool = False) -> Attachment:
    """Attach a file to the caller's own changeable application, after every check (see the module)."""
    application = own_application(session, actor, application_id)
    if application.status not in CHANGEABLE:
        raise Conflict(_("application {id} is {status}: its files are frozen; attach files to a draft, or when the "
                         "office asks for corrections", id=application.id, status=application.status.value),
                       details={"status": application.status.value})
    if application.status is ApplicationStatus.CORRECTION_REQUESTED:
        open_correction_in_time(session, application, clock.today())
    require_open(get_cycle(session, application.cycle_id))
    name = clean_filename(filename)
    _check_content(content, media_type, name, max_file_bytes(settings))
    count = session.scalar(select(func.count()).select_from(Attachment)
                           .where(Attachment.application_id == application.id))
    if count >= MAX_FILES:
        raise Conflict(_("application {id} has {count} files, the most one may have",
                         id=application.id, count=count),
                       fields={"file": [_("at most {MAX_FILES} files per application", MAX_FILES=MAX_FILES)]})
    digest = hashlib.sha256(content).hexdigest()
    status, note = _scan(settings, content)
    if status is ScanStatus.INFECTED:
        audit.record(session, actor, "attachment.upload_denied", "application", application.id,
                     details={"filename": name, "sha256": digest, "size": len(content), "scan": note})
        session.commit()
        raise InvalidInput.on("file", _("the virus scanner refused the file: {note}",
                                        note=note or 'infected'))
    store = storage(session, settings)
    attachment = Attachment(application_id=application.id, filename=name, media_type=media_type,
                            size=len(content), sha256=digest, description=description, trade_secret=trade_secret,
                            storage=store.name, object_key=f"{actor.tenant_id}/{application.id}/{uuid.uuid4().hex}",
                            scan_status=status, scan_note=note, uploaded_by_id=actor.user_id)
    session.add(attachment)
    session.flush()
    store.put(attachment.object_key, content)
    audit.record(session, actor, "attachment.uploaded", "attachment", attachment.id,
                 details={"application_id": application.id, "filename": name, "media_type": media_type,
                          "size": len(content), "sha256": digest, "trade_secret": trade_secret,
                          "scan_status": status.value, "storage": store.name})
    session.commit()
    return attachment


LISTED = (Attachment.id, Attachment.tenant_id, Attachment.application_id, Attachment.filename, Attachment.media_type,
          Attachment.size, Attachment.sha256, Attachment.description, Attachment.trade_secret, Attachment.storage,
          Attachment.scan_status, Attachment.scan_note, Attachment.uploaded_by_id, Attachment.uploaded_at,
          Attachment.version)
"""The columns the metadata shows: never the bytes."""


def attachments_page(session: Session, actor: Principal, application_id: int, *, limit: int = DEFAULT_LIMIT,
                     cursor: str | None = None) -> Page[Attachment]:
    """The metadata of an application's files in upload order (``(tenant_id, application_id, id)``);
    trade secrets are listed for whoever may see the application."""
    application = visible(session, actor, application_id)
    stmt = (select(Attachment).options(load_only(*LISTED, raiseload=True))
            .where(Attachment.application_id == application.id))
    return keyset_page(session, stmt, [Attachment.id], limit=limit, cursor=cursor)


def _find(session: Session, attachment_id: int) -> Attachment | None:
    return session.execute(select(Attachment).options(defer(Attachment.content, raiseload=True))
                           .where(Attachment.id == attachment_id)).scalar_one_or_none()


def get_attachment(session: Session, actor: Principal, attachment_id: int) -> Attachment:
    """An attachment's metadata, for whoever may see its application."""
    attachment = _find(session, attachment_id)
    if attachment is None:
        raise NotFound("attachment", attachment_id)
    visible(session, actor, attachment.application_id)
    return attachment


@dataclass(frozen=True)
class Content:
    attachment: Attachment
    content: bytes


def read_content(session: Session, settings: Any, actor: Principal, attachment_id: int) -> Content:
    """The bytes of an attachment, checked against their SHA-256. A trade secret is read only as
    :func:`may_read_trade_secret` allows, and each read of one is audited, refusals too."""
    attachment = _find(session, attachment_id)
    if attachment is None:
        raise NotFound("attachment", attachment_id)
    application = session.get(Application, (attachment.tenant_id, attachment.application_id))
    assert application is not None
    who = {"reader": actor.username, "role": actor.role.value, "application_id": application.id,
           "filename": attachment.filename}

    def refuse(error: Exception) -> Exception:
        if attachment.trade_secret:
            audit.record(session, actor, "attachment.read_denied", "attachment", attachment.id, details=who)
            session.commit()
        return error

    sees = may_see(session, actor, application)
    if not sees and not may_read_trade_secret(session, actor, attachment):
        # another applicant's, or an expert's before review panels assign applications: as if the file
        # did not exist, so nobody learns which files exist or which are trade secrets
        raise refuse(NotFound("attachment", attachment_id))
    if attachment.trade_secret and not may_read_trade_secret(session, actor, attachment):
        raise refuse(PermissionDenied(_("attachment {id} is marked a trade secret (Changde 第三十八条): only the office "
                                        "and the experts assigned to the application may read it",
                                        id=attachment.id)))
    content = _verified(session, settings, actor, attachment)
    if attachment.trade_secret:
        audit.record(session, actor, "attachment.read", "attachment", attachment.id, details=who)
        session.commit()
    return Content(attachment, content)


def _verified(session: Session, settings: Any, actor: Principal, attachment: Attachment) -> bytes:
    """The stored bytes if their SHA-256 is the one kept at upload; otherwise an audited 409 that serves
    nothing (the bytes changed or vanished behind the service's back)."""
    try:
        content = storage(session, settings, attachment.storage).get(attachment.object_key or "")
        problem = None if hashlib.sha256(content).hexdigest() == attachment.sha256 else "checksum_mismatch"
    except (BlobMissing, ValueError) as exc:
        content, problem = b"", f"missing: {exc}"
    if problem is None:
        return content
    actual = hashlib.sha256(content).hexdigest() if content else None
    audit.record(session, actor, "attachment.integrity_failed", "attachment", attachment.id,
                 details={"expected_sha256": attachment.sha256, "actual_sha256": actual, "problem": problem,
                          "storage": attachment.storage})
    session.commit()
    raise Conflict(_("attachment {id} cannot be served: its stored bytes no longer match the SHA-256 recorded "
                     "at upload (or are missing); the office has been told through the audit trail",
                     id=attachment.id),
                   details={"attachment_id": attachment.id, "expected_sha256": attachment.sha256,
                            "actual_sha256": actual})


def _own_draft_attachment(session: Session, actor: Principal, attachment_id: int) -> tuple[Attachment, Application]:
    attachment = _find(session, attachment_id)
    if attachment is None:
        raise NotFound("attachment", attachment_id)
    try:
        application = own_application(session, actor, attachment.application_id)
    except NotFound:
        raise NotFound("attachment", attachment_id) from None
    return attachment, application


def _require_draft(application: Application) -> None:
    if application.status is not ApplicationStatus.DRAFT:
        raise Conflict(_("application {id} is {status}: only a draft's files can be changed or removed",
                         id=application.id, status=application.status.value),
                       details={"status": application.status.value})


def update(session: Session, actor: Principal, attachment_id: int, *, description: str | None = None,
           trade_secret: bool | None = None,
           expected_version: versioning.Expected = versioning.UNCHECKED) -> Attachment:
    """Change a draft's file's description or trade-secret mark."""
    attachment, application = _own_draft_attachment(session, actor, attachment_id)
    versioning.check("attachment", attachment, expected_version)
    _require_draft(application)
    require_open(get_cycle(session, application.cycle_id))
    with versioning.guard(session, "attachment", attachment):
        changes: dict[str, object] = {}
        if description is not None and description != attachment.description:
            changes["description"] = [attachment.description, description]
            attachment.description = description
        if trade_secret is not None and trade_secret != attachment.trade_secret:
            changes["trade_secret"] = [attachment.trade_secret, trade_secret]
            attachment.trade_secret = trade_secret
        if changes:
            audit.record(session, actor, "attachment.updated", "attachment", attachment.id, details=changes)
            session.commit()
    return attachment


def delete(session: Session, settings: Any, actor: Principal, attachment_id: int, *,
           expected_version: versioning.Expected = versioning.UNCHECKED) -> None:
    """Remove a draft's file; the bytes of a directory store go once the row is gone."""
    attachment, application = _own_draft_attachment(session, actor, attachment_id)
    versioning.check("attachment", attachment, expected_version)
    _require_draft(application)
    require_open(get_cycle(session, application.cycle_id))
    kept = (attachment.storage, attachment.object_key)
    with versioning.guard(session, "attachment", attachment):
        audit.record(session, actor, "attachment.deleted", "attachment", attachment.id,
                     details={"application_id": application.id, "filename": attachment.filename,
                              "sha256": attachment.sha256})
        session.delete(attachment)
        session.commit()
    if kept[0] != "database" and kept[1]:
        storage(session, settings, kept[0]).delete(kept[1])
