"""南通 Nantong: 南通市市长质量奖管理办法, the 2020 rules and the 2023 revision draft.

The seed is the 2023 revision (second draft for comment); it quotes the 2020 wording of every
changed article, so both versions are rebuilt from it. The judgement calls the text forces are
listed, with their articles and alternatives, by ``plugins.nantong.readings``.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping, Sequence

from core.sdk import (
    INDIVIDUAL, ORGANIZATION, CyclePlan, ExpertQualification, Finding, Jurisdiction, PastAward, PastSanction, QuotaPlan,
    Reading, RewardDecision, RuleVersion, SanctionDecision, ScoreSheet, StageWeights, Tier, VersionStage, ViolationKind,
    hookimpl,
)
from plugins.nantong import (
    cycle, eligibility, facts as facts_schemas, quotas, readings, review, rewards, sanctions, scoring,
)

V2020 = RuleVersion(
    code="2020",
    title="南通市市长质量奖管理办法",
    stage=VersionStage.ADOPTED,
    document_number="通政规〔2020〕6号",
    notes="Rebuilt from the annotations in the 2023 draft. The seed does not give this version's "
          "effective date, so none is recorded; it stays in force until a later version takes effect.",
)

V2023 = RuleVersion(
    code="2023",
    title="南通市市长质量奖管理办法（2023年修订第二次征求意见稿）",
    stage=VersionStage.DRAFT,
    replaces="通政规〔2020〕6号",
    notes="Draft for comment: 第三十八条 leaves the start date blank and ends validity in 2028 "
          "(month and day blank). Evaluated only when named explicitly.",
)

JURISDICTION = Jurisdiction(
    code="nantong",
    name="南通市",
    name_en="Nantong",
    award_name="南通市市长质量奖",
    versions=(V2020, V2023),
    tiers=(Tier("award", "市长质量奖", 1), Tier("nomination", "市长质量奖提名奖", 2)),
    entry_kinds=(ORGANIZATION, INDIVIDUAL),
)


@hookimpl
def mqa_jurisdiction() -> Jurisdiction:
    return JURISDICTION


@hookimpl
def mqa_facts_schema(version: RuleVersion, entry_kind: str) -> Any:
    return facts_schemas.SCHEMAS.get(entry_kind)


@hookimpl
def mqa_readings(version: RuleVersion) -> tuple[Reading, ...]:
    return readings.readings(version.code)


@hookimpl
def mqa_violations(version: RuleVersion) -> tuple[ViolationKind, ...]:
    return sanctions.violations(version.code)


@hookimpl
def mqa_eligibility(version: RuleVersion, entry_kind: str, facts: Mapping[str, Any], history: Sequence[PastAward],
                    sanctions: Sequence[PastSanction], on_date: dt.date, deadline: dt.date) -> list[Finding]:
    judge = eligibility.organization if entry_kind == ORGANIZATION.code else eligibility.individual
    return (judge(version.code, facts, on_date, deadline)
            + eligibility.history_findings(version.code, facts, history, sanctions, on_date))


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
