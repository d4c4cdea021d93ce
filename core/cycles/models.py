"""The tables of award cycles: the cycle, its stages in the plan's order, and every move between them."""
from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, ForeignKeyConstraint, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from core.platform.db import Base, utcnow
from core.platform.models import _enum, row_id, tenant_fk, tenant_key, tenant_user_fk
from core.platform.tenancy import TenantOwned


class CycleStatus(str, enum.Enum):
    OPEN = "open"
    """Running: at one of its stages."""
    CLOSED = "closed"
    """Moved past its last stage: read-only, kept for history and for later cycles' eligibility."""


class MoveDirection(str, enum.Enum):
    FORWARD = "forward"
    BACK = "back"


class Cycle(TenantOwned, Base):
    """One award cycle of a tenant (a year's, or a 届's), bound to the rule version in force when it opened.

    ``rule_version_code`` is pinned at opening and never changed: a version adopted later governs
    only cycles opened after it. ``tiers``/``categories``/``entry_kinds`` are the codes this cycle
    awards (a subset of the jurisdiction's). ``stage`` is the code of the current stage.
    """

    __tablename__ = "cycles"
    __table_args__ = (
        UniqueConstraint("tenant_id", "year"),
        ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="RESTRICT"),
        tenant_user_fk("cycles", "opened_by_id"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    year: Mapped[int] = mapped_column(comment="the cycle's year, or its 届 number where the regulation counts 届")
    name: Mapped[str] = mapped_column(String(200), comment="e.g. 2026年度南通市市长质量奖")
    jurisdiction_code: Mapped[str] = mapped_column(String(64))
    rule_version_code: Mapped[str] = mapped_column(String(64), comment="pinned at opening, never changed")
    version_pinned_on: Mapped[dt.date] = mapped_column(comment="the day (Asia/Shanghai) whose version in force was taken")
    version_named: Mapped[bool] = mapped_column(default=False, comment="the office named the version on purpose")
    tiers: Mapped[list[str]] = mapped_column(JSON)
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    entry_kinds: Mapped[list[str]] = mapped_column(JSON)
    status: Mapped[CycleStatus] = mapped_column(_enum(CycleStatus, "cycle_status"), default=CycleStatus.OPEN)
    stage: Mapped[str] = mapped_column(String(64), comment="the current stage's code")
    settings_snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict,
                                                             comment="tenant settings the plan read at opening")
    opened_by_id: Mapped[int | None]
    opened_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[dt.datetime | None]
    version: Mapped[int] = mapped_column(server_default=text("1"), comment="optimistic lock: +1 on every update (ETag)")

    __mapper_args__ = {"version_id_col": version}


class CycleStage(TenantOwned, Base):
    """One stage of a cycle, in the plugin's order, with the dates the office set for it.

    ``kind`` is what the core does there (:data:`core.engine.rules.STAGE_KINDS`: application,
    screening, review, notice, ...); ``citation`` is the article that names the stage.
    """

    __tablename__ = "cycle_stages"
    __table_args__ = (
        UniqueConstraint("tenant_id", "cycle_id", "position"),
        UniqueConstraint("tenant_id", "cycle_id", "code"),
        tenant_fk("cycle_stages", "cycle_id", "cycles", ondelete="CASCADE"),
        ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="RESTRICT"),
        tenant_user_fk("cycle_stages", "dates_set_by_id"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    cycle_id: Mapped[int]
    position: Mapped[int] = mapped_column(comment="0 for the first stage")
    code: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str | None] = mapped_column(String(32))
    starts_on: Mapped[dt.date | None] = mapped_column(comment="set by the office")
    ends_on: Mapped[dt.date | None] = mapped_column(comment="set by the office; the last day included")
    dates_set_by_id: Mapped[int | None]
    dates_note: Mapped[str] = mapped_column(Text, default="")
    entered_at: Mapped[dt.datetime | None] = mapped_column(comment="when the cycle last moved into this stage")
    version: Mapped[int] = mapped_column(server_default=text("1"), comment="optimistic lock: +1 on every update (ETag)")

    __mapper_args__ = {"version_id_col": version}


class CycleMove(TenantOwned, Base):
    """A move of a cycle from one stage to another: forward when its conditions held, back with a reason."""

    __tablename__ = "cycle_moves"
    __table_args__ = (
        Index("ix_cycle_moves_tenant_id_cycle_id_id", "tenant_id", "cycle_id", "id"),
        tenant_fk("cycle_moves", "cycle_id", "cycles", ondelete="CASCADE"),
        ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="RESTRICT"),
        tenant_user_fk("cycle_moves", "moved_by_id"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    cycle_id: Mapped[int]
    from_stage: Mapped[str | None] = mapped_column(String(64), comment="NULL for the opening")
    to_stage: Mapped[str | None] = mapped_column(String(64), comment="NULL for closing after the last stage")
    direction: Mapped[MoveDirection] = mapped_column(_enum(MoveDirection, "move_direction"))
    reason: Mapped[str] = mapped_column(Text, default="")
    checks: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list, comment="the conditions checked, with articles")
    moved_by_id: Mapped[int | None]
    moved_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
