"""The ledger of awards and sanctions a tenant's eligibility rules read (cooldowns, re-winners, bans)."""
from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, ForeignKeyConstraint, Index, String, Text, text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from core.platform.db import Base, utcnow
from core.platform.models import _enum, row_id, tenant_key, tenant_user_fk
from core.platform.tenancy import TenantOwned


class LedgerSource(str, enum.Enum):
    IMPORTED = "imported"
    """From an office's spreadsheet of winners and sanctions decided before the system."""
    RECORDED = "recorded"
    """Entered by the office one at a time."""
    CYCLE = "cycle"
    """Decided in a cycle run in the system."""


class _LedgerRow(TenantOwned):
    """A ledger row: who it is about (an organisation by its 统一社会信用代码, a person by name and
    employer), where it came from, and who entered it."""

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    subject_kind: Mapped[str] = mapped_column(String(32), comment="organization or individual")
    name: Mapped[str] = mapped_column(String(200))
    uscc: Mapped[str | None] = mapped_column(String(18))
    employer_name: Mapped[str | None] = mapped_column(String(200))
    employer_uscc: Mapped[str | None] = mapped_column(String(18))
    source: Mapped[LedgerSource] = mapped_column(_enum(LedgerSource, "ledger_source"))
    import_batch: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(server_default=text("1"), comment="optimistic lock: +1 on every update (ETag)")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}


class LedgerAward(_LedgerRow, Base):
    __tablename__ = "ledger_awards"
    __table_args__ = (
        Index("ix_ledger_awards_tenant_id_uscc", "tenant_id", "uscc"),
        Index("ix_ledger_awards_tenant_id_name", "tenant_id", "name"),
        ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="RESTRICT"),
        tenant_user_fk("ledger_awards", "created_by_id"),
    )

    tier: Mapped[str] = mapped_column(String(64))
    entry_kind: Mapped[str] = mapped_column(String(32))
    category: Mapped[str | None] = mapped_column(String(64))
    cycle_year: Mapped[int]
    awarded_on: Mapped[dt.date | None] = mapped_column(comment="NULL when only the cycle year is on record")
    revoked_on: Mapped[dt.date | None]
    application_id: Mapped[int | None]


class LedgerSanction(_LedgerRow, Base):
    __tablename__ = "ledger_sanctions"
    __table_args__ = (
        Index("ix_ledger_sanctions_tenant_id_uscc", "tenant_id", "uscc"),
        Index("ix_ledger_sanctions_tenant_id_name", "tenant_id", "name"),
        ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="RESTRICT"),
        tenant_user_fk("ledger_sanctions", "created_by_id"),
    )

    kind: Mapped[str] = mapped_column(String(64), comment="the violation or measure code")
    decided_on: Mapped[dt.date]
    ban_until: Mapped[dt.date | None]
    citation: Mapped[dict[str, Any] | None] = mapped_column(JSON)
