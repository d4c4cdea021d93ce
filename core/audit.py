"""The audit trail: every state change records who, what, when."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import AuditEvent
from core.permissions import Principal


def record(session: Session, actor: Principal | None, action: str, target_type: str,
           target_id: object | None = None, *, tenant_id: int | None = None,
           details: dict[str, Any] | None = None) -> AuditEvent:
    """Add an event to the session (the caller commits with its change)."""
    event = AuditEvent(
        tenant_id=tenant_id if tenant_id is not None else (actor.tenant_id if actor else None),
        actor_id=actor.user_id if actor else None,
        actor_username=actor.username if actor else None,
        action=action,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id),
        details=details or {},
    )
    session.add(event)
    return event


def list_events(session: Session, *, action: str | None = None, limit: int = 100,
                before_id: int | None = None) -> list[AuditEvent]:
    """Newest first; the session's scope decides whose events are visible."""
    stmt = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if before_id is not None:
        stmt = stmt.where(AuditEvent.id < before_id)
    return list(session.scalars(stmt))
