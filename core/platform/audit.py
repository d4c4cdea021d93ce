"""The audit trail: who did what, on what, when, from where, with what outcome (GB/T 22239 level 3).

Append-only and hash-chained. Each tenant has one chain and the platform another; an event carries
its position ``seq`` in its chain, the hash of the event before it (``prev_hash``) and its own
``hash``: SHA-256 over the canonical JSON of its fields and ``prev_hash`` (:func:`chain_hash`).
Changing, removing or reordering an event breaks every later link, and a deleted tail shows against
the chain's head row (:class:`core.platform.models.AuditChainHead`), which writers update under a row lock in
the same transaction, so concurrent writers of one tenant never fork its chain. :func:`verify`
walks the chains and names the first broken link.

The database keeps the log append-only: on PostgreSQL the application role may only SELECT and
INSERT ``audit_events`` (migration 0008); on SQLite triggers abort UPDATE and DELETE (0005).
"""
from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Iterator

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from core.platform.db import dialect_insert, utcnow
from core.errors import TenancyViolation
from core.platform.models import AuditChainHead, AuditEvent, AuditOutcome, Tenant
from core.platform.paging import DEFAULT_LIMIT, Page, keyset_page
from core.platform.permissions import Principal
from core.platform.tenancy import current_scope

GENESIS = "0" * 64
"""The ``prev_hash`` of the first event of every chain."""

PLATFORM_CHAIN = 0
"""The chain number of platform events (``tenant_id`` NULL); a tenant's chain number is its id."""

request_origin: contextvars.ContextVar[str | None] = contextvars.ContextVar("mqa_request_origin", default=None)
"""The client address of the request being served (the API sets it per request; None in jobs and the CLI)."""

HASHED_FIELDS = ("tenant_id", "seq", "actor_id", "actor_username", "actor_role", "client_address", "action",
                 "target_type", "target_id", "outcome", "details", "at")


