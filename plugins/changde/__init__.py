"""常德 Changde: 常德市市长质量奖管理办法 (draft for comment), plugin contract v2.

Periods follow the one legal convention of the core (民法典 第二百零一至二百零四条): the day of the award
or decision is not counted and an N-year period ends on the corresponding day. The judgement calls the
text forces are listed by ``mqa_readings`` (``plugins.changde.readings``) and explained where applied.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping, Sequence

from core.sdk import (
    INDIVIDUAL, ORGANIZATION, CyclePlan, ExpertQualification, Finding, Jurisdiction, PastAward, PastSanction,
    QuotaPlan, Reading, RewardDecision, RuleVersion, SanctionDecision, ScoreSheet, SettingSpec, StageWeights, Tier,
    VersionStage, ViolationKind, hookimpl,
)
from plugins.changde import (
    cycle, eligibility, facts as facts_schemas, quotas, readings as reading_data, review, rewards, sanctions, scoring,
)

DRAFT = RuleVersion(
    code="draft",
    title="常德市市长质量奖管理办法（征求意见稿）",
    stage=VersionStage.DRAFT,
    replaces="常政办发〔2017〕12号",
    notes="第四十四条: in force from the day of issue, which the draft does not give. "
          "No version is in force, so a tenant must name this one explicitly.",
)

JURISDICTION = Jurisdiction(
    code="changde",
    name="常德市",
    name_en="Changde",
    award_name="常德市市长质量奖",
    versions=(DRAFT,),
    tiers=(Tier("award", "市长质量奖", 1), Tier("nomination", "市长质量奖提名奖", 2)),
    entry_kinds=(ORGANIZATION, INDIVIDUAL),
)


@hookimpl
def mqa_jurisdiction() -> Jurisdiction:
    return JURISDICTION


@hookimpl
def mqa_tenant_settings(version: RuleVersion) -> list[SettingSpec]:
    return scoring.setting_specs(version.code)


@hookimpl
def mqa_violations(version: RuleVersion) -> list[ViolationKind]:
    return list(sanctions.violations(version.code))


@hookimpl
def mqa_readings(version: RuleVersion) -> list[Reading]:
    return list(reading_data.readings(version.code))


@hookimpl
def mqa_facts_schema(version: RuleVersion, entry_kind: str) -> Any:
    return facts_schemas.SCHEMAS.get(entry_kind)


@hookimpl
def mqa_eligibility(version: RuleVersion, entry_kind: str, facts: Mapping[str, Any], history: Sequence[PastAward],
                    sanctions: Sequence[PastSanction], on_date: dt.date) -> list[Finding]:
    judge = eligibility.organization if entry_kind == ORGANIZATION.code else eligibility.individual
    return (judge(version.code, facts, on_date)
            + eligibility.same_model_findings(version.code, facts, history, on_date)
            + eligibility.ban_findings(version.code, sanctions, on_date))


@hookimpl
def mqa_stage_weights(version: RuleVersion, entry_kind: str, settings: Mapping[str, Any]) -> StageWeights:
    return scoring.stage_weights(version.code, entry_kind, settings)


@hookimpl
def mqa_quota_plan(version: RuleVersion) -> QuotaPlan:
    return quotas.quota_plan(version.code)


@hookimpl
def mqa_reward(version: RuleVersion, tier: str, entry_kind: str) -> RewardDecision:
    return rewards.reward(version.code, tier, entry_kind)


@hookimpl
def mqa_sanction(version: RuleVersion, violation: str, award: PastAward | None, decided_on: dt.date,
                 occurred_on: dt.date | None) -> SanctionDecision:
    return sanctions.sanction(version.code, violation, award, decided_on, occurred_on)


@hookimpl
def mqa_cycle_plan(version: RuleVersion, settings: Mapping[str, Any]) -> CyclePlan:
    return cycle.cycle_plan(version.code, settings)


@hookimpl
def mqa_expert_qualifications(version: RuleVersion) -> tuple[ExpertQualification, ...]:
    return review.expert_qualifications(version.code)


@hookimpl
def mqa_score_sheet(version: RuleVersion, stage: str, entry_kind: str,
                    settings: Mapping[str, Any]) -> ScoreSheet | None:
    return review.score_sheet(version.code, stage, entry_kind, settings)
