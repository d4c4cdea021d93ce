"""Central admin use cases: tenants, their binding to a jurisdiction, their first admin."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from core.engine.messages import _
from core.platform import audit, versioning
from core.errors import Conflict, InvalidInput, NotFound
from core.platform.models import Role, Tenant, TenantStatus, User
from core.platform.paging import DEFAULT_LIMIT, Page, keyset_page
from core.platform.permissions import Principal
from core.engine.plugins import JurisdictionRegistry
from core.engine.rules import RuleVersion
from core.platform.services import users as user_service
from core.platform.tenancy import Scope, scoped

TENANT_CODE = re.compile(r"^[a-z][a-z0-9-]{1,62}$")
IN_FORCE = "in_force"


@dataclass(frozen=True)
class Binding:
    """What a tenant is bound to, and what that means on a given day."""

    jurisdiction: str
    pinned_version: str | None
    effective_version: RuleVersion | None
    problem: str | None


def binding_of(tenant: Tenant, registry: JurisdictionRegistry, day: dt.date) -> Binding:
    try:
        version = registry.resolve_version(tenant.jurisdiction_code, tenant.rule_version_code, day)
        return Binding(tenant.jurisdiction_code, tenant.rule_version_code, version, None)
    except (InvalidInput, NotFound) as exc:
        return Binding(tenant.jurisdiction_code, tenant.rule_version_code, None, exc.message)


def _check_binding(registry: JurisdictionRegistry, jurisdiction: str, version: str | None,
                   day: dt.date) -> None:
    try:
        registry.get(jurisdiction)
    except NotFound:
        raise InvalidInput.on("jurisdiction", _("no jurisdiction {jurisdiction!r} is installed; installed: {items}",
                                                jurisdiction=jurisdiction, items=', '.join(registry.codes()))) from None
    registry.jurisdiction(jurisdiction).resolve_version(version, day)


def check_code(code: object) -> str:
    """A tenant code as the platform spells them; :class:`InvalidInput` on ``code`` otherwise."""
    if not isinstance(code, str) or not TENANT_CODE.match(code):
        raise InvalidInput.on("code", "use 2-63 lowercase letters, digits or hyphens, starting with a letter")
    return code


def _normalise_version(version: str | None) -> str | None:
    return None if version in (None, IN_FORCE) else version


def create_tenant(session: Session, registry: JurisdictionRegistry, actor: Principal, *, code: str, name: str,
                  jurisdiction: str, rule_version: str | None = None, today: dt.date) -> Tenant:
    check_code(code)
    version = _normalise_version(rule_version)
    _check_binding(registry, jurisdiction, version, today)
    with scoped(session, Scope.platform()):
        if session.scalar(select(func.count()).select_from(Tenant).where(Tenant.code == code)):
            raise Conflict(_("a tenant with code {code!r} exists", code=code), fields={"code": [_("already taken")]})
        tenant = Tenant(code=code, name=name, jurisdiction_code=jurisdiction, rule_version_code=version)
        session.add(tenant)
        session.flush()
        audit.record(session, actor, "tenant.created", "tenant", tenant.id, tenant_id=tenant.id,
                     details={"code": code, "jurisdiction": jurisdiction, "rule_version": version or IN_FORCE})
        session.commit()
    return tenant


def _filtered(status: TenantStatus | None, jurisdiction: str | None) -> Select[tuple[Tenant]]:
    stmt = select(Tenant)
    if status is not None:
        stmt = stmt.where(Tenant.status == status)
    if jurisdiction is not None:
        stmt = stmt.where(Tenant.jurisdiction_code == jurisdiction)
    return stmt


def list_tenants(session: Session, *, status: TenantStatus | None = None,
                 jurisdiction: str | None = None) -> list[Tenant]:
    """Every tenant by code, unpaged: for the command line, where an operator reads them all."""
    return list(session.scalars(_filtered(status, jurisdiction).order_by(Tenant.code)))


def tenants_page(session: Session, *, status: TenantStatus | None = None, jurisdiction: str | None = None,
                 limit: int = DEFAULT_LIMIT, cursor: str | None = None) -> Page[Tenant]:
    """A page of tenants in id order, served by the primary key or ``(status | jurisdiction_code, id)``."""
    with scoped(session, Scope.platform()):
        return keyset_page(session, _filtered(status, jurisdiction), [Tenant.id], limit=limit, cursor=cursor)


def get_tenant(session: Session, tenant_id: int) -> Tenant:
    tenant = session.get(Tenant, tenant_id)
    if tenant is None:
        raise NotFound("tenant", tenant_id)
    return tenant


def update_tenant(session: Session, registry: JurisdictionRegistry, actor: Principal, tenant_id: int, *,
                  today: dt.date, name: str | None = None, jurisdiction: str | None = None,
                  rule_version: str | None = None, rule_version_given: bool = False,
                  expected_version: versioning.Expected = versioning.UNCHECKED) -> Tenant:
    """Rename or rebind a tenant. ``rule_version_given`` tells "not sent" from "follow in force";
    ``expected_version`` is the version the caller read (:func:`core.platform.versioning.check`)."""
    with scoped(session, Scope.platform()):
        tenant = get_tenant(session, tenant_id)
        versioning.check("tenant", tenant, expected_version)
        with versioning.guard(session, "tenant", tenant):
            changes: dict[str, object] = {}
            if name is not None and name != tenant.name:
                changes["name"] = [tenant.name, name]
                tenant.name = name
            new_jurisdiction = tenant.jurisdiction_code if jurisdiction is None else jurisdiction
            if rule_version_given:
                new_version = _normalise_version(rule_version)
            elif new_jurisdiction != tenant.jurisdiction_code:
                new_version = None  # a new jurisdiction's versions differ: follow its version in force
            else:
                new_version = tenant.rule_version_code
            if (new_jurisdiction, new_version) != (tenant.jurisdiction_code, tenant.rule_version_code):
                _check_binding(registry, new_jurisdiction, new_version, today)
                changes["binding"] = [f"{tenant.jurisdiction_code}/{tenant.rule_version_code or IN_FORCE}",
                                      f"{new_jurisdiction}/{new_version or IN_FORCE}"]
                tenant.jurisdiction_code = new_jurisdiction
                tenant.rule_version_code = new_version
            if changes:
                audit.record(session, actor, "tenant.updated", "tenant", tenant.id, tenant_id=tenant.id,
                             details=changes)
                session.commit()
    return tenant


def suspend_tenant(session: Session, actor: Principal, tenant_id: int, *, reason: str,
                   now: dt.datetime, expected_version: versioning.Expected = versioning.UNCHECKED) -> Tenant:
    with scoped(session, Scope.platform()):
        tenant = get_tenant(session, tenant_id)
        versioning.check("tenant", tenant, expected_version)
        if tenant.is_suspended:
            raise Conflict(_("tenant {code!r} is already suspended", code=tenant.code))
        with versioning.guard(session, "tenant", tenant):
            tenant.status = TenantStatus.SUSPENDED
            tenant.suspended_reason = reason
            tenant.suspended_at = now
            audit.record(session, actor, "tenant.suspended", "tenant", tenant.id, tenant_id=tenant.id,
                         details={"reason": reason})
            session.commit()
    return tenant


def resume_tenant(session: Session, actor: Principal, tenant_id: int, *,
                  expected_version: versioning.Expected = versioning.UNCHECKED) -> Tenant:
    with scoped(session, Scope.platform()):
        tenant = get_tenant(session, tenant_id)
        versioning.check("tenant", tenant, expected_version)
        if not tenant.is_suspended:
            raise Conflict(_("tenant {code!r} is not suspended", code=tenant.code))
        with versioning.guard(session, "tenant", tenant):
            tenant.status = TenantStatus.ACTIVE
            tenant.suspended_reason = None
            tenant.suspended_at = None
            audit.record(session, actor, "tenant.resumed", "tenant", tenant.id, tenant_id=tenant.id)
            session.commit()
    return tenant


def create_tenant_admin(session: Session, actor: Principal, tenant_id: int, *, username: str, password: str,
                        display_name: str = "") -> User:
    """Create an office admin inside a tenant (a central admin sets up the tenant's first admin)."""
    with scoped(session, Scope.platform()):
        tenant = get_tenant(session, tenant_id)
    with scoped(session, Scope.tenant(tenant.id)):
        return user_service.create_user(session, actor, username=username, password=password,
                                        role=Role.OFFICE_ADMIN, display_name=display_name, tenant_id=tenant.id)


def create_platform_admin(session: Session, *, username: str, password: str, display_name: str = "",
                          actor: Principal | None = None) -> User:
    with scoped(session, Scope.platform()):
        return user_service.create_user(session, actor, username=username, password=password,
                                        role=Role.PLATFORM_ADMIN, display_name=display_name, tenant_id=None)
