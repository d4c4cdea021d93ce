"""如皋 Rugao (a county-level city under Nantong): 如皋市市长质量奖管理办法, 2021."""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping, Sequence

from core.sdk import (
    INDIVIDUAL, ORGANIZATION, CyclePlan, ExpertQualification, Finding, Jurisdiction, PastAward, PastSanction, QuotaPlan,
    Reading, RewardDecision, RuleVersion, SanctionDecision, ScoreSheet, StageWeights, Tier, VersionStage, ViolationKind,
    hookimpl,
)
from plugins.rugao import (
    cycle, eligibility, facts as facts_schemas, quotas, readings, review, rewards, sanctions, scoring,
)

V2021 = RuleVersion(
    code="2021",
    title="如皋市市长质量奖管理办法",
    stage=VersionStage.ADOPTED,
    document_number=None,
    issued_on=dt.date(2021, 6, 8),
    effective_from=dt.date(2021, 6, 8),  # 第三十条: in force from the day of issue
    replaces="皋政发〔2019〕42号",
    notes="The published notice carries no document number. The text has no 第二条 label: "
          "the paragraph after 第一条 is article 2.",
)

JURISDICTION = Jurisdiction(
    code="rugao",
    name="如皋市",
    name_en="Rugao",
    award_name="如皋市市长质量奖",
    versions=(V2021,),
    tiers=(Tier("award", "市长质量奖", 1), Tier("nomination", "市长质量奖提名奖", 2)),
    entry_kinds=(ORGANIZATION, INDIVIDUAL),
    level="county",
    parent="nantong",
)


@hookimpl
def mqa_jurisdiction() -> Jurisdiction:
    return JURISDICTION


@hookimpl
def mqa_facts_schema(version: RuleVersion, entry_kind: str) -> Any:
    return facts_schemas.SCHEMAS.get(entry_kind)  # None: the core schema (individuals)


@hookimpl
def mqa_readings(version: RuleVersion) -> Sequence[Reading]:
    return readings.readings(version.code)


@hookimpl
def mqa_violations(version: RuleVersion) -> Sequence[ViolationKind]:
    return sanctions.violation_kinds(version.code)


@hookimpl
def mqa_eligibility(version: RuleVersion, entry_kind: str, facts: Mapping[str, Any], history: Sequence[PastAward],
                    sanctions: Sequence[PastSanction], on_date: dt.date) -> list[Finding]:
    judge = eligibility.organization if entry_kind == ORGANIZATION.code else eligibility.individual
    return judge(version.code, facts, on_date) + eligibility.history_findings(version.code, entry_kind, history,
                                                                              sanctions, on_date)


@hookimpl
def mqa_stage_weights(version: RuleVersion, entry_kind: str) -> StageWeights:
    return scoring.stage_weights(version.code, entry_kind)


@hookimpl
def mqa_quota_plan(version: RuleVersion) -> QuotaPlan:
    return quotas.quota_plan(version.code)


@hookimpl
def mqa_reward(version: RuleVersion, tier: str, entry_kind: str, history: Sequence[PastAward]) -> RewardDecision:
    return rewards.reward(version.code, tier, entry_kind, history)


@hookimpl
def mqa_sanction(version: RuleVersion, violation: str, award: PastAward | None, decided_on: dt.date,
                 occurred_on: dt.date | None, entry_kind: str | None) -> SanctionDecision:
    return sanctions.sanction(version.code, violation, award, decided_on, occurred_on, entry_kind)


@hookimpl
def mqa_cycle_plan(version: RuleVersion) -> CyclePlan:
    return cycle.cycle_plan(version.code)


@hookimpl
def mqa_expert_qualifications(version: RuleVersion) -> tuple[ExpertQualification, ...]:
    return review.expert_qualifications(version.code)


@hookimpl
def mqa_score_sheet(version: RuleVersion, stage: str, entry_kind: str) -> ScoreSheet | None:
    return review.score_sheet(version.code, stage, entry_kind)
