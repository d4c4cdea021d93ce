"""The tables of the review (评审): the expert pool, declared relations, panels and their recorded
draws, the panel members, and the experts' scoring sheets.

Scores are stored as decimal text (``"812.5"``), never as floats: a score decides a rank.
"""
from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, ForeignKeyConstraint, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from core.platform.db import Base, utcnow
from core.platform.models import _enum, row_id, tenant_fk, tenant_key, tenant_user_fk
from core.platform.tenancy import TenantOwned

_VERSION_COMMENT = "optimistic lock: +1 on every update (ETag)"


def _tenant() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="RESTRICT")


class ExpertStatus(str, enum.Enum):
    ACTIVE = "active"
    """In the pool: may be drawn."""
    INACTIVE = "inactive"
    """Left the pool (retired, disqualified); kept for the history of earlier panels."""


class Expert(TenantOwned, Base):
    """A member of the tenant's expert pool (专家库), with the login they score through.

    ``qualification`` keeps the last judgement of the plugin's qualifications (each finding with its
    article); ``flagged`` is set when a softened condition ("一般不超过65周岁") failed.
    """

    __tablename__ = "experts"
    __table_args__ = (
        UniqueConstraint("tenant_id", "user_id"),
        Index("ix_experts_tenant_id_status_id", "tenant_id", "status", "id"),
        _tenant(), tenant_user_fk("experts", "user_id"), tenant_user_fk("experts", "created_by_id"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    user_id: Mapped[int | None] = mapped_column(comment="the expert's login (role expert)")
    name: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(32), comment="职称: none, junior, intermediate, vice_senior, senior")
    title_name: Mapped[str] = mapped_column(String(100), default="", comment="the title as written, e.g. 正高级工程师")
    specialties: Mapped[list[str]] = mapped_column(JSON, default=list,
                                                   comment="GB/T 4754 sections (A-T) or the office's own codes")
    practice_started_on: Mapped[dt.date | None] = mapped_column(comment="since when in quality practice")
    born_on: Mapped[dt.date | None]
    employer_name: Mapped[str] = mapped_column(String(200), default="")
    employer_uscc: Mapped[str | None] = mapped_column(String(18), comment="the employer's 统一社会信用代码")
    contact_phone: Mapped[str] = mapped_column(String(32), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    attested: Mapped[list[str]] = mapped_column(JSON, default=list,
                                                comment="qualification codes the office has confirmed")
    qualification: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, default=list, comment="findings of the last judgement, with articles")
    flagged: Mapped[bool] = mapped_column(default=False, comment="a softened qualification failed")
    status: Mapped[ExpertStatus] = mapped_column(_enum(ExpertStatus, "expert_status"), default=ExpertStatus.ACTIVE)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(server_default=text("1"), comment=_VERSION_COMMENT)

    __mapper_args__ = {"version_id_col": version}


class RelationKind(str, enum.Enum):
    EMPLOYMENT = "employment"
    """Works or worked for the applicant or its group."""
    CONSULTING = "consulting"
    """Advised or trained the applicant (咨询、辅导)."""
    FAMILY = "family"
    """A relative works there or is the applicant."""
    OTHER = "other"


class ExpertRelation(TenantOwned, Base):
    """A relation of an expert to an applicant that makes them conflicted (利害关系), declared by the
    expert or recorded by the office. Never deleted: a relation ended is kept with its end."""

    __tablename__ = "expert_relations"
    __table_args__ = (
        Index("ix_expert_relations_tenant_id_expert_id_id", "tenant_id", "expert_id", "id"),
        _tenant(), tenant_fk("expert_relations", "expert_id", "experts"),
        tenant_fk("expert_relations", "applicant_id", "applicants"),
        tenant_user_fk("expert_relations", "declared_by_id"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    expert_id: Mapped[int]
    applicant_id: Mapped[int | None] = mapped_column(comment="the applicant concerned, when it is one")
    uscc: Mapped[str | None] = mapped_column(String(18), comment="or an organisation by its code")
    name: Mapped[str] = mapped_column(String(200), default="", comment="or by name")
    kind: Mapped[RelationKind] = mapped_column(_enum(RelationKind, "relation_kind"))
    note: Mapped[str] = mapped_column(Text, default="")
    declared_by_id: Mapped[int | None]
    declared_by_expert: Mapped[bool] = mapped_column(default=False, comment="declared by the expert (自行申报)")
    declared_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class PanelKind(str, enum.Enum):
    EXPERTS = "experts"
    """Drawn at random from the pool (专家组)."""
    THIRD_PARTY = "third_party"
    """Formed by a commissioned body (第三方机构) where the regulation allows it; its members are named."""


class PanelStatus(str, enum.Enum):
    FORMING = "forming"
    """Seats not all filled or confirmed yet."""
    READY = "ready"
    """Every seat confirmed: the members score."""
    CLOSED = "closed"
    """The stage closed: sheets are final."""


class Panel(TenantOwned, Base):
    """A review group (评审组) of one stage of a cycle, for the applications it reviews."""

    __tablename__ = "panels"
    __table_args__ = (
        Index("ix_panels_tenant_id_cycle_id_id", "tenant_id", "cycle_id", "id"),
        Index("ix_panels_tenant_id_cycle_id_stage_id", "tenant_id", "cycle_id", "stage", "id"),
        _tenant(), tenant_fk("panels", "cycle_id", "cycles"), tenant_user_fk("panels", "created_by_id"),
        tenant_fk("panels", "leader_id", "experts"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    cycle_id: Mapped[int]
    stage: Mapped[str] = mapped_column(String(64))
    kind: Mapped[PanelKind] = mapped_column(_enum(PanelKind, "panel_kind"), default=PanelKind.EXPERTS)
    name: Mapped[str] = mapped_column(String(200))
    seats: Mapped[int] = mapped_column(comment="how many experts sit on it")
    third_party: Mapped[str] = mapped_column(String(200), default="", comment="the commissioned body's name")
    respond_days: Mapped[int] = mapped_column(default=3, comment="days a drawn expert has to confirm")
    specialties: Mapped[list[str]] = mapped_column(JSON, default=list,
                                                   comment="draw only experts of one of these specialties (none: any)")
    leader_id: Mapped[int | None] = mapped_column(comment="the expert who leads (组长负责制)")
    status: Mapped[PanelStatus] = mapped_column(_enum(PanelStatus, "panel_status"), default=PanelStatus.FORMING)
    created_by_id: Mapped[int | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(server_default=text("1"), comment=_VERSION_COMMENT)

    __mapper_args__ = {"version_id_col": version}


class PanelApplication(TenantOwned, Base):
    """An application a panel reviews."""

    __tablename__ = "panel_applications"
    __table_args__ = (
        Index("ix_panel_applications_tenant_id_application_id", "tenant_id", "application_id"),
        _tenant(), tenant_fk("panel_applications", "panel_id", "panels", ondelete="CASCADE"),
        tenant_fk("panel_applications", "application_id", "applications"),
    )

    tenant_id: Mapped[int] = tenant_key()
    panel_id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(primary_key=True)


class DrawPurpose(str, enum.Enum):
    INITIAL = "initial"
    REPLACEMENT = "replacement"
    """Fills seats left by a decline, a silence past the deadline or a recusal."""
    REDRAW = "redraw"
    """Replaces an earlier commitment that was abandoned, with a reason."""


class DrawStatus(str, enum.Enum):
    COMMITTED = "committed"
    """The pool's and the seed's hashes are published; the seed is not."""
    REVEALED = "revealed"
    """Drawn: the seed is published beside the panel."""
    ABANDONED = "abandoned"
    """Never revealed; replaced by a redraw with a reason."""


class PanelDraw(TenantOwned, Base):
    """One recorded draw of seats of a panel: the frozen pool, who was left out and why, the hashes
    published before the draw, and (once revealed) the seed and who was drawn."""

    __tablename__ = "panel_draws"
    __table_args__ = (
        UniqueConstraint("tenant_id", "panel_id", "number"),
        _tenant(), tenant_fk("panel_draws", "panel_id", "panels"), tenant_user_fk("panel_draws", "committed_by_id"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    panel_id: Mapped[int]
    number: Mapped[int] = mapped_column(comment="1, 2, ... within the panel")
    purpose: Mapped[DrawPurpose] = mapped_column(_enum(DrawPurpose, "draw_purpose"))
    reason: Mapped[str] = mapped_column(Text, default="")
    seats: Mapped[int]
    load_cap: Mapped[int | None] = mapped_column(comment="panels per expert per cycle at the draw")
    salt: Mapped[str] = mapped_column(String(100))
    algorithm: Mapped[str] = mapped_column(String(64))
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict,
                                                    comment="what the pool was drawn from: specialties, load cap, day")
    pool: Mapped[list[dict[str, Any]]] = mapped_column(JSON, comment="[{expert_id, load}] sorted by expert id")
    pool_hash: Mapped[str] = mapped_column(String(64))
    excluded: Mapped[list[dict[str, Any]]] = mapped_column(JSON, comment="[{expert_id, reasons}] left out of the pool")
    seed_hash: Mapped[str] = mapped_column(String(64))
    seed: Mapped[str] = mapped_column(String(64), comment="secret until revealed")
    drawn: Mapped[list[int]] = mapped_column(JSON, default=list)
    status: Mapped[DrawStatus] = mapped_column(_enum(DrawStatus, "draw_status"), default=DrawStatus.COMMITTED)
    committed_by_id: Mapped[int | None]
    committed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    revealed_at: Mapped[dt.datetime | None]


class MemberStatus(str, enum.Enum):
    INVITED = "invited"
    """Drawn; has not answered yet."""
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    LAPSED = "lapsed"
    """Did not answer by the deadline."""
    RECUSED = "recused"
    """Withdrew for a conflict of interest (回避), by their own declaration or a supervisor's proposal."""


SEATED = (MemberStatus.INVITED, MemberStatus.CONFIRMED)
"""Members who hold a seat."""


class PanelMember(TenantOwned, Base):
    """An expert's seat on a panel, from a draw (or named, on a third-party panel)."""

    __tablename__ = "panel_members"
    __table_args__ = (
        UniqueConstraint("tenant_id", "panel_id", "expert_id"),
        Index("ix_panel_members_tenant_id_expert_id_id", "tenant_id", "expert_id", "id"),
        Index("ix_panel_members_tenant_id_panel_id_id", "tenant_id", "panel_id", "id"),
        _tenant(), tenant_fk("panel_members", "panel_id", "panels"), tenant_fk("panel_members", "expert_id", "experts"),
        tenant_fk("panel_members", "draw_id", "panel_draws"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    panel_id: Mapped[int]
    expert_id: Mapped[int]
    draw_id: Mapped[int | None] = mapped_column(comment="the draw that seated them (none on a third-party panel)")
    status: Mapped[MemberStatus] = mapped_column(_enum(MemberStatus, "member_status"), default=MemberStatus.INVITED)
    respond_by: Mapped[dt.date | None] = mapped_column(comment="the last day to confirm (Asia/Shanghai)")
    responded_at: Mapped[dt.datetime | None]
    reason: Mapped[str] = mapped_column(Text, default="", comment="why declined or recused")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(server_default=text("1"), comment=_VERSION_COMMENT)

    __mapper_args__ = {"version_id_col": version}


class SheetStatus(str, enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    """Locked: only the office reopens it, with a reason."""


class ScoreSheetRow(TenantOwned, Base):
    """One expert's scoring sheet for one application at one stage, item by item."""

    __tablename__ = "score_sheets"
    __table_args__ = (
        UniqueConstraint("tenant_id", "panel_id", "application_id", "expert_id"),
        Index("ix_score_sheets_tenant_id_cycle_id_stage_id", "tenant_id", "cycle_id", "stage", "id"),
        Index("ix_score_sheets_tenant_id_expert_id_id", "tenant_id", "expert_id", "id"),
        Index("ix_score_sheets_tenant_id_panel_id_id", "tenant_id", "panel_id", "id"),
        _tenant(), tenant_fk("score_sheets", "cycle_id", "cycles"), tenant_fk("score_sheets", "panel_id", "panels"),
        tenant_fk("score_sheets", "application_id", "applications"), tenant_fk("score_sheets", "expert_id", "experts"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    cycle_id: Mapped[int]
    stage: Mapped[str] = mapped_column(String(64))
    panel_id: Mapped[int]
    application_id: Mapped[int]
    expert_id: Mapped[int]
    items: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, comment="{item code: decimal text}")
    comments: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, comment="{item code: comment}")
    comment: Mapped[str] = mapped_column(Text, default="", comment="the expert's overall comment")
    score: Mapped[str | None] = mapped_column(String(32), comment="sum of the items, decimal text; set on submission")
    status: Mapped[SheetStatus] = mapped_column(_enum(SheetStatus, "sheet_status"), default=SheetStatus.DRAFT)
    submitted_at: Mapped[dt.datetime | None]
    reopened: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list,
                                                           comment="[{by, at, reason}] every reopening")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(server_default=text("1"), comment=_VERSION_COMMENT)

    __mapper_args__ = {"version_id_col": version}


class StageEntrants(TenantOwned, Base):
    """Who enters a review stage that a text gates (Nantong's on-site shortlist, Ji'an's defence before
    the on-site review, Changde's on-site list by materials rank), as the office decided it, beside the
    list the rules proposed; a departure from the proposal carries its reason."""

    __tablename__ = "stage_entrants"
    __table_args__ = (
        UniqueConstraint("tenant_id", "cycle_id", "stage"),
        _tenant(), tenant_fk("stage_entrants", "cycle_id", "cycles"), tenant_user_fk("stage_entrants", "decided_by_id"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    cycle_id: Mapped[int]
    stage: Mapped[str] = mapped_column(String(64))
    application_ids: Mapped[list[int]] = mapped_column(JSON, comment="who enters, as decided")
    proposal: Mapped[dict[str, Any]] = mapped_column(JSON, comment="the list the rules proposed, with the articles")
    reason: Mapped[str] = mapped_column(Text, default="", comment="why the decision departs from the proposal")
    decided_by_id: Mapped[int | None]
    decided_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(server_default=text("1"), comment=_VERSION_COMMENT)

    __mapper_args__ = {"version_id_col": version}


class DecisionKind(str, enum.Enum):
    DELIBERATION = "deliberation"
    """审议/审定: the committee examines the ranking and settles the list."""
    VOTE = "vote"
    """投票 (Changde 第二十三条 等额投票): the list put to a vote, with the count."""


class CommitteeDecision(TenantOwned, Base):
    """A committee's decision on a cycle's list (审定, 审议, 投票), with the count and the date. The list
    may differ from the ranking only where ``departures`` give a reason for each difference."""

    __tablename__ = "committee_decisions"
    __table_args__ = (
        Index("ix_committee_decisions_tenant_id_cycle_id_id", "tenant_id", "cycle_id", "id"),
        _tenant(), tenant_fk("committee_decisions", "cycle_id", "cycles"),
        tenant_user_fk("committee_decisions", "recorded_by_id"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    cycle_id: Mapped[int]
    kind: Mapped[DecisionKind] = mapped_column(_enum(DecisionKind, "decision_kind"))
    body: Mapped[str] = mapped_column(String(200), comment="who decided, e.g. 市质量发展委员会")
    decided_on: Mapped[dt.date]
    members_present: Mapped[int | None]
    votes_for: Mapped[int | None]
    votes_against: Mapped[int | None]
    abstentions: Mapped[int | None]
    winners: Mapped[list[dict[str, Any]]] = mapped_column(JSON, comment="[{application_id, tier}] as decided")
    ranking: Mapped[dict[str, Any]] = mapped_column(JSON, comment="the ranking and allocation it was compared with")
    departures: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list,
                                                             comment="[{application_id, ranking, decided, reason}]")
    document: Mapped[str] = mapped_column(String(200), default="", comment="minutes or file number")
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None]
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class BonusCounts(TenantOwned, Base):
    """The units a text adds points for, as the office verified them for one application (Yuncheng
    第三条: talents hired), counted into the application's weighted total by the plugin's bonus rules."""

    __tablename__ = "bonus_counts"
    __table_args__ = (
        UniqueConstraint("tenant_id", "application_id"),
        Index("ix_bonus_counts_tenant_id_cycle_id_id", "tenant_id", "cycle_id", "id"),
        _tenant(), tenant_fk("bonus_counts", "cycle_id", "cycles"),
        tenant_fk("bonus_counts", "application_id", "applications"), tenant_user_fk("bonus_counts", "recorded_by_id"),
    )

    tenant_id: Mapped[int] = tenant_key()
    id: Mapped[int] = row_id()
    cycle_id: Mapped[int]
    application_id: Mapped[int]
    counts: Mapped[dict[str, int]] = mapped_column(JSON, comment="{bonus rule code: units}")
    note: Mapped[str] = mapped_column(Text, default="", comment="the evidence checked")
    recorded_by_id: Mapped[int | None]
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(server_default=text("1"), comment=_VERSION_COMMENT)

    __mapper_args__ = {"version_id_col": version}
