"""Blob storage that every API process sees the same way: put, get and delete bytes by key.

Two backends, chosen by a setting (the same two as export files, :mod:`core.platform.services.exports`):

* :class:`DatabaseStorage` keeps the bytes in a column of the row that describes them (the default:
  every host that reaches the database reaches the bytes, and a backup holds them);
* :class:`DirectoryStorage` keeps them as files under a directory, for a mount every host shares; it
  stands in for an object store (S3, OSS, MinIO), whose client would implement the same three methods.

Keys are short relative paths (``<tenant>/<application>/<random>``) that the caller keeps beside the
bytes' SHA-256; this module checks neither ownership nor content, the caller does (a blob store
knows nothing of tenants).
"""
from __future__ import annotations

import os
import re
import uuid
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from core.platform.config import EXPORT_STORAGES

STORAGES = EXPORT_STORAGES
"""The backends a setting may name: ``database`` (default) or ``directory``."""

KEY = re.compile(r"^[A-Za-z0-9_-]{1,64}(?:/[A-Za-z0-9_-]{1,64}){0,4}$")
"""A key: up to five path segments of letters, digits, ``_`` and ``-``; never ``..``, never absolute."""


def write_once(path: Path, content: bytes) -> bytes:
    """Create ``path`` with ``content`` unless it exists; return what the file holds (the first
    writer's bytes when two race: a file, once written, is never replaced)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.{uuid.uuid4().hex}.part")
    part.write_bytes(content)
    try:
        os.link(part, path)  # atomic, and never replaces: the first attempt's file stays
    except FileExistsError:
        content = path.read_bytes()
    finally:
        part.unlink()
    return content


class BlobMissing(LookupError):
    """No bytes under the key (a file deleted, or a shared directory not mounted on this host)."""

    def __init__(self, key: str, where: str) -> None:
        super().__init__(f"no stored bytes under {key!r} in {where}")
        self.key = key
        self.where = where


class BlobStorage(Protocol):
    """What an attachment (or any other blob) needs of a store."""

    name: str
    """Stored beside the key (``attachments.storage``), so each blob is read where it was put."""

    def put(self, key: str, content: bytes) -> None: ...

    def get(self, key: str) -> bytes: ...

    def delete(self, key: str) -> None: ...


def check_key(key: str) -> str:
    if not KEY.match(key):
        raise ValueError(f"not a storage key: {key!r}")
    return key


class DatabaseStorage:
    """Bytes in ``content_column`` of the row whose ``key_column`` holds the key: the row must exist
    (flushed) before :meth:`put`, and goes with its bytes. Runs in the caller's session and
    transaction, under its tenant scope."""

    name = "database"

    def __init__(self, session: Session, key_column: InstrumentedAttribute[Any],
                 content_column: InstrumentedAttribute[Any]) -> None:
        self.session = session
        self.key_column = key_column
        self.content_column = content_column
        self.model = key_column.class_

    def put(self, key: str, content: bytes) -> None:
        stmt = update(self.model).where(self.key_column == check_key(key)).values({self.content_column: content})
        if self.session.execute(stmt).rowcount != 1:
            raise BlobMissing(key, f"table {self.model.__tablename__}")

    def get(self, key: str) -> bytes:
        content = self.session.scalar(select(self.content_column).where(self.key_column == check_key(key)))
        if content is None:
            raise BlobMissing(key, f"table {self.model.__tablename__}")
        return bytes(content)

    def delete(self, key: str) -> None:
        self.session.execute(update(self.model).where(self.key_column == check_key(key))
                             .values({self.content_column: None}))


class DirectoryStorage:
    """Bytes in ``<root>/<key>``, written once (a retried put keeps the first file, like export files)."""

    name = "directory"

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put(self, key: str, content: bytes) -> None:
        write_once(self.path(key), content)

    def get(self, key: str) -> bytes:
        try:
            return self.path(key).read_bytes()
        except FileNotFoundError:
            raise BlobMissing(key, f"{self.root} (is the shared directory mounted on this host?)") from None

    def delete(self, key: str) -> None:
        try:
            os.unlink(self.path(key))
        except FileNotFoundError:
            pass
