"""Idempotency keys: a creating request sent twice creates once.

A client that may retry a creating POST (a timeout, a lost answer) sends an ``Idempotency-Key``
header (1-255 visible ASCII characters, e.g. a UUID). The key is remembered per (tenant, user,
key) for :data:`TTL`, with a fingerprint of the request (method, path, body) and, once the first
request succeeded, its answer:

* the same key with the same request replays the stored answer and creates nothing;
* the same key with another request is refused (:class:`KeyReused`, 422);
* a repeat while the first is still running is refused (:class:`KeyInUse`, 409) — the first
  request claims the key in its own committed transaction before it runs, and a unique
  constraint lets exactly one of two concurrent claims win;
* a failed request (any error) releases its claim, so the client may retry with the same key.

A claim left by a process that died mid-request is taken over after :data:`LEASE`. Expired
keys are deleted lazily, when their user next claims one.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.engine.messages import _
from core.errors import Conflict, InvalidInput
from core.platform.models import IdempotencyKey

HEADER = "Idempotency-Key"
TTL = dt.timedelta(hours=24)
LEASE = dt.timedelta(seconds=60)
"""How long a claim without an answer blocks repeats: longer than any creating request runs."""
KEY = re.compile(r"^[\x21-\x7e]{1,255}$")


class KeyReused(InvalidInput):
    code = "idempotency_key_reused"

    def __init__(self) -> None:
        super().__init__(_("{header}: this key was used with a different request in the last 24 hours; use a new key "
                           "for a new request",
                           header=HEADER), fields={HEADER: [_("used with a different request")]})


class KeyInUse(Conflict):
    code = "idempotency_key_in_use"

    def __init__(self) -> None:
        super().__init__(_("{header}: a request with this key is still running; retry when it has answered",
                           header=HEADER), fields={HEADER: [_("in use by a running request")]})


@dataclass(frozen=True)
class Answer:
    """A stored answer to replay."""

    status: int
    body: Any
    headers: dict[str, str]


def check_key(key: str) -> str:
    if not KEY.match(key):
        raise InvalidInput.on(HEADER, "use 1-255 visible ASCII characters (no spaces), e.g. a UUID")
    return key


def fingerprint(method: str, path: str, body: bytes) -> str:
    """SHA-256 of the request as sent: the same body in other whitespace is another request."""
    digest = hashlib.sha256()
    for part in (method.upper().encode("ascii"), path.encode("utf-8"), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def claim(session: Session, *, tenant_id: int | None, user_id: int, key: str, fingerprint: str,
          now: dt.datetime) -> IdempotencyKey | Answer:
    """Claim ``key`` for a request (committed), or return the answer a first request got.

    Runs in the caller's scope: the tenant's, or the platform's for central admins (``tenant_id`` None).
    """
    check_key(key)
    mine = [IdempotencyKey.user_id == user_id,
            IdempotencyKey.tenant_id.is_(None) if tenant_id is None else IdempotencyKey.tenant_id == tenant_id]
    session.execute(delete(IdempotencyKey).where(*mine, IdempotencyKey.expires_at <= now)
                    .execution_options(synchronize_session="fetch"))
    for _attempt in range(2):
        row = session.scalars(select(IdempotencyKey).where(*mine, IdempotencyKey.key == key)).one_or_none()
        if row is not None:
            return _existing(session, row, fingerprint, now)
        row = IdempotencyKey(tenant_id=tenant_id, user_id=user_id, key=key, fingerprint=fingerprint,
                             created_at=now, expires_at=now + TTL)
        session.add(row)
        try:
            session.commit()
            return row
        except IntegrityError:  # a concurrent request claimed it first: look again
            session.rollback()
    raise KeyInUse()


def _existing(session: Session, row: IdempotencyKey, fingerprint: str, now: dt.datetime) -> IdempotencyKey | Answer:
    if row.fingerprint != fingerprint:
        session.rollback()
        raise KeyReused()
    if row.status is not None:
        stored = row.response or {}
        session.commit()  # the expiry clean-up
        return Answer(row.status, stored.get("body"), dict(stored.get("headers") or {}))
    if row.created_at + LEASE > now:
        session.rollback()
        raise KeyInUse()
    # The first request's process died: take its claim over, unless another retry just did.
    taken = session.execute(update(IdempotencyKey)
                            .where(IdempotencyKey.id == row.id, IdempotencyKey.created_at == row.created_at,
                                   IdempotencyKey.status.is_(None))
                            .values(created_at=now, expires_at=now + TTL)
                            .execution_options(synchronize_session=False)).rowcount
    if not taken:
        session.rollback()
        raise KeyInUse()
    session.commit()
    session.refresh(row)
    return row


def complete(session: Session, row: IdempotencyKey, answer: Answer) -> None:
    """Store the answer of a claimed request (committed)."""
    session.execute(update(IdempotencyKey).where(IdempotencyKey.id == row.id)
                    .values(status=answer.status, response={"body": answer.body, "headers": answer.headers})
                    .execution_options(synchronize_session=False))
    session.commit()


def release(session: Session, row: IdempotencyKey) -> None:
    """Forget a claim whose request failed, so the client may retry with the same key."""
    session.rollback()
    session.execute(delete(IdempotencyKey).where(IdempotencyKey.id == row.id, IdempotencyKey.status.is_(None))
                    .execution_options(synchronize_session="fetch"))
    session.commit()
