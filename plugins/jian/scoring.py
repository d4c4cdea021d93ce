"""Stage weights: the regulation gives none, so they are tenant settings with no default.

第十三条 names the review stages: materials review (（四）), a presentation and defence for
organisations only (（五）, "评议打分"), and the on-site review (（六）). The comprehensive ranking
(（六）, repeated in （七）: "根据材料评审报告、现场评审报告，按综合评审得分高低排序") is built from the
materials and on-site reports only. The defence is scored, but what its score decides is who goes
on: only organisations "通过陈述答辩" reach the on-site review (（六）). So the defence is a gate in
the cycle (cycle.py, stage ``presentation_gate``), not a weighted stage: it is not part of any
total, and a weight setting that names it is refused. The text sets no pass mark; the panel
decides who passes. [reading: defence_is_gate]

Weighted stages: materials review and on-site review, for organisations and individuals alike;
how they combine into the "综合评审得分" is not said, so the office sets both shares. Settings hold
percentages ({stage: percent}, adding up to 100, see core.engine.settings); they are turned into
fractions. Every stage must weigh more than 0.

Scale: 1000 points. The text sets no point scale itself; 第六条 adopts GB/T 19580 (卓越绩效评价准则)
as the review standard, and that standard scores out of 1000 points; every stage is therefore
scored on 0..1000, and the scale cites 第六条. [reading: scale_gbt19580]
"""
from __future__ import annotations

from typing import Any, Mapping

from core.sdk import (
    INDIVIDUAL, ORGANIZATION, InvalidInput, SettingSpec, StageWeight, StageWeights, stage_percents,
)
from plugins.jian.articles import cite

SCALE = 1000
SCALE_NOTE = "评审标准采用GB/T 19580（第六条），该准则总分1000分"
MATERIALS, ON_SITE = "materials_review", "on_site_review"
WEIGHTED_STAGES = (MATERIALS, ON_SITE)
"""第十三条（六）（七）: the ranking uses the materials and on-site review reports; the defence is a gate."""
KINDS = (ORGANIZATION.code, INDIVIDUAL.code)


def setting_key(entry_kind: str) -> str:
    return f"stage_weights.{entry_kind}"


def setting_specs(version: str) -> list[SettingSpec]:
    citation = cite(version, "第十三条")
    return [
        SettingSpec(setting_key(ORGANIZATION.code), "weights",
                    "组织综合评审得分中材料评审、现场评审的权重（百分比，合计100）：materials_review、on_site_review；"
                    "陈述答辩只决定能否进入现场评审，不计入综合得分",
                    ("weighted totals of organisations",), citation),
        SettingSpec(setting_key(INDIVIDUAL.code), "weights",
                    "个人综合评审得分中材料评审、现场评审的权重（百分比，合计100）：materials_review、on_site_review",
                    ("weighted totals of individuals",), citation),
    ]


def stage_weights(version: str, entry_kind: str, settings: Mapping[str, Any]) -> StageWeights:
    if entry_kind not in KINDS:
        raise InvalidInput.on("entry_kind", f"jian scores only: {', '.join(KINDS)}")
    spec = next(s for s in setting_specs(version) if s.key == setting_key(entry_kind))
    percents = stage_percents(settings, spec, WEIGHTED_STAGES)
    return StageWeights(entry_kind, tuple(StageWeight(s, percents[s] / 100, spec.citation) for s in WEIGHTED_STAGES),
                        SCALE, cite(version, "第六条", None, SCALE_NOTE))
