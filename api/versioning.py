"""The HTTP side of version counters (see :mod:`core.platform.versioning`).

Reads answer ``ETag: "<version>"``; writes to a versioned row send it back as ``If-Match: "<version>"``.
A missing header answers 428 ``version_required`` where the version is required, a stale one 409
``stale_version`` naming the current version; either way nothing changes.
"""
from __future__ import annotations

import re
from typing import Any, Callable

from flask import Flask, request
from flask.typing import ResponseReturnValue
from sqlalchemy.orm.exc import StaleDataError

from api.errors import error_response
from core.engine.messages import _
from core.errors import InvalidInput
from core.platform.versioning import UNCHECKED, Expected, StaleVersion, VersionRequired

HEADER = "If-Match"
_VERSION = re.compile(r'^(?:W/)?(?:"([0-9]{1,10})"|([0-9]{1,10}))$')
"""An ETag as sent back (``"3"``, or ``W/"3"``), or the bare number (``3``) some clients send."""

IF_MATCH_PARAMETER = {
    "in": "header", "name": HEADER, "required": True,
    "schema": {"type": "string", "pattern": '^(W/)?("[0-9]{1,10}"|[0-9]{1,10})$', "example": '"1"'},
    "description": 'The ETag of your last read, e.g. "3"; 409 stale_version if the row changed since, '
                   "428 version_required if missing",
}
ETAG_HEADER = {"ETag": {"description": 'The row\'s version, e.g. "3": send it as If-Match to change the row',
                        "schema": {"type": "string"}}}


def etag(version: int) -> dict[str, str]:
    return {"ETag": f'"{version}"'}


def if_match(*, required: bool = True) -> Expected:
    """The version the client read, from ``If-Match``. When absent: None if ``required`` (the service
    answers 428 once it has found the row, so an unknown row is still a 404), else UNCHECKED."""
    raw = request.headers.get(HEADER)
    if raw is None:
        return None if required else UNCHECKED
    match = _VERSION.match(raw.strip())
    if match is None:
        raise InvalidInput.on(HEADER, 'send the ETag of your last read, e.g. If-Match: "3"')
    return int(match.group(1) or match.group(2))


def documented(blp: Any, *, required: bool = True) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Document ``If-Match`` and the 409/428 answers on a view (use below ``blp.auth``)."""

    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        func = blp.doc(parameters=[{**IF_MATCH_PARAMETER, "required": required}])(func)
        func = blp.alt_response(409, response="CONFLICT", description="stale_version: the row changed since "
                                                                      "your read (or another conflict)")(func)
        if required:
            func = blp.alt_response(428, response="PRECONDITION_REQUIRED",
                                    description="version_required: If-Match missing")(func)
        return func

    return decorator


def handle_version_error(error: StaleVersion | VersionRequired) -> ResponseReturnValue:
    status = 409 if isinstance(error, StaleVersion) else 428
    return error_response(status, error.code, error.message, error.fields, error.details)


def handle_stale_data(_error: StaleDataError) -> ResponseReturnValue:
    """A versioned write that lost a race outside :func:`core.platform.versioning.guard`: the same 409."""
    return error_response(409, StaleVersion.code, _("the row was changed by someone else meanwhile; nothing was "
                                                    "changed: read it again and retry"))


def install(target: Flask | Any) -> None:
    """Answer :class:`StaleVersion` and SQLAlchemy's ``StaleDataError`` with 409 and :class:`VersionRequired`
    with 428, on an app or a blueprint (``api.errors.handle_domain_error`` maps exact classes only)."""
    target.register_error_handler(StaleVersion, handle_version_error)
    target.register_error_handler(VersionRequired, handle_version_error)
    target.register_error_handler(StaleDataError, handle_stale_data)
