"""Tenant isolation, enforced in one place: the ORM session.

Every session carries a :class:`Scope` in ``session.info``. Two listeners on the
session factory do the work:

* reads (``do_orm_execute``): every ORM SELECT, UPDATE and DELETE touching a
  :class:`TenantOwned` entity gets ``tenant_id = <scope tenant>`` added, including
  relationship and lazy loads;
* writes (``before_flush``): new tenant-owned rows are stamped with the scope's tenant,
  and any insert, update or delete of another tenant's row raises.

A session with no scope refuses to touch tenant-owned data at all (fail closed);
central admins and the job runner enter :meth:`Scope.platform` explicitly.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any, Iterator

from sqlalchemy import ForeignKey, event, inspect
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, declared_attr, mapped_column, sessionmaker, with_loader_criteria

from core.errors import TenancyViolation

_SCOPE_KEY = "mqa.scope"


@dataclass(frozen=True)
class Scope:
    tenant_id: int | None
    """``None`` means the platform: every tenant's rows (central admins, job runner)."""

    @classmethod
    def tenant(cls, tenant_id: int) -> "Scope":
        return cls(tenant_id)

    @classmethod
    def platform(cls) -> "Scope":
        return cls(None)

    @property
    def is_platform(self) -> bool:
        return self.tenant_id is None


class TenantOwned:
    """Mixin for rows that belong to one tenant."""

    @declared_attr
    def tenant_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"), index=True)


def current_scope(session: Session) -> Scope | None:
    return session.info.get(_SCOPE_KEY)


def set_scope(session: Session, scope: Scope | None) -> None:
    """Change the session's scope. Objects loaded under another scope are dropped from the
    identity map, so ``Session.get`` cannot hand back a row the new scope may not see."""
    if scope != current_scope(session) and (session.identity_map or session.new or session.dirty):
        session.expunge_all()
    if scope is None:
        session.info.pop(_SCOPE_KEY, None)
    else:
        session.info[_SCOPE_KEY] = scope


@contextlib.contextmanager
def scoped(session: Session, scope: Scope) -> Iterator[Session]:
    """Run a block under ``scope``, then restore the previous one."""
    previous = current_scope(session)
    set_scope(session, scope)
    try:
        yield session
    finally:
        set_scope(session, previous)


def _touches_tenant_data(state: ORMExecuteState) -> bool:
    return any(issubclass(m.class_, TenantOwned) for m in state.all_mappers)


def _filter_reads(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete or state.is_insert):
        return
    scope = current_scope(state.session)
    if scope is None:
        if _touches_tenant_data(state):
            raise TenancyViolation("tenant-owned data queried from a session without a scope")
        return
    if scope.is_platform or not _touches_tenant_data(state):
        return
    if state.is_insert:
        raise TenancyViolation("bulk INSERT of tenant-owned rows is not allowed in a tenant scope; add objects")
    if state.is_update and "tenant_id" in _updated_columns(state):
        raise TenancyViolation("an UPDATE may not move rows to another tenant")
    tenant_id = scope.tenant_id
    state.statement = state.statement.options(
        with_loader_criteria(TenantOwned, lambda cls: cls.tenant_id == tenant_id, include_aliases=True)
    )


def _updated_columns(state: ORMExecuteState) -> set[str]:
    values = getattr(state.statement, "_values", None) or {}
    return {getattr(key, "key", None) or getattr(key, "name", None) or str(key) for key in values}


def _guard_writes(session: Session, _flush_context: Any, _instances: Any) -> None:
    scope = current_scope(session)
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if not isinstance(obj, TenantOwned):
            continue
        if scope is None:
            raise TenancyViolation(f"{type(obj).__name__} written from a session without a scope")
        if scope.is_platform:
            continue
        if obj in session.new and obj.tenant_id is None:
            obj.tenant_id = scope.tenant_id
        loaded = inspect(obj).attrs.tenant_id.history.deleted
        if obj.tenant_id != scope.tenant_id or any(t != scope.tenant_id for t in loaded):
            raise TenancyViolation(
                f"{type(obj).__name__} of tenant {obj.tenant_id} written from tenant {scope.tenant_id}"
            )


def install(factory: sessionmaker[Session]) -> sessionmaker[Session]:
    """Attach the tenant wall to every session the factory makes."""
    if not event.contains(factory, "do_orm_execute", _filter_reads):
        event.listen(factory, "do_orm_execute", _filter_reads)
        event.listen(factory, "before_flush", _guard_writes)
    return factory
