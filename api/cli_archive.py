"""A tenant's portable archive: export to a file, import into another deployment."""
from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app

from api.context import today
from core.errors import DomainError
from core.platform.runtime import Runtime


def _runtime() -> Runtime:
    return current_app.extensions["mqa"]


def _fail(exc: DomainError) -> None:
    detail = "; ".join(f"{k}: {', '.join(v)}" for k, v in exc.fields.items())
    raise click.ClickException(exc.message if not detail or detail in exc.message else f"{exc.message} ({detail})")


def register(main: click.Group) -> None:
    """Add this module's commands to the ``mqa`` group."""

    @main.group("tenant-archive")
    def tenant_archive() -> None:
        """A tenant's portable archive (format 2), to move a tenant to another deployment."""

    @tenant_archive.command("export")
    @click.argument("code")
    @click.option("--output", "output", required=True, type=click.Path(dir_okay=False, writable=True),
                  help="The file to write.")
    def archive_export(code: str, output: str) -> None:
        """Write tenant CODE's archive (the same document as POST /api/v1/exports) to a file."""
        from sqlalchemy import select

        from core.platform.models import Tenant
        from core.platform.services import tenant_archive as archive
        from core.platform.tenancy import Scope, scoped

        with _runtime().session(Scope.platform()) as session:
            tenant = session.scalars(select(Tenant).where(Tenant.code == code)).one_or_none()
            if tenant is None:
                raise click.ClickException(f"no tenant with code {code!r}")
            with scoped(session, Scope.tenant(tenant.id)):
                document = archive.build(session, tenant.id)
        Path(output).write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
        counts = ", ".join(f"{len(document[name])} {name}" for name in archive.SECTIONS)
        click.echo(f"wrote {output}: tenant {code} ({counts})")

    @tenant_archive.command("import")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False))
    @click.option("--code", default=None, help="The new tenant's code (default: the archived one).")
    @click.option("--enable", multiple=True, metavar="USERNAME",
                  help="Enable this imported user with a new password, printed once (repeatable). "
                       "Other users are imported disabled.")
    def archive_import(file: str, code: str | None, enable: tuple[str, ...]) -> None:
        """Create the tenant of an archive in this deployment: settings, users (disabled), history."""
        from core.platform.services import tenant_archive as archive

        runtime = _runtime()
        with runtime.session() as session:
            try:
                imported = archive.import_archive(session, runtime.registry, Path(file).read_bytes(), code=code,
                                                  enable=enable, today=today())
            except DomainError as exc:
                _fail(exc)
            counts = ", ".join(f"{n} {name}" for name, n in imported.counts.items())
            click.echo(f"imported tenant {imported.tenant.code} (id {imported.tenant.id}) from an archive with "
                       f"sha256 {imported.sha256}: {counts}")
        click.echo("the other users are disabled, with no password; a central admin enables each with a new one")
        for username, password in imported.enabled.items():
            click.echo(f"  enabled {username} with password {password}")
