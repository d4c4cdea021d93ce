"""Runtime settings, read once from the environment.

Embedded default: a SQLite file under ``instance/`` and jobs run in-process.
Production: ``DATABASE_URL`` (PostgreSQL) and ``REDIS_URL`` (rq workers).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"environment variable {name} must be an integer, got {raw!r}") from exc


EXPORT_STORAGES = ("database", "directory")


def _choice(env: dict[str, str], name: str, allowed: tuple[str, ...]) -> str:
    """One of ``allowed`` (the first by default); a typo stops the process at start, naming the variable."""
    raw = env.get(name) or allowed[0]
    if raw not in allowed:
        raise ValueError(f"environment variable {name} must be one of {', '.join(allowed)}, got {raw!r}")
    return raw


def _driver(url: str | None) -> str | None:
    """psycopg 3 is the driver we install; spell it out for SQLAlchemy."""
    if url and url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


@dataclass(frozen=True)
class Settings:
    instance_path: Path
    database_url: str
    redis_url: str | None = None
    token_ttl_minutes: int = 8 * 60
    lockout_threshold: int = 5
    lockout_minutes: int = 15
    max_body_bytes: int = 1024 * 1024
    job_queue_name: str = "mqa-default"
    # -- platform hardening (issue 9); each block is owned by one part of the platform ----------
    trusted_proxy_hops: int = 0
    """Reverse proxies in front of the service that set X-Forwarded-For (0: use the socket address)."""
    ratelimit_storage_url: str | None = None
    """Where request counters live: None means the Redis of ``redis_url`` if set, else process memory."""
    export_storage: str = "database"
    """Where export files go: ``database`` (shared by every host) or ``directory`` (a shared mount)."""
    # -- applications (issue 10) -------------------------------------------------------------
    attachment_storage: str = "database"
    """Where attachment bytes go: ``database`` (every host) or ``directory`` (``<instance>/attachments``,
    a shared mount standing in for an object store)."""
    attachment_max_bytes: int = 20 * 1024 * 1024
    attachment_scanner: str = "none"
    """The virus-scan hook: ``none`` or ``package.module:function`` returning (ScanStatus, note)."""
    owner_database_url: str | None = None
    """The table owner's connection, for migrations, backup and restore (the app role owns nothing)."""
    lockout_name_threshold: int = 50
    """Failed logins of one name from every address together that lock the name (``lockout_minutes``)
    for addresses it has not logged in from within ``lockout_known_address_days``."""
    lockout_known_address_days: int = 30
    """How long a successful login keeps its client address exempt from the per-name lock."""
    ratelimit_login: str = "10 per minute; 100 per hour"
    """Requests to ``POST /auth/login`` per client address (Flask-Limiter notation, ``;`` between limits)."""
    ratelimit_default: str = "1200 per minute"
    ratelimit_objection: str = "5 per hour; 20 per day"
    """Objections filed per client address and per notice (the public board and the public API)."""
    smtp_url: str | None = None
    """``smtp://user:password@host:port`` (``smtps://`` for TLS) to also email notifications; None: inbox only."""
    mail_from: str = "noreply@localhost"
    reminder_lead_days: int = 14
    """How many days before an obligation's due day the first reminder goes out."""
    scheduler_interval_seconds: int = 3600
    """How often the embedded scheduler runs the periodic jobs (reminders, erasure); 0 turns it off."""
    """Requests per client address to each endpoint; generous, for offices behind one NAT address."""

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Settings":
        env = dict(os.environ if env is None else env)
        instance = Path(env.get("MQA_INSTANCE_PATH") or Path.cwd() / "instance").resolve()
        database_url = env.get("DATABASE_URL") or f"sqlite:///{instance / 'mqa.sqlite3'}"
        database_url = _driver(database_url)
        return cls(
            instance_path=instance,
            database_url=database_url,
            redis_url=env.get("REDIS_URL") or None,
            token_ttl_minutes=_int(env, "MQA_TOKEN_TTL_MINUTES", 8 * 60),
            lockout_threshold=_int(env, "MQA_LOCKOUT_THRESHOLD", 5),
            lockout_minutes=_int(env, "MQA_LOCKOUT_MINUTES", 15),
            max_body_bytes=_int(env, "MQA_MAX_BODY_BYTES", 1024 * 1024),
            job_queue_name=env.get("MQA_JOB_QUEUE") or "mqa-default",
            trusted_proxy_hops=_int(env, "MQA_TRUSTED_PROXY_HOPS", 0),
            ratelimit_storage_url=env.get("MQA_RATELIMIT_STORAGE_URL") or None,
            export_storage=_choice(env, "MQA_EXPORT_STORAGE", EXPORT_STORAGES),
            attachment_storage=_choice(env, "MQA_ATTACHMENT_STORAGE", EXPORT_STORAGES),
            attachment_max_bytes=_int(env, "MQA_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024),
            attachment_scanner=env.get("MQA_ATTACHMENT_SCANNER") or "none",
            owner_database_url=_driver(env.get("MQA_OWNER_DATABASE_URL") or None),
            lockout_name_threshold=_int(env, "MQA_LOCKOUT_NAME_THRESHOLD", 50),
            lockout_known_address_days=_int(env, "MQA_LOCKOUT_KNOWN_ADDRESS_DAYS", 30),
            ratelimit_login=env.get("MQA_RATELIMIT_LOGIN") or "10 per minute; 100 per hour",
            ratelimit_default=env.get("MQA_RATELIMIT_DEFAULT") or "1200 per minute",
            ratelimit_objection=env.get("MQA_RATELIMIT_OBJECTION") or "5 per hour; 20 per day",
            smtp_url=env.get("MQA_SMTP_URL") or None,
            mail_from=env.get("MQA_MAIL_FROM") or "noreply@localhost",
            reminder_lead_days=_int(env, "MQA_REMINDER_LEAD_DAYS", 14),
            scheduler_interval_seconds=_int(env, "MQA_SCHEDULER_INTERVAL_SECONDS", 3600),
        )

    @property
    def exports_path(self) -> Path:
        return self.instance_path / "exports"
