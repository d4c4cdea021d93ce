"""Demo data for the embedded mode: a central admin and one tenant per installed jurisdiction."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.platform.models import Tenant, User
from core.engine.plugins import JurisdictionRegistry
from core.platform.security import hash_password, random_password, verify_password
from core.platform.services import tenants as tenant_service
from core.platform.services.auth import clear_throttle, login_key
from core.platform.tenancy import Scope, scoped

DEMO_ADMIN = "demo-admin"
DEMO_TENANTS = {  # the built-in cities' offices by their real names; any other installed city gets demo-<code>
    "nantong": ("demo-nantong", "南通市质量发展委员会办公室（演示）"),
    "rugao": ("demo-rugao", "如皋市质量发展委员会办公室（演示）"),
    "jian": ("demo-jian", "吉安市质量强市领导小组办公室（演示）"),
    "changde": ("demo-changde", "常德市市长质量奖评审委员会办公室（演示）"),
    "yuncheng": ("demo-yuncheng", "运城市标准化和质量强市领导小组办公室（演示）"),
}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    created: bool


def seed(session: Session, registry: JurisdictionRegistry, credentials_file: Path, today: dt.date) -> DemoLogin:
    """Idempotent: keeps what exists, adds what is missing, and makes the written login valid."""
    login = _ensure_admin(session, credentials_file)
    with scoped(session, Scope.platform()):
        admin = session.scalars(select(User).where(User.username == DEMO_ADMIN, User.tenant_id.is_(None))).one()
        from core.platform.services.auth import principal_of

        actor = principal_of(admin)
        existing = set(session.scalars(select(Tenant.code)))
    for jurisdiction in registry.codes():
        j = registry.jurisdiction(jurisdiction)
        default = (f"demo-{jurisdiction.replace('_', '-')}", f"{j.name}{j.award_name}办公室（演示）")
        code, name = DEMO_TENANTS.get(jurisdiction, default)
        if code in existing:
            continue
        # Follow the version in force; a jurisdiction with none (a draft only) is pinned to its latest text.
        version = None if j.version_in_force(today) else j.versions[-1].code
        tenant_service.create_tenant(session, registry, actor, code=code, name=name, jurisdiction=jurisdiction,
                                     rule_version=version, today=today)
    return login


def _ensure_admin(session: Session, credentials_file: Path) -> DemoLogin:
    remembered = _read_credentials(credentials_file)
    with scoped(session, Scope.platform()):
        admin = session.scalars(select(User).where(User.username == DEMO_ADMIN, User.tenant_id.is_(None))).one_or_none()
        if admin is not None and remembered and verify_password(admin.password_hash, remembered):
            return DemoLogin(DEMO_ADMIN, remembered, created=False)
        password = random_password()
        if admin is None:
            tenant_service.create_platform_admin(session, username=DEMO_ADMIN, password=password,
                                                 display_name="Demo central admin")
        else:  # the file was lost or edited: issue a fresh password so the printed login works
            admin.password_hash = hash_password(password)
            clear_throttle(session, login_key(None, DEMO_ADMIN))
            session.commit()
    credentials_file.parent.mkdir(parents=True, exist_ok=True)
    credentials_file.write_text(json.dumps({"username": DEMO_ADMIN, "password": password}, indent=2) + "\n",
                                encoding="utf-8")
    credentials_file.chmod(0o600)
    return DemoLogin(DEMO_ADMIN, password, created=admin is None)


def _read_credentials(path: Path) -> str | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(data, dict) and data.get("username") == DEMO_ADMIN and isinstance(data.get("password"), str):
        return data["password"]
    return None
