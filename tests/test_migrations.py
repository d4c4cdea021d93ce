"""The app never relies on create_all: the migrated schema must equal the models."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from core.platform import migrate
from core.platform.db import Base, make_engine


def test_migrations_match_the_models(mqa_database_url):
    engine = make_engine(mqa_database_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_database_is_at_the_single_head(mqa_database_url):
    heads = ScriptDirectory.from_config(migrate.alembic_config(mqa_database_url)).get_heads()
    assert len(heads) == 1
    assert migrate.current_heads(mqa_database_url) == set(heads)


def test_downgrade_and_upgrade_again(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    migrate.upgrade(url)
    from alembic import command

    command.downgrade(migrate.alembic_config(url), "base")
    assert migrate.current_heads(url) == set()
    migrate.upgrade(url)
    assert migrate.current_heads(url) == {"0012_user_locale"}
