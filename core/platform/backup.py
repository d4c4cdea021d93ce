"""Backup and restore of the whole database, with the owner's connection.

PostgreSQL: ``pg_dump``/``pg_restore`` in the custom format (the client tools of the server's major
version must be on PATH). The dump runs with row-level security on and ``mqa.platform=on``, so an
owner that is subject to FORCE ROW LEVEL SECURITY (no superuser, no BYPASSRLS) still reads every
row; the restore replaces the objects in the dump (``--clean``) in one transaction and leaves
ownership to the restoring role, then re-asserts the application role's privileges in the same
transaction (:func:`core.platform.tenancy.app_role_privileges_sql`). Roles belong to the cluster, not the dump: the restore creates the
application group role if missing, and the login roles of a new cluster are made by hand.

SQLite: the online backup API, page by page, safe while the application runs.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from core.platform.config import Settings
from core.platform.db import make_engine
from core.platform.tenancy import APP_ROLE, app_role_privileges_sql

PG_OPTIONS = "-c mqa.platform=on"


class BackupFailed(Exception):
    """A backup or restore did not complete; the message says why."""


def owner_url(settings: Settings) -> str:
    return settings.owner_database_url or settings.database_url


def backup(settings: Settings, path: Path) -> None:
    """Write a backup of the database to ``path`` (replaced if it exists)."""
    url = owner_url(settings)
    if _is_sqlite(url):
        _sqlite_copy(_sqlite_path(url), path)
        return
    _run(["pg_dump", "--format=custom", "--enable-row-security", f"--file={path}", f"--dbname={_libpq(url)}"])


def restore(settings: Settings, path: Path) -> None:
    """Replace the database's contents with the backup at ``path``. Stop the application's writers
    first; pooled connections of this process must be disposed of by the caller."""
    if not path.is_file():
        raise BackupFailed(f"{path}: no such backup file")
    url = owner_url(settings)
    if _is_sqlite(url):
        _check_sqlite(path)
        _sqlite_copy(path, _sqlite_path(url))
        return
    _ensure_app_role(url)
    # pg_restore writes the script, psql runs it with the application role's privileges re-asserted
    # at its end, all in one transaction: the recreated tables get the schema's default privileges,
    # which include UPDATE and DELETE on the audit log, and no moment may see them granted.
    handle, name = tempfile.mkstemp(prefix="mqa-restore-", suffix=".sql")
    os.close(handle)
    script = Path(name)
    try:
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", f"--file={script}", str(path)])
        with script.open("a", encoding="utf-8") as sql:
            sql.write("\n".join(f"{s};" for s in app_role_privileges_sql(_schema(url))) + "\n")
        _run(["psql", "--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1",
              f"--file={script}", f"--dbname={_libpq(url)}"])
    finally:
        script.unlink(missing_ok=True)


def _is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupFailed("an in-memory SQLite database has nothing to back up")
    return Path(database)


def _check_sqlite(path: Path) -> None:
    source = sqlite3.connect(path)
    try:
        sound = source.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        migrated = source.execute("SELECT count(*) FROM sqlite_master WHERE name = 'alembic_version'").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupFailed(f"{path}: not a SQLite database ({exc})") from None
    finally:
        source.close()
    if not sound or not migrated:
        raise BackupFailed(f"{path}: not a sound backup of this service's database")


def _sqlite_copy(source_path: Path, target_path: Path) -> None:
    source = sqlite3.connect(source_path)
    target = sqlite3.connect(target_path, timeout=30)
    try:
        source.backup(target)
    except sqlite3.Error as exc:
        raise BackupFailed(f"SQLite backup from {source_path} to {target_path} failed: {exc}") from exc
    finally:
        target.close()
        source.close()


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupFailed(f"{command[0]} is not on PATH (install the PostgreSQL client of the server's version)")
    env = dict(os.environ, PGOPTIONS=PG_OPTIONS)
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupFailed(f"{command[0]} failed (exit {result.returncode}): {result.stderr.strip()}")


def _schema(url: str) -> str:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT current_schema()")).scalar_one()
    finally:
        engine.dispose()


def _ensure_app_role(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": APP_ROLE}).first():
                return
        with engine.begin() as conn:
            conn.execute(text(f"CREATE ROLE {APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS"))
    except Exception as exc:  # noqa: BLE001 - any failure here is reported the same way
        raise BackupFailed(f"the role {APP_ROLE} is missing and could not be created ({exc}); "
                           f"create it (CREATE ROLE {APP_ROLE} NOLOGIN) and restore again") from exc
    finally:
        engine.dispose()
