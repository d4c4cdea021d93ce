"""The ``mqa`` command: migrations, admins, tenants, demo data, the server and the rq worker."""
from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import FlaskGroup

from api.app import create_app
from api.context import today
from core.platform import migrate
from core.errors import DomainError
from core.platform.runtime import Runtime
from core.platform.security import random_password
from core.platform.tenancy import Scope


def _runtime() -> Runtime:
    return current_app.extensions["mqa"]


def _fail(exc: DomainError) -> None:
    detail = "; ".join(f"{k}: {', '.join(v)}" for k, v in exc.fields.items())
    raise click.ClickException(exc.message if not detail or detail in exc.message else f"{exc.message} ({detail})")


@click.group(cls=FlaskGroup, create_app=create_app, add_default_commands=False, add_version_option=False)
def main() -> None:
    """Mayor's Quality Award platform (市长质量奖)."""


@main.group()
def db() -> None:
    """Database schema (Alembic)."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Apply migrations up to REVISION."""
    settings = _runtime().settings
    url = settings.owner_database_url or settings.database_url  # the app role owns no table
    migrate.upgrade(url, revision)
    click.echo(f"database at {revision}: {', '.join(sorted(migrate.current_heads(url))) or '(empty)'}")


@main.command("create-admin")
@click.argument("username")
@click.option("--password", help="Omit to generate one (printed once).")
@click.option("--display-name", default="")
def create_admin(username: str, password: str | None, display_name: str) -> None:
    """Create a central (platform) admin."""
    from core.platform.services.tenants import create_platform_admin

    generated = password is None
    password = password or random_password()
    with _runtime().session() as session:
        try:
            create_platform_admin(session, username=username, password=password, display_name=display_name)
        except DomainError as exc:
            _fail(exc)
    click.echo(f"created platform admin {username}" + (f" with password {password}" if generated else ""))


@main.group()
def tenants() -> None:
    """Tenants (quality offices)."""


@tenants.command("list")
def tenants_list() -> None:
    """List tenants with their binding."""
    from core.platform.services.tenants import binding_of, list_tenants

    runtime = _runtime()
    with runtime.session(Scope.platform()) as session:
        rows = list_tenants(session)
        for t in rows:
            b = binding_of(t, runtime.registry, today())
            applies = b.effective_version.code if b.effective_version else f"none ({b.problem})"
            click.echo(f"{t.id:>4}  {t.code:<24} {t.status.value:<9} {t.jurisdiction_code}/"
                       f"{t.rule_version_code or 'in_force'} -> {applies}  {t.name}")
        if not rows:
            click.echo("no tenants")


@tenants.command("create")
@click.argument("code")
@click.option("--name", required=True)
@click.option("--jurisdiction", required=True)
@click.option("--rule-version", default=None, help="A version code, or omit to follow the version in force.")
def tenants_create(code: str, name: str, jurisdiction: str, rule_version: str | None) -> None:
    """Create a tenant bound to a jurisdiction."""
    from core.platform.services.tenants import create_tenant

    runtime = _runtime()
    with runtime.session() as session:
        try:
            tenant = create_tenant(session, runtime.registry, None, code=code, name=name,
                                   jurisdiction=jurisdiction, rule_version=rule_version, today=today())
        except DomainError as exc:
            _fail(exc)
        click.echo(f"created tenant {tenant.code} (id {tenant.id})")


@main.command("seed-demo")
def seed_demo() -> None:
    """Create the demo central admin and one demo tenant per installed jurisdiction (idempotent)."""
    from core.platform.services import demo

    runtime = _runtime()
    path = runtime.settings.instance_path / "demo-credentials.json"
    with runtime.session() as session:
        login = demo.seed(session, runtime.registry, path, today())
    click.echo(f"demo admin login: username={login.username} password={login.password} (also in {path})")


@main.command("new-jurisdiction")
@click.argument("code")
@click.option("--name", required=True, help="The place, e.g. 丽水市.")
@click.option("--award-name", default=None, help="Default: <name>市长质量奖.")
@click.option("--path", "parent", default=".", show_default=True, type=click.Path(file_okay=False),
              help="The folder to create the package in.")
def new_jurisdiction(code: str, name: str, award_name: str | None, parent: str) -> None:
    """Scaffold a new city as a separate installable package (mqa-city-CODE) that passes its own tests."""
    from pathlib import Path

    from core.engine.scaffold import write_package

    try:
        root = write_package(Path(parent), code, name=name, award_name=award_name)
    except (ValueError, FileExistsError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"created {root}\n  pip install -e {root}   then: cd {root} && pytest\n"
               f"  and: mqa check-jurisdiction {code}")


