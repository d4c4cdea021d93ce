"""Operations commands: audit verification, backup and restore."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from core.platform.runtime import Runtime


def _runtime() -> Runtime:
    return current_app.extensions["mqa"]


def register(main: click.Group) -> None:
    """Add this module's commands to the ``mqa`` group."""
    main.add_command(audit)
    main.add_command(backup)
    main.add_command(restore)
    main.add_command(prune_logins)


@click.command("prune-logins")
@with_appcontext
def prune_logins() -> None:
    """Forget failed-login counters that no longer count (run it daily, e.g. from cron)."""
    from core.platform.services.auth import prune_throttles
    from core.platform.tenancy import Scope

    runtime = _runtime()
    with runtime.session(Scope.platform()) as session:
        removed = prune_throttles(session, runtime.settings)
        session.commit()
    click.echo(f"removed {removed} login counter(s) that no longer count")


@click.group(cls=AppGroup)
def audit() -> None:
    """The audit trail (hash-chained, append-only)."""


@audit.command("verify")
@click.option("--tenant", "tenant_code", default=None, help="Only this tenant's chain (default: every chain).")
def audit_verify(tenant_code: str | None) -> None:
    """Walk the audit chains; name the first broken link of each; exit 1 if any is broken."""
    from sqlalchemy import select

    from core.platform import audit as audit_trail
    from core.platform.models import Tenant
    from core.platform.tenancy import Scope

    with _runtime().session(Scope.platform()) as session:
        tenant_id = None
        if tenant_code is not None:
            tenant_id = session.scalar(select(Tenant.id).where(Tenant.code == tenant_code))
            if tenant_id is None:
                raise click.ClickException(f"no tenant with code {tenant_code!r}")
        states = audit_trail.verify(session, tenant_id=tenant_id, only_tenant=tenant_code is not None)
    broken = [s for s in states if s.broken]
    for state in states:
        verdict = f"BROKEN at {state.broken}" if state.broken else "intact"
        click.echo(f"{state.chain}: {state.events} event(s), head seq {state.head_seq} "
                   f"hash {state.head_hash}: {verdict}")
    if not states:
        click.echo("no audit events")
    if broken:
        raise click.ClickException(f"{len(broken)} of {len(states)} audit chain(s) broken")


@click.command("backup")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup(file: Path) -> None:
    """Back up the whole database to FILE (PostgreSQL: pg_dump custom format; SQLite: a database file)."""
    from core.platform import backup as backups

    try:
        backups.backup(_runtime().settings, file)
    except backups.BackupFailed as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"backed up to {file} ({file.stat().st_size} bytes)")


@click.command("restore")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore(file: Path, yes: bool) -> None:
    """Replace the database's contents with the backup FILE (stop the servers and workers first)."""
    from core.platform import backup as backups

    runtime = _runtime()
    if not yes:
        click.confirm(f"Replace every row of the database with the contents of {file}?", abort=True)
    runtime.engine.dispose()
    try:
        backups.restore(runtime.settings, file)
    except backups.BackupFailed as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"restored from {file}; run `mqa audit verify` to check the audit chains")
