"""The project Blueprint: adds ``auth`` (bearer token, permission, tenant scope) and documents it."""
from __future__ import annotations

import functools
import json
import re
from decimal import Decimal
from typing import Any, Callable, NoReturn

import flask_smorest
from flask import g, request
from werkzeug.exceptions import RequestEntityTooLarge
from webargs.flaskparser import FlaskParser, abort as webargs_abort, is_json_request

from api.context import db
from api.i18n import USER_LOCALE
from api.schemas import READING_TEXT
from core.platform import tenancy
from core.engine.messages import _
from core.errors import AuthenticationFailed, DomainError
from core.platform.permissions import Permission, Principal
from core.platform.services import auth as auth_service


def bearer_token() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
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


MAX_JSON_DEPTH = 32
"""No request body here nests objects and arrays deeper than this (facts are about 5 levels deep)."""

_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")
_UNSAFE_TEXT = re.compile("[\x00\ud800-\udfff]")
TEXT_LOCATIONS = frozenset({"query", "querystring", "path", "view_args", "headers", "cookies", "form"})


def too_deep(text: str, bound: int = MAX_JSON_DEPTH) -> bool:
    """Whether the arrays and objects of JSON ``text`` nest deeper than ``bound``, counted without
    recursion (brackets inside strings do not count; a body with few brackets is not scanned at all)."""
    if text.count("[") + text.count("{") <= bound:
        return False
    depth = 0
    for match in _BRACKET.finditer(_JSON_STRING.sub("", text)):
        depth += 1 if match.group() in "[{" else -1
        if depth > bound:
            return True
    return False


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be stored or encoded (a NUL, which PostgreSQL refuses in text, or an unpaired
    UTF-16 surrogate, which is no character and cannot be written as UTF-8), or None."""
    bad = _UNSAFE_TEXT.search(text)
    if bad is None:
        return None
    if bad.group() == "\x00":
        return _("contains a NUL character (U+0000), which no text here may hold")
    return _("contains an unpaired surrogate ({code}), which is not a character", code=f"U+{ord(bad.group()):04X}")


def printable(name: str) -> str:
    """``name`` with its NUL and surrogate code points written as ``\\uXXXX``, safe to echo in an error."""
    return _UNSAFE_TEXT.sub(lambda m: f"\\u{ord(m.group()):04x}", name)


def text_problems(value: Any, where: str = "") -> dict[str, list[str]]:
    """Every string in a parsed JSON ``value`` (keys included) that :func:`text_problem` refuses, by
    dotted path; walked with a stack, never by recursion."""
    problems: dict[str, list[str]] = {}
    stack: list[tuple[str, Any]] = [(where, value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, dict):
            for key, child in item.items():
                child_path = f"{path}.{printable(key)}" if path else printable(key)
                if (reason := text_problem(key)) is not None:
                    problems[child_path] = [_("the name {reason}", reason=reason)]
                stack.append((child_path, child))
        elif isinstance(item, list):
            stack.extend((f"{path}.{index}" if path else str(index), child) for index, child in enumerate(item))
        elif isinstance(item, str) and (reason := text_problem(item)) is not None:
            problems[path or "_body"] = [reason]
    return problems


def file_body(max_bytes: Callable[[], int]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Let a route that takes a file as its raw body read up to ``max_bytes()`` (instead of the JSON limit;
    read per request, so the limit is its module's current value); put it above ``@idempotent``, which
    reads the body first."""
    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            request.max_content_length = max_bytes()
            return func(*args, **kwargs)
        return wrapper
    return decorate


def file_type(accepted: tuple[str, ...]) -> str:
    """The media type of a raw file body when it is one of ``accepted``; 415 naming the body otherwise."""
    media_type = request.mimetype or ""
    if media_type not in accepted:
        wanted = " or ".join(accepted)
        refuse(415, "unsupported_media_type", _("send the file as {wanted}, not {given}", wanted=wanted,
                                                given=media_type or "an unnamed type"),
               {"_body": [_("Content-Type must be {wanted}, not {given}", wanted=wanted,
                            given=media_type or "missing")]})
    return media_type


def refuse(status: int, code: str, message: str, errors: dict[str, list[str]]) -> NoReturn:
    """Stop the request with an error response in the one shape (see :mod:`api.errors`)."""
    webargs_abort(status, messages=errors, code=code, message=message)


