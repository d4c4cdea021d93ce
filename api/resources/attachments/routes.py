"""Files attached to applications: upload, list, read (trade secrets audited), change, remove.

The upload takes the file itself as the request body, with the file's own ``Content-Type`` (e.g.
``application/pdf``), and its name, description and trade-secret mark in the query string. The
API's body parser (:class:`api.blueprint.ExactJSONParser`) only runs for arguments read from a JSON
body and answers 415 to anything else; this view declares no body arguments, so the parser never
sees the bytes and a file's media type is judged here instead (415 when it is none we accept).
A raw body, rather than multipart/form-data, is what is hashed, scanned and stored, byte for byte,
and what an ``Idempotency-Key`` fingerprints.
"""
from __future__ import annotations

import base64
import functools
import unicodedata
from typing import Any, Callable
from urllib.parse import quote

from flask import Response, current_app, request
from flask.views import MethodView

from api import versioning
from api.blueprint import Blueprint, refuse
from api.context import db, principal, runtime
from api.idempotency import PARAMETER as IDEMPOTENCY_KEY, idempotent
from api.paging import page_of
from api.resources.attachments.schemas import (
    TRADE_SECRET_HELP, AttachmentQuerySchema, AttachmentSchema, AttachmentUpdateSchema, UploadQuerySchema,
)
from core.engine.messages import _
from core.applications import attachments as service
from core.errors import InvalidInput
from core.platform.permissions import Permission

blp = Blueprint("attachments", __name__, url_prefix="/api/v1", description="Files attached to applications")
blp.tenant_scoped = True
versioning.install(blp)

UPLOAD_BODY = {
    "required": True,
    "description": "The file's bytes, sent with the file's own Content-Type. Allowed: PDF, PNG, JPEG, "
                   "docx/xlsx/pptx and legacy doc/xls/ppt, judged by the first bytes (the declared type must "
                   f"agree), at most {service.MAX_FILE_BYTES // 1048576} MiB, not empty.",
    "content": {media: {"schema": {"type": "string", "format": "binary"}} for media in service.ALLOWED_TYPES},
}


UPLOAD_PARAMETERS = [
    IDEMPOTENCY_KEY,
    {"in": "query", "name": "filename", "required": True,
     "schema": {"type": "string", "minLength": 1, "maxLength": 255},
     "description": "The file's name, with the extension of its type (kept sanitized, at most 200 characters)"},
    {"in": "query", "name": "description", "required": False, "schema": {"type": "string", "maxLength": 500}},
    {"in": "query", "name": "trade_secret", "required": False, "schema": {"type": "boolean", "default": False},
     "description": TRADE_SECRET_HELP},
]
"""Written out because a manual ``parameters`` doc (the Idempotency-Key's) replaces, in flask-smorest's
merge, the query parameters ``blp.arguments`` documents; this list restores both."""


def accepts_file(func: Callable[..., Any]) -> Callable[..., Any]:
    """Let this request's body be as large as a file may be (the app's limit is for JSON bodies), and
    refuse a larger declared length before anything reads it, naming the limit."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        limit = service.max_file_bytes(runtime().settings)
        if request.content_length is not None and request.content_length > limit:
            raise InvalidInput(_("file: larger than the limit of {limit} bytes",
                                 limit=limit), details={"limit_bytes": limit},
                               fields={"file": [_("at most {limit} bytes ({limit2:g} MiB) per file",
                                                  limit=limit, limit2=limit / 1048576)]})
        request.max_content_length = limit + 1  # a chunked body is cut just past the limit, then refused
        return func(*args, **kwargs)

    return wrapper


def _media_type() -> str:
    media = request.mimetype
    if media not in service.ALLOWED_TYPES:
        refuse(415, "unsupported_media_type", _("send the file with its own Content-Type, one of {items}; not {media}",
                                                items=', '.join(service.ALLOWED_TYPES), media=media or 'none'),
               {"file": [f"Content-Type {media or 'missing'} is not an allowed file type"]})
    return media


@blp.route("/applications/<int:application_id>/attachments")
class ApplicationAttachments(MethodView):
    @blp.auth(Permission.APPLICATIONS_READ, Permission.APPLY)
    @blp.arguments(AttachmentQuerySchema, location="query")
    @blp.response(200, page_of(AttachmentSchema))
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, query, application_id):
        """The metadata of an application's files, in upload order (the office and supervisors: any
        application; an applicant: its own). Trade secrets are listed, their content is not shown."""
        return service.attachments_page(db(), principal(), application_id, **query)

    @blp.auth(Permission.APPLY)
    @blp.doc(parameters=UPLOAD_PARAMETERS)
    @accepts_file
    @idempotent(blp)
    @blp.arguments(UploadQuerySchema, location="query")
    @blp.doc(requestBody=UPLOAD_BODY)
    @blp.response(201, AttachmentSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="the application is frozen (submitted) or has "
                                                            "the most files it may have")
    @blp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
    def post(self, query, application_id):
        """Attach a file to your own application while it is a draft or awaits corrections (a submitted
        one is frozen: 409). Send the bytes as the body with the file's Content-Type; its SHA-256 is kept."""
        session, who = db(), principal()
        service.own_application(session, who, application_id)  # another's application is 404 before anything
        media = _media_type()
        attachment = service.upload(session, runtime().settings, who, application_id,
                                    content=request.get_data(cache=True), media_type=media, **query)
        return attachment, versioning.etag(attachment.version)


