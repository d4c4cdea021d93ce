"""Version counters (optimistic locking) for rows that clients edit.

A versioned model maps ``version`` as SQLAlchemy's ``version_id_col``: every UPDATE the ORM
flushes adds ``WHERE version = <the version read>`` and sets ``version + 1``. A client sends the
version it last read (``If-Match: "<version>"``, see :mod:`api.versioning`); a service compares it
with :func:`check` before changing anything, and makes its change inside :func:`guard`, which
turns the ORM's ``StaleDataError`` (another writer committed between our read and our flush,
wherever the flush happens) into the same :class:`StaleVersion`, after rolling back, so nothing
is half-written.
"""
from __future__ import annotations

import contextlib
import enum
from typing import Any, Final, Iterator, Literal

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from core.engine.messages import Message, _
from core.errors import Conflict, DomainError


class StaleVersion(Conflict):
    """The client's copy is out of date: someone changed the row since it was read (409)."""

    code = "stale_version"

    def __init__(self, entity: str, key: object, current: int | None) -> None:
        if current is None:
            message = _("{entity} {key!r} was changed by someone else (it no longer exists)",
                        entity=Message(entity), key=key)
            reason = _("stale: it no longer exists")
        else:
            message = _("{entity} {key!r} was changed by someone else (it is now at version {current}); read it "
                        "again and resend with If-Match: \"{current}\"",
                        entity=Message(entity), key=key, current=current)
            reason = _("stale: it is now at version {current}", current=current)
        super().__init__(message, fields={"If-Match": [reason]}, details={"current_version": current})
        self.current = current


class VersionRequired(DomainError):
    """A write to a versioned row came without the version the client read (428)."""

    code = "version_required"

    def __init__(self, current: int | None = None) -> None:
        super().__init__("send the version you last read as If-Match: \"<version>\" (the ETag of a GET); "
                         "without it a change could overwrite someone else's",
                         fields={"If-Match": [_("required")]},
                         details={"current_version": current} if current is not None else None)


class _Unchecked(enum.Enum):
    UNCHECKED = "unchecked"


UNCHECKED: Final = _Unchecked.UNCHECKED
"""Expected version of internal callers (command line, jobs) that write without a client's read."""

Expected = int | None | Literal[_Unchecked.UNCHECKED]
"""The version a client read; None when it sent none (:class:`VersionRequired`); or UNCHECKED."""


def check(entity: str, row: Any, expected: Expected, key: object = None) -> None:
    """Refuse a write unless ``expected`` is the row's version (or UNCHECKED). Call it after looking
    the row up, so a missing row answers 404 before a missing version answers 428."""
    if expected is UNCHECKED:
        return
    if expected is None:
        raise VersionRequired(row.version)
    if expected != row.version:
        raise StaleVersion(entity, _key(row) if key is None else key, row.version)


@contextlib.contextmanager
def guard(session: Session, entity: str, row: Any, key: object = None) -> Iterator[None]:
    """Make a change to ``row`` (and commit it) inside this block; a lost race becomes :class:`StaleVersion`."""
    try:
        yield
    except StaleDataError:
        session.rollback()
        model = type(row)
        current = session.scalar(select(model.version).where(*[
            column == value for column, value in zip(inspect(model).primary_key, inspect(row).identity or ())]))
        raise StaleVersion(entity, _key(row) if key is None else key, current) from None


def commit(session: Session, entity: str, row: Any, key: object = None) -> None:
    """Commit a change to ``row`` made outside :func:`guard`, with the same mapping."""
    with guard(session, entity, row, key):
        session.commit()


def _key(row: Any) -> object:
    identity = inspect(row).identity
    return identity[0] if identity and len(identity) == 1 else identity
