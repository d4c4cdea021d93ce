"""Persistent domain model (SQLAlchemy 2.0, typed). Schema changes go through Alembic."""
from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, utcnow
from core.tenancy import TenantOwned


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    # Stored as plain strings with a CHECK constraint: readable in SQL, portable, easy to extend.
    return Enum(cls, name=name, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e],
                create_constraint=True, validate_strings=True)


class TenantStatus(str, enum.Enum):
    ACTIVE = "active"
    SUSPENDED = "suspended"


class Role(str, enum.Enum):
    PLATFORM_ADMIN = "platform_admin"
    OFFICE_ADMIN = "office_admin"
    OFFICE_STAFF = "office_staff"
    EXPERT = "expert"
    SUPERVISOR = "supervisor"
    APPLICANT = "applicant"

    @classmethod
    def tenant_roles(cls) -> list["Role"]:
        return [r for r in cls if r is not cls.PLATFORM_ADMIN]


class JobStatus(str, enum.Enum):
    QUEUED = "queued"
    STARTED = "started"
    FINISHED = "finished"
    FAILED = "failed"


class Tenant(Base):
    """A quality office (质量发展委员会办公室) running one jurisdiction's award."""

    __tablename__ = "tenants"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[TenantStatus] = mapped_column(_enum(TenantStatus, "tenant_status"), default=TenantStatus.ACTIVE)
    suspended_reason: Mapped[str | None] = mapped_column(Text)
    suspended_at: Mapped[dt.datetime | None]
    jurisdiction_code: Mapped[str] = mapped_column(String(64))
    rule_version_code: Mapped[str | None] = mapped_column(
        String(64), comment="pinned rule version; NULL follows the version in force on each date")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def is_suspended(self) -> bool:
        return self.status is TenantStatus.SUSPENDED


class User(TenantOwned, Base):
    """A person who logs in. Central admins have no tenant; everyone else has exactly one."""

    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("tenant_id", "username"),
        Index("uq_users_platform_username", "username", unique=True,
              sqlite_where=text("tenant_id IS NULL"), postgresql_where=text("tenant_id IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"), index=True)
    username: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[Role] = mapped_column(_enum(Role, "user_role"))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    tenant: Mapped[Tenant | None] = relationship(lazy="joined")


class AuthToken(Base):
    """An opaque bearer token. Only its SHA-256 digest is stored."""

    __tablename__ = "auth_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]


class LoginThrottle(Base):
    """Failed logins per login name as typed (tenant code + username), whether or not it exists,
    so a lockout reveals nothing about which accounts exist."""

    __tablename__ = "login_throttles"

    id: Mapped[int] = mapped_column(primary_key=True)
    login_key: Mapped[str] = mapped_column(String(140), unique=True)
    failures: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class AuditEvent(TenantOwned, Base):
    """Who did what, when. Tenant events are readable by the tenant's supervisors."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_username: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    target_type: Mapped[str] = mapped_column(String(64))
    target_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)


class Job(TenantOwned, Base):
    """A background job of a tenant (run by an rq worker, or in-process without Redis)."""

    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    status: Mapped[JobStatus] = mapped_column(_enum(JobStatus, "job_status"), default=JobStatus.QUEUED)
    progress: Mapped[int] = mapped_column(default=0)
    message: Mapped[str] = mapped_column(Text, default="")
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    backend: Mapped[str] = mapped_column(String(16))
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    started_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]


class CalendarOverride(Base):
    """One day of the official calendar set by a central admin (platform data, not a tenant's).

    Overrides win over the ``chinesecalendar`` package; they are how a year the installed package
    does not know yet (the State Council publishes each year's holidays in the autumn) is added.
    """

    __tablename__ = "calendar_overrides"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(unique=True)
    is_working_day: Mapped[bool]
    note: Mapped[str] = mapped_column(String(200), comment="the source, e.g. 2027 国务院办公厅通知")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class TenantSetting(TenantOwned, Base):
    """A value an office set for a setting its jurisdiction declares (hook ``mqa_tenant_settings``)."""

    __tablename__ = "tenant_settings"
    __table_args__ = (UniqueConstraint("tenant_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100))
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
