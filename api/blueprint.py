"""The project Blueprint: adds ``auth`` (bearer token, permission, tenant scope) and documents it."""
from __future__ import annotations

import functools
from typing import Any, Callable

import flask_smorest
from flask import g, request
from webargs.flaskparser import FlaskParser

from api.context import db
from core import tenancy
from core.errors import AuthenticationFailed
from core.permissions import Permission
from core.services import auth as auth_service


def bearer_token() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if not header:
        raise AuthenticationFailed("missing Authorization header; send 'Authorization: Bearer <token>'")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationFailed("the Authorization header must be 'Bearer <token>'")
    return token.strip()


class Blueprint(flask_smorest.Blueprint):
    # unknown=None: every location (query strings too) follows the schema's Meta.unknown, which is
    # RAISE for our input schemas, so a misspelled filter is refused instead of silently ignored.
    ARGUMENTS_PARSER = FlaskParser(unknown=None)

    tenant_scoped = False
    """True for blueprints whose data belongs to the caller's tenant (the isolation test walks them)."""

    def auth(self, permission: Permission | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Require a valid bearer token (and ``permission``), then scope the session to the caller's tenant."""

        def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
            @functools.wraps(func)
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                session = db()
                principal = auth_service.authenticate(session, bearer_token())
                if permission is not None:
                    principal.require(permission)
                g.principal = principal
                tenancy.set_scope(session, principal.scope)
                return func(*args, **kwargs)

            wrapper = self.doc(security=[{"bearerAuth": []}])(wrapper)
            wrapper = self.alt_response(401, response="UNAUTHORIZED")(wrapper)
            wrapper = self.alt_response(403, response="FORBIDDEN")(wrapper)
            return wrapper

        return decorator
