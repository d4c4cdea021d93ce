"""The tables of applicants and applications: accounts, drafts and submitted facts with every
version kept, change requests, attachments, local recommendations, screening verdicts with their
attestations, and requests for corrections (补正)."""
from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKeyConstraint, Index, LargeBinary, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from core.platform.db import Base, utcnow
from core.platform.models import _enum, row_id, tenant_fk, tenant_key, tenant_user_fk
from core.platform.tenancy import TenantOwned

_VERSION_COMMENT = "optimistic lock: +1 on every update (ETag)"


def _tenant() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="RESTRICT")


class ApplicantKind(str, enum.Enum):
    ORGANIZATION = "organization"
    """Identified by its 统一社会信用代码 (GB 32100-2015)."""
    INDIVIDUAL = "individual"
    """Identified by name and employer."""


class ApplicantStatus(str, enum.Enum):
    PENDING = "pending"
    """Registered themselves; the office has not approved the account yet (the user cannot log in)."""
    APPROVED = "approved"
    REFUSED = "refused"


class ApplicantOrigin(str, enum.Enum):
    SELF_REGISTERED = "self_registered"
    INVITED = "invited"


class Applicant(TenantOwned, Base):
    """An organisation or a person who applies, with the tenant user who acts for them."""

    __tablename__ = "applicants"
    __table_args__ = (
        UniqueConstraint("tenant_id", "user_id"),
        UniqueConstraint("tenant_id", "uscc"),
        Index("ix_applicants_tenant_id_status_id", "tenant_id", "status", "id"),
        _tenant(), tenant_user_fk("applicants", "user_id"), tenant_user_fk("applicants", "reviewed_by_id"),
        tenant_fk("applicants", "registered_for_cycle_id", "cycles"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    user_id: Mapped[int]
    kind: Mapped[ApplicantKind] = mapped_column(_enum(ApplicantKind, "applicant_kind"))
    name: Mapped[str] = mapped_column(String(200), comment="the organisation's or the person's name")
    uscc: Mapped[str | None] = mapped_column(String(18), comment="统一社会信用代码 of an organisation")
    employer_name: Mapped[str | None] = mapped_column(String(200), comment="an individual's employer")
    employer_uscc: Mapped[str | None] = mapped_column(String(18))
    contact_name: Mapped[str] = mapped_column(String(100), default="")
    contact_phone: Mapped[str] = mapped_column(String(32), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    status: Mapped[ApplicantStatus] = mapped_column(_enum(ApplicantStatus, "applicant_status"))
    origin: Mapped[ApplicantOrigin] = mapped_column(_enum(ApplicantOrigin, "applicant_origin"))
    registered_for_cycle_id: Mapped[int | None] = mapped_column(comment="the open cycle a self-registration named")
    reviewed_by_id: Mapped[int | None]
    reviewed_at: Mapped[dt.datetime | None]
    review_note: Mapped[str] = mapped_column(Text, default="")
    personal_data_erased_at: Mapped[dt.datetime | None] = mapped_column(
        comment="contact details erased after the retention period (won nothing)")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(server_default=text("1"), comment=_VERSION_COMMENT)

    __mapper_args__ = {"version_id_col": version}


class ApplicationStatus(str, enum.Enum):
    DRAFT = "draft"
    """Saved, maybe half-filled; only the applicant sees it."""
    SUBMITTED = "submitted"
    """Frozen facts, waiting for screening (资格审查/受理)."""
    CORRECTION_REQUESTED = "correction_requested"
    """The office asked for corrections (补正) by a deadline; the applicant may change the facts."""
    ACCEPTED = "accepted"
    """受理: goes on to the review stages."""
    REJECTED = "rejected"
    """不予受理, with written reasons citing articles."""
    WITHDRAWN = "withdrawn"
    """Withdrawn by the applicant before a decision."""


class Application(TenantOwned, Base):
    """One application to one cycle: the entry kind, the tier(s) and category applied for, and the facts.

    ``facts`` is the working copy: the draft while ``draft``, the frozen submitted facts afterwards
    (equal to the latest :class:`ApplicationVersion`). ``facts_number`` is that version's number
    (0 for a draft never submitted).
    """

    __tablename__ = "applications"
    __table_args__ = (
        Index("ix_applications_tenant_id_cycle_id_id", "tenant_id", "cycle_id", "id"),
        Index("ix_applications_tenant_id_cycle_id_status_id", "tenant_id", "cycle_id", "status", "id"),
        Index("ix_applications_tenant_id_applicant_id_id", "tenant_id", "applicant_id", "id"),
        _tenant(), tenant_fk("applications", "cycle_id", "cycles"), tenant_fk("applications", "applicant_id", "applicants"),
        tenant_user_fk("applications", "decided_by_id"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    cycle_id: Mapped[int]
    applicant_id: Mapped[int]
    entry_kind: Mapped[str] = mapped_column(String(32))
    tiers: Mapped[list[str]] = mapped_column(JSON)
    category: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[ApplicationStatus] = mapped_column(_enum(ApplicationStatus, "application_status"),
                                                      default=ApplicationStatus.DRAFT)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    facts_number: Mapped[int] = mapped_column(default=0)
    group_key: Mapped[str | None] = mapped_column(String(200), comment="the group (集团) it belongs to, for 'one per group' rules")
    flags: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list,
                                                        comment="cycle-level findings (related applicants, several categories)")
    submitted_at: Mapped[dt.datetime | None]
    submission_deadline: Mapped[dt.date | None] = mapped_column(comment="an extension for this application only")
    decided_at: Mapped[dt.datetime | None]
    decided_by_id: Mapped[int | None]
    decision_reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list,
                                                                   comment="[{text, citation}] the applicant sees")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(server_default=text("1"), comment=_VERSION_COMMENT)

    __mapper_args__ = {"version_id_col": version}


class ApplicationVersion(TenantOwned, Base):
    """A kept version of an application's submitted facts: one per submission, approved change or correction."""

    __tablename__ = "application_versions"
    __table_args__ = (
        UniqueConstraint("tenant_id", "application_id", "number"),
        _tenant(), tenant_fk("application_versions", "application_id", "applications", ondelete="CASCADE"), tenant_user_fk("application_versions", "created_by_id"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    application_id: Mapped[int]
    number: Mapped[int] = mapped_column(comment="1 for the first submission")
    facts: Mapped[dict[str, Any]] = mapped_column(JSON)
    entry_kind: Mapped[str] = mapped_column(String(32))
    tiers: Mapped[list[str]] = mapped_column(JSON)
    category: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(32), comment="submission, change_request or correction")
    change_request_id: Mapped[int | None]
    created_by_id: Mapped[int | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class RequestStatus(str, enum.Enum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


class ChangeRequest(TenantOwned, Base):
    """An applicant's request to change a submitted application's facts; the office approves or refuses."""

    __tablename__ = "change_requests"
    __table_args__ = (
        Index("ix_change_requests_tenant_id_application_id_id", "tenant_id", "application_id", "id"),
        Index("ix_change_requests_tenant_id_status_id", "tenant_id", "status", "id"),
        # one pending request per application, even when two arrive at once (the loser gets 409)
        Index("uq_change_requests_tenant_id_application_id_pending", "tenant_id", "application_id", unique=True,
              sqlite_where=text("status = 'pending'"), postgresql_where=text("status = 'pending'")),
        _tenant(), tenant_fk("change_requests", "application_id", "applications", ondelete="CASCADE"),
        tenant_user_fk("change_requests", "requested_by_id"), tenant_user_fk("change_requests", "decided_by_id"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    application_id: Mapped[int]
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, comment="the complete facts proposed")
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[RequestStatus] = mapped_column(_enum(RequestStatus, "request_status"), default=RequestStatus.PENDING)
    requested_by_id: Mapped[int | None]
    requested_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None]
    decided_at: Mapped[dt.datetime | None]
    decision_note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(server_default=text("1"), comment=_VERSION_COMMENT)

    __mapper_args__ = {"version_id_col": version}


class ScanStatus(str, enum.Enum):
    NOT_SCANNED = "not_scanned"
    CLEAN = "clean"
    INFECTED = "infected"
    FAILED = "failed"


class Attachment(TenantOwned, Base):
    """A file attached to an application. The bytes are in ``content`` (storage ``database``) or in an
    object store under ``object_key``; ``sha256`` is checked on every read."""

    __tablename__ = "attachments"
    __table_args__ = (
        Index("ix_attachments_tenant_id_application_id_id", "tenant_id", "application_id", "id"),
        _tenant(), tenant_fk("attachments", "application_id", "applications", ondelete="CASCADE"), tenant_user_fk("attachments", "uploaded_by_id"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    application_id: Mapped[int]
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(String(500), default="")
    trade_secret: Mapped[bool] = mapped_column(default=False, comment="Changde 第三十八条: office and assigned experts only, reads audited")
    storage: Mapped[str] = mapped_column(String(16))
    object_key: Mapped[str | None] = mapped_column(String(300))
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    scan_status: Mapped[ScanStatus] = mapped_column(_enum(ScanStatus, "scan_status"), default=ScanStatus.NOT_SCANNED)
    scan_note: Mapped[str] = mapped_column(Text, default="")
    uploaded_by_id: Mapped[int | None]
    uploaded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(server_default=text("1"), comment=_VERSION_COMMENT)

    __mapper_args__ = {"version_id_col": version}


class Recommendation(TenantOwned, Base):
    """A local recommendation (推荐) of an application by the recommending unit, recorded before acceptance
    (e.g. Nantong 2023 第十八条: an internal notice of at least 5 working days without objection and the
    county committee's recommendation)."""

    __tablename__ = "recommendations"
    __table_args__ = (
        UniqueConstraint("tenant_id", "application_id"),
        _tenant(), tenant_fk("recommendations", "application_id", "applications", ondelete="CASCADE"), tenant_user_fk("recommendations", "recorded_by_id"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    application_id: Mapped[int]
    recommender: Mapped[str] = mapped_column(String(200), comment="the recommending unit, e.g. 崇川区质量发展委员会")
    recommended_on: Mapped[dt.date]
    document_number: Mapped[str] = mapped_column(String(100), default="")
    internal_notice_starts_on: Mapped[dt.date | None]
    internal_notice_ends_on: Mapped[dt.date | None]
    objections: Mapped[str] = mapped_column(Text, default="", comment="objections raised during the internal notice, if any")
    checks: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list, comment="what was checked, with articles")
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None]
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(server_default=text("1"), comment=_VERSION_COMMENT)

    __mapper_args__ = {"version_id_col": version}


class ScreeningOutcome(str, enum.Enum):
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    NEEDS_ATTESTATION = "needs_attestation"


class Screening(TenantOwned, Base):
    """One eligibility verdict on an application, from its stored facts and the tenant's own records.

    Kept for good: re-screening after the facts change adds a new one (``number`` + 1).
    ``inputs`` holds what the rules read (facts version, earlier awards and sanctions from the
    ledger, the day), ``findings`` the trace, each with its article.
    """

    __tablename__ = "screenings"
    __table_args__ = (
        UniqueConstraint("tenant_id", "application_id", "number"),
        _tenant(), tenant_fk("screenings", "application_id", "applications", ondelete="CASCADE"), tenant_user_fk("screenings", "created_by_id"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    application_id: Mapped[int]
    number: Mapped[int]
    rule_version_code: Mapped[str] = mapped_column(String(64))
    facts_number: Mapped[int]
    on_date: Mapped[dt.date]
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)
    outcome: Mapped[ScreeningOutcome] = mapped_column(_enum(ScreeningOutcome, "screening_outcome"))
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    job_id: Mapped[str | None] = mapped_column(String(36))
    created_by_id: Mapped[int | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Attestation(TenantOwned, Base):
    """The office's confirmation of a condition no machine can judge, for one screening."""

    __tablename__ = "attestations"
    __table_args__ = (
        UniqueConstraint("tenant_id", "screening_id", "condition"),
        _tenant(), tenant_fk("attestations", "screening_id", "screenings", ondelete="CASCADE"), tenant_user_fk("attestations", "confirmed_by_id"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    screening_id: Mapped[int]
    condition: Mapped[str] = mapped_column(String(100))
    holds: Mapped[bool] = mapped_column(comment="true: the office confirms the condition holds")
    note: Mapped[str] = mapped_column(Text)
    citation: Mapped[dict[str, Any]] = mapped_column(JSON)
    confirmed_by_id: Mapped[int | None]
    confirmed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CorrectionStatus(str, enum.Enum):
    OPEN = "open"
    ANSWERED = "answered"
    LAPSED = "lapsed"


class Correction(TenantOwned, Base):
    """A request for corrections (补正): what is missing or wrong, and the deadline the office set."""

    __tablename__ = "corrections"
    __table_args__ = (
        Index("ix_corrections_tenant_id_application_id_id", "tenant_id", "application_id", "id"),
        _tenant(), tenant_fk("corrections", "application_id", "applications", ondelete="CASCADE"), tenant_user_fk("corrections", "requested_by_id"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    application_id: Mapped[int]
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON, comment="[{field, problem}]")
    deadline: Mapped[dt.date] = mapped_column(comment="the last day included, Asia/Shanghai")
    status: Mapped[CorrectionStatus] = mapped_column(_enum(CorrectionStatus, "correction_status"),
                                                     default=CorrectionStatus.OPEN)
    extensions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list,
                                                             comment="[{from, to, reason, by, at}] every extension")
    requested_by_id: Mapped[int | None]
    requested_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[dt.datetime | None]
    version: Mapped[int] = mapped_column(server_default=text("1"), comment=_VERSION_COMMENT)

    __mapper_args__ = {"version_id_col": version}
