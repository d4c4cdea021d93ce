"""``Idempotency-Key`` on creating POSTs (see :mod:`core.platform.idempotency`).

Put :func:`idempotent` between ``blp.auth`` and ``blp.arguments`` on any creating POST::

    @blp.auth(Permission.USERS_MANAGE)
    @idempotent(blp)
    @blp.arguments(UserCreateSchema)
    @blp.response(201, UserSchema)
    def post(self, data): ...

Only a successful (2xx) answer is stored and replayed (with ``Idempotent-Replayed: true``);
an error releases the key.
"""
from __future__ import annotations

import functools
import json
from typing import Any, Callable

from flask import Response, current_app, make_response, request

from api.context import db, principal
from api.errors import error_response
from core.platform import idempotency
from core.platform.db import utcnow

REPLAYED = "Idempotent-Replayed"
KEPT_HEADERS = ("ETag", "Location", "Content-Location")
PARAMETER = {
    "in": "header", "name": idempotency.HEADER, "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": r"^[\x21-\x7e]+$"},
    "description": "Optional; a unique key per creation (e.g. a UUID). A repeat with the same key and body "
                   "within 24 hours replays the first answer and creates nothing; the same key with another "
                   "body answers 422 idempotency_key_reused; a repeat while the first runs answers 409 "
                   "idempotency_key_in_use.",
}


def idempotent(blp: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Make a creating view honour ``Idempotency-Key`` (and document it on ``blp``)."""

    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            key = request.headers.get(idempotency.HEADER)
            if key is None:
                return func(*args, **kwargs)
            try:
                return _run(func, key, args, kwargs)
            except (idempotency.KeyReused, idempotency.KeyInUse) as error:
                status = 422 if isinstance(error, idempotency.KeyReused) else 409
                return error_response(status, error.code, error.message, error.fields)

        wrapper = blp.doc(parameters=[PARAMETER])(wrapper)
        return blp.alt_response(409, response="CONFLICT")(wrapper)

    return decorator


def _run(func: Callable[..., Any], key: str, args: Any, kwargs: Any) -> Response:
    session, who = db(), principal()
    fingerprint = idempotency.fingerprint(request.method, request.full_path.rstrip("?"),
                                          request.get_data(cache=True))
    claimed = idempotency.claim(session, tenant_id=who.tenant_id, user_id=who.user_id,
                                key=key, fingerprint=fingerprint, now=utcnow())
    if isinstance(claimed, idempotency.Answer):
        replay = current_app.response_class(json.dumps(claimed.body, ensure_ascii=False), status=claimed.status,
                                            mimetype="application/json")
        replay.headers.update(claimed.headers)
        replay.headers[REPLAYED] = "true"
        return replay
    try:
        response = make_response(func(*args, **kwargs))
    except BaseException:
        idempotency.release(session, claimed)
        raise
    if not 200 <= response.status_code < 300 or not response.is_json:
        idempotency.release(session, claimed)
        return response
    headers = {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}
    idempotency.complete(session, claimed, idempotency.Answer(response.status_code, response.get_json(), headers))
    return response