def _canonical(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")
    if isinstance(value, AuditOutcome):
        return value.value
    return value


def chain_hash(fields: dict[str, Any], prev_hash: str) -> str:
    """SHA-256 (hex) of the canonical JSON of an event's :data:`HASHED_FIELDS` and ``prev_hash``."""
    body = {name: _canonical(fields[name]) for name in HASHED_FIELDS}
    body["prev_hash"] = prev_hash
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def event_hash(event: AuditEvent) -> str:
    """The hash an event should carry, recomputed from its stored fields."""
    return chain_hash({name: getattr(event, name) for name in HASHED_FIELDS}, event.prev_hash)


def _default_outcome(action: str) -> AuditOutcome:
    if action.endswith("_failed"):
        return AuditOutcome.FAILURE
    if action.endswith("_denied"):
        return AuditOutcome.DENIED
    return AuditOutcome.SUCCESS


def record(session: Session, actor: Principal | None, action: str, target_type: str,
           target_id: object | None = None, *, tenant_id: int | None = None,
           details: dict[str, Any] | None = None, outcome: AuditOutcome | str | None = None,
           client_address: str | None = None) -> AuditEvent:
    """Append an event to its chain in the session's transaction (the caller commits with its change).

    ``outcome`` defaults to ``failure`` for actions ending in ``_failed``, ``denied`` for ``_denied``,
    else ``success``; ``client_address`` defaults to the address of the request being served.
    The chain head is locked until the caller commits or rolls back: keep the transaction short.
    """
    scope = current_scope(session)
    if scope is None:
        raise TenancyViolation("an audit event recorded from a session without a scope")
    tenant_id = tenant_id if tenant_id is not None else (actor.tenant_id if actor else None)
    if tenant_id is None and not scope.is_platform:
        tenant_id = scope.tenant_id
    # A JSON round trip first, so the hash covers exactly what the database gives back.
    stored_details = json.loads(json.dumps(details or {}, ensure_ascii=False, allow_nan=False))
    seq, prev_hash = _advance_head(session, tenant_id)
    fields: dict[str, Any] = {
        "tenant_id": tenant_id, "seq": seq,
        "actor_id": actor.user_id if actor else None,
        "actor_username": actor.username if actor else None,
        "actor_role": actor.role.value if actor else None,
        "client_address": client_address if client_address is not None else request_origin.get(),
        "action": action, "target_type": target_type,
        "target_id": None if target_id is None else str(target_id),
        "outcome": AuditOutcome(outcome) if outcome is not None else _default_outcome(action),
        "details": stored_details,
        "at": utcnow(),
    }
    digest = chain_hash(fields, prev_hash)
    session.execute(update(AuditChainHead).where(AuditChainHead.chain == _chain_of(tenant_id))
                    .values(last_hash=digest), execution_options=_NO_SYNC)
    event = AuditEvent(**fields, prev_hash=prev_hash, hash=digest)
    session.add(event)
    return event


_NO_SYNC = {"synchronize_session": False}
"""The head row is only ever written by these statements, never held as an object in a session, so
an UPDATE need not search the session's identity map (which a long job fills with thousands of rows:
the search made each event cost in proportion to what the job had loaded)."""


def _chain_of(tenant_id: int | None) -> int:
    return PLATFORM_CHAIN if tenant_id is None else tenant_id


def _advance_head(session: Session, tenant_id: int | None) -> tuple[int, str]:
    """Take the next position of the chain: one UPDATE that locks the head row until commit (on SQLite
    the first write takes the database's write lock), creating the head on the chain's first event."""
    chain = _chain_of(tenant_id)
    bump = (update(AuditChainHead).where(AuditChainHead.chain == chain)
            .values(seq=AuditChainHead.seq + 1).returning(AuditChainHead.seq, AuditChainHead.last_hash))
    row = session.execute(bump, execution_options=_NO_SYNC).first()
    if row is None:
        head = {"chain": chain, "tenant_id": tenant_id, "seq": 0, "last_hash": GENESIS, "updated_at": utcnow()}
        session.execute(dialect_insert(session)(AuditChainHead).values(**head).on_conflict_do_nothing())
        row = session.execute(bump, execution_options=_NO_SYNC).one()
    return row.seq, row.last_hash


# -- reading -------------------------------------------------------------------------------------

def events_query(*, action: str | None = None) -> Select[Any]:
    stmt = select(AuditEvent)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    return stmt


def page_events(session: Session, *, action: str | None = None, limit: int = DEFAULT_LIMIT,
                cursor: str | None = None) -> Page[AuditEvent]:
    """Newest first by id; the session's scope decides whose events are visible. In a tenant scope
    the query is ``tenant_id = ? ORDER BY id DESC``, served by ``ix_audit_events_tenant_id_id``."""
    return keyset_page(session, events_query(action=action), [AuditEvent.id], limit=limit, cursor=cursor,
                       descending=True)


# -- verification --------------------------------------------------------------------------------

@dataclass(frozen=True)
class BrokenLink:
    """The first place a chain stops proving itself."""

    chain: str
    """``tenant <code>`` or ``platform``."""
    seq: int
    event_id: int | None
    problem: str

    def __str__(self) -> str:
        event = f" (event {self.event_id})" if self.event_id is not None else ""
        return f"{self.chain}: seq {self.seq}{event}: {self.problem}"


@dataclass(frozen=True)
class ChainState:
    chain: str
    tenant_id: int | None
    events: int
    head_seq: int
    head_hash: str
    broken: BrokenLink | None


def verify(session: Session, *, tenant_id: int | None = None, only_tenant: bool = False,
           batch: int = 1000) -> list[ChainState]:
    """Walk every chain (or, with ``only_tenant``, the chain of ``tenant_id``: None is the platform's)
    in ``seq`` order and report each with its first broken link, if any. Needs the platform scope to
    see every chain."""
    codes = {row.id: row.code for row in session.execute(select(Tenant.id, Tenant.code))}
    heads = {h.chain: h for h in session.scalars(select(AuditChainHead))}
    chains = set(heads)
    chains |= {_chain_of(t) for t in session.scalars(select(AuditEvent.tenant_id).distinct())}
    if only_tenant:
        chains = {_chain_of(tenant_id)}
    states = []
    for chain in sorted(chains):
        tid = None if chain == PLATFORM_CHAIN else chain
        name = "platform" if tid is None else f"tenant {codes.get(tid, f'#{tid}')}"
        states.append(_verify_chain(session, name, tid, heads.get(chain), batch))
    return states


def _events_of(session: Session, tenant_id: int | None, batch: int) -> Iterator[AuditEvent]:
    where = AuditEvent.tenant_id.is_(None) if tenant_id is None else AuditEvent.tenant_id == tenant_id
    after = 0
    while True:
        rows = list(session.scalars(select(AuditEvent).where(where, AuditEvent.seq > after)
                                    .order_by(AuditEvent.seq).limit(batch)))
        yield from rows
        if len(rows) < batch:
            return
        after = rows[-1].seq
        session.expunge_all()


def _verify_chain(session: Session, name: str, tenant_id: int | None, head: AuditChainHead | None,
                  batch: int) -> ChainState:
    expected_seq, prev_hash, prev_id, count = 1, GENESIS, 0, 0
    broken: BrokenLink | None = None
    for event in _events_of(session, tenant_id, batch):
        count += 1
        if broken:
            continue
        if event.seq != expected_seq:
            broken = BrokenLink(name, expected_seq, None,
                                f"missing: the chain jumps from seq {expected_seq - 1} to seq {event.seq} "
                                f"(event {event.id}); {event.seq - expected_seq} record(s) deleted")
        elif event_hash(event) != event.hash:
            broken = BrokenLink(name, event.seq, event.id,
                                "altered: its fields no longer match its hash")
        elif event.prev_hash != prev_hash:
            broken = BrokenLink(name, event.seq, event.id,
                                "out of place: its prev_hash is not the hash of the record before it "
                                "(reordered, or an earlier record replaced)")
        elif event.id <= prev_id:
            broken = BrokenLink(name, event.seq, event.id,
                                f"reordered: its id comes before the id of seq {event.seq - 1} (event {prev_id})")
        expected_seq, prev_hash, prev_id = event.seq + 1, event.hash, event.id
    last_seq = expected_seq - 1
    head_seq = head.seq if head else 0
    head_hash = head.last_hash if head else GENESIS
    if broken is None:
        if head_seq > last_seq:
            broken = BrokenLink(name, last_seq + 1, None,
                                f"deleted tail: the chain head says seq {head_seq} but the last record is "
                                f"seq {last_seq}")
        elif head_seq < last_seq or head_hash != prev_hash:
            broken = BrokenLink(name, head_seq, None,
                                f"the chain head (seq {head_seq}) does not match the last record (seq {last_seq})")
    return ChainState(name, tenant_id, count, head_seq, head_hash, broken)
