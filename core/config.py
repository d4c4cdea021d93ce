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

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Settings":
        env = dict(os.environ if env is None else env)
        instance = Path(env.get("MQA_INSTANCE_PATH") or Path.cwd() / "instance").resolve()
        database_url = env.get("DATABASE_URL") or f"sqlite:///{instance / 'mqa.sqlite3'}"
        if database_url.startswith("postgresql://"):
            # psycopg 3 is the driver we install; spell it out for SQLAlchemy.
            database_url = "postgresql+psycopg://" + database_url[len("postgresql://"):]
        return cls(
            instance_path=instance,
            database_url=database_url,
            redis_url=env.get("REDIS_URL") or None,
            token_ttl_minutes=_int(env, "MQA_TOKEN_TTL_MINUTES", 8 * 60),
            lockout_threshold=_int(env, "MQA_LOCKOUT_THRESHOLD", 5),
            lockout_minutes=_int(env, "MQA_LOCKOUT_MINUTES", 15),
            max_body_bytes=_int(env, "MQA_MAX_BODY_BYTES", 1024 * 1024),
            job_queue_name=env.get("MQA_JOB_QUEUE") or "mqa-default",
        )

    @property
    def exports_path(self) -> Path:
        return self.instance_path / "exports"
