"""Every error leaves as JSON: a stable ``code``, a ``message``, the HTTP ``status`` and the
``errors`` per field. No stack trace reaches a client.

The ``message`` and the reasons per field are rendered in the request's language (:mod:`api.i18n`:
the user's setting, else ``Accept-Language``, else Chinese); ``code``, the field names and ``details``
never change with it."""
from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException

from api import i18n
from core import errors as domain
from core.engine.messages import _
from core.i18n import render

log = logging.getLogger(__name__)

DOMAIN_STATUS: dict[type[domain.DomainError], int] = {
    domain.InvalidInput: 422,
    domain.NotFound: 404,
    domain.Conflict: 409,
    domain.AuthenticationFailed: 401,
    domain.AccountLocked: 429,
    domain.PermissionDenied: 403,
    domain.TenantSuspended: 403,
    domain.ServiceUnavailable: 503,
    domain.CalendarUnknown: 409,
    domain.RuleNotImplemented: 501,
    domain.SettingMissing: 409,
}

HTTP_CODES = {
    400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "body_too_large", 415: "unsupported_media_type",
    422: "validation_error", 429: "too_many_requests", 500: "internal_error", 503: "service_unavailable",
}


LOCATIONS = {"input": _("input"), "json": _("json"), "query": _("query"), "querystring": _("query"), "path": _("path"),
             "view_args": _("path"), "headers": _("headers"), "form": _("form"), "files": _("files")}
"""Where webargs found the fields at fault, as the message names it."""

HTTP_MESSAGES = {
    405: _("the method is not allowed on this resource"),
}
"""werkzeug's own descriptions (English prose) replaced by a message the catalogue translates."""


def error_response(status: int, code: str, message: str, errors: dict[str, Any] | None = None,
                   details: dict[str, Any] | None = None) -> Response:
    locale = i18n.request_locale()
    body: dict[str, Any] = {"status": status, "code": code, "message": render(message, locale),
                            "errors": {field: [render(reason, locale) if isinstance(reason, str) else reason
                                               for reason in reasons] if isinstance(reasons, (list, tuple)) else reasons
                                       for field, reasons in (errors or {}).items()}}
    if details:
        body["details"] = details
    response = jsonify(body)
    response.status_code = status
    return response


def dotted(messages: Any, path: str = "", root: str = "_body") -> dict[str, list[str]]:
    """marshmallow's nested messages (``{"history": {0: {"awarded_on": [...]}}}``) by dotted path
    (``{"history.0.awarded_on": [...]}``), the way domain errors name fields; a schema-level message
    (``_schema``) names its object, and one about the whole input names ``root``. The depth is that of
    the input, which the parser bounds."""
    out: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = str(key)
            child = path if name == "_schema" else (f"{path}.{name}" if path else name)
            for field, reasons in dotted(value, child, root).items():
                out.setdefault(field, []).extend(reasons)
    elif isinstance(messages, (list, tuple)):
        for item in messages:
            for field, reasons in dotted(item, path, root).items():
                out.setdefault(field, []).extend(reasons)
    else:
        out.setdefault(path or root, []).append(str(messages))
    return out


LOCATION_ROOTS = {"json": "_body", "query": "_query", "querystring": "_query", "path": "_path", "view_args": "_path"}


def _flatten(messages: Any) -> tuple[dict[str, list[str]], str | None]:
    """webargs nests messages by location (``{"json": {"field": [...]}}``); name the fields by dotted
    path, and note the location."""
    if not isinstance(messages, dict):
        return {}, None
    fields: dict[str, list[str]] = {}
    location = None
    for loc, value in messages.items():
        location = location or loc
        for field, reasons in dotted(value, root=LOCATION_ROOTS.get(loc, f"_{loc}")).items():
            fields.setdefault(field, []).extend(reasons)
    return fields, location


def handle_http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    data = getattr(error, "data", {}) or {}
    if "code" in data:  # refused by the parser (api.blueprint.refuse): already in the final shape
        return error_response(status, data["code"], data["message"], data.get("messages") or {})
    fields, location = _flatten(data.get("messages"))
    code = HTTP_CODES.get(status, "http_error")
    message = error.description or ""
    if status == 400 and "_body" in fields:
        code, message = "malformed_json", _("the request body is not valid JSON")
    elif status == 422:
        where = location or "input"
        message = _("invalid {location}: {names}", location=LOCATIONS.get(where, where),
                    names=", ".join(sorted(fields)) or LOCATIONS["input"])
    elif status == 413:
        message = _("the request body is larger than this service accepts")
    elif status == 404 and not data:
        message = _("no such resource or route")
    elif status in HTTP_MESSAGES:
        message = HTTP_MESSAGES[status]
    response = error_response(status, code, message, fields)
    for name, value in (getattr(error, "get_headers", lambda: [])() or []):
        if name.lower() in ("allow", "www-authenticate", "retry-after"):
            response.headers[name] = value
    return response


def handle_domain_error(error: domain.DomainError) -> Response:
    status = DOMAIN_STATUS.get(type(error))
    if status is None:
        return handle_unexpected(error)
    response = error_response(status, error.code, error.message, error.fields, error.details)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="mqa"'
    if isinstance(error, domain.ServiceUnavailable):
        response.headers["Retry-After"] = "1"
    if isinstance(error, domain.AccountLocked):
        from core.platform.db import utcnow

        response.headers["Retry-After"] = str(max(1, int((error.until - utcnow()).total_seconds())))
    return response


def handle_integrity_error(error: IntegrityError) -> Response:
    """Two requests raced past a uniqueness check; the database refused the second one."""
    log.warning("integrity error mapped to 409: %s", error.orig)
    return error_response(409, "conflict", _("the request conflicts with data saved meanwhile (a duplicate?); "
                                             "nothing was changed"))


def handle_unexpected(error: Exception) -> Response:
    log.exception("unhandled error", exc_info=error)
    return error_response(500, "internal_error", _("the service failed to answer; the error was logged"))


def install(app: Flask) -> None:
    i18n.install(app)  # Content-Language on every answer, the board's gettext (api.app calls only this install)
    app.register_error_handler(domain.DomainError, handle_domain_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(IntegrityError, handle_integrity_error)
    app.register_error_handler(Exception, handle_unexpected)
