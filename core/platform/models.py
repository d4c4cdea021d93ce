"""Persistent domain model (SQLAlchemy 2.0, typed). Schema changes go through Alembic."""
from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, BigInteger, Enum, ForeignKey, ForeignKeyConstraint, Index, LargeBinary, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.platform.db import Base, next_row_id, utcnow
from core.platform.tenancy import TenantOwned


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    # Stored as plain strings with a CHECK constraint: readable in SQL, portable, easy to extend.
    return Enum(cls, name=name, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e],
                create_constraint=True, validate_strings=True)


# Keys of the tables added since the platform conventions (docs/conventions.md): every key leads
# with tenant_id, and a reference to another tenant row carries the tenant, so a row can never point
# into another tenant.

def tenant_key() -> Mapped[int]:
    """``tenant_id`` as the first column of a ``(tenant_id, id)`` primary key."""
    return mapped_column(primary_key=True)


def row_id() -> Mapped[int]:
    """``id`` as the second column of a ``(tenant_id, id)`` primary key, numbered by :func:`next_row_id`."""
    return mapped_column(primary_key=True, autoincrement=False, default=next_row_id)


def tenant_fk(owner: str, column: str, table: str, ondelete: str = "RESTRICT") -> ForeignKeyConstraint:
    """A foreign key of table ``owner`` that carries the tenant: ``(tenant_id, column)`` -> ``table(tenant_id, id)``."""
    return ForeignKeyConstraint(["tenant_id", column], [f"{table}.tenant_id", f"{table}.id"], ondelete=ondelete,
                                name=f"fk_{owner}_{column}_{table}")


def tenant_user_fk(owner: str, column: str) -> ForeignKeyConstraint:
    """A foreign key of table ``owner`` to the tenant's user who did something (users are deactivated,
    never deleted)."""
    return tenant_fk(owner, column, "users")


class RowIds(Base):
    """SQLite's counters for the ids of ``(tenant_id, id)`` tables (:func:`core.platform.db.next_row_id`);
    empty on PostgreSQL, which numbers them with sequences."""

    __tablename__ = "row_ids"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int]


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
    RETRYING = "retrying"
    FINISHED = "finished"
    FAILED = "failed"


class Tenant(Base):
    """A quality office (质量发展委员会办公室) running one jurisdiction's award."""

    __tablename__ = "tenants"
    __table_args__ = (
        Index("ix_tenants_status_id", "status", "id"),
        Index("ix_tenants_jurisdiction_code_id", "jurisdiction_code", "id"),
    )

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
    version: Mapped[int] = mapped_column(server_default=text("1"), comment="optimistic lock: +1 on every update (ETag)")

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_suspended(self) -> bool:
        return self.status is TenantStatus.SUSPENDED


