"""Settings the draft leaves open, with no default: the cycle length (第三条), the stage weights
(第二十二条) and the score scale (第十六条).

* ``cycle_years`` (integer >= 1) [reading: cycle_years_setting]: 第三条 speaks of places "每届" (per
  session) but never says how long a session is. The cycle plan is refused until it is set.
* ``stage_weights.organization`` [reading: stage_weights_setting]: 第十八条 lists the procedure
  (materials review, on-site review, customer-satisfaction survey, then the comprehensive evaluation);
  第二十二条 is the article that combines exactly these three scores into the comprehensive evaluation
  and ranks by it, without weights. So the weights, and the totals, cite 第二十二条. All three are
  required, each above 0, adding up to 100.
* ``stage_weights.individual`` [reading: survey_organisations_only]: the survey of 第二十一条 is for
  organisations only, so individuals are weighed on materials and on-site review; weights naming the
  survey are refused.
* ``score_scale`` (integer >= 1) [reading: score_scale_setting]: the scoring criteria
  (《常德市市长质量奖评审准则》, 第十六条) are not part of the draft, so the points a stage is scored on
  are not known either; every stage is scored on ``0..score_scale``.
"""
from __future__ import annotations

from typing import Any, Mapping

from core.sdk import (
    INDIVIDUAL, ORGANIZATION, InvalidInput, SettingSpec, StageWeight, StageWeights, require, stage_percents,
)
from plugins.changde.articles import cite

MATERIALS, ON_SITE, SURVEY = "materials_review", "on_site_review", "customer_satisfaction_survey"
STAGES: dict[str, tuple[str, ...]] = {
    ORGANIZATION.code: (MATERIALS, ON_SITE, SURVEY),
    INDIVIDUAL.code: (MATERIALS, ON_SITE),
}
CYCLE_YEARS = "cycle_years"
SCORE_SCALE = "score_scale"


def setting_key(entry_kind: str) -> str:
    return f"stage_weights.{entry_kind}"


def setting_specs(version: str) -> list[SettingSpec]:
    weights = cite(version, "第二十二条")
    return [
        SettingSpec(CYCLE_YEARS, "integer", "每届年限（年）：第三条只说“每届”，未规定届期", ("the cycle plan",),
                    cite(version, "第三条")),
        SettingSpec(setting_key(ORGANIZATION.code), "weights",
                    "组织各评审环节权重（百分比，合计100；第二十二条综合评价未规定权重）：materials_review、on_site_review、customer_satisfaction_survey",
                    ("weighted totals of organisations",), weights),
        SettingSpec(setting_key(INDIVIDUAL.code), "weights",
                    "个人各评审环节权重（百分比，合计100；第二十二条综合评价未规定权重）：materials_review、on_site_review（个人不作顾客满意度测评）",
                    ("weighted totals of individuals",), weights),
        SettingSpec(SCORE_SCALE, "integer", "各评审环节的满分分值：评审准则（第十六条）未随办法公布",
                    ("weighted totals", "score sheets"), cite(version, "第十六条")),
    ]


def spec(version: str, key: str) -> SettingSpec:
    return next(s for s in setting_specs(version) if s.key == key)


def positive_int(settings: Mapping[str, Any], setting: SettingSpec) -> int:
    value = require(settings, setting)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInput.on(f"settings.{setting.key}", "must be a whole number of at least 1")
    return value


def cycle_years(version: str, settings: Mapping[str, Any]) -> int:
    return positive_int(settings, spec(version, CYCLE_YEARS))


def stage_weights(version: str, entry_kind: str, settings: Mapping[str, Any]) -> StageWeights:
    if entry_kind not in STAGES:
        raise InvalidInput.on("entry_kind", f"changde scores only: {', '.join(STAGES)}")
    weights_spec = spec(version, setting_key(entry_kind))
    stages = STAGES[entry_kind]
    percents = stage_percents(settings, weights_spec, stages)
    scale = positive_int(settings, spec(version, SCORE_SCALE))
    citation = weights_spec.citation  # 第二十二条 combines the stage scores
    return StageWeights(entry_kind, tuple(StageWeight(s, percents[s] / 100, citation) for s in stages), scale,
                        citation)
