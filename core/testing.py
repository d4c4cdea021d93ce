"""Reusable pytest fixtures for this project and for third-party jurisdiction packages.

Registered as a pytest plugin (entry point ``pytest11: mqa``). A city package gets a clean,
migrated database, a runtime with every installed jurisdiction, and a tenant factory:

    def test_my_city(mqa_factory):
        tenant = mqa_factory.tenant("demo-lishui", jurisdiction="lishui")

Databases: SQLite in a temporary folder by default; ``MQA_TEST_DATABASE_URL`` (PostgreSQL)
runs the same tests on a real server. ``MQA_TEST_REDIS_URL`` names the Redis for tests that
need one; with ``MQA_REQUIRE_SERVICES=1`` a missing service fails the test instead of skipping.
"""
from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

import core.tables  # noqa: F401  (every table on Base.metadata)
from core.platform import migrate, security
from core.platform.config import Settings
from core.platform.db import Base, make_engine
from core.platform.models import Role, Tenant, User
from core.engine.plugins import JurisdictionRegistry
from core.platform.runtime import Runtime
from core.platform.services import tenants as tenant_service
from core.platform.services import users as user_service
from core.platform.tenancy import Scope, scoped

TEST_PASSWORD = "correct-horse-battery"


def pytest_configure(config: pytest.Config) -> None:
    security.use_cheapest_hashing_for_tests()
    config.addinivalue_line("markers", "services: needs a real PostgreSQL or Redis")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Collect ``cases/*.json`` case files of jurisdiction packages (see :mod:`core.engine.cases`)."""
    if file_path.suffix == ".json" and file_path.parent.name == "cases":
        return CaseFile.from_parent(parent, path=file_path)
    return None


class CaseFile(pytest.File):
    def collect(self):  # type: ignore[override]
        from core.engine import cases

        for case in cases.load_file(self.path):
            yield CaseItem.from_parent(self, name=f"{case.version} {case.article} {case.computation} {case.name}",
                                       case=case)


class CaseItem(pytest.Item):
    def __init__(self, *, case, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        from core.engine import cases

        result = cases.run(self.case, _case_registry())
        if result.problems:
            raise CaseMismatch(self.case, result)

    def repr_failure(self, excinfo, style=None):  # type: ignore[no-untyped-def]
        if isinstance(excinfo.value, CaseMismatch):
            decision = excinfo.value.result.decision
            lines = [f"case {self.case.name!r} [{self.case.computation}] ({self.case.source})",
                     *excinfo.value.result.problems]
            if hasattr(decision, "findings"):
                lines.append("findings:")
                lines += [f"  {f.outcome.value:<17} {f.condition:<36} {f.citation}  {f.explanation}"
                          for f in decision.findings]
            else:
                lines.append(f"decision: {decision!r}")
            return "\n".join(lines)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):  # type: ignore[no-untyped-def]
        return self.path, None, f"{self.case.jurisdiction} {self.name}"


class CaseMismatch(Exception):
    def __init__(self, case, result) -> None:  # type: ignore[no-untyped-def]
        super().__init__(case.name)
        self.result = result


_REGISTRY: list[JurisdictionRegistry] = []


def _case_registry() -> JurisdictionRegistry:
    if not _REGISTRY:
        _REGISTRY.append(JurisdictionRegistry.discover())
    return _REGISTRY[0]


def services_required() -> bool:
    return os.environ.get("MQA_REQUIRE_SERVICES") == "1"


def service_unavailable(what: str) -> None:
    """Skip (embedded runs) or fail (CI runs with MQA_REQUIRE_SERVICES=1) when a service is missing."""
    if services_required():
        pytest.fail(f"{what} is required (MQA_REQUIRE_SERVICES=1) but unavailable")
    pytest.skip(f"{what} unavailable")


# -- database ------------------------------------------------------------------------------------

APP_TEST_ROLE = "mqa_app_test"
"""The login role the suite's runtime uses on PostgreSQL: a member of :data:`core.platform.tenancy.APP_ROLE`,
owning nothing, so every test runs behind row-level security as a deployment does."""


@pytest.fixture(scope="session")
def mqa_database_owner() -> str | None:
    """The table owner's URL on PostgreSQL (``MQA_TEST_DATABASE_URL``: migrations, truncation, backup),
    None on SQLite, where there is one user."""
    url = os.environ.get("MQA_TEST_DATABASE_URL")
    if not url:
        return None
    return Settings.from_env({"DATABASE_URL": url, "MQA_INSTANCE_PATH": "/tmp"}).database_url


@pytest.fixture(scope="session")
def mqa_database_template(mqa_database_owner: str | None, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated database made once per run: a SQLite file to copy, or the PostgreSQL URL of the
    application role (``MQA_TEST_APP_DATABASE_URL``, default: the owner's URL as ``mqa_app_test``,
    a login role in ``mqa_app`` created here if missing)."""
    if mqa_database_owner:
        engine = make_engine(mqa_database_owner)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        migrate.upgrade(mqa_database_owner)
        app_url = os.environ.get("MQA_TEST_APP_DATABASE_URL")
        if app_url:
            return Settings.from_env({"DATABASE_URL": app_url, "MQA_INSTANCE_PATH": "/tmp"}).database_url
        _ensure_app_login_role(mqa_database_owner)
        return make_url(mqa_database_owner).set(username=APP_TEST_ROLE, password=None) \
            .render_as_string(hide_password=False)
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    migrate.upgrade(f"sqlite:///{path}")
    return str(path)


def _ensure_app_login_role(owner_url: str) -> None:
    from core.platform.tenancy import APP_ROLE

    engine = make_engine(owner_url)
    with engine.begin() as conn:
        conn.execute(text(f"""
            DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_TEST_ROLE}') THEN
                    CREATE ROLE {APP_TEST_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
                END IF;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
            END $$"""))
        conn.execute(text(f"GRANT {APP_ROLE} TO {APP_TEST_ROLE}"))
    engine.dispose()


@pytest.fixture
def mqa_database_url(mqa_database_template: str, mqa_database_owner: str | None, tmp_path: Path) -> Iterator[str]:
    """A clean, migrated database for one test (on PostgreSQL: the application role's URL)."""
    if mqa_database_owner:
        _truncate(mqa_database_owner)
        yield mqa_database_template
        return
    path = tmp_path / "test.sqlite3"
    shutil.copyfile(mqa_database_template, path)
    yield f"sqlite:///{path}"


@pytest.fixture
def mqa_owner_database_url(mqa_database_url: str, mqa_database_owner: str | None) -> str:
    """The owner's URL of the test's database (migrations, backup, restore); the same file on SQLite."""
    return mqa_database_owner or mqa_database_url


def _truncate(url: str) -> None:
    engine = make_engine(url)
    names = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


# -- runtime -------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def mqa_registry() -> JurisdictionRegistry:
    return JurisdictionRegistry.discover()


@pytest.fixture
def mqa_settings(mqa_database_url: str, mqa_owner_database_url: str, tmp_path: Path) -> Settings:
    """Settings for one test: its own database, no Redis, and request limits in process memory set
    high enough that a suite logging in many times from one address never meets them."""
    base = Settings.from_env({"MQA_INSTANCE_PATH": str(tmp_path / "instance"), "DATABASE_URL": mqa_database_url})
    return dataclasses.replace(base, redis_url=None, ratelimit_storage_url="memory://",
                               owner_database_url=mqa_owner_database_url,
                               ratelimit_login="100000 per minute", ratelimit_default="100000 per minute")


@pytest.fixture
def mqa_runtime(mqa_settings: Settings, mqa_registry: JurisdictionRegistry) -> Iterator[Runtime]:
    runtime = Runtime.build(mqa_settings, mqa_registry)
    yield runtime
    runtime.close()


@dataclasses.dataclass
class TenantFactory:
    """Makes tenants and users straight through the services (no HTTP)."""

    runtime: Runtime
    password: str = TEST_PASSWORD

    def tenant(self, code: str, *, jurisdiction: str = "nantong", rule_version: str | None = None,
               name: str | None = None) -> Tenant:
        import datetime as dt

        with self.runtime.session() as session:
            return tenant_service.create_tenant(
                session, self.runtime.registry, None, code=code, name=name or code, jurisdiction=jurisdiction,
                rule_version=rule_version, today=dt.date.today())

    def user(self, tenant: Tenant | None, role: Role, username: str | None = None) -> User:
        username = username or f"{role.value}-{tenant.code if tenant else 'platform'}"
        with self.runtime.session() as session:
            if tenant is None:
                return tenant_service.create_platform_admin(session, username=username, password=self.password)
            with scoped(session, Scope.tenant(tenant.id)):
                return user_service.create_user(session, None, username=username, password=self.password,
                                                role=role, tenant_id=tenant.id)


@pytest.fixture
def mqa_factory(mqa_runtime: Runtime) -> TenantFactory:
    return TenantFactory(mqa_runtime)
