"""A tenant's portable archive (format 2): written by the export job, imported into another deployment.

The archive is one JSON document: ``tenant``, ``settings``, ``users`` (never a password hash),
``audit_events`` and ``jobs`` (metadata only). Importing it creates, in one transaction, the
tenant (under the same or a new code), its settings (checked against the jurisdiction as
installed here) and its users, **disabled, with no usable password** (:data:`NO_PASSWORD`): a
central admin enables each one with a new password (``PATCH /users/{id}``), or ``--enable`` does it
for the users it names, printing their new passwords once.
The old audit events are not copied row by row into this deployment's chain: the import
records one ``tenant.imported`` event whose details carry the archive's sha256, the counts and
the imported history itself.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.engine.messages import _
from core.platform import audit
from core.engine import settings as setting_rules
from core.platform.db import utcnow
from core.errors import Conflict, InvalidInput, NotFound
from core.platform.models import AuditEvent, Job, Role, Tenant, TenantSetting, User
from core.engine.plugins import JurisdictionRegistry
from core.platform.security import hash_password, random_password
from core.platform.services.tenant_settings import specs
from core.platform.services.tenants import check_code
from core.platform.services.users import USERNAME
from core.platform.tenancy import Scope, scoped

FORMAT_VERSION = 2
SECTIONS = ("settings", "users", "audit_events", "jobs")
NO_PASSWORD = "!imported: no password until one is set"
"""The password hash of an imported user: not an argon2 hash, so no password ever matches it
(and a thousand users import without a thousand argon2 hashes)."""


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _sections(session: Session) -> dict[str, Callable[[], list[dict[str, Any]]]]:
    return {
        "settings": lambda: [{"key": s.key, "value": s.value, "updated_at": _iso(s.updated_at)}
                             for s in session.scalars(select(TenantSetting).order_by(TenantSetting.key))],
        "users": lambda: [{"id": u.id, "username": u.username, "display_name": u.display_name, "role": u.role.value,
                           "is_active": u.is_active, "created_at": _iso(u.created_at),
                           "last_login_at": _iso(u.last_login_at)}
                          for u in session.scalars(select(User).order_by(User.id))],
        "audit_events": lambda: [{"id": e.id, "at": _iso(e.at), "actor": e.actor_username, "action": e.action,
                                  "target_type": e.target_type, "target_id": e.target_id, "details": e.details}
                                 for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))],
        "jobs": lambda: [{"id": j.id, "kind": j.kind, "status": j.status.value, "attempts": j.attempts,
                          "created_at": _iso(j.created_at), "finished_at": _iso(j.finished_at)}
                         for j in session.scalars(select(Job).order_by(Job.created_at, Job.id))],
    }


def build(session: Session, tenant_id: int,
          on_section: Callable[[int, int, str], None] = lambda done, total, name: None) -> dict[str, Any]:
    """The archive of the tenant the session is scoped to; ``on_section(done, total, name)`` after each."""
    tenant = session.get(Tenant, tenant_id)
    assert tenant is not None
    document: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "exported_at": utcnow().isoformat(),
        "tenant": {"id": tenant.id, "code": tenant.code, "name": tenant.name, "status": tenant.status.value,
                   "jurisdiction": tenant.jurisdiction_code, "rule_version": tenant.rule_version_code},
    }
    collectors = _sections(session)
    for done, name in enumerate(SECTIONS, start=1):
        document[name] = collectors[name]()
        on_section(done, len(SECTIONS), name)
    return document


@dataclass
class Imported:
    tenant: Tenant
    sha256: str
    counts: dict[str, int]
    enabled: dict[str, str] = field(default_factory=dict)
    """username -> the new password of a user enabled by the import (shown once)."""


def _parse(content: bytes) -> dict[str, Any]:
    try:
        document = json.loads(content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput.on("archive", _("not a JSON document: {exc}", exc=exc)) from None
    if not isinstance(document, dict) or document.get("format_version") != FORMAT_VERSION:
        raise InvalidInput.on("format_version", _("expected an archive of format {FORMAT_VERSION}",
                                                  FORMAT_VERSION=FORMAT_VERSION))
    for name in ("tenant", *SECTIONS):
        expected = dict if name == "tenant" else list
        if not isinstance(document.get(name), expected):
            raise InvalidInput.on(name, _("missing or not a {value1}",
                                          value1='object' if expected is dict else 'list'))
        if name != "tenant" and not all(isinstance(row, dict) for row in document[name]):
            raise InvalidInput.on(name, "every entry must be an object")
    return document


def _text(value: Any, field: str, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > limit:
        raise InvalidInput.on(field, _("must be text of at most {limit} characters", limit=limit))
    return value


def import_archive(session: Session, registry: JurisdictionRegistry, content: bytes, *, code: str | None = None,
                   enable: tuple[str, ...] = (), today: dt.date) -> Imported:
    """Create the archived tenant here (all or nothing); ``code`` renames it, ``enable`` names users
    to enable with a new random password."""
    document = _parse(content)
    source = document["tenant"]
    code = check_code(code or source.get("code"))
    jurisdiction = source.get("jurisdiction")
    if jurisdiction not in registry.codes():
        raise InvalidInput.on("jurisdiction", _("{jurisdiction!r} is not installed here; installed: {items}",
                                                jurisdiction=jurisdiction, items=', '.join(registry.codes())))
    rule_version = source.get("rule_version")
    try:
        registry.jurisdiction(jurisdiction).resolve_version(rule_version, today)
    except NotFound:
        raise InvalidInput.on("rule_version", _("{jurisdiction} has no version {rule_version!r} here",
                                                jurisdiction=jurisdiction, rule_version=rule_version)) from None
    with scoped(session, Scope.platform()):
        if session.scalar(select(func.count()).select_from(Tenant).where(Tenant.code == code)):
            raise Conflict(_("a tenant with code {code!r} exists",
                             code=code), fields={"code": [_("already taken; pass another")]})
        tenant = Tenant(code=code, name=_text(source.get("name"), "tenant.name", 200) or code,
                        jurisdiction_code=jurisdiction, rule_version_code=rule_version)
        session.add(tenant)
        session.flush()
        declared = specs(registry, tenant, today)
        for row in document["settings"]:
            key = row.get("key")
            if key not in declared:
                raise InvalidInput.on("settings", _("{key!r} is not a setting of {jurisdiction} here",
                                                    key=key, jurisdiction=jurisdiction))
            session.add(TenantSetting(tenant_id=tenant.id, key=key,
                                      value=setting_rules.validate(declared[key], row.get("value"))))
        enabled: dict[str, str] = {}
        seen: set[str] = set()
        for row in document["users"]:
            username, role = row.get("username"), row.get("role")
            if not isinstance(username, str) or not USERNAME.match(username) or username in seen:
                raise InvalidInput.on("users", _("bad or repeated username {username!r}",
                                                 username=username))
            if role not in {r.value for r in Role.tenant_roles()}:
                raise InvalidInput.on("users", _("{username}: not a tenant role {role!r}",
                                                 username=username, role=role))
            seen.add(username)
            password_hash = NO_PASSWORD
            if username in enable:
                enabled[username] = random_password()
                password_hash = hash_password(enabled[username])
            session.add(User(tenant_id=tenant.id, username=username, role=Role(role),
                             display_name=_text(row.get("display_name"), "users.display_name", 200),
                             is_active=username in enable, password_hash=password_hash))
        missing = set(enable) - seen
        if missing:
            raise InvalidInput.on("enable", _("not in the archive: {items}",
                                              items=', '.join(sorted(missing))))
        counts = {name: len(document[name]) for name in SECTIONS}
        sha256 = hashlib.sha256(content).hexdigest()
        session.flush()
        audit.record(session, None, "tenant.imported", "tenant", tenant.id, tenant_id=tenant.id, details={
            "archive_sha256": sha256, "format_version": FORMAT_VERSION, "counts": counts,
            "source": {"code": source.get("code"), "exported_at": document.get("exported_at")},
            "enabled": sorted(enabled), "history": document["audit_events"]})
        session.commit()
    return Imported(tenant, sha256, counts, enabled)
