"""The cycle workbook (one sheet per part of a cycle, for the quality office) and the committee workbook
(评审情况报告, for the approval meeting), built as background jobs and kept in the export storage.

Both read the review's results through the functions the API answers with
(:func:`core.review.results.results`, :func:`~core.review.results.agreement_report`,
:func:`core.review.ranking.ranking`), so a workbook never shows a figure the API would not. Long
sheets (applications, screenings, score sheets) stream from the database in batches (``yield_per``)
into write-only sheets: a cycle of 10,000 applications is never held twice in memory. Progress is
recorded between sheets only (recording it commits, which would close a streaming cursor).
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import marshmallow as ma
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.applications.models import (
    Applicant,
    Application,
    ApplicationStatus,
    Screening,
)
from core.awards.approvals import balance
from core.awards.models import Approval, LedgerAward, Obligation, RewardEntry
from core.awards.obligations import state as obligation_state
from core.cycles.models import Cycle
from core.cycles.plans import get_cycle, plan_of, rules_of
from core.engine.eligibility import facts_schema
from core.engine.errors import DomainError
from core.engine.plugins import JurisdictionRegistry, JurisdictionRules
from core.engine.rules import RuleVersion
from core.notices.models import Notice, NoticeEntry, Objection
from core.platform import audit, clock
from core.platform.jobs import JobContext, task
from core.platform.models import User
from core.platform.services.auth import principal_of
from core.platform.permissions import Permission, Principal
from core.platform.services import exports
from core.reports import labels
from core.reports.xlsx import (
    MEDIA_TYPE as XLSX,
    chinese_text,
    Column,
    ReportSheet,
    add_sheet,
    bar_chart,
    new_book,
    to_bytes,
)
from core.review.gates import settings_of
from core.review.models import (
    Expert,
    ExpertRelation,
    MemberStatus,
    Panel,
    PanelDraw,
    PanelMember,
    ScoreSheetRow,
    SheetStatus,
)
from core.review.ranking import ranking
from core.review.results import agreement_report, results
from core.review.scores import sheet_for
from core.engine.messages import _

CYCLE_KIND = "cycle_workbook"
COMMITTEE_KIND = "committee_workbook"
KINDS = {"cycle": CYCLE_KIND, "committee": COMMITTEE_KIND}
"""What ``POST /cycles/<id>/workbooks`` takes as ``kind``, and the job kind it starts."""
BATCH = 1000
"""Rows fetched per round trip while a long sheet streams."""
BUCKETS = 10
"""Score buckets of the distribution charts: tenths of the sheet's scale."""

for _kind in KINDS.values():
    exports.downloadable(_kind, Permission.REVIEW_READ)


# -- what every sheet needs to know of the cycle ---------------------------------------------------------

@dataclass
class CycleFacts:
    cycle: Cycle
    rules: JurisdictionRules
    version: RuleVersion
    reviews: tuple[str, ...]
    tiers: dict[str, str]
    kinds: dict[str, str]
    categories: dict[str, str]
    names: dict[int, str] = field(default_factory=dict)
    """Applicant's name per application of the cycle."""
    experts: dict[int, str] = field(default_factory=dict)

    def tier(self, code: str | None) -> str | None:
        return None if code is None else self.tiers.get(code, code)

    def kind(self, code: str | None) -> str | None:
        return None if code is None else self.kinds.get(code, code)

    def category(self, code: str | None) -> str | None:
        return None if code is None else self.categories.get(code, code)


def cycle_facts(session: Session, registry: JurisdictionRegistry, cycle_id: int) -> CycleFacts:
    cycle = get_cycle(session, cycle_id)
    rules, version = rules_of(registry, cycle)
    jurisdiction = rules.jurisdiction
    facts = CycleFacts(cycle, rules, version, plan_of(registry, cycle).stages_of_kind("review"),
                       {t.code: t.name for t in jurisdiction.tiers}, {k.code: k.name for k in jurisdiction.entry_kinds},
                       {c.code: c.name for c in jurisdiction.categories})
    facts.names = dict(session.execute(select(Application.id, Applicant.name).join(
        Applicant, (Applicant.tenant_id == Application.tenant_id) & (Applicant.id == Application.applicant_id))
        .where(Application.cycle_id == cycle.id)).all())
    facts.experts = dict(session.execute(select(Expert.id, Expert.name)).all())
    return facts


def _stream(session: Session, stmt: Any) -> Iterator[Any]:
    """Rows of ``stmt`` fetched ``BATCH`` at a time (a server-side cursor on PostgreSQL)."""
    yield from session.execute(stmt.execution_options(yield_per=BATCH))