class User(TenantOwned, Base):
    """A person who logs in. Central admins have no tenant; everyone else has exactly one."""

    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("tenant_id", "username"),
        # the target of the (tenant_id, user) foreign keys of later tables (tenant_user_fk)
        Index("uq_users_platform_username", "username", unique=True,
              sqlite_where=text("tenant_id IS NULL"), postgresql_where=text("tenant_id IS NULL")),
        # One index per order/filter the paged list offers (see docs/conventions.md).
        # unique: also the target of the (tenant_id, user) foreign keys of later tables (tenant_user_fk)
        Index("uq_users_tenant_id_id", "tenant_id", "id", unique=True),
        Index("ix_users_tenant_id_role_id", "tenant_id", "role", "id"),
        Index("ix_users_tenant_id_id_inactive", "tenant_id", "id",  # the few disabled accounts
              sqlite_where=text("is_active = 0"), postgresql_where=text("NOT is_active")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"))
    username: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[Role] = mapped_column(_enum(Role, "user_role"))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[dt.datetime | None]
    locale: Mapped[str | None] = mapped_column(String(8), comment="zh_CN or en; NULL: the request's Accept-Language, "
                                                                  "else zh_CN")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(server_default=text("1"), comment="optimistic lock: +1 on every update (ETag)")

    # Loaded on first use only: a list of users never joins the tenant onto every row.
    tenant: Mapped[Tenant | None] = relationship(lazy="select")

    __mapper_args__ = {"version_id_col": version}


class AuthToken(Base):
    """An opaque bearer token. Only its SHA-256 digest is stored."""

    __tablename__ = "auth_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]
    revoke_reason: Mapped[str | None] = mapped_column(
        String(32), comment="why the token was revoked: logout, password_changed, deactivated or revoked")


class LoginThrottle(Base):
    """Login attempts per login name as typed (tenant code + username), whether or not it exists, so a
    lockout reveals nothing about which accounts exist. One row per (name, client address) counts that
    address's attempts and remembers its last success; the row with an empty ``client_address`` counts
    the name's attempts from every address (see :mod:`core.platform.services.auth`)."""

    __tablename__ = "login_throttles"
    __table_args__ = (UniqueConstraint("login_key", "client_address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    login_key: Mapped[str] = mapped_column(String(140))
    client_address: Mapped[str] = mapped_column(String(64), comment="'' for the row of the name itself")
    failures: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None]
    last_success_at: Mapped[dt.datetime | None]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class AuditOutcome(str, enum.Enum):
    SUCCESS = "success"
    FAILURE = "failure"
    DENIED = "denied"


class AuditEvent(TenantOwned, Base):
    """Who did what, on what, when, from where, with what outcome (the fields of GB/T 22239 level 3).

    Append-only and hash-chained: each event carries the hash of the previous event of its chain
    (one chain per tenant, one for the platform) and its position ``seq`` in it (:mod:`core.platform.audit`).
    ``actor_id`` is no foreign key: an event outlives its user and no deletion may rewrite it.
    Tenant events are readable by the tenant's supervisors.
    """

    __tablename__ = "audit_events"
    __table_args__ = (
        UniqueConstraint("tenant_id", "seq"),
        Index("uq_audit_events_platform_seq", "seq", unique=True,
              sqlite_where=text("tenant_id IS NULL"), postgresql_where=text("tenant_id IS NULL")),
        Index("ix_audit_events_tenant_id_id", "tenant_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"))
    seq: Mapped[int] = mapped_column(comment="position in the tenant's (or the platform's) chain, from 1")
    actor_id: Mapped[int | None]
    actor_username: Mapped[str | None] = mapped_column(String(64))
    actor_role: Mapped[str | None] = mapped_column(String(32))
    client_address: Mapped[str | None] = mapped_column(String(64), comment="the caller's IP address; NULL outside a request")
    action: Mapped[str] = mapped_column(String(64))
    target_type: Mapped[str] = mapped_column(String(64))
    target_id: Mapped[str | None] = mapped_column(String(64))
    outcome: Mapped[AuditOutcome] = mapped_column(_enum(AuditOutcome, "audit_outcome"), default=AuditOutcome.SUCCESS)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    prev_hash: Mapped[str] = mapped_column(String(64), comment="hash of the previous event of the chain (zeros first)")
    hash: Mapped[str] = mapped_column(String(64), comment="SHA-256 of the canonical JSON of this event and prev_hash")


class AuditChainHead(Base):
    """The last link of one audit chain. Writers update it under a row lock in the transaction that
    adds the event, so two transactions never fork a chain; a verifier compares it with the last event
    to notice a deleted tail. ``chain`` is the tenant id, 0 for the platform."""

    __tablename__ = "audit_chain_heads"

    chain: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"), unique=True)
    seq: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Job(TenantOwned, Base):
    """A background job of a tenant (run by an rq worker, or in-process without Redis).

    ``attempts`` counts claims: each run claims the row by raising it from the value it read, so
    two runs never both own an attempt, and only the run holding the current attempt may record
    progress or an outcome. ``owner_*`` name the process running it (host, pid, process start
    time), ``heartbeat_at`` is when that process last said it was alive (see :mod:`core.platform.jobs`).
    """

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_tenant_id_created_at_id", "tenant_id", "created_at", "id"),)

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
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    started_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    owner_host: Mapped[str | None] = mapped_column(String(255))
    owner_pid: Mapped[int | None]
    owner_token: Mapped[str | None] = mapped_column(String(64), comment="the owner process's start time")
    heartbeat_at: Mapped[dt.datetime | None]


class ExportFile(TenantOwned, Base):
    """The file an export job wrote, once per job: shared by every host that serves downloads.

    With ``export_storage = "database"`` the bytes are in ``content``; with ``"directory"`` they
    are in the instance path (a shared mount) and ``content`` is NULL.
    """

    __tablename__ = "export_files"

    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"), primary_key=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True)
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    storage: Mapped[str] = mapped_column(String(16))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


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
    version: Mapped[int] = mapped_column(server_default=text("1"), comment="optimistic lock: +1 on every update (ETag)")

    __mapper_args__ = {"version_id_col": version}


class IdempotencyKey(TenantOwned, Base):
    """The answer given to a creating POST sent with an ``Idempotency-Key`` (see :mod:`core.platform.idempotency`).

    One row per (tenant, user, key); ``tenant_id`` is NULL for central admins' keys (platform scope).
    A row without ``status`` is a claim: the first request is still running.
    """

    __tablename__ = "idempotency_keys"
    __table_args__ = (
        UniqueConstraint("tenant_id", "user_id", "key"),
        Index("uq_idempotency_keys_platform_user_id_key", "user_id", "key", unique=True,
              sqlite_where=text("tenant_id IS NULL"), postgresql_where=text("tenant_id IS NULL")),
        Index("ix_idempotency_keys_tenant_id_expires_at", "tenant_id", "expires_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64), comment="SHA-256 of method, path and body")
    status: Mapped[int | None] = mapped_column(comment="NULL while the first request runs")
    response: Mapped[dict[str, Any] | None] = mapped_column(JSON, comment="{body, headers} replayed")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]


class Notification(TenantOwned, Base):
    """A message in a user's in-app inbox (always written), and whether it also went out by email.

    Reminders, objection outcomes and sanctions reach people through here
    (:mod:`core.platform.notifications`); email is sent when SMTP is configured and never replaces the inbox.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_tenant_id_user_id_id", "tenant_id", "user_id", "id"),
        ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="RESTRICT"),
        tenant_user_fk("notifications", "user_id"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    user_id: Mapped[int]
    topic: Mapped[str] = mapped_column(String(64), comment="reminder, objection_outcome, sanction, ...")
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    target_type: Mapped[str | None] = mapped_column(String(64))
    target_id: Mapped[str | None] = mapped_column(String(64))
    email_to: Mapped[str | None] = mapped_column(String(254))
    email_status: Mapped[str] = mapped_column(String(16), default="none",
                                              comment="none, pending (sent after the commit), sent or failed")
    email_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    read_at: Mapped[dt.datetime | None]
