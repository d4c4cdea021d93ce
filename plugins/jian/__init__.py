"""吉安 Ji'an: 吉安市市长质量奖管理办法 (吉府发〔2023〕1号).

One version ("2023", in force from 2023-02-05, 第二十六条). The hooks delegate to one module each:
eligibility (第五条, 第十条, 第十一条, bans), scoring (第六条, 第十三条), quotas (第四条, 第五条), rewards
(第十五条, 第五条), sanctions (第二十条, 第二十二条), cycle (第四条, 第十三条), review (第六条, 第八条（三）,
第十三条); readings.py publishes the
judgement calls those modules' docstrings explain. Ji'an has no award categories and no condition
fixed at the application deadline, so ``category`` and ``deadline`` are not taken; no reward or
sanction depends on the winner's facts or flags, so those are not taken either.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping, Sequence

from core.sdk import (
    INDIVIDUAL, ORGANIZATION, CyclePlan, ExpertQualification, Finding, Jurisdiction, PastAward, PastSanction, QuotaPlan,
    Reading, RewardDecision, RuleVersion, SanctionDecision, ScoreSheet, SettingSpec, StageWeights, Tier, VersionStage,
    ViolationKind, hookimpl,
)
from plugins.jian import cycle, eligibility, quotas, readings, review, rewards, sanctions, scoring

V2023 = RuleVersion(
    code="2023",
    title="吉安市市长质量奖管理办法",
    stage=VersionStage.ADOPTED,
    document_number="吉府发〔2023〕1号",
    issued_on=dt.date(2023, 1, 1),
    effective_from=dt.date(2023, 2, 5),  # 第二十六条
    replaces="吉府字〔2019〕6号",
)

JURISDICTION = Jurisdiction(
    code="jian",
    name="吉安市",
    name_en="Ji'an",
    award_name="吉安市市长质量奖",
    versions=(V2023,),
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
def mqa_readings(version: RuleVersion) -> tuple[Reading, ...]:
    return readings.readings(version.code)


@hookimpl
def mqa_violations(version: RuleVersion) -> tuple[ViolationKind, ...]:
    return sanctions.violations(version.code)


@hookimpl
def mqa_eligibility(version: RuleVersion, entry_kind: str, facts: Mapping[str, Any], history: Sequence[PastAward],
                    sanctions: Sequence[PastSanction], on_date: dt.date) -> list[Finding]:
    judge = eligibility.organization if entry_kind == ORGANIZATION.code else eligibility.individual
    return judge(version.code, facts, on_date) + eligibility.history_findings(version.code, history, sanctions,
                                                                              on_date)


@hookimpl
def mqa_stage_weights(version: RuleVersion, entry_kind: str, settings: Mapping[str, Any]) -> StageWeights:
    return scoring.stage_weights(version.code, entry_kind, settings)


@hookimpl
def mqa_quota_plan(version: RuleVersion) -> QuotaPlan:
    return quotas.quota_plan(version.code)


@hookimpl
def mqa_reward(version: RuleVersion, tier: str, entry_kind: str, history: Sequence[PastAward]) -> RewardDecision:
    return rewards.reward(version.code, tier, entry_kind, history)


@hookimpl
def mqa_sanction(version: RuleVersion, violation: str, award: PastAward | None, decided_on: dt.date,
                 occurred_on: dt.date | None) -> SanctionDecision:
    return sanctions.sanction(version.code, violation, award, decided_on, occurred_on)


@hookimpl
def mqa_cycle_plan(version: RuleVersion) -> CyclePlan:
    return cycle.cycle_plan(version.code)


@hookimpl
def mqa_expert_qualifications(version: RuleVersion) -> tuple[ExpertQualification, ...]:
    return review.expert_qualifications(version.code)


@hookimpl
def mqa_score_sheet(version: RuleVersion, stage: str, entry_kind: str) -> ScoreSheet | None:
    return review.score_sheet(version.code, stage, entry_kind)
