"""Backup and restore: the restore drill, on SQLite (online backup API) and PostgreSQL (pg_dump/pg_restore)."""
from __future__ import annotations

import dataclasses

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from api.app import create_app
from api.cli import main
from core.platform import audit, backup
from core.platform.db import Base, make_engine
from core.platform.models import AuditChainHead, Role
from core.platform.runtime import Runtime
from core.platform.tenancy import Scope


@pytest.fixture
def ops_runtime(mqa_settings, mqa_owner_database_url, mqa_registry):
    """The runtime of a deployment whose settings name the owner connection."""
    runtime = Runtime.build(dataclasses.replace(mqa_settings, owner_database_url=mqa_owner_database_url), mqa_registry)
    yield runtime
    runtime.close()


def mqa(runtime: Runtime, *args: str):
    info = ScriptInfo(create_app=lambda: create_app(runtime=runtime))
    return CliRunner().invoke(main, list(args), obj=info, catch_exceptions=False)


def row_counts(owner_url: str) -> dict[str, int]:
    engine = make_engine(owner_url)
    with engine.connect() as conn:
        counts = {t.name: conn.execute(text(f'SELECT count(*) FROM "{t.name}"')).scalar()
                  for t in Base.metadata.sorted_tables}
    engine.dispose()
    return counts


def heads(runtime: Runtime) -> dict[int, tuple[int, str]]:
    with runtime.session(Scope.platform()) as session:
        return {h.chain: (h.seq, h.last_hash) for h in session.scalars(select(AuditChainHead))}


def test_restore_drill(ops_runtime, mqa_factory, mqa_owner_database_url, tmp_path):
    city = mqa_factory.tenant("city-a")
    mqa_factory.user(city, Role.EXPERT, "before-backup")
    mqa_factory.user(None, Role.PLATFORM_ADMIN, "root")
    before, chain_heads = row_counts(mqa_owner_database_url), heads(ops_runtime)
    assert before["users"] == 2 and before["audit_events"] >= 3

    file = tmp_path / "mqa.backup"
    result = mqa(ops_runtime, "backup", str(file))
    assert result.exit_code == 0, result.output
    assert file.stat().st_size > 0

    mqa_factory.user(city, Role.EXPERT, "after-backup")
    mqa_factory.tenant("city-b")
    with ops_runtime.session(Scope.tenant(city.id)) as session:
        audit.record(session, None, "thing.done", "thing", 1)
        session.commit()
    assert row_counts(mqa_owner_database_url) != before

    result = mqa(ops_runtime, "restore", "--yes", str(file))
    assert result.exit_code == 0, result.output
    assert row_counts(mqa_owner_database_url) == before
    assert heads(ops_runtime) == chain_heads
    verified = mqa(ops_runtime, "audit", "verify")
    assert verified.exit_code == 0, verified.output
    with ops_runtime.session(Scope.platform()) as session:  # the application role reads the restored rows
        assert session.execute(text("SELECT count(*) FROM users")).scalar() == 2
    for statement in ("UPDATE audit_events SET details = '{}'", "DELETE FROM audit_events"):
        with ops_runtime.session(Scope.platform()) as session:  # and the log is still append-only
            with pytest.raises(DatabaseError, match="permission denied|append-only"):
                session.execute(text(statement))
    if ops_runtime.engine.dialect.name == "postgresql":  # and row-level security holds after the restore
        with ops_runtime.session(Scope.tenant(city.id)) as session:
            assert session.execute(text("SELECT username FROM users")).scalars().all() == ["before-backup"]


def test_restore_refuses_a_missing_or_broken_file(ops_runtime, tmp_path):
    assert "no such backup file" in mqa(ops_runtime, "restore", "--yes", str(tmp_path / "nope")).output
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a backup")
    result = mqa(ops_runtime, "restore", "--yes", str(junk))
    assert result.exit_code == 1
    with ops_runtime.session(Scope.platform()) as session:  # the database is untouched and usable
        assert session.execute(text("SELECT count(*) FROM tenants")).scalar() == 0


def test_restore_asks_before_replacing_everything(ops_runtime, tmp_path):
    file = tmp_path / "mqa.backup"
    backup.backup(ops_runtime.settings, file)
    result = CliRunner().invoke(main, ["restore", str(file)], input="n\n",
                                obj=ScriptInfo(create_app=lambda: create_app(runtime=ops_runtime)))
    assert result.exit_code == 1 and "Aborted" in result.output
