"""Stage weights: the regulation gives none, so they are tenant settings with no default.

第十三条 names the stages: materials review (（四）), a presentation and defence for organisations
only (（五）, "评议打分"), and the on-site review (（六）). Its ranking sentence ("根据材料评审报告、现场评审
报告，按综合评审得分高低排序") names only the materials and on-site reports, while the defence is
scored and is also a gate ("对通过陈述答辩的申报组织"). So for organisations materials and on-site
review are required in the setting and the presentation is optional: the office decides whether the
defence score counts in the total. Individuals: materials and on-site review.

Settings hold percentages ({stage: percent}, adding up to 100, see core.settings); they are turned
into fractions. Every stage named must weigh more than 0.

Scale: 1000 points. 第六条 adopts GB/T 19580 (卓越绩效评价准则) as the review standard, and that
standard scores out of 1000 points; every stage is therefore scored on 0..1000.
"""
from __future__ import annotations

from typing import Any, Mapping

from core.sdk import (
    INDIVIDUAL, ORGANIZATION, InvalidInput, SettingSpec, StageWeight, StageWeights, require, stage_percents,
)
from plugins.jian.articles import cite

SCALE = 1000
SCALE_NOTE = "评审标准采用GB/T 19580（第六条），该准则总分1000分"
MATERIALS, PRESENTATION, ON_SITE = "materials_review", "presentation", "on_site_review"

# entry kind -> (required stages, optional stages)
STAGES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    ORGANIZATION.code: ((MATERIALS, ON_SITE), (PRESENTATION,)),
    INDIVIDUAL.code: ((MATERIALS, ON_SITE), ()),
}


def setting_key(entry_kind: str) -> str:
    return f"stage_weights.{entry_kind}"


def setting_specs(version: str) -> list[SettingSpec]:
    citation = cite(version, "第十三条")
    return [
        SettingSpec(setting_key(ORGANIZATION.code), "weights",
                    "组织各评审阶段权重（百分比，合计100）：materials_review、on_site_review必填，presentation（陈述答辩）可选",
                    ("weighted totals of organisations",), citation),
        SettingSpec(setting_key(INDIVIDUAL.code), "weights",
                    "个人各评审阶段权重（百分比，合计100）：materials_review、on_site_review",
                    ("weighted totals of individuals",), citation),
    ]


def stage_weights(version: str, entry_kind: str, settings: Mapping[str, Any]) -> StageWeights:
    if entry_kind not in STAGES:
        raise InvalidInput.on("entry_kind", f"jian scores only: {', '.join(STAGES)}")
    spec = next(s for s in setting_specs(version) if s.key == setting_key(entry_kind))
    required, optional = STAGES[entry_kind]
    percents = stage_percents(settings, spec, required, optional)
    citation = spec.citation
    order = [s for s in (MATERIALS, PRESENTATION, ON_SITE) if s in percents]
    return StageWeights(entry_kind, tuple(StageWeight(s, percents[s] / 100, citation) for s in order), SCALE,
                        cite(version, "第十三条", None, SCALE_NOTE))
