"""Database plumbing: the declarative base, naming convention, engine and sessions."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, MetaData, create_engine, event
from sqlalchemy.engine import Engine, ExceptionContext
from sqlalchemy.orm import DeclarativeBase, sessionmaker, Session
from sqlalchemy.types import TypeDecorator

MAX_ID = 2**31 - 1
"""Largest integer id (PostgreSQL ``integer``); larger numbers cannot name a row."""

# Stable constraint names so Alembic migrations name things the same on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite drops the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(dt.timezone.utc)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime()}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


POOL_RECYCLE_SECONDS = 1800
"""Pooled server connections are replaced after this long, before firewalls and proxies drop idle ones."""


def make_engine(url: str) -> Engine:
    """An engine for ``url``. No ``pool_pre_ping`` (a round trip before every checkout, ~10% of a simple
    request): connections are recycled after :data:`POOL_RECYCLE_SECONDS`, and a connection found dead
    in use (the server restarted, an admin terminated it) is dropped with the rest of the pool and the
    operation fails with :class:`core.errors.ServiceUnavailable` (503, retry): nothing was changed, and
    the next request gets a fresh connection."""
    kwargs: dict[str, Any] = {"future": True}
    if url.startswith("sqlite"):
        # The in-process job thread and the web thread share the file.
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    else:
        kwargs["pool_recycle"] = POOL_RECYCLE_SECONDS
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        event.listen(engine, "handle_error", _lost_connection_is_unavailable)
    return engine


def _lost_connection_is_unavailable(context: ExceptionContext) -> None:
    if context.is_disconnect:
        from core.errors import ServiceUnavailable

        raise ServiceUnavailable("the connection to the database was lost; nothing was changed, retry "
                                 "the request") from context.original_exception


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def dialect_insert(session: Session) -> Any:
    """The ``insert`` construct of the session's database, which has ``on_conflict_do_nothing`` and
    ``on_conflict_do_update`` (only PostgreSQL and SQLite are supported)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - only PostgreSQL and SQLite are supported
        raise NotImplementedError(f"no upsert for {dialect}")
    return insert


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, future=True)


ROW_IDS_TABLE = "row_ids"
"""SQLite only: one counter per table whose key is ``(tenant_id, id)`` (PostgreSQL uses a sequence)."""


def next_row_id(context: Any) -> int:
    """The column default of ``id`` in a table keyed ``(tenant_id, id)``: a new number from the
    table's sequence ``<table>_id_seq`` on PostgreSQL, or its counter in ``row_ids`` on SQLite,
    where only a lone ``INTEGER PRIMARY KEY`` numbers itself. Numbers are unique across tenants and
    grow with time, so a list in id order is a list in creation order."""
    table = context.current_column.table.name
    if context.dialect.name == "postgresql":
        return context.connection.exec_driver_sql(f"SELECT nextval('{table}_id_seq')").scalar_one()
    return context.connection.exec_driver_sql(
        f"UPDATE {ROW_IDS_TABLE} SET value = value + 1 WHERE name = ? RETURNING value", (table,)).scalar_one()


def create_row_ids_sql(dialect: str, table: str) -> list[str]:
    """The statements a migration runs to number a new ``(tenant_id, id)`` table (see :func:`next_row_id`)."""
    if dialect == "postgresql":
        return [f"CREATE SEQUENCE IF NOT EXISTS {table}_id_seq AS integer"]
    return [f"INSERT INTO {ROW_IDS_TABLE} (name, value) VALUES ('{table}', 0)"]


def drop_row_ids_sql(dialect: str, table: str) -> list[str]:
    if dialect == "postgresql":
        return [f"DROP SEQUENCE IF EXISTS {table}_id_seq"]
    return [f"DELETE FROM {ROW_IDS_TABLE} WHERE name = '{table}'"]