class ExactJSONParser(FlaskParser):
    """Reads JSON bodies exactly: a number with a fraction or an exponent becomes a ``Decimal`` (a score
    of 812.5 never passes through a binary float), and an absurdly long number becomes an
    :class:`OutOfRangeNumber` that its field refuses, instead of hanging a conversion or failing the
    request with a 500.

    Before any field sees it, a body is refused when it is missing where one is expected (422), of
    another media type (415), nested deeper than :data:`MAX_JSON_DEPTH` (400, checked before parsing, so
    nothing recurses), not JSON (400: ``NaN`` and ``Infinity`` are not JSON either), or holds a string
    with a NUL or an unpaired surrogate (422 naming each one by dotted path)."""

    def _raw_load_json(self, req):  # type: ignore[no-untyped-def]
        raw = req.get_data(cache=True)
        if req.content_length is None and req.max_content_length is not None \
                and len(raw) >= req.max_content_length:
            raise RequestEntityTooLarge()  # a chunked body is cut at the limit, never refused by werkzeug
        if not raw:
            refuse(422, "validation_error", _("this request needs a JSON body (send {} when every field is optional)"),
                   {"_body": [_("a JSON body is required")]})
        if not is_json_request(req):
            refuse(415, "unsupported_media_type",
                   _("send the body as application/json, not {type}", type=req.mimetype or _("an unnamed type")),
                   {"_body": [_("Content-Type must be application/json, not {type}",
                                type=req.mimetype or _("missing"))]})
        text = raw.decode("utf-8")
        if too_deep(text):
            refuse(400, "body_too_deep", _("the request body nests arrays and objects deeper than {depth} levels",
                                           depth=MAX_JSON_DEPTH),
                   {"_body": [_("nested deeper than {depth} levels", depth=MAX_JSON_DEPTH)]})
        data = json.loads(text, parse_float=_exact_number, parse_int=_whole_number, parse_constant=_no_constant)
        problems = text_problems(data)
        if problems:
            refuse(422, "validation_error", _("invalid {location}: {names}", location=_("json"),
                                              names=", ".join(sorted(problems))), problems)
        return data

    def _process_location_data(self, location_data, schema, req, location, unknown, validators):  # type: ignore[no-untyped-def]
        token = READING_TEXT.set(location in TEXT_LOCATIONS)
        try:
            return super()._process_location_data(location_data, schema, req, location, unknown, validators)
        finally:
            READING_TEXT.reset(token)


def _no_constant(name: str) -> NoReturn:
    raise json.JSONDecodeError(f"{name} is not a JSON number", name, 0)


def check_request_text() -> None:
    """Refuse a query string or path value (or name) holding a NUL or an unpaired surrogate, naming it:
    ``before_request`` for every route, since a query string reaches some views unparsed."""
    problems: dict[str, list[str]] = {}
    for name, value in request.args.items(multi=True):
        for text, what in ((name, "the name "), (value, "")):
            if (reason := text_problem(text)) is not None:
                problems[printable(name)] = [_("the name {reason}", reason=reason) if what else reason]
    for name, value in (request.view_args or {}).items():
        if isinstance(value, str) and (reason := text_problem(value)) is not None:
            problems[name] = [reason]
    if problems:
        refuse(422, "validation_error", _("invalid {location}: {names}", location=_("input"),
                                          names=", ".join(sorted(problems))), problems)


_AUTHENTICATED = "mqa_authenticated"


def authenticated() -> Principal:
    """The principal behind the request's bearer token, authenticated once per request (the rate
    limiter asks first, the view's ``auth`` after); the refusal is raised each time it is asked.
    Kept on the request itself, not on ``g``, which requests under one pushed app context share."""
    outcome = getattr(request, _AUTHENTICATED, None)
    if outcome is None:
        try:
            outcome, locale = auth_service.authenticate_with_locale(db(), bearer_token())
            setattr(request, USER_LOCALE, locale)  # the user's language outranks Accept-Language (api.i18n)
        except DomainError as exc:
            outcome = exc
        setattr(request, _AUTHENTICATED, outcome)
    if isinstance(outcome, DomainError):
        raise outcome
    return outcome


def has_valid_token() -> bool:
    try:
        authenticated()
    except DomainError:
        return False
    return True


class Blueprint(flask_smorest.Blueprint):
    # unknown=None: every location (query strings too) follows the schema's Meta.unknown, which is
    # RAISE for our input schemas, so a misspelled filter is refused instead of silently ignored.
    ARGUMENTS_PARSER = ExactJSONParser(unknown=None)

    tenant_scoped = False
    """True for blueprints whose data belongs to the caller's tenant (the isolation test walks them)."""

    def auth(self, *permissions: Permission | None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Require a valid bearer token (and one of ``permissions``, if any), then scope the session to
        the caller's tenant. With several permissions the view decides what each may see (an office
        reads every application, an applicant its own)."""
        wanted = [permission for permission in permissions if permission is not None]

        def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
            @functools.wraps(func)
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                session = db()
                principal = authenticated()
                if wanted and not any(principal.can(permission) for permission in wanted):
                    principal.require(wanted[0])
                g.principal = principal
                tenancy.set_scope(session, principal.scope)
                return func(*args, **kwargs)

            wrapper = self.doc(security=[{"bearerAuth": []}])(wrapper)
            wrapper = self.alt_response(401, response="UNAUTHORIZED")(wrapper)
            wrapper = self.alt_response(403, response="FORBIDDEN")(wrapper)
            return wrapper

        return decorator
