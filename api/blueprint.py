"""The project Blueprint: adds ``auth`` (bearer token, permission, tenant scope) and documents it."""
from __future__ import annotations

import functools
import json
from decimal import Decimal
from typing import Any, Callable

import flask_smorest
from flask import g, request
from webargs import core as webargs_core
from webargs.flaskparser import FlaskParser, is_json_request

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


MAX_NUMBER_DIGITS = 40
"""A JSON number longer than this, or with an exponent beyond it, is no quantity this service knows."""


class OutOfRangeNumber:
    """A JSON number too long or too large to be any quantity here. Every field refuses it by its own
    name (it is neither a number nor a string), and nothing spends time converting it."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"<a number of {len(self.text)} characters>"


def _exact_number(text: str) -> Decimal | OutOfRangeNumber:
    value = Decimal(text)
    if len(value.as_tuple().digits) > MAX_NUMBER_DIGITS or abs(value.adjusted()) > MAX_NUMBER_DIGITS:
        return OutOfRangeNumber(text)
    return value


def _whole_number(text: str) -> int | OutOfRangeNumber:
    return int(text) if len(text) <= MAX_NUMBER_DIGITS else OutOfRangeNumber(text)


class ExactJSONParser(FlaskParser):
    """Reads JSON bodies exactly: a number with a fraction or an exponent becomes a ``Decimal`` (a score
    of 812.5 never passes through a binary float), and an absurdly long number becomes an
    :class:`OutOfRangeNumber` that its field refuses, instead of hanging a conversion or failing the
    request with a 500."""

    def _raw_load_json(self, req):  # type: ignore[no-untyped-def]
        if not is_json_request(req):
            return webargs_core.missing
        text = req.get_data(cache=True).decode("utf-8")
        return json.loads(text, parse_float=_exact_number, parse_int=_whole_number)


class Blueprint(flask_smorest.Blueprint):
    # unknown=None: every location (query strings too) follows the schema's Meta.unknown, which is
    # RAISE for our input schemas, so a misspelled filter is refused instead of silently ignored.
    ARGUMENTS_PARSER = ExactJSONParser(unknown=None)

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
