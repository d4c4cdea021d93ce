"""Keyset (cursor) paging, the one way every list in this service pages.

The convention (docs/conventions.md says it for people):

* A list takes ``limit`` (1..MAX_LIMIT, default DEFAULT_LIMIT) and an opaque ``cursor``, and
  answers ``{"items": [...], "next_cursor": "..." | null}``.
* Rows are ordered by a sort key that ends in a unique column (usually ``id``), all in one
  direction, and the next page starts strictly after the last row's key. No OFFSET: the cost
  of page 1,000 is the cost of page 1.
* The query is served by an index on ``(tenant_id, <sort key>)`` for tenant data.

A cursor is the last row's key, base64url-encoded JSON. It is not secret and need not be
signed: the tenant wall still applies to whatever a forged cursor asks for, and a cursor that
does not decode to the right shape is refused as ``cursor`` (422).
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Callable, Generic, Sequence, TypeVar

from sqlalchemy import BigInteger, Select, literal, tuple_
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import TypeDecorator

from core.engine.messages import _
from core.errors import InvalidInput

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_CURSOR_LENGTH = 512


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def encode_cursor(key: Sequence[Any]) -> str:
    values = [v.isoformat() if isinstance(v, (dt.datetime, dt.date)) else v for v in key]
    raw = json.dumps(values, separators=(",", ":"), ensure_ascii=True).encode("ascii")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(text: str, columns: Sequence[ColumnElement[Any]]) -> tuple[Any, ...]:
    """The key a cursor names, typed like ``columns``; :class:`InvalidInput` on ``cursor`` otherwise."""
    problem = _("not a cursor this list gave out; start again without one")
    if len(text) > MAX_CURSOR_LENGTH or not text.isascii():
        raise InvalidInput.on("cursor", problem)
    try:
        values = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidInput.on("cursor", problem) from None
    if not isinstance(values, list) or len(values) != len(columns):
        raise InvalidInput.on("cursor", problem)
    typed = []
    for value, column in zip(values, columns):
        python_type = _python_type(column)
        try:
            if python_type is dt.datetime and isinstance(value, str):
                value = dt.datetime.fromisoformat(value)
                if value.tzinfo is None:
                    raise ValueError("naive")
                value = value.astimezone(dt.timezone.utc)  # as it is stored; year 1 at +01:00 overflows here
            elif python_type is dt.date and isinstance(value, str):
                value = dt.date.fromisoformat(value)
            elif python_type is int and (not isinstance(value, int) or isinstance(value, bool)
                                         or not -_int_bound(column) <= value < _int_bound(column)):
                raise ValueError("int")
            elif python_type is str and not isinstance(value, str):
                raise ValueError("str")
            elif python_type in (dt.datetime, dt.date) and not isinstance(value, (dt.datetime, dt.date)):
                raise ValueError("date")
        except (ValueError, OverflowError):
            raise InvalidInput.on("cursor", problem) from None
        typed.append(value)
    return tuple(typed)


def _int_bound(column: ColumnElement[Any]) -> int:
    """Integers a column can hold: PostgreSQL's ``integer`` unless it is a ``bigint``."""
    return 2**63 if isinstance(column.type, BigInteger) else 2**31


def _python_type(column: ColumnElement[Any]) -> type | None:
    kind = column.type
    if isinstance(kind, TypeDecorator):  # its own python_type says "object"; the stored type is the impl's
        kind = kind.impl_instance
    try:
        return kind.python_type
    except NotImplementedError:
        return None


def check_limit(limit: int) -> None:
    """Refuse a page size outside 1..MAX_LIMIT, naming ``limit`` (also for lists merged from several keysets)."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput.on("limit", _("must be between 1 and {MAX_LIMIT}", MAX_LIMIT=MAX_LIMIT))


def keyset_page(session: Session, stmt: Select[Any], order_by: Sequence[ColumnElement[Any]], *,
                limit: int = DEFAULT_LIMIT, cursor: str | None = None, descending: bool = False,
                key: Callable[[Any], Sequence[Any]] | None = None, scalars: bool = True) -> Page[Any]:
    """One page of ``stmt`` ordered by ``order_by`` (the last column unique), after ``cursor``.

    ``key`` reads a row's sort key (default: the attributes named like the columns).
    ``scalars`` returns ORM entities / single values; False returns rows (for column selects).
    """
    check_limit(limit)
    columns = list(order_by)
    if cursor:
        # Each value bound with its column's type, so a datetime compares as the column stores it.
        after = [literal(v, c.type) for v, c in zip(decode_cursor(cursor, columns), columns)]
        left = tuple_(*columns) if len(columns) > 1 else columns[0]
        right = tuple_(*after) if len(columns) > 1 else after[0]
        stmt = stmt.where(left < right if descending else left > right)
    stmt = stmt.order_by(*[c.desc() if descending else c.asc() for c in columns]).limit(limit + 1)
    result = session.execute(stmt)
    rows = list(result.scalars().unique() if scalars else result.unique())
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = None
    if more and rows:
        read = key or (lambda row: [getattr(row, c.key) for c in columns])
        next_cursor = encode_cursor(read(rows[-1]))
    return Page(rows, next_cursor)