@blp.route("/attachments/<int:attachment_id>")
class AttachmentById(MethodView):
    @blp.auth(Permission.APPLICATIONS_READ, Permission.APPLY)
    @blp.response(200, AttachmentSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, attachment_id):
        """One file's metadata; the ETag is its version."""
        attachment = service.get_attachment(db(), principal(), attachment_id)
        return attachment, versioning.etag(attachment.version)

    @blp.auth(Permission.APPLY)
    @versioning.documented(blp)
    @blp.arguments(AttachmentUpdateSchema)
    @blp.response(200, AttachmentSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def patch(self, data, attachment_id):
        """Change a draft's file's description or trade-secret mark (If-Match: the version you read)."""
        attachment = service.update(db(), principal(), attachment_id, expected_version=versioning.if_match(), **data)
        return attachment, versioning.etag(attachment.version)

    @blp.auth(Permission.APPLY)
    @versioning.documented(blp, required=False)
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, attachment_id):
        """Remove a file from your draft (If-Match optional: checked when sent)."""
        service.delete(db(), runtime().settings, principal(), attachment_id,
                       expected_version=versioning.if_match(required=False))


@blp.route("/attachments/<int:attachment_id>/content")
class AttachmentContent(MethodView):
    # Experts pass the gate so that a refused read of a trade secret is audited; the service decides.
    @blp.auth(Permission.APPLICATIONS_READ, Permission.APPLY, Permission.TENANT_READ)
    @blp.response(200, description="The file's bytes; ETag and Digest carry its SHA-256")
    @blp.doc(responses={"200": {"content": {media: {"schema": {"type": "string", "format": "binary"}}
                                            for media in service.ALLOWED_TYPES}}})
    @blp.alt_response(403, response="FORBIDDEN")
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="the stored bytes no longer match their SHA-256")
    def get(self, attachment_id):
        """Download a file, checked against its SHA-256. Trade secrets (Changde 第三十八条): the owner, the
        office and the experts assigned to the application only; every read and refusal is audited."""
        read = service.read_content(db(), runtime().settings, principal(), attachment_id)
        return content_response(read.attachment, read.content)


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback name and the real one in ``filename*`` (RFC 6266, RFC 8187)."""
    fallback = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    fallback = "".join(c if c.isprintable() and c not in '"\\%;' else "_" for c in fallback).strip(" _")
    if not fallback or fallback.startswith("."):
        fallback = "attachment" + ("." + filename.rpartition(".")[2] if "." in filename else "")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def content_response(attachment, content: bytes) -> Response:
    digest = base64.b64encode(bytes.fromhex(attachment.sha256)).decode("ascii")
    response = current_app.response_class(content, mimetype=attachment.media_type)
    response.headers["Content-Disposition"] = content_disposition(attachment.filename)
    response.headers["ETag"] = f'"{attachment.sha256}"'
    response.headers["Digest"] = f"sha-256={digest}"  # RFC 3230
    response.headers["Repr-Digest"] = f"sha-256=:{digest}:"  # RFC 9530
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


BLUEPRINTS = [blp]
