"""Alembic environment: the URL comes from the caller or from DATABASE_URL."""
from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import pool, text

import core.tables  # noqa: F401  (registers the tables)
from core.platform.config import Settings
from core.platform.db import Base, make_engine

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _url() -> str:
    return config.attributes.get("url") or Settings.from_env().database_url


def run_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url())
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                      compare_type=True)
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Data migrations see every tenant's rows even when the owner is not a superuser (FORCE RLS).
            connection.execute(text("select set_config('mqa.platform', 'on', true)"))
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
