"""The tables of public notices (公示): the notice with its period and article, the names it lists, and
the objections (异议) anyone files against a listed name, with their evidence files.

A notice publishes names, tiers, categories and entry kinds only: never facts, scores or attachments.
An objector's identity (name, contact) is kept apart in the objection row, shown only to the office
admin and supervisors, and erased after the tenant's retention period (``erased_at``).
"""
from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, ForeignKeyConstraint, Index, LargeBinary, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from core.platform.db import Base, utcnow
from core.platform.models import _enum, row_id, tenant_fk, tenant_key, tenant_user_fk
from core.platform.tenancy import TenantOwned

_VERSION_COMMENT = "optimistic lock: +1 on every update (ETag)"


def _tenant() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="RESTRICT")


class NoticeStatus(str, enum.Enum):
    OPEN = "open"
    """Published: objections may be filed until the last day (included)."""
    CLOSED = "closed"
    """The period ended and every objection was decided: the outcome is published."""


class Notice(TenantOwned, Base):
    """A public notice of one of the cycle plan's notice rules, with its list and period.

    ``starts_on`` is the publication day; ``ends_on`` the last day (included), never before the
    minimum the rule gives (working days from the calendar service, or calendar days, the publication
    day not counted). ``backfill`` is what the rule says of a struck-off candidate (NULL: the text is
    silent and the tenant setting ``notice_backfill`` decides when an objection is upheld).
    """

    __tablename__ = "notices"
    __table_args__ = (
        UniqueConstraint("tenant_id", "cycle_id", "stage", "kind"),
        Index("ix_notices_tenant_id_cycle_id_id", "tenant_id", "cycle_id", "id"),
        _tenant(), tenant_fk("notices", "cycle_id", "cycles"),
        tenant_user_fk("notices", "published_by_id"), tenant_user_fk("notices", "closed_by_id"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    cycle_id: Mapped[int]
    stage: Mapped[str] = mapped_column(String(64), comment="the plan's stage the notice belongs to")
    kind: Mapped[str] = mapped_column(String(32), comment="internal, acceptance, county, candidate, recommended, ...")
    title: Mapped[str] = mapped_column(String(200))
    citation: Mapped[dict[str, Any]] = mapped_column(JSON, comment="the article that asks for the notice")
    min_days: Mapped[int | None] = mapped_column(comment="the rule's minimum; NULL where the text gives none")
    working_days: Mapped[bool]
    backfill: Mapped[bool | None] = mapped_column(comment="the rule's word on backfill; NULL: the text is silent")
    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date] = mapped_column(comment="the last day objections are taken (included)")
    earliest_end: Mapped[dt.date] = mapped_column(comment="the last day of the minimum period")
    how_to_object: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[NoticeStatus] = mapped_column(_enum(NoticeStatus, "notice_status"), default=NoticeStatus.OPEN)
    outcome: Mapped[str] = mapped_column(Text, default="", comment="published when the notice closes")
    published_by_id: Mapped[int | None]
    published_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    closed_by_id: Mapped[int | None]
    closed_at: Mapped[dt.datetime | None]
    version: Mapped[int] = mapped_column(server_default=text("1"), comment=_VERSION_COMMENT)

    __mapper_args__ = {"version_id_col": version}


class EntryStatus(str, enum.Enum):
    LISTED = "listed"
    REMOVED = "removed"
    """Struck off after an upheld objection (取消资格)."""


class NoticeEntry(TenantOwned, Base):
    """One name on a notice: what the public reads (name, tier, category, kind), in list order."""

    __tablename__ = "notice_entries"
    __table_args__ = (
        UniqueConstraint("tenant_id", "notice_id", "application_id"),
        Index("ix_notice_entries_tenant_id_notice_id_position_id", "tenant_id", "notice_id", "position", "id"),
        _tenant(), tenant_fk("notice_entries", "notice_id", "notices"),
        tenant_fk("notice_entries", "application_id", "applications"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    notice_id: Mapped[int]
    application_id: Mapped[int]
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    tier: Mapped[str | None] = mapped_column(String(64))
    category: Mapped[str | None] = mapped_column(String(64))
    entry_kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[EntryStatus] = mapped_column(_enum(EntryStatus, "notice_entry_status"), default=EntryStatus.LISTED)
    backfilled: Mapped[bool] = mapped_column(default=False, comment="entered in place of a struck-off candidate")
    replaces_entry_id: Mapped[int | None]
    listed_on: Mapped[dt.date | None] = mapped_column(comment="a backfilled name: the day it entered the notice")
    ends_on: Mapped[dt.date | None] = mapped_column(
        comment="a backfilled name: the last day of its own full notice period (objections to it until then)")
    removed_reason: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(server_default=text("1"), comment=_VERSION_COMMENT)

    __mapper_args__ = {"version_id_col": version}


class ObjectionStatus(str, enum.Enum):
    RECEIVED = "received"
    INVESTIGATING = "investigating"
    UPHELD = "upheld"
    """Found true: the candidate is struck off (Changde 第二十四条)."""
    DISMISSED = "dismissed"
    """Found untrue or outside the notice's scope."""


class Objection(TenantOwned, Base):
    """An objection (异议) to one name on a notice, from anyone, named or not.

    ``objector_name``/``objector_contact`` are shown to the office admin and supervisors only, and are
    erased (``erased_at``) after the retention period; ``receipt_hash`` lets the objector read the
    outcome on the board with the receipt given at filing, without an account.
    """

    __tablename__ = "objections"
    __table_args__ = (
        UniqueConstraint("tenant_id", "receipt_hash"),
        Index("ix_objections_tenant_id_notice_id_id", "tenant_id", "notice_id", "id"),
        Index("ix_objections_tenant_id_status_id", "tenant_id", "status", "id"),
        _tenant(), tenant_fk("objections", "notice_id", "notices"), tenant_fk("objections", "entry_id", "notice_entries"),
        tenant_user_fk("objections", "decided_by_id"), tenant_user_fk("objections", "filed_by_id"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    notice_id: Mapped[int]
    entry_id: Mapped[int]
    grounds: Mapped[str] = mapped_column(Text)
    real_name: Mapped[bool] = mapped_column(comment="the objector gave a name (实名)")
    objector_name: Mapped[str | None] = mapped_column(String(100))
    objector_contact: Mapped[str | None] = mapped_column(String(200))
    filed_via: Mapped[str] = mapped_column(String(16), comment="page or api")
    filed_by_id: Mapped[int | None] = mapped_column(comment="the account, when filed by a logged-in user")
    filed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    receipt_hash: Mapped[str] = mapped_column(String(64), comment="SHA-256 of the receipt given to the objector")
    status: Mapped[ObjectionStatus] = mapped_column(_enum(ObjectionStatus, "objection_status"),
                                                    default=ObjectionStatus.RECEIVED)
    reasons: Mapped[str] = mapped_column(Text, default="", comment="the office's findings, told to the objector")
    decided_by_id: Mapped[int | None]
    decided_at: Mapped[dt.datetime | None]
    objector_told_at: Mapped[dt.datetime | None]
    erased_at: Mapped[dt.datetime | None] = mapped_column(comment="personal data erased after the retention period")
    version: Mapped[int] = mapped_column(server_default=text("1"), comment=_VERSION_COMMENT)

    __mapper_args__ = {"version_id_col": version}


class ObjectionFile(TenantOwned, Base):
    """An evidence file an objector sent (证明材料), kept with the objection."""

    __tablename__ = "objection_files"
    __table_args__ = (
        Index("ix_objection_files_tenant_id_objection_id_id", "tenant_id", "objection_id", "id"),
        _tenant(), tenant_fk("objection_files", "objection_id", "objections"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    objection_id: Mapped[int]
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes | None] = mapped_column(LargeBinary, comment="NULL once erased")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