def _day(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _compact(value: Any) -> str | None:
    """A list or mapping of facts as one line people read: items by ``；``, values by ``、``."""
    if value in (None, "", [], {}):
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "；".join(filter(None, (_compact(v) for v in value))) or None
    if isinstance(value, dict):
        return "、".join(f"{k}：{_compact(v)}" if isinstance(v, (dict, list, bool)) else str(v)
                        for k, v in value.items() if v not in (None, "", [], {})) or None
    return str(value)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


# -- the applications' facts as typed columns -------------------------------------------------------------

def fact_columns(schema: ma.Schema) -> list[tuple[str, Column, Callable[[Any], Any]]]:
    """(fact name, column, converter) for every field of a facts schema, in its declared order."""
    out = []
    for name, fld in schema.fields.items():
        header = labels.FACTS.get(name, name)
        if isinstance(fld, ma.fields.Boolean):
            out.append((name, Column(header, "bool"), lambda v: v if isinstance(v, bool) else None))
        elif isinstance(fld, ma.fields.Integer):
            kind = "money" if name.endswith("_yuan") else "int"
            out.append((name, Column(header, kind), lambda v: v if isinstance(v, int) and not isinstance(v, bool)
                        else None))
        elif isinstance(fld, (ma.fields.Date, ma.fields.DateTime)):
            out.append((name, Column(header, "date"), _day))
        elif isinstance(fld, ma.fields.Number):
            out.append((name, Column(header, "decimal", places=2), _decimal))
        elif isinstance(fld, (ma.fields.List, ma.fields.Nested, ma.fields.Dict)):
            out.append((name, Column(header, wrap=True), _compact))
        else:
            out.append((name, Column(header), lambda v: None if v in (None, "") else str(v)))
    return out


APPLICATION_COLUMNS = [Column("申报编号", "int"), Column("申报主体"), Column("统一社会信用代码"), Column("申报等次"),
                       Column("领域"), Column("状态"), Column("提交时间", "datetime"), Column("受理决定时间", "datetime"),
                       Column("事实版本", "int"), Column("受理决定理由", wrap=True)]


def application_rows(session: Session, cf: CycleFacts, entry_kind: str,
                     converters: list[tuple[str, Column, Callable[[Any], Any]]]) -> Iterator[list[Any]]:
    stmt = (select(Application, Applicant.name, Applicant.uscc).join(
        Applicant, (Applicant.tenant_id == Application.tenant_id) & (Applicant.id == Application.applicant_id))
        .where(Application.cycle_id == cf.cycle.id, Application.entry_kind == entry_kind).order_by(Application.id))
    for application, name, uscc in _stream(session, stmt):
        facts = application.facts or {}
        reasons = "；".join(f"{r.get('text', '')}〔{labels.article(r.get('citation'))}〕"
                           for r in application.decision_reasons or [])
        yield [application.id, name, uscc, "、".join(cf.tier(t) or "" for t in application.tiers or []),
               cf.category(application.category), labels.word(labels.APPLICATION_STATUS, application.status),
               application.submitted_at, application.decided_at, application.facts_number, reasons or None,
               *(convert(facts.get(name)) for name, _column, convert in converters)]
        session.expunge(application)


# -- the cycle workbook ---------------------------------------------------------------------------------------

SCREENING_COLUMNS = [Column("申报编号", "int"), Column("申报主体"), Column("审查序号", "int"), Column("审查日期", "date"),
                     Column("规则版本"), Column("审查结论"), Column("未通过条件及理由", wrap=True),
                     Column("未通过条件所依条款", wrap=True), Column("待人工确认事项", wrap=True), Column("不能获得的等次"),
                     Column("申报当前状态")]


def screening_rows(session: Session, cf: CycleFacts) -> Iterator[list[Any]]:
    stmt = (select(Screening, Application.status).join(
        Application, (Application.tenant_id == Screening.tenant_id) & (Application.id == Screening.application_id))
        .where(Application.cycle_id == cf.cycle.id).order_by(Screening.application_id, Screening.number))
    for screening, status in _stream(session, stmt):
        findings = screening.findings or []
        failed = [f for f in findings if f.get("outcome") == "failed"]
        pending = [f for f in findings if f.get("outcome") == "needs_attestation"]
        excluded = sorted({f["excludes_tier"] for f in findings if f.get("excludes_tier")})
        yield [screening.application_id, cf.names.get(screening.application_id), screening.number, screening.on_date,
               screening.rule_version_code, labels.word(labels.SCREENING_OUTCOME, screening.outcome),
               "\n".join(f"{f['condition']}：{f.get('explanation', '')}" for f in failed) or None,
               "\n".join(labels.article(f.get("citation")) for f in failed) or None,
               "\n".join(f"{f['condition']}〔{labels.article(f.get('citation'))}〕" for f in pending) or None,
               "、".join(cf.tier(t) or "" for t in excluded) or None, labels.word(labels.APPLICATION_STATUS, status)]
        session.expunge(screening)


def _cycle_panels(session: Session, cycle_id: int) -> list[Panel]:
    return list(session.scalars(select(Panel).where(Panel.cycle_id == cycle_id).order_by(Panel.id)))


def _relations(session: Session, expert_ids: Iterable[int]) -> dict[int, list[str]]:
    ids = sorted(set(expert_ids))
    out: dict[int, list[str]] = defaultdict(list)
    if not ids:
        return out
    applicants = dict(session.execute(select(Applicant.id, Applicant.name)).all())
    for relation in session.scalars(select(ExpertRelation).where(ExpertRelation.expert_id.in_(ids))
                                    .order_by(ExpertRelation.id)):
        party = applicants.get(relation.applicant_id) or relation.name or relation.uscc or ""
        who = "本人申报" if relation.declared_by_expert else "办公室记录"
        out[relation.expert_id].append(f"{party}（{labels.word(labels.RELATION_KIND, relation.kind)}，{who}）"
                                       + (f"：{relation.note}" if relation.note else ""))
    return out


EXPERT_COLUMNS = [Column("专家编号", "int"), Column("姓名"), Column("职称"), Column("职称名称"), Column("专业领域"),
                  Column("工作单位"), Column("状态"), Column("资格存疑", "bool"), Column("参加本周期评审组数", "int"),
                  Column("回避次数", "int"), Column("申报的利害关系", wrap=True)]


def expert_rows(session: Session, cf: CycleFacts, panels: list[Panel], members: list[PanelMember]) -> list[list[Any]]:
    seats = Counter(m.expert_id for m in members)
    recusals = Counter(m.expert_id for m in members if m.status is MemberStatus.RECUSED)
    excluded = {row["expert_id"] for draw in _draws(session, panels) for row in draw.excluded or []}
    ids = set(seats) | excluded
    relations = _relations(session, ids)
    rows = []
    for expert in session.scalars(select(Expert).where(Expert.id.in_(sorted(ids))).order_by(Expert.id)) if ids else []:
        rows.append([expert.id, expert.name, labels.word(labels.TITLES, expert.title), expert.title_name,
                     "、".join(expert.specialties or []) or None, expert.employer_name or None,
                     labels.word(labels.EXPERT_STATUS, expert.status), expert.flagged, seats.get(expert.id, 0),
                     recusals.get(expert.id, 0), "\n".join(relations.get(expert.id, [])) or None])
    return rows


def _draws(session: Session, panels: list[Panel]) -> list[PanelDraw]:
    ids = [p.id for p in panels]
    if not ids:
        return []
    return list(session.scalars(select(PanelDraw).where(PanelDraw.panel_id.in_(ids))
                                .order_by(PanelDraw.panel_id, PanelDraw.number)))


MEMBER_COLUMNS = [Column("评审组编号", "int"), Column("评审组"), Column("评审环节"), Column("组别类型"), Column("评审组状态"),
                  Column("专家编号", "int"), Column("专家"), Column("组长", "bool"), Column("抽取轮次", "int"),
                  Column("席位状态"), Column("答复期限", "date"), Column("答复时间", "datetime"),
                  Column("回避或谢绝理由", wrap=True)]


def member_rows(cf: CycleFacts, panels: list[Panel], members: list[PanelMember],
                draws: list[PanelDraw]) -> list[list[Any]]:
    by_panel = {p.id: p for p in panels}
    numbers = {d.id: d.number for d in draws}
    rows = []
    for m in sorted(members, key=lambda m: (m.panel_id, m.id)):
        panel = by_panel[m.panel_id]
        rows.append([panel.id, panel.name, labels.stage(panel.stage), labels.word(labels.PANEL_KIND, panel.kind),
                     labels.word(labels.PANEL_STATUS, panel.status), m.expert_id, cf.experts.get(m.expert_id),
                     panel.leader_id == m.expert_id, numbers.get(m.draw_id), labels.word(labels.MEMBER_STATUS, m.status),
                     m.respond_by, m.responded_at, m.reason or None])
    return rows


EXCLUSION_COLUMNS = [Column("评审组编号", "int"), Column("评审组"), Column("抽取轮次", "int"), Column("抽取目的"),
                     Column("专家编号", "int"), Column("专家"), Column("未入抽取池原因（含利害关系）", wrap=True)]
PURPOSES = {"initial": "首次抽取", "replacement": "补抽", "redraw": "重新抽取"}


def exclusion_rows(cf: CycleFacts, panels: list[Panel], draws: list[PanelDraw]) -> list[list[Any]]:
    by_panel = {p.id: p for p in panels}
    return [[d.panel_id, by_panel[d.panel_id].name, d.number, labels.word(PURPOSES, d.purpose), row["expert_id"],
             cf.experts.get(row["expert_id"]), "\n".join(row.get("reasons") or [])]
            for d in draws for row in d.excluded or []]


def _sheet_or_none(session: Session, registry: JurisdictionRegistry, cycle: Cycle, stage: str, kind: str) -> Any:
    """The plugin's sheet for the stage and kind, or None where the stage scores no such entry."""
    try:
        return sheet_for(session, registry, cycle, stage, kind)
    except DomainError:
        return None


@dataclass(frozen=True)
class ItemColumn:
    code: str
    column: Column


def item_columns(session: Session, registry: JurisdictionRegistry, cf: CycleFacts) -> list[ItemColumn]:
    """One column per item code of the plugin's sheets at the cycle's review stages, in sheet order."""
    seen: dict[str, ItemColumn] = {}
    for stage in cf.reviews:
        for kind in cf.cycle.entry_kinds:
            sheet = _sheet_or_none(session, registry, cf.cycle, stage, kind)
            for item in sheet.items if sheet else ():
                if item.code not in seen:
                    seen[item.code] = ItemColumn(item.code, Column(f"{item.name}（{item.max_points}分）", "decimal"))
    return list(seen.values())


SHEET_COLUMNS = [Column("评分表编号", "int"), Column("评审环节"), Column("评审组编号", "int"), Column("申报编号", "int"),
                 Column("申报主体"), Column("专家编号", "int"), Column("专家"), Column("状态"), Column("计入结果", "bool"),
                 Column("提交时间", "datetime"), Column("总分", "decimal")]
SHEET_TAIL = [Column("重新打开次数", "int"), Column("总体意见", wrap=True)]


def sheet_rows(session: Session, cf: CycleFacts, items: list[ItemColumn]) -> Iterator[list[Any]]:
    """Every score sheet of the cycle, in (stage, id) order; "计入结果" as the results count it: submitted,
    by an expert on a confirmed seat."""
    sheet = ScoreSheetRow
    stmt = (select(sheet.id, sheet.stage, sheet.panel_id, sheet.application_id, sheet.expert_id, sheet.status,
                   sheet.submitted_at, sheet.score, sheet.items, sheet.reopened, sheet.comment, PanelMember.status)
            .outerjoin(PanelMember, (PanelMember.tenant_id == sheet.tenant_id) & (PanelMember.panel_id == sheet.panel_id)
                       & (PanelMember.expert_id == sheet.expert_id))
            .where(sheet.cycle_id == cf.cycle.id).order_by(sheet.stage, sheet.id))
    stage_names = {stage: labels.stage(stage) for stage in cf.reviews}
    for (sheet_id, stage, panel_id, application_id, expert_id, status, submitted_at, score, values, reopened,
         comment, seat) in _stream(session, stmt):
        values = values or {}
        yield [sheet_id, stage_names.get(stage) or labels.stage(stage), panel_id, application_id,
               cf.names.get(application_id), expert_id, cf.experts.get(expert_id),
               labels.word(labels.SHEET_STATUS, status),
               status is SheetStatus.SUBMITTED and seat is MemberStatus.CONFIRMED, submitted_at, _decimal(score),
               *(_decimal(values.get(i.code)) for i in items), len(reopened or []), comment or None]


AGGREGATE_COLUMNS = [Column("评审环节"), Column("申报编号", "int"), Column("申报主体"), Column("申报类别"),
                     Column("计入评分表数", "int"), Column("阶段得分", "decimal", places=4), Column("极差", "decimal", places=4),
                     Column("分歧阈值", "decimal", places=2), Column("分歧标记", "bool"), Column("汇总方法"),
                     Column("汇总方法依据"), Column("各专家评分", wrap=True)]


def stage_results(session: Session, registry: JurisdictionRegistry, cf: CycleFacts) -> dict[str, dict[str, Any]]:
    """The API's answer of ``GET /cycles/<id>/stages/<code>/results`` for every review stage."""
    return {stage: results(session, registry, cf.cycle.id, stage) for stage in cf.reviews}


def _expert_scores(cf: CycleFacts, sheets: list[dict[str, Any]]) -> str:
    return "；".join(f"{cf.experts.get(s['expert_id'], s['expert_id'])}：{_plain(s['raw'])}"
                    + (f"（标准化 {_plain(s['used'])}）" if s["used"] != s["raw"] else "") for s in sheets)


def _plain(value: Any) -> str:
    return format(Decimal(str(value)).normalize(), "f")


def aggregate_rows(cf: CycleFacts, by_stage: dict[str, dict[str, Any]]) -> Iterator[list[Any]]:
    for stage, answer in by_stage.items():
        method = labels.word(labels.AGGREGATION, answer["method"]) if answer["method"] else None
        if method and answer["normalised"]:
            method += "（各专家评分标准化后）"
        for r in answer["results"]:
            yield [labels.stage(stage), r["application_id"], cf.names.get(r["application_id"]), cf.kind(r["entry_kind"]),
                   len(r["sheets"]), r["score"], r["spread"], _decimal(answer["disagreement_threshold"]),
                   r["disagreement"], method, labels.article(answer["method_citation"]) or "办公室设定",
                   _expert_scores(cf, r["sheets"])]


def _weighted_stages(answer: dict[str, Any], cf: CycleFacts) -> list[str]:
    found = {stage for w in answer["weights"].values() for stage in w["stages"]}
    return [stage for stage in cf.reviews if stage in found]


def _placements(answer: dict[str, Any]) -> tuple[dict[int, tuple[str, dict[str, Any]]], dict[int, list[str]]]:
    placed: dict[int, tuple[str, dict[str, Any]]] = {}
    cuts: dict[int, list[str]] = defaultdict(list)
    for tier, allocation in answer["allocation"].items():
        for w in allocation["winners"]:
            placed[w["application_id"]] = (tier, w)
        for cut in allocation["cuts"]:
            for application_id in cut["application_ids"]:
                cuts[application_id].append(f"{tier}：{chinese_text(cut['reason'])}〔{labels.article(cut['citation'])}〕")
    return placed, cuts


def ranking_columns(stages: list[str]) -> list[Column]:
    return [Column("名次", "int"), Column("申报编号", "int"), Column("申报主体"), Column("申报类别"),
            Column("总分", "decimal", places=4),
            *(Column(f"{labels.stage(s)}得分", "decimal", places=4) for s in stages),
            *(Column(f"{labels.stage(s)}加权分", "decimal", places=4) for s in stages),
            Column("加分", "decimal", places=4), Column("并列处理"), Column("拟获等次"), Column("名额内", "bool"),
            Column("入选依据"), Column("未入选等次原因及条款", wrap=True), Column("缺少评分的环节")]


def ranking_rows(cf: CycleFacts, answer: dict[str, Any], stages: list[str]) -> Iterator[list[Any]]:
    placed, cuts = _placements(answer)
    for r in answer["ranked"]:
        tier, winner = placed.get(r["application_id"], (None, None))
        points = r["points"]
        yield [r["rank"], r["application_id"], cf.names.get(r["application_id"]), cf.kind(r["entry_kind"]),
               _decimal(r["total"]), *(_decimal(points.get(s, {}).get("score")) for s in stages),
               *(_decimal(points.get(s, {}).get("points")) for s in stages), _decimal(r["bonus"]),
               r["tie_break"] or None, cf.tier(tier), winner["within_quota"] if winner else None,
               labels.article(winner["citation"]) if winner else None,
               "\n".join(cuts.get(r["application_id"], [])) or None, None]
    for r in answer["incomplete"]:
        yield [None, r["application_id"], cf.names.get(r["application_id"]), cf.kind(r["entry_kind"]), None,
               *(None for _ in stages), *(None for _ in stages), None, None, None, None, None, None,
               "、".join(labels.stage(s) or s for s in r["missing"])]


QUOTA_COLUMNS = [Column("等次"), Column("申报类别"), Column("领域"), Column("名额上限", "int"), Column("名额内拟获奖", "int"),
                 Column("名额外拟获奖", "int"), Column("最少名额", "int"), Column("依据条款"), Column("说明", wrap=True)]


def quota_rows(session: Session, cf: CycleFacts, answer: dict[str, Any]) -> list[list[Any]]:
    """One line per quota of the plan: its cap and how many winners the allocation placed under it."""
    plan = cf.rules.quota_plan(cf.version, settings_of(session, cf.cycle))
    kinds, categories = _kinds_and_categories(session, cf)
    rows = []
    for quota in plan.quotas:
        if quota.tier not in cf.cycle.tiers:
            continue
        placed = [w for w in answer["allocation"].get(quota.tier, {}).get("winners", [])
                  if quota.covers(kinds.get(w["application_id"], ""), categories.get(w["application_id"]))]
        inside = sum(1 for w in placed if w["within_quota"])
        rows.append([cf.tier(quota.tier), "、".join(cf.kind(k) or k for k in quota.entry_kinds),
                     "、".join(cf.category(c) or c for c in quota.categories) or "不分领域", quota.max_count, inside,
                     len(placed) - inside, quota.min_count, str(quota.citation), quota.note or None])
    return rows


def _kinds_and_categories(session: Session, cf: CycleFacts) -> tuple[dict[int, str], dict[int, str | None]]:
    rows = session.execute(select(Application.id, Application.entry_kind, Application.category)
                           .where(Application.cycle_id == cf.cycle.id)).all()
    return {r.id: r.entry_kind for r in rows}, {r.id: r.category for r in rows}


AWARD_COLUMNS = [Column("奖项编号", "int"), Column("申报编号", "int"), Column("获奖主体"), Column("统一社会信用代码"),
                 Column("等次"), Column("申报类别"), Column("领域"), Column("称号"), Column("证书编号"),
                 Column("批准日期", "date"), Column("批准机关"), Column("批准文号"), Column("奖金", "money"),
                 Column("奖金依据"), Column("已发放", "money"), Column("待发放", "money"), Column("应追回", "money"),
                 Column("撤销日期", "date")]


def _awards(session: Session, cycle_id: int) -> list[LedgerAward]:
    return list(session.scalars(select(LedgerAward).where(LedgerAward.cycle_id == cycle_id).order_by(LedgerAward.id)))


def award_rows(session: Session, cf: CycleFacts, awards: list[LedgerAward],
               lines: dict[int, list[RewardEntry]]) -> list[list[Any]]:
    approvals = {a.id: a for a in session.scalars(select(Approval).where(Approval.cycle_id == cf.cycle.id))}
    rows = []
    for award in awards:
        approval = approvals.get(award.approval_id) if award.approval_id else None
        totals = balance(lines.get(award.id, []))
        rows.append([award.id, award.application_id, award.name, award.uscc, cf.tier(award.tier), cf.kind(award.entry_kind),
                     cf.category(award.category), award.title, award.certificate_number, award.awarded_on,
                     approval.body if approval else None, approval.document_number if approval else None,
                     award.reward_yuan, labels.article(award.reward_citation) or None, totals["paid"],
                     totals["outstanding"], totals["to_recover"], award.revoked_on])
    return rows


REWARD_COLUMNS = [Column("记录编号", "int"), Column("奖项编号", "int"), Column("获奖主体"), Column("类型"),
                  Column("金额", "money"), Column("日期", "date"), Column("凭证号"), Column("依据条款"),
                  Column("备注", wrap=True)]


def reward_rows(awards: list[LedgerAward], lines: dict[int, list[RewardEntry]]) -> list[list[Any]]:
    names = {a.id: a.name for a in awards}
    return [[line.id, line.award_id, names.get(line.award_id), labels.word(labels.REWARD_KIND, line.kind),
             line.amount_yuan, line.entry_on, line.reference or None, labels.article(line.citation) or None,
             line.note or None]
            for award in awards for line in lines.get(award.id, [])]


def _reward_lines(session: Session, awards: list[LedgerAward]) -> dict[int, list[RewardEntry]]:
    out: dict[int, list[RewardEntry]] = defaultdict(list)
    ids = [a.id for a in awards]
    if ids:
        for line in session.scalars(select(RewardEntry).where(RewardEntry.award_id.in_(ids)).order_by(RewardEntry.id)):
            out[line.award_id].append(line)
    return out


OBJECTION_COLUMNS = [Column("异议编号", "int"), Column("公示"), Column("公示开始", "date"), Column("公示截止", "date"),
                     Column("公示依据"), Column("被异议对象"), Column("申报编号", "int"), Column("拟获等次"),
                     Column("异议内容", wrap=True), Column("实名", "bool"), Column("提交方式"),
                     Column("提交时间", "datetime"), Column("处理结果"), Column("处理意见", wrap=True),
                     Column("处理时间", "datetime"), Column("公示名单状态"), Column("递补", "bool")]
"""The objector's name and contact are left out: only the office admin and supervisors may read them
(为举报人保密), and a workbook travels further than the API's answer."""


def objection_rows(session: Session, cf: CycleFacts) -> list[list[Any]]:
    stmt = (select(Objection, NoticeEntry, Notice).join(
        NoticeEntry, (NoticeEntry.tenant_id == Objection.tenant_id) & (NoticeEntry.id == Objection.entry_id)).join(
        Notice, (Notice.tenant_id == Objection.tenant_id) & (Notice.id == Objection.notice_id))
        .where(Notice.cycle_id == cf.cycle.id).order_by(Objection.id))
    return [[o.id, n.title, n.starts_on, n.ends_on, labels.article(n.citation), e.name, e.application_id, cf.tier(e.tier),
             o.grounds, o.real_name, "公示页面" if o.filed_via == "page" else "接口", o.filed_at,
             labels.word(labels.OBJECTION_STATUS, o.status), o.reasons or None, o.decided_at,
             labels.word(labels.ENTRY_STATUS, e.status), e.backfilled]
            for o, e, n in session.execute(stmt).all()]


OBLIGATION_COLUMNS = [Column("义务编号", "int"), Column("奖项编号", "int"), Column("获奖主体"), Column("义务"),
                      Column("内容", wrap=True), Column("期间"), Column("截止日期", "date"), Column("期限（原文）"),
                      Column("状态"), Column("触发事件"), Column("报告提交时间", "datetime"), Column("依据条款")]


def obligation_rows(session: Session, awards: list[LedgerAward], today: dt.date) -> list[list[Any]]:
    names = {a.id: a.name for a in awards}
    ids = list(names)
    if not ids:
        return []
    rows = session.scalars(select(Obligation).where(Obligation.award_id.in_(ids))
                           .order_by(Obligation.award_id, Obligation.due_on, Obligation.id))
    return [[o.id, o.award_id, names.get(o.award_id), o.code, o.description, o.period, o.due_on, o.due_text or None,
             labels.word(labels.OBLIGATION_STATE, obligation_state(o, today)), o.event or None, o.submitted_at,
             labels.article(o.citation)] for o in rows]


Progress = Callable[[int, str], None]


def _sheet_title(text: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "", text)[:31]


def build_cycle_workbook(session: Session, registry: JurisdictionRegistry, cycle_id: int,
                         progress: Progress = lambda pct, message: None) -> tuple[bytes, dict[str, int]]:
    """The cycle workbook's bytes and the data rows of each sheet."""
    cf = cycle_facts(session, registry, cycle_id)
    book = new_book()
    counts: dict[str, int] = {}
    steps = len(cf.cycle.entry_kinds) + 10
    done = 0

    def step(title: str, columns: list[Column], rows: Iterable[list[Any]]) -> None:
        nonlocal done
        counts[title] = add_sheet(book, title, columns, rows)
        done += 1
        progress(5 + int(85 * done / steps), title)

    for kind in cf.cycle.entry_kinds:
        try:
            converters = fact_columns(facts_schema(cf.rules, cf.version, kind))
        except DomainError:  # a kind the jurisdiction publishes no facts schema for: the common columns only
            converters = []
        step(_sheet_title(f"申报（{cf.kind(kind)}）"), APPLICATION_COLUMNS + [c for _n, c, _f in converters],
             application_rows(session, cf, kind, converters))
    step("资格审查", SCREENING_COLUMNS, screening_rows(session, cf))
    panels = _cycle_panels(session, cf.cycle.id)
    members = list(session.scalars(select(PanelMember).where(PanelMember.panel_id.in_([p.id for p in panels]))
                                   )) if panels else []
    draws = _draws(session, panels)
    step("专家", EXPERT_COLUMNS, expert_rows(session, cf, panels, members))
    step("评审组成员", MEMBER_COLUMNS, member_rows(cf, panels, members, draws))
    step("抽取排除与利害关系", EXCLUSION_COLUMNS, exclusion_rows(cf, panels, draws))
    items = item_columns(session, registry, cf)
    step("评分表", SHEET_COLUMNS + [i.column for i in items] + SHEET_TAIL, sheet_rows(session, cf, items))
    by_stage = stage_results(session, registry, cf)
    step("阶段汇总与分歧", AGGREGATE_COLUMNS, aggregate_rows(cf, by_stage))
    del by_stage
    answer = ranking(session, registry, cf.cycle.id)
    stages = _weighted_stages(answer, cf)
    step("排名与名额", ranking_columns(stages), ranking_rows(cf, answer, stages))
    quota_sheet = quota_rows(session, cf, answer)
    del answer
    counts["名额使用"] = add_sheet(book, "名额使用", QUOTA_COLUMNS, quota_sheet)
    awards = _awards(session, cf.cycle.id)
    lines = _reward_lines(session, awards)
    counts["获奖与奖金"] = add_sheet(book, "获奖与奖金", AWARD_COLUMNS, award_rows(session, cf, awards, lines))
    step("奖金台账", REWARD_COLUMNS, reward_rows(awards, lines))
    step("异议与处理", OBJECTION_COLUMNS, objection_rows(session, cf))
    step("获奖义务", OBLIGATION_COLUMNS, obligation_rows(session, awards, clock.today()))
    return to_bytes(book), counts


# -- the committee workbook -------------------------------------------------------------------------------------

def _bucket_table(stage_answer: dict[str, Any], scale: int) -> list[list[Any]]:
    width = Decimal(scale) / BUCKETS
    counts = [0] * BUCKETS
    for r in stage_answer["results"]:
        index = min(int(Decimal(str(r["score"])) / width), BUCKETS - 1) if width else 0
        counts[max(index, 0)] += 1
    return [[f"{_plain(width * i)}–{_plain(width * (i + 1))}", counts[i]] for i in range(BUCKETS)]


def _scale(session: Session, registry: JurisdictionRegistry, cf: CycleFacts, stage: str) -> int:
    scales = []
    for kind in cf.cycle.entry_kinds:
        sheet = _sheet_or_none(session, registry, cf.cycle, stage, kind)
        if sheet is not None:
            scales.append(int(sheet.scale))
    return max(scales) if scales else 100


def leniency_rows(cf: CycleFacts, stage_answer: dict[str, Any], agreement: dict[str, Any]) -> list[list[Any]]:
    """Per expert of the stage: the mean of their counted sheets, and the mean of the panel's stage scores
    of the same applications (both from the results the API answers), with the agreement report's figures."""
    scores: dict[int, list[Decimal]] = defaultdict(list)
    panel: dict[int, list[Decimal]] = defaultdict(list)
    for r in stage_answer["results"]:
        for s in r["sheets"]:
            scores[s["expert_id"]].append(Decimal(str(s["raw"])))
            panel[s["expert_id"]].append(Decimal(str(r["score"])))
    figures = {e["expert_id"]: e for e in agreement["experts"]}
    rows = []
    for expert_id in sorted(scores):
        mine, theirs = scores[expert_id], panel[expert_id]
        f = figures.get(expert_id, {})
        rows.append([cf.experts.get(expert_id, str(expert_id)), len(mine), _round(sum(mine) / len(mine)),
                     _round(sum(theirs) / len(theirs)), f.get("mean_difference"), f.get("z")])
    return rows


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


LENIENCY_COLUMNS = [Column("专家"), Column("计入评分表数", "int"), Column("专家平均分", "decimal"),
                    Column("组平均分", "decimal"), Column("与其他专家平均差", "decimal", places=4),
                    Column("宽严z值", "decimal", places=4)]


def committee_ranking_columns(stages: list[str], widths: dict[str, int]) -> list[Column]:
    columns = [Column("名次", "int"), Column("申报编号", "int"), Column("申报主体"), Column("申报类别"),
               Column("总分", "decimal", places=4), Column("拟获等次"), Column("名额内", "bool")]
    for s in stages:
        name = labels.stage(s)
        columns.append(Column(f"{name}得分", "decimal", places=4))
        columns += [Column(f"{name}专家{i + 1}", "decimal") for i in range(widths[s])]
        columns.append(Column(f"{name}评分专家（依次）"))
        columns.append(Column(f"{name}分歧", "bool"))
    return columns


def committee_ranking_rows(cf: CycleFacts, answer: dict[str, Any], stages: list[str],
                           by_stage: dict[str, dict[int, dict[str, Any]]], widths: dict[str, int]) -> Iterator[list[Any]]:
    placed, _cuts = _placements(answer)
    for r in answer["ranked"]:
        tier, winner = placed.get(r["application_id"], (None, None))
        row: list[Any] = [r["rank"], r["application_id"], cf.names.get(r["application_id"]), cf.kind(r["entry_kind"]),
                          _decimal(r["total"]), cf.tier(tier), winner["within_quota"] if winner else None]
        for s in stages:
            result = by_stage[s].get(r["application_id"])
            sheets = result["sheets"] if result else []
            row.append(result["score"] if result else None)
            raw = [s_["raw"] for s_ in sheets]
            row += raw + [None] * (widths[s] - len(raw))
            row.append("、".join(cf.experts.get(s_["expert_id"], str(s_["expert_id"])) for s_ in sheets) or None)
            row.append(result["disagreement"] if result else None)
        yield row


FLAG_COLUMNS = [Column("评审环节"), Column("申报编号", "int"), Column("申报主体"), Column("阶段得分", "decimal", places=4),
                Column("极差", "decimal", places=4), Column("分歧阈值", "decimal", places=2), Column("最高分", "decimal"),
                Column("最低分", "decimal"), Column("各专家评分", wrap=True)]


def flag_rows(cf: CycleFacts, by_stage: dict[str, dict[str, Any]]) -> list[list[Any]]:
    rows = []
    for stage, answer in by_stage.items():
        for r in answer["results"]:
            if r["disagreement"]:
                raw = [s["raw"] for s in r["sheets"]]
                rows.append([labels.stage(stage), r["application_id"], cf.names.get(r["application_id"]), r["score"],
                             r["spread"], _decimal(answer["disagreement_threshold"]), max(raw), min(raw),
                             _expert_scores(cf, r["sheets"])])
    return rows


def _status_counts(session: Session, cycle_id: int) -> Counter[str]:
    return Counter(s.value for s in session.scalars(select(Application.status).where(Application.cycle_id == cycle_id)))


def build_committee_workbook(session: Session, registry: JurisdictionRegistry, cycle_id: int,
                             progress: Progress = lambda pct, message: None) -> tuple[bytes, dict[str, int]]:
    """The committee workbook (评审情况报告)'s bytes and the data rows of each sheet (charts: the number of
    charts on each sheet, under ``charts``)."""
    cf = cycle_facts(session, registry, cycle_id)
    progress(10, "评审结果")
    by_stage = stage_results(session, registry, cf)
    agreements = {stage: agreement_report(session, registry, cf.cycle.id, stage) for stage in cf.reviews}
    progress(30, "排名与名额")
    answer = ranking(session, registry, cf.cycle.id)
    stages = _weighted_stages(answer, cf)
    quotas = quota_rows(session, cf, answer)
    placed, _cuts = _placements(answer)
    rows = session.execute(select(Application.id, Application.tiers, Application.category, Application.status)
                           .where(Application.cycle_id == cf.cycle.id)).all()
    progress(40, "汇总")
    book = new_book()
    counts: dict[str, int] = {}
    charts: dict[str, int] = {}

    # 1. the summary, printed on landscape A4 one page wide
    # tables on the left (A-I), the quota chart to the right of the first sections (H-K)
    summary = ReportSheet(book, "汇总", [20, 18, 12, 12, 12, 12, 12, 22, 30, 10, 10])
    summary.heading(f"{cf.cycle.name}评审情况报告")
    summary.pair("评选周期", f"{cf.cycle.name}（第{cf.cycle.id}号周期，{cf.cycle.year}）")
    summary.pair("规则版本", f"{cf.version.code}《{cf.version.title}》")
    summary.pair("所处环节", labels.stage(cf.cycle.stage))
    summary.pair("报告日期", clock.today(), Column("报告日期", "date"))
    summary.blank()
    statuses = _status_counts(session, cf.cycle.id)
    chart_row = summary.heading("一、申报与受理", size="section")
    summary.table([Column("申报状态"), Column("数量", "int")],
                  [[labels.word(labels.APPLICATION_STATUS, s), statuses.get(s, 0)] for s in labels.APPLICATION_STATUS
                   if statuses.get(s)] + [["合计", sum(statuses.values())]])
    summary.blank()
    summary.heading("二、各评审环节", size="section")
    summary.table([Column("评审环节"), Column("参评申报数", "int"), Column("计入评分表数", "int"),
                   Column("分歧标记数", "int"), Column("阶段平均分", "decimal", places=2), Column("汇总方法")],
                  [[labels.stage(stage), len(a["results"]), sum(len(r["sheets"]) for r in a["results"]),
                    sum(1 for r in a["results"] if r["disagreement"]),
                    _round(sum(Decimal(str(r["score"])) for r in a["results"]) / len(a["results"]))
                    if a["results"] else None, labels.word(labels.AGGREGATION, a["method"]) if a["method"] else None]
                   for stage, a in by_stage.items()])
    summary.blank()
    summary.heading("三、各等次", size="section")
    applied = Counter(t for r in rows for t in (r.tiers or []))
    proposed = Counter(tier for tier, _w in placed.values())
    inside = Counter(tier for tier, w in placed.values() if w["within_quota"])
    caps: dict[str, int | None] = {}
    for quota in cf.rules.quota_plan(cf.version, settings_of(session, cf.cycle)).quotas:
        if quota.tier in cf.cycle.tiers:
            cap = caps.get(quota.tier, 0)
            caps[quota.tier] = None if cap is None or quota.max_count is None else cap + quota.max_count
    tier_rows = [[cf.tier(t), applied.get(t, 0), proposed.get(t, 0), caps.get(t), inside.get(t, 0),
                  proposed.get(t, 0) - inside.get(t, 0)] for t in cf.cycle.tiers]
    header, _first, last = summary.table([Column("等次"), Column("申报数", "int"), Column("拟获奖数", "int"),
                                          Column("名额上限", "int"), Column("名额内", "int"), Column("名额外", "int")],
                                         tier_rows)
    quota_chart = bar_chart("名额使用（按等次）", summary.sheet, categories_col=1, data_cols=[4, 5], header_row=header,
                            last_row=last, y_title="个数", width=14, height=7)
    summary.blank()
    summary.heading("四、各领域", size="section")
    by_category: dict[str | None, list[int]] = defaultdict(lambda: [0, 0, 0])
    for r in rows:
        line = by_category[r.category]
        line[0] += 1
        line[1] += r.status is ApplicationStatus.ACCEPTED
        line[2] += r.id in placed
    summary.table([Column("领域"), Column("申报数", "int"), Column("受理数", "int"), Column("拟获奖数", "int")],
                  [[cf.category(c) if c else "不分领域", *v] for c, v in sorted(by_category.items(), key=lambda kv: kv[0] or "")])
    summary.blank()
    summary.heading("五、名额使用", size="section")
    summary.table(QUOTA_COLUMNS, quotas)
    summary.add_chart(quota_chart, f"H{chart_row}")
    summary.print_area(max(summary.row, chart_row + 15))
    charts["汇总"] = 1
    counts["汇总"] = summary.row
    progress(55, "排名")

    # 2. the ranking, every expert's score beside each stage's aggregate
    results_by_id = {s: {r["application_id"]: r for r in by_stage[s]["results"]} for s in stages}
    widths = {s: max((len(r["sheets"]) for r in by_stage[s]["results"]), default=0) for s in stages}
    counts["排名"] = add_sheet(book, "排名", committee_ranking_columns(stages, widths),
                             committee_ranking_rows(cf, answer, stages, results_by_id, widths), landscape=True)
    counts["分歧标记"] = add_sheet(book, "分歧标记", FLAG_COLUMNS, flag_rows(cf, by_stage), landscape=True)
    progress(70, "评分分布")

    # 3. the distribution of the stage scores, one chart per stage
    dist = ReportSheet(book, "评分分布", [18, 12, 3] + [12] * 8)  # the charts take D-K
    dist.heading("各评审环节得分分布")
    placements = []
    for stage in cf.reviews:
        dist.blank()
        dist.heading(labels.stage(stage) or stage, size="section")
        header, _first, last = dist.table([Column("分数段"), Column("申报数", "int")],
                                          _bucket_table(by_stage[stage], _scale(session, registry, cf, stage)))
        placements.append((stage, header, last))
    for n, (stage, header, last) in enumerate(placements):
        chart = bar_chart(f"{labels.stage(stage)}得分分布", dist.sheet, categories_col=1, data_cols=[2], header_row=header,
                          last_row=last, y_title="申报数", x_title="分数段", width=16, height=6.5)
        dist.add_chart(chart, f"D{placements[n][1]}")
    dist.print_area()
    charts["评分分布"] = len(placements)
    counts["评分分布"] = BUCKETS * len(placements)
    progress(85, "专家宽严")

    # 4. each expert's mean against the panel's, per stage
    lenient = ReportSheet(book, "专家宽严", [16, 12, 12, 16, 14, 10, 3] + [12] * 7)  # the charts take H-N
    lenient.heading("专家平均分与组平均分")
    blocks = []
    for stage in cf.reviews:
        lenient.blank()
        lenient.heading(labels.stage(stage) or stage, size="section")
        data = leniency_rows(cf, by_stage[stage], agreements[stage])
        header, _first, last = lenient.table(LENIENCY_COLUMNS, data)
        blocks.append((stage, header, last, len(data)))
        lenient.blank(max(0, 14 - len(data)))  # room for the chart beside the table
    for stage, header, last, size in blocks:
        chart = bar_chart(f"{labels.stage(stage)}：专家平均分与组平均分", lenient.sheet, categories_col=1, data_cols=[3, 4],
                          header_row=header, last_row=last, y_title="分", width=16, height=6.5)
        lenient.add_chart(chart, f"H{header}")
    lenient.print_area()
    charts["专家宽严"] = len(blocks)
    counts["专家宽严"] = sum(b[3] for b in blocks)
    counts["charts"] = sum(charts.values())
    return to_bytes(book), counts


# -- the jobs ---------------------------------------------------------------------------------------------------

def _filename(cycle: Cycle, what: str) -> str:
    name = re.sub(r'[\\/:*?"<>|\s]+', "", cycle.name)[:80] or f"周期{cycle.id}"
    return f"{name}-{what}.xlsx"


def _requester(session: Session, ctx: JobContext) -> Principal | None:
    """Who asked for the workbook (None once their account is gone), for the audit event."""
    user = session.get(User, ctx.job.requested_by_id) if ctx.job.requested_by_id is not None else None
    return None if user is None else principal_of(user)


def _run(ctx: JobContext, what: str,
         build: Callable[[Session, JurisdictionRegistry, int, Progress], tuple[bytes, dict[str, int]]]) -> dict[str, Any]:
    cycle_id = int(ctx.job.params["cycle_id"])
    ctx.progress(2, "读取周期")
    content, counts = build(ctx.session, ctx.runtime.registry, cycle_id, ctx.progress)
    cycle = get_cycle(ctx.session, cycle_id)
    filename = _filename(cycle, what)
    ctx.progress(95, "保存文件")
    kept, _written = exports.store(ctx.runtime, ctx.job.tenant_id, ctx.job.id, filename, content, media_type=XLSX)
    audit.record(ctx.session, _requester(ctx.session, ctx), "workbook.exported", "cycle", cycle_id,
                 tenant_id=ctx.job.tenant_id,
                 details={"job_id": ctx.job.id, "kind": ctx.job.kind, "filename": kept.filename, "bytes": kept.size,
                          "sha256": kept.sha256, "rows": counts})
    ctx.session.commit()
    return {"file": kept.filename, "media_type": kept.media_type, "bytes": kept.size, "sha256": kept.sha256,
            "cycle_id": cycle_id, "rows": counts}


@task(CYCLE_KIND)
def cycle_workbook(ctx: JobContext) -> dict[str, Any]:
    """The cycle workbook: applications, screening, experts and panels, sheets, results, ranking, awards,
    objections and obligations, one typed sheet each."""
    return _run(ctx, "周期工作簿", build_cycle_workbook)


@task(COMMITTEE_KIND)
def committee_workbook(ctx: JobContext) -> dict[str, Any]:
    """The committee workbook (评审情况报告): the summary, the ranking with every expert's scores, the
    disagreement flags and the charts."""
    return _run(ctx, "评审情况报告", build_committee_workbook)


def start(session: Session, runtime: Any, actor: Principal, cycle_id: int, kind: str) -> Any:
    """Queue the workbook job ``kind`` (``cycle`` or ``committee``) of a cycle of the actor's tenant (404
    for any other cycle); the job's submission is audited (``job.submitted``), its file when written
    (``workbook.exported``)."""
    from core.errors import InvalidInput
    from core.platform import jobs

    if kind not in KINDS:
        raise InvalidInput.on("kind", _("one of {kinds}", kinds=", ".join(sorted(KINDS))))
    cycle = get_cycle(session, cycle_id)
    return jobs.submit(session, runtime, actor, KINDS[kind], params={"cycle_id": cycle.id})
