"""运城 Yuncheng: 运城市市长质量奖管理办法 (运政发〔2023〕14号).

One version, "2023": issued 2023-06-08, in force from 2023-06-09 (第三十四条), valid for 5 years
(第三十五条). The five years start with the day it takes effect, which is the first day in force, so
the text is in force to 2028-06-08 inclusive and has expired on 2028-06-09, the fifth anniversary
[reading: validity_five_years].
"""
from __future__ import annotations

import datetime as dt

from core.sdk import (
    INDIVIDUAL, ORGANIZATION, CyclePlan, ExpertQualification, Finding, Jurisdiction, PastAward, PastSanction, QuotaPlan,
    Reading, RewardDecision, RuleVersion, SanctionDecision, ScoreSheet, SettingSpec, StageWeights, Tier, VersionStage,
    ViolationKind, hookimpl,
)

V2023 = RuleVersion(
    code="2023",
    title="运城市市长质量奖管理办法",
    stage=VersionStage.ADOPTED,
    document_number="运政发〔2023〕14号",
    issued_on=dt.date(2023, 6, 8),
    effective_from=dt.date(2023, 6, 9),   # 第三十四条
    effective_until=dt.date(2028, 6, 8),  # 第三十五条: valid for 5 years, the first day in force counted
    replaces="运政发〔2013〕28号",
)

JURISDICTION = Jurisdiction(
    code="yuncheng",
    name="运城市",
    name_en="Yuncheng",
    award_name="运城市市长质量奖",
    versions=(V2023,),
    tiers=(Tier("award", "运城市市长质量奖", 1), Tier("nomination", "运城市市长质量奖提名奖", 2)),
    entry_kinds=(ORGANIZATION, INDIVIDUAL),
)


@hookimpl
def mqa_jurisdiction() -> Jurisdiction:
    return JURISDICTION


# -- rules of version 2023 --------------------------------------------------------------------------
from typing import Any, Mapping, Sequence  # noqa: E402

from plugins.yuncheng import cycle, eligibility, quotas, readings, review, rewards, sanctions, scoring  # noqa: E402
from plugins.yuncheng.facts import YunchengOrganizationFactsSchema  # noqa: E402


@hookimpl
def mqa_tenant_settings(version: RuleVersion) -> list[SettingSpec]:
    return scoring.setting_specs(version.code) + rewards.setting_specs(version.code)


@hookimpl
def mqa_readings(version: RuleVersion) -> tuple[Reading, ...]:
    return readings.readings(version.code)


@hookimpl
def mqa_violations(version: RuleVersion) -> list[ViolationKind]:
    return sanctions.violations(version.code)


@hookimpl
def mqa_facts_schema(version: RuleVersion, entry_kind: str) -> Any:
    return YunchengOrganizationFactsSchema if entry_kind == ORGANIZATION.code else None


@hookimpl
def mqa_eligibility(version: RuleVersion, entry_kind: str, facts: Mapping[str, Any], history: Sequence[PastAward],
                    sanctions: Sequence[PastSanction], on_date: dt.date, deadline: dt.date) -> list[Finding]:
    if entry_kind == ORGANIZATION.code:
        findings = eligibility.organization(version.code, facts, on_date, deadline)
    else:
        findings = eligibility.individual(version.code, facts, on_date)
    return findings + eligibility.history_findings(version.code, history, sanctions, on_date)


@hookimpl
def mqa_stage_weights(version: RuleVersion, entry_kind: str, settings: Mapping[str, Any]) -> StageWeights:
    return scoring.stage_weights(version.code, entry_kind, settings)


@hookimpl
def mqa_quota_plan(version: RuleVersion) -> QuotaPlan:
    return quotas.quota_plan(version.code)


@hookimpl
def mqa_reward(version: RuleVersion, tier: str, entry_kind: str, history: Sequence[PastAward],
               settings: Mapping[str, Any]) -> RewardDecision:
    return rewards.reward(version.code, tier, entry_kind, history, settings)


@hookimpl
def mqa_sanction(version: RuleVersion, violation: str, award: PastAward | None,
                 decided_on: dt.date) -> SanctionDecision:
    return sanctions.sanction(version.code, violation, award, decided_on)


@hookimpl
def mqa_cycle_plan(version: RuleVersion) -> CyclePlan:
    return cycle.cycle_plan(version.code)


@hookimpl
def mqa_expert_qualifications(version: RuleVersion) -> tuple[ExpertQualification, ...]:
    return review.expert_qualifications(version.code)


@hookimpl
def mqa_score_sheet(version: RuleVersion, stage: str, entry_kind: str,
                    settings: Mapping[str, Any]) -> ScoreSheet | None:
    return review.score_sheet(version.code, stage, entry_kind, settings)
