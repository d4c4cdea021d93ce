"""Per-request state: the runtime, the database session, the authenticated principal."""
from __future__ import annotations

import datetime as dt

from flask import current_app, g, request
from sqlalchemy.orm import Session

from core.platform import audit, clock
from core.platform.permissions import Principal
from core.platform.runtime import Runtime

def runtime() -> Runtime:
    return current_app.extensions["mqa"]


def db() -> Session:
    if "db" not in g:
        g.db = runtime().session_factory()
    return g.db


def principal() -> Principal:
    return g.principal


def today() -> dt.date:
    """Rules are dated in China Standard Time (:func:`core.platform.clock.today`)."""
    return clock.today()


def capture_origin() -> None:
    """``before_request``: the audit trail records where each request came from (:data:`core.platform.audit.request_origin`)."""
    audit.request_origin.set(client_address())


def close_db(_exc: BaseException | None = None) -> None:
    audit.request_origin.set(None)
    session = g.pop("db", None)
    if session is not None:
        session.rollback()
        session.close()


def client_address() -> str:
    """The caller's IP address: the socket's peer, or the address the trusted proxies saw
    (``MQA_TRUSTED_PROXY_HOPS``; werkzeug's ProxyFix rewrites ``remote_addr`` in :func:`api.app.create_app`)."""
    return request.remote_addr or "unknown"
