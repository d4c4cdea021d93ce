"""An office's values for the settings its jurisdiction declares. Runs under the tenant's scope."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit, settings as setting_rules
from core.computations import setting_problems
from core.errors import InvalidInput, NotFound
from core.models import Tenant, TenantSetting
from core.permissions import Principal
from core.plugins import JurisdictionRegistry
from core.rules import SettingSpec
from core.services.rules import tenant_version


@dataclass(frozen=True)
class SettingState:
    spec: SettingSpec
    value: Any


def specs(registry: JurisdictionRegistry, tenant: Tenant, day: dt.date) -> dict[str, SettingSpec]:
    rules, version = tenant_version(registry, tenant, day)
    return {spec.key: spec for spec in rules.tenant_settings(version)}


def values(session: Session) -> dict[str, Any]:
    """Every value the session's tenant has set."""
    return {row.key: row.value for row in session.scalars(select(TenantSetting))}


def list_settings(session: Session, registry: JurisdictionRegistry, tenant: Tenant, day: dt.date) -> list[SettingState]:
    current = values(session)
    return [SettingState(spec, current.get(key)) for key, spec in sorted(specs(registry, tenant, day).items())]


def _spec(registry: JurisdictionRegistry, tenant: Tenant, key: str, day: dt.date) -> SettingSpec:
    declared = specs(registry, tenant, day)
    if key not in declared:
        raise NotFound(f"setting of {tenant.jurisdiction_code} (it declares: {', '.join(sorted(declared)) or 'none'})",
                       key)
    return declared[key]


def set_setting(session: Session, registry: JurisdictionRegistry, actor: Principal, tenant: Tenant, key: str,
                raw: Any, day: dt.date) -> SettingState:
    spec = _spec(registry, tenant, key, day)
    value = setting_rules.validate(spec, raw)
    rules, version = tenant_version(registry, tenant, day)
    reasons = setting_problems(rules, version, {**values(session), key: value}, key)
    if reasons:
        raise InvalidInput(f"{key}: the rules of {tenant.jurisdiction_code}/{version.code} cannot use this value",
                           fields={"value": reasons})
    row = session.scalars(select(TenantSetting).where(TenantSetting.key == key)).one_or_none()
    before = row.value if row else None
    if row is None:
        row = TenantSetting(key=key, value=value, updated_by_id=actor.user_id)
        session.add(row)
    else:
        row.value = value
        row.updated_by_id = actor.user_id
    audit.record(session, actor, "setting.updated", "setting", key, details={"before": before, "after": value})
    session.commit()
    return SettingState(spec, value)


def clear_setting(session: Session, registry: JurisdictionRegistry, actor: Principal, tenant: Tenant, key: str,
                  day: dt.date) -> None:
    _spec(registry, tenant, key, day)
    row = session.scalars(select(TenantSetting).where(TenantSetting.key == key)).one_or_none()
    if row is None:
        raise NotFound("value of setting", key)
    audit.record(session, actor, "setting.cleared", "setting", key, details={"before": row.value})
    session.delete(row)
    session.commit()
