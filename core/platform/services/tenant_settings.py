"""An office's values for the settings its jurisdiction declares. Runs under the tenant's scope."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.engine.messages import _
from core.platform import audit, versioning
from core.engine import settings as setting_rules
from core.engine.computations import setting_problems
from core.errors import InvalidInput, NotFound
from core.platform.models import Tenant, TenantSetting
from core.platform.permissions import Principal
from core.engine.plugins import JurisdictionRegistry
from core.engine.rules import SettingSpec
from core.platform.services.rules import tenant_version


@dataclass(frozen=True)
class SettingState:
    spec: SettingSpec
    value: Any
    version: int | None = None
    """The stored value's version (its ETag); None while unset."""


def specs(registry: JurisdictionRegistry, tenant: Tenant, day: dt.date) -> dict[str, SettingSpec]:
    rules, version = tenant_version(registry, tenant, day)
    declared = rules.tenant_settings(version) + setting_rules.review_settings(tenant.jurisdiction_code, version.code)
    declared += setting_rules.lifecycle_settings(tenant.jurisdiction_code, version.code, _silent_on_backfill(rules, version))
    return {spec.key: spec for spec in declared}


def _silent_on_backfill(rules: Any, version: Any) -> bool:
    """Whether a notice of the version's plan leaves backfill unsaid (read with no settings: a plan that
    needs one is asked again once it is set)."""
    try:
        plan = rules.cycle_plan(version, {})
    except Exception:  # noqa: BLE001 - a plan that needs a setting first: assume the text is silent
        return True
    return plan is not None and any(n.backfill is None for n in plan.notices if n.kind in ("candidate", "recommended"))


def values(session: Session) -> dict[str, Any]:
    """Every value the session's tenant has set."""
    return {row.key: row.value for row in session.scalars(select(TenantSetting))}


def list_settings(session: Session, registry: JurisdictionRegistry, tenant: Tenant, day: dt.date) -> list[SettingState]:
    """Every setting the jurisdiction declares (a short list fixed by the plugin, so not paged)."""
    rows = {row.key: row for row in session.scalars(select(TenantSetting))}
    return [SettingState(spec, rows[key].value if key in rows else None, rows[key].version if key in rows else None)
            for key, spec in sorted(specs(registry, tenant, day).items())]


def _check_version(row: TenantSetting | None, key: str, expected: versioning.Expected) -> None:
    """Like :func:`core.platform.versioning.check`; an unset value is at version 0."""
    if row is None:
        if expected is None:
            raise versioning.VersionRequired(0)
        if expected is not versioning.UNCHECKED and expected != 0:
            raise versioning.StaleVersion("setting", key, 0)
        return
    versioning.check("setting", row, expected, key)


def _spec(registry: JurisdictionRegistry, tenant: Tenant, key: str, day: dt.date) -> SettingSpec:
    declared = specs(registry, tenant, day)
    if key not in declared:
        raise NotFound(_("setting of {jurisdiction} (it declares: {keys})", jurisdiction=tenant.jurisdiction_code,
                         keys=", ".join(sorted(declared)) or _("none")), key)
    return declared[key]


def set_setting(session: Session, registry: JurisdictionRegistry, actor: Principal, tenant: Tenant, key: str,
                raw: Any, day: dt.date, expected_version: versioning.Expected = versioning.UNCHECKED) -> SettingState:
    """Set a value. ``expected_version``: the version read, 0 when it was unset (:func:`_check_version`)."""
    spec = _spec(registry, tenant, key, day)
    value = setting_rules.validate(spec, raw)
    rules, version = tenant_version(registry, tenant, day)
    reasons = setting_problems(rules, version, {**values(session), key: value}, key)
    if reasons:
        raise InvalidInput(_("{key}: the rules of {jurisdiction_code}/{code} cannot use this value",
                             key=key, jurisdiction_code=tenant.jurisdiction_code, code=version.code),
                           fields={"value": reasons})
    row = session.scalars(select(TenantSetting).where(TenantSetting.key == key)).one_or_none()
    _check_version(row, key, expected_version)
    before = row.value if row else None
    if row is None:
        row = TenantSetting(key=key, value=value, updated_by_id=actor.user_id)
        session.add(row)
        session.flush()
    with versioning.guard(session, "setting", row, key):
        row.value = value
        row.updated_by_id = actor.user_id
        audit.record(session, actor, "setting.updated", "setting", key, details={"before": before, "after": value})
        session.commit()
    return SettingState(spec, value, row.version)


def clear_setting(session: Session, registry: JurisdictionRegistry, actor: Principal, tenant: Tenant, key: str,
                  day: dt.date, expected_version: versioning.Expected = versioning.UNCHECKED) -> None:
    _spec(registry, tenant, key, day)
    row = session.scalars(select(TenantSetting).where(TenantSetting.key == key)).one_or_none()
    if row is None:
        raise NotFound("value of setting", key)
    _check_version(row, key, expected_version)
    with versioning.guard(session, "setting", row, key):
        audit.record(session, actor, "setting.cleared", "setting", key, details={"before": row.value})
        session.delete(row)
        session.commit()
