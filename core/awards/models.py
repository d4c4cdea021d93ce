"""The ledger of awards and sanctions a tenant's eligibility rules read (cooldowns, re-winners, bans)."""
from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, ForeignKeyConstraint, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from core.platform.db import Base, utcnow
from core.platform.models import _enum, row_id, tenant_fk, tenant_key, tenant_user_fk
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
        Index("ix_ledger_awards_tenant_id_cycle_id_id", "tenant_id", "cycle_id", "id"),
        UniqueConstraint("tenant_id", "certificate_number"),
        ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="RESTRICT"),
        tenant_user_fk("ledger_awards", "created_by_id"),
        tenant_fk("ledger_awards", "cycle_id", "cycles"), tenant_fk("ledger_awards", "approval_id", "approvals"),
    )

    tier: Mapped[str] = mapped_column(String(64))
    entry_kind: Mapped[str] = mapped_column(String(32))
    category: Mapped[str | None] = mapped_column(String(64))
    cycle_year: Mapped[int]
    awarded_on: Mapped[dt.date | None] = mapped_column(comment="NULL when only the cycle year is on record")
    revoked_on: Mapped[dt.date | None]
    application_id: Mapped[int | None]
    cycle_id: Mapped[int | None] = mapped_column(comment="the cycle that decided it (source cycle)")
    approval_id: Mapped[int | None]
    certificate_number: Mapped[str | None] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(String(200), comment="the honour's wording, e.g. 2026年度南通市市长质量奖")
    honours: Mapped[list[str]] = mapped_column(JSON, default=list, comment="plaque, certificate, ... (the plugin's codes)")
    reward_yuan: Mapped[int | None] = mapped_column(comment="what the plugin decided at approval, whole yuan")
    reward_citation: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reward_explanation: Mapped[str] = mapped_column(Text, default="")
    revoked_by_sanction_id: Mapped[int | None]


class LedgerSanction(_LedgerRow, Base):
    __tablename__ = "ledger_sanctions"
    __table_args__ = (
        Index("ix_ledger_sanctions_tenant_id_uscc", "tenant_id", "uscc"),
        Index("ix_ledger_sanctions_tenant_id_name", "tenant_id", "name"),
        ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="RESTRICT"),
        tenant_user_fk("ledger_sanctions", "created_by_id"),
        tenant_fk("ledger_sanctions", "award_id", "ledger_awards"),
        tenant_fk("ledger_sanctions", "applicant_id", "applicants"),
    )

    kind: Mapped[str] = mapped_column(String(64), comment="the violation or measure code")
    decided_on: Mapped[dt.date]
    ban_until: Mapped[dt.date | None]
    citation: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    award_id: Mapped[int | None] = mapped_column(comment="the award concerned, where the violation is a winner's")
    applicant_id: Mapped[int | None]
    occurred_on: Mapped[dt.date | None]
    measures: Mapped[list[str]] = mapped_column(JSON, default=list, comment="the plugin's measure codes")
    explanation: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="", comment="what the violation was confirmed by")
    announcement: Mapped[str] = mapped_column(Text, default="", comment="the public announcement, where a measure asks for one")
    reversed_on: Mapped[dt.date | None] = mapped_column(comment="set by an appeal or reversal; the row is never deleted")
    reversal_kind: Mapped[str | None] = mapped_column(String(16), comment="appeal or reversal")
    reversal_reason: Mapped[str] = mapped_column(Text, default="")
    reversed_by_id: Mapped[int | None]


class Approval(TenantOwned, Base):
    """The government's approval of a cycle's winners (批准/审定): document number, date, the list."""

    __tablename__ = "approvals"
    __table_args__ = (
        UniqueConstraint("tenant_id", "cycle_id"),
        ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="RESTRICT"),
        tenant_fk("approvals", "cycle_id", "cycles"), tenant_user_fk("approvals", "recorded_by_id"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    cycle_id: Mapped[int]
    body: Mapped[str] = mapped_column(String(200), comment="who approved, e.g. 南通市人民政府")
    document_number: Mapped[str] = mapped_column(String(100), comment="文号, e.g. 通政发〔2026〕12号")
    approved_on: Mapped[dt.date]
    winners: Mapped[list[dict[str, Any]]] = mapped_column(JSON, comment="[{application_id, tier, category}]")
    notice_id: Mapped[int | None] = mapped_column(comment="the closed notice the list passed")
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None]
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(server_default=text("1"), comment="optimistic lock: +1 on every update (ETag)")

    __mapper_args__ = {"version_id_col": version}


