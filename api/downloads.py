"""Workbooks answered straight from a request (the ledger, the expert pool, an impact report): sent as
files that no cache keeps, and recorded in the tenant's audit trail like every read of personal data."""
from __future__ import annotations

import hashlib
from typing import Any

from flask import Response, current_app

from api.context import db, principal
from api.resources.attachments.routes import content_disposition
from core.platform import audit
from core.reports.xlsx import MEDIA_TYPE


def workbook(content: bytes, filename: str, target_type: str, target_id: object,
             details: dict[str, Any] | None = None) -> Response:
    """``content`` as an xlsx download named ``filename``; who took it is kept (``workbook.downloaded``)."""
    audit.record(db(), principal(), "workbook.downloaded", target_type, target_id, details={
        "file": filename, "bytes": len(content), "sha256": hashlib.sha256(content).hexdigest(), **(details or {})})
    db().commit()
    response = current_app.response_class(content, mimetype=MEDIA_TYPE)
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