@main.command("check-jurisdiction")
@click.argument("code")
def check_jurisdiction(code: str) -> None:
    """Run the conformance kit on an installed jurisdiction; exit 1 with every problem listed."""
    from core.engine.conformance import check

    registry = _runtime().registry
    if code not in registry.codes():
        raise click.ClickException(f"{code!r} is not installed; installed: {', '.join(registry.codes())}")
    problems = check(registry, code)
    for problem in problems:
        click.echo(str(problem))
    versions = ", ".join(v.code for v in registry.jurisdiction(code).versions)
    if problems:
        raise click.ClickException(f"{code}: {len(problems)} conformance problem(s) in versions {versions}")
    click.echo(f"{code}: conforms (versions {versions})")


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Serve the API with the built-in server (embedded mode; use gunicorn in production)."""
    from werkzeug.serving import make_server

    from core.platform import jobs as job_service

    runtime = _runtime()
    try:
        server = make_server(host, port, current_app._get_current_object(), threaded=True)
    except (OSError, SystemExit) as exc:  # werkzeug says why and exits when the port is taken
        reason = f" ({exc})" if isinstance(exc, OSError) else ""
        raise click.ClickException(f"cannot listen on {host}:{port}{reason}; nothing was changed") from None
    jobs = "rq via " + runtime.settings.redis_url if runtime.settings.redis_url else "in-process"
    # Only now that this process serves: another server that failed to bind must not touch the jobs.
    interrupted = job_service.fail_interrupted(runtime)
    if interrupted:
        click.echo(f"  marked {interrupted} in-process job(s) failed: the process running them is gone")
    click.echo(f"Mayor's Quality Award platform on http://{host}:{server.port}/")
    click.echo(f"  interactive API docs: http://{host}:{server.port}/api/docs")
    click.echo(f"  OpenAPI document:     http://{host}:{server.port}/api/openapi.json")
    click.echo(f"  database: {runtime.settings.database_url}   jobs: {jobs}")
    click.echo(f"  public notice boards: http://{host}:{server.port}/public/<tenant code>/")
    scheduler = None
    if runtime.settings.scheduler_interval_seconds > 0:
        import core.tasks  # noqa: F401  (the periodic job kinds)
        from core.platform.scheduler import Scheduler

        scheduler = Scheduler(runtime, runtime.settings.scheduler_interval_seconds)
        scheduler.start()
        click.echo(f"  periodic jobs (reminders, personal-data erasure): at start and every "
                   f"{runtime.settings.scheduler_interval_seconds} s")
    creds = runtime.settings.instance_path / "demo-credentials.json"
    if creds.exists():
        import json

        login = json.loads(creds.read_text(encoding="utf-8"))
        click.echo(f"  demo admin login:     username={login['username']} password={login['password']} ({creds})")
    try:
        server.serve_forever()
    finally:
        if scheduler is not None:
            scheduler.stop()
        server.server_close()


@main.command("scheduler")
@click.option("--once", is_flag=True, help="Queue one round of the periodic jobs and stop (for cron).")
def scheduler_command(once: bool) -> None:
    """Queue the periodic jobs (reminders, personal-data erasure) for every active tenant, at start and
    every MQA_SCHEDULER_INTERVAL_SECONDS; with REDIS_URL an rq worker runs them (production)."""
    import core.tasks  # noqa: F401  (the periodic job kinds)
    from core.platform.scheduler import Scheduler, run_once

    runtime = _runtime()
    if once or runtime.settings.scheduler_interval_seconds <= 0:
        queued = run_once(runtime)
        click.echo(f"queued {len(queued)} job(s)")
        runtime.queue.shutdown()  # in-process: wait for the jobs to finish
        return
    scheduler = Scheduler(runtime, runtime.settings.scheduler_interval_seconds)
    scheduler.run()


@main.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@click.option("--with-scheduler/--without-scheduler", default=True, show_default=True,
              help="Also run rq's scheduler (it re-enqueues jobs retried after an interval).")
@click.option("--maintenance-interval", default=60, show_default=True, type=click.IntRange(1),
              help="Seconds between this worker's checks for jobs abandoned by dead workers.")
@click.option("--job-monitoring-interval", default=30, show_default=True, type=click.IntRange(1),
              help="Seconds between heartbeats of a running job in rq.")
@click.option("--heartbeat-grace", default=60, show_default=True, type=click.IntRange(1),
              help="Seconds after a missed heartbeat before a job counts as abandoned.")
def worker(burst: bool, with_scheduler: bool, maintenance_interval: int, job_monitoring_interval: int,
           heartbeat_grace: int) -> None:
    """Run an rq worker for the job queue (needs REDIS_URL).

    A job whose worker died is found by the maintenance of any live worker after its last
    heartbeat plus the grace, then retried (see core.platform.jobs).
    """
    from core.platform import jobs
    import core.tasks  # noqa: F401  (registers every job kind)

    runtime = _runtime()
    if not runtime.settings.redis_url:
        raise click.ClickException("REDIS_URL is not set: without Redis, jobs run inside the web process")
    queue = runtime.queue
    assert isinstance(queue, jobs.RedisQueue)
    jobs.set_worker_runtime(runtime)
    worker_class = jobs.worker_class()
    w = worker_class([queue.queue], connection=queue.connection, maintenance_interval=maintenance_interval,
                     job_monitoring_interval=job_monitoring_interval)
    w.heartbeat_grace = heartbeat_grace
    ok = w.work(burst=burst, with_scheduler=with_scheduler)
    sys.exit(0 if ok or burst else 1)


def _register_more() -> None:
    from api import cli_archive, cli_ops

    cli_ops.register(main)
    cli_archive.register(main)


_register_more()

if __name__ == "__main__":  # pragma: no cover
    main()