class RewardEntryKind(str, enum.Enum):
    OWED = "owed"
    """The reward decided at approval."""
    PAID = "paid"
    """Paid out, with the payment reference and day."""
    CLAWBACK = "clawback"
    """To be recovered after a sanction (追回奖金)."""
    RECOVERED = "recovered"
    """Returned by the former winner."""
    CANCELLED = "cancelled"
    """The unpaid part of a revoked award's reward: no longer owed."""
    WAIVED = "waived"
    """A claw-back no longer to be recovered: the sanction that asked for it was reversed."""


class RewardEntry(TenantOwned, Base):
    """One line of the rewards ledger of an award; amounts are whole yuan, lines are never changed."""

    __tablename__ = "reward_entries"
    __table_args__ = (
        Index("ix_reward_entries_tenant_id_award_id_id", "tenant_id", "award_id", "id"),
        ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="RESTRICT"),
        tenant_fk("reward_entries", "award_id", "ledger_awards"), tenant_user_fk("reward_entries", "recorded_by_id"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    award_id: Mapped[int]
    kind: Mapped[RewardEntryKind] = mapped_column(_enum(RewardEntryKind, "reward_entry_kind"))
    amount_yuan: Mapped[int]
    entry_on: Mapped[dt.date]
    reference: Mapped[str] = mapped_column(String(100), default="", comment="payment or receipt reference")
    citation: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    sanction_id: Mapped[int | None]
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ObligationStatus(str, enum.Enum):
    DUE = "due"
    DONE = "done"
    """The winner submitted the report."""
    CANCELLED = "cancelled"
    """The award was revoked: the duty ended with it."""


class Obligation(TenantOwned, Base):
    """A dated duty of a winner under the plugin's obligation rules (annual report for a year, a report
    within 30 days of an event), and the report submitted against it."""

    __tablename__ = "obligations"
    __table_args__ = (
        UniqueConstraint("tenant_id", "award_id", "code", "period"),
        Index("ix_obligations_tenant_id_due_on_id", "tenant_id", "due_on", "id"),
        Index("ix_obligations_tenant_id_award_id_id", "tenant_id", "award_id", "id"),
        ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="RESTRICT"),
        tenant_fk("obligations", "award_id", "ledger_awards"), tenant_user_fk("obligations", "submitted_by_id"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    award_id: Mapped[int]
    code: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(Text)
    citation: Mapped[dict[str, Any]] = mapped_column(JSON)
    period: Mapped[str] = mapped_column(String(32), comment="the reported year (2026) or the event's day")
    due_on: Mapped[dt.date] = mapped_column(comment="the last day (included)")
    due_text: Mapped[str] = mapped_column(String(200), default="", comment="the deadline as the text words it")
    status: Mapped[ObligationStatus] = mapped_column(_enum(ObligationStatus, "obligation_status"),
                                                     default=ObligationStatus.DUE)
    event: Mapped[str] = mapped_column(Text, default="", comment="what triggered an event duty")
    cancelled_by_sanction_id: Mapped[int | None] = mapped_column(comment="the revocation that ended the duty")
    report: Mapped[str] = mapped_column(Text, default="")
    submitted_by_id: Mapped[int | None]
    submitted_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(server_default=text("1"), comment="optimistic lock: +1 on every update (ETag)")

    __mapper_args__ = {"version_id_col": version}


class Reminder(TenantOwned, Base):
    """A reminder of an obligation, sent once per kind (``before`` the due day, ``due`` on or after it);
    the unique key makes a re-run or a catch-up after a missed run send nothing twice."""

    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("tenant_id", "obligation_id", "kind"),
        Index("ix_reminders_tenant_id_sent_at_id", "tenant_id", "sent_at", "id"),
        ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="RESTRICT"),
        tenant_fk("reminders", "obligation_id", "obligations"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    obligation_id: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16), comment="before or due")
    due_on: Mapped[dt.date]
    run_on: Mapped[dt.date] = mapped_column(comment="the day (Asia/Shanghai) of the run that sent it")
    recipients: Mapped[int] = mapped_column(comment="how many inboxes it reached")
    emailed: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
