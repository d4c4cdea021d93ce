"""Requests per client address (Flask-Limiter): a strict limit on ``POST /auth/login`` and the
applicants' self-registration, a generous one
on every other endpoint for requests without a valid bearer token (the public, and anyone guessing).

A request with a valid token is a known account's (already in its lockout, audit trail and tenant):
it is not counted per address, which keeps the counter's storage round trip off every authenticated
request; the token is checked once, and the view reuses that check.

Counters live in Redis when ``MQA_RATELIMIT_STORAGE_URL`` or ``REDIS_URL`` is set, so every process
and host of a deployment shares them; in process memory otherwise (embedded mode: one process). While
Redis cannot be reached, each process falls back to its own memory and logs it, rather than failing
every request. A refused request answers the project's JSON error (429, ``too_many_requests``) with
``Retry-After``.
"""
from __future__ import annotations

import math
import time

from flask import Flask, Response, request
from flask_limiter import Limiter, RateLimitExceeded
from limits import parse_many

from api.blueprint import has_valid_token
from api.context import client_address
from core.engine.messages import _
from api.errors import error_response
from api.resources.auth.routes import LOGIN_ENDPOINT
from core.platform.config import Settings
from core.platform.services.auth import throttle_address

EXTENSION = "mqa.limiter"
STRICT_ENDPOINTS = (LOGIN_ENDPOINT, "registrations.Registrations")
"""Endpoints anyone may call without a token that create or test credentials: logins and the
applicants' self-registration get the strict login limit per address."""


OBJECTION_ENDPOINTS = ("public_notices.PublicObjections", "board.object")
"""Where the public files objections without an account (the public API and the board's form): limited
per client address and notice (``MQA_RATELIMIT_OBJECTION``)."""


def _objection_key() -> str:
    args = request.view_args or {}
    return f"objection:{throttle_address(client_address())}:{args.get('tenant_code')}:{args.get('notice_id')}"


def storage_uri(settings: Settings) -> str:
    """Where the counters live: the explicit setting, else the deployment's Redis, else memory."""
    return settings.ratelimit_storage_url or settings.redis_url or "memory://"


def install(app: Flask, settings: Settings) -> Limiter:
    """Limit every endpoint per client address; call after the blueprints are registered."""
    for name, value in (("MQA_RATELIMIT_LOGIN", settings.ratelimit_login),
                        ("MQA_RATELIMIT_DEFAULT", settings.ratelimit_default)):
        try:
            parse_many(value)
        except ValueError as exc:
            raise ValueError(f"{name} must be limits such as '10 per minute; 100 per hour', got {value!r}") from exc
    limiter = Limiter(
        lambda: throttle_address(client_address()),
        app=app,
        storage_uri=storage_uri(settings),
        strategy="fixed-window",
        default_limits=[settings.ratelimit_default],
        default_limits_exempt_when=has_valid_token,
        key_prefix="mqa",
        headers_enabled=False,  # headers on every response cost a storage read; 429s carry Retry-After
        in_memory_fallback_enabled=True,
    )
    for endpoint in STRICT_ENDPOINTS:
        if endpoint in app.view_functions:
            app.view_functions[endpoint] = limiter.limit(settings.ratelimit_login, methods=["POST"])(
                app.view_functions[endpoint])
    for endpoint in OBJECTION_ENDPOINTS:
        if endpoint in app.view_functions:
            app.view_functions[endpoint] = limiter.limit(settings.ratelimit_objection, methods=["POST"],
                                                         key_func=_objection_key)(app.view_functions[endpoint])
    app.register_error_handler(RateLimitExceeded, _too_many_requests)
    app.extensions[EXTENSION] = limiter
    return limiter


def _too_many_requests(error: RateLimitExceeded) -> Response:
    limiter: Limiter = _limiter()
    current = limiter.current_limit
    wait = max(1, math.ceil(current.window.reset_time - time.time())) if current is not None else 1
    response = error_response(429, "too_many_requests",
                              _("too many requests from this address (at most {limit}); retry in {wait} seconds",
                                limit=str(error.limit.limit), wait=wait))
    response.headers["Retry-After"] = str(wait)
    return response


def _limiter() -> Limiter:
    from flask import current_app

    return current_app.extensions[EXTENSION]
