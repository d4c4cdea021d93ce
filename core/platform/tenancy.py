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

On PostgreSQL the database holds the same wall a second time, for queries that forget the ORM:
row-level security on every table with a ``tenant_id`` (migration 0008) compares it with two
transaction-local settings, ``mqa.tenant_id`` (the tenant's id, empty otherwise) and
``mqa.platform`` (``on`` in the platform scope); no scope sees no tenant row. :func:`install` sets
them from the scope when a transaction begins and again when :func:`set_scope` changes the scope
inside one: the statement (``select set_config('mqa.…')``) is sent on the cursor just before the
transaction's next statement, so a change that nothing follows costs nothing, and a failed
transaction is not touched again.
"""
from __future__ import annotations

import contextlib
import weakref
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from sqlalchemy import ForeignKey, event, inspect
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, declared_attr, mapped_column, sessionmaker, with_loader_criteria

from core.engine.messages import _
from core.errors import TenancyViolation

_SCOPE_KEY = "mqa.scope"
_CONNECTION_KEY = "mqa.rls_connection"
_PENDING_KEY = "mqa.pending_scope"

SET_DATABASE_SCOPE = ("select set_config('mqa.tenant_id', %s, true), "
                      "set_config('mqa.platform', %s, true)")
"""The one statement that tells PostgreSQL's row-level security the scope of the transaction."""


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
    changed = scope != current_scope(session)
    if scope is None:
        session.info.pop(_SCOPE_KEY, None)
    else:
        session.info[_SCOPE_KEY] = scope
    connection = session.info.get(_CONNECTION_KEY)
    if changed and connection is not None and _usable(connection):
        _mark_scope(connection, scope)


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
            raise TenancyViolation(_("{error_type} written from a session without a scope",
                                     error_type=type(obj).__name__))
        if scope.is_platform:
            continue
        if obj in session.new and obj.tenant_id is None:
            obj.tenant_id = scope.tenant_id
        loaded = inspect(obj).attrs.tenant_id.history.deleted
        if obj.tenant_id != scope.tenant_id or any(t != scope.tenant_id for t in loaded):
            raise TenancyViolation(
                _("{error_type} of tenant {tenant_id} written from tenant {tenant_id2}",
                  error_type=type(obj).__name__, tenant_id=obj.tenant_id, tenant_id2=scope.tenant_id)
            )


def _usable(connection: Connection) -> bool:
    return not connection.closed and not connection.invalidated


def _settings_of(scope: Scope | None) -> tuple[str, str]:
    tenant_id = "" if scope is None or scope.tenant_id is None else str(scope.tenant_id)
    platform = "on" if scope is not None and scope.is_platform else "off"
    return tenant_id, platform


def _mark_scope(connection: Connection, scope: Scope | None) -> None:
    connection.info[_PENDING_KEY] = _settings_of(scope)


def _scope_the_transaction(session: Session, transaction: Any, connection: Connection) -> None:
    """``after_begin``: the transaction's first statement is preceded by its scope."""
    if connection.dialect.name != "postgresql":
        return
    session.info[_CONNECTION_KEY] = connection
    _mark_scope(connection, current_scope(session))


def _send_pending_scope(connection: Connection, cursor: Any, statement: str, parameters: Any,
                        _context: Any, _executemany: bool) -> tuple[str, Any]:
    """``before_cursor_execute``: send a scope set since the last statement, on the same cursor
    (a lost connection fails here, and is handled like any failed statement)."""
    pending = connection.info.pop(_PENDING_KEY, None)
    if pending is not None:
        execute = cursor.execute
        if getattr(cursor, "name", None):
            # A server-side cursor (a streamed query: yield_per, stream_results) would only DECLARE the
            # set_config, never run it: send it on a client cursor of the same connection instead.
            execute = cursor.connection.cursor().execute
        send_scope(execute, pending)
    return statement, parameters


def send_scope(execute: Callable[[str, tuple[str, str]], Any], settings: tuple[str, str]) -> None:
    """Send ``(mqa.tenant_id, mqa.platform)`` for the rest of the transaction."""
    execute(SET_DATABASE_SCOPE, settings)


def _forget_connection(session: Session, transaction: Any) -> None:
    """``after_transaction_end``: at the end of the session's transaction, forget its connection; at the
    end of a savepoint, send the scope again (a rollback to a savepoint undoes a set_config made inside it)."""
    connection = session.info.get(_CONNECTION_KEY)
    if connection is None or not _usable(connection):
        session.info.pop(_CONNECTION_KEY, None)
        return
    if transaction.parent is None:
        session.info.pop(_CONNECTION_KEY, None)
        connection.info.pop(_PENDING_KEY, None)
    elif transaction.nested:
        _mark_scope(connection, current_scope(session))


def _forget_pending_scope(_dbapi_connection: Any, record: Any) -> None:
    """``checkin``: a scope never outlives its session's use of a pooled connection."""
    record.info.pop(_PENDING_KEY, None)


_INSTALLED: "weakref.WeakSet[object]" = weakref.WeakSet()
"""Factories and engines the wall is attached to. Not ``event.contains``: SQLAlchemy's event registry
is keyed by ``id()``, so a new factory that reuses the id of a collected one looks installed already."""


def install(factory: sessionmaker[Session]) -> sessionmaker[Session]:
    """Attach the tenant wall to every session the factory makes (in the ORM and, on PostgreSQL, in the
    database)."""
    if factory not in _INSTALLED:
        event.listen(factory, "do_orm_execute", _filter_reads)
        event.listen(factory, "before_flush", _guard_writes)
        event.listen(factory, "after_begin", _scope_the_transaction)
        event.listen(factory, "after_transaction_end", _forget_connection)
        _INSTALLED.add(factory)
    engine = factory.kw.get("bind")
    if engine is not None and engine.dialect.name == "postgresql" and engine not in _INSTALLED:
        event.listen(engine, "before_cursor_execute", _send_pending_scope, retval=True)
        event.listen(engine.pool, "checkin", _forget_pending_scope)
        _INSTALLED.add(engine)
    return factory


# -- the wall in the database (PostgreSQL row-level security) -------------------------------------

APP_ROLE = "mqa_app"
"""The group role the application logs in through (a member of it): owns nothing, no BYPASSRLS."""

POLICY_NAME = "tenant_isolation"

TENANT_PREDICATE = ("(current_setting('mqa.platform', true) = 'on' "
                    "OR tenant_id = nullif(current_setting('mqa.tenant_id', true), '')::integer)")
"""Rows a transaction may see and write: all in the platform scope, else its tenant's (a NULL
``tenant_id``, a platform row, only in the platform scope)."""


def app_role_privileges_sql(schema: str) -> list[str]:
    """What the application role may do in ``schema``: read and write every table, except only read and
    append ``audit_events`` and only read ``alembic_version``; the same by default on tables the owner
    creates later. Idempotent: migration 0008 runs it, and a restore runs it again (a restore recreates
    the tables, and the default privileges would otherwise grant UPDATE and DELETE on the audit log)."""
    return [f'GRANT USAGE ON SCHEMA "{schema}" TO {APP_ROLE}',
            f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{schema}" TO {APP_ROLE}',
            f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "{schema}" TO {APP_ROLE}',
            f'REVOKE UPDATE, DELETE, TRUNCATE ON "{schema}".audit_events FROM {APP_ROLE}',
            f'REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "{schema}".alembic_version FROM {APP_ROLE}',
            f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {APP_ROLE}',
            f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" GRANT USAGE, SELECT ON SEQUENCES TO {APP_ROLE}']


TOKEN_PREDICATE = "(EXISTS (SELECT 1 FROM users u WHERE u.id = auth_tokens.user_id))"
"""On ``auth_tokens``: the tokens of the users the transaction may see (``users`` is behind the wall)."""


def platform_tables_security_sql() -> list[str]:
    """Tables that hold tenants' data without a ``tenant_id`` column: ``auth_tokens``. (``tenants`` itself is
    not behind the wall yet: a policy on it makes PostgreSQL sort the central admins' tenant list instead of
    reading it in key order; ``login_throttles`` and ``calendar_overrides`` are platform data, read before
    any tenant is known.)"""
    statements = []
    for table, predicate in (("auth_tokens", TOKEN_PREDICATE),):
        statements += [f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY',
                       f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY',
                       f'CREATE POLICY {POLICY_NAME} ON "{table}" USING {predicate} WITH CHECK {predicate}']
    return statements


def row_level_security_sql(table: str) -> list[str]:
    """The statements that put ``table`` (with a ``tenant_id`` column) behind the wall; a migration that
    adds a tenant table after 0008 runs them (a test fails for any tenant table without them)."""
    return [f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY',
            f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY',
            f'CREATE POLICY {POLICY_NAME} ON "{table}" USING {TENANT_PREDICATE} WITH CHECK {TENANT_PREDICATE}']
