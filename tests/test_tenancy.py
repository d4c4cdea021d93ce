"""The tenant wall in the ORM session, below the API."""
from __future__ import annotations

import pytest
from sqlalchemy import insert, select, update

from core.errors import TenancyViolation
from core.platform.models import Role, Tenant, TenantSetting, User
from core.platform.tenancy import Scope, set_scope


@pytest.fixture
def two_tenants(mqa_factory):
    a, b = mqa_factory.tenant("city-a"), mqa_factory.tenant("city-b")
    return a, b, mqa_factory.user(a, Role.EXPERT, "ea"), mqa_factory.user(b, Role.EXPERT, "eb")


def test_session_without_scope_refuses_tenant_data(mqa_runtime, two_tenants):
    with mqa_runtime.session() as session:
        with pytest.raises(TenancyViolation):
            session.scalars(select(User)).all()
        assert len(session.scalars(select(Tenant)).all()) == 2  # tenants themselves are not tenant-owned


def test_tenant_scope_sees_only_its_rows(mqa_runtime, two_tenants):
    a, b, user_a, user_b = two_tenants
    with mqa_runtime.session(Scope.tenant(a.id)) as session:
        assert session.scalars(select(User.username)).all() == ["ea"]
        assert session.get(User, user_b.id) is None
        joined = session.scalars(select(User).join(Tenant).where(Tenant.code == "city-b")).unique().all()
        assert joined == []


def test_bulk_update_is_filtered_too(mqa_runtime, two_tenants):
    a, b, _, user_b = two_tenants
    with mqa_runtime.session(Scope.tenant(a.id)) as session:
        session.execute(update(User).values(display_name="changed"))
        session.commit()
    with mqa_runtime.session(Scope.platform()) as session:
        names = dict(session.execute(select(User.username, User.display_name)).all())
    assert names == {"ea": "changed", "eb": ""}


def test_writing_a_foreign_row_raises(mqa_runtime, two_tenants):
    a, b, _, _ = two_tenants
    with mqa_runtime.session(Scope.tenant(a.id)) as session:
        session.add(TenantSetting(tenant_id=b.id, key="x", value=1))
        with pytest.raises(TenancyViolation, match=f"of tenant {b.id} written from tenant {a.id}"):
            session.flush()


def test_new_rows_are_stamped_with_the_scope_tenant(mqa_runtime, two_tenants):
    a, *_ = two_tenants
    with mqa_runtime.session(Scope.tenant(a.id)) as session:
        setting = TenantSetting(key="x", value=1)
        session.add(setting)
        session.commit()
        assert setting.tenant_id == a.id


def test_writing_without_scope_raises(mqa_runtime, two_tenants):
    a, *_ = two_tenants
    with mqa_runtime.session() as session:
        session.add(TenantSetting(tenant_id=a.id, key="x", value=1))
        with pytest.raises(TenancyViolation):
            session.flush()


def test_bulk_insert_in_a_tenant_scope_is_refused(mqa_runtime, two_tenants):
    a, b, _, _ = two_tenants
    with mqa_runtime.session(Scope.tenant(a.id)) as session:
        with pytest.raises(TenancyViolation, match="bulk INSERT"):
            session.execute(insert(TenantSetting).values(tenant_id=b.id, key="x", value=1))


def test_bulk_update_may_not_move_rows_to_another_tenant(mqa_runtime, two_tenants):
    a, b, _, _ = two_tenants
    with mqa_runtime.session(Scope.tenant(a.id)) as session:
        with pytest.raises(TenancyViolation, match="another tenant"):
            session.execute(update(User).values(tenant_id=b.id))


def test_moving_an_own_row_to_another_tenant_is_refused(mqa_runtime, two_tenants):
    a, b, user_a, _ = two_tenants
    with mqa_runtime.session(Scope.tenant(a.id)) as session:
        user = session.get(User, user_a.id)
        user.tenant_id = b.id
        with pytest.raises(TenancyViolation):
            session.flush()


def test_changing_scope_forgets_rows_loaded_under_the_old_one(mqa_runtime, two_tenants):
    a, b, _, user_b = two_tenants
    with mqa_runtime.session(Scope.platform()) as session:
        assert session.get(User, user_b.id) is not None
        set_scope(session, Scope.tenant(a.id))
        assert session.get(User, user_b.id) is None


def test_every_new_session_factory_gets_the_wall(mqa_runtime, two_tenants):
    """SQLAlchemy's event registry is keyed by id(): a factory reusing a collected one's id once looked
    installed already and got no wall at all (sessions of later runtimes saw every tenant)."""
    import gc

    from core.platform import tenancy
    from core.platform.db import make_session_factory

    a, *_ = two_tenants
    for _ in range(50):
        factory = tenancy.install(make_session_factory(mqa_runtime.engine))
        session = factory()
        set_scope(session, Scope.tenant(a.id))
        assert session.scalars(select(User.username)).all() == ["ea"]
        session.close()
        del factory, session
        gc.collect()
