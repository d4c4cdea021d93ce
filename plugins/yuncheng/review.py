"""The review: who forms the review group (第十八条) and what each review stage scores (第三条, 第十二条,
第十八条).

Experts. The text has no expert pool article; 第十八条 says the review group is made of experts of the
quality field (质量领域专家), formed by the office or by a commissioned third party. That is the one
condition it sets on a reviewer: listed as one the office confirms (``attested``); no years, age or
title are required [reading: quality_field_experts]. Who may form the group is data of the cycle plan
(``cycle``: ``PanelRule.third_party``).

Scoring sheets. Every stage is scored out of 1000 (``scoring``), so every sheet adds up to 1000 and a
stage's aggregate feeds the weighted total as it is.

* Organisations, at the three stages 第十八条 names (materials review, on-site review, presentation and
  defence): 第三条 makes GB/T 19580 the evaluation standard and lists its seven categories; it names the
  2004 edition and that edition's "经营结果", so the items are the 2004 categories with the 2004 points
  (``scoring.CATEGORIES``: 领导 100, 战略 80, 顾客与市场 90, 资源 120, 过程管理 110, 测量分析与改进 100,
  经营结果 400), not the current 2012 edition's, cited to 第三条 with a note that the points are the
  standard's [reading: standard_edition_2004] [reading: seven_categories].
* Individuals, at the same stages: GB/T 19580 assesses organisations (第十二条（二） only asks the person
  to apply it in the organisation they run), so each stage is one score out of 1000 against the
  individual conditions of 第十二条 [reading: individual_single_score].
* A review stage the office adds to a kind's weights ("包括但不限于", [reading: extra_review_stages]) is
  one score out of 1000, cited to 第十八条.
* The talent bonus of 第三条 第二款 is added after weighting, not on a sheet.
* The text does not say how the experts' scores combine: ``aggregation`` is None, the office's
  setting decides. No pass mark.
"""
from __future__ import annotations

from typing import Any, Mapping

from core.sdk import INDIVIDUAL, ORGANIZATION, ExpertQualification, ScoreItem, ScoreSheet
from plugins.yuncheng.articles import cite
from plugins.yuncheng.scoring import CATEGORIES, EXTRA_STAGE_NAME, SCALE, STAGES, setting_key

POINTS_NOTE = "类目及分值为第三条指明的GB/T 19580-2004规定的类目和分值（合计1000分）；原文称“六大项”，实际列出七项"
KINDS = (ORGANIZATION.code, INDIVIDUAL.code)


def expert_qualifications(version: str) -> tuple[ExpertQualification, ...]:
    return (ExpertQualification("quality_field_expert", "质量领域专家", cite(version, "第十八条"), "attested"),)


def score_sheet(version: str, stage: str, entry_kind: str, settings: Mapping[str, Any]) -> ScoreSheet | None:
    if entry_kind not in KINDS:
        return None
    if stage in STAGES:
        if entry_kind == ORGANIZATION.code:
            standard = cite(version, "第三条", None, POINTS_NOTE)
            items = tuple(ScoreItem(code, name, points, standard) for code, name, points in CATEGORIES)
        else:
            items = (ScoreItem("overall", "个人综合评分（对照第十二条个人条件）", SCALE, cite(version, "第十二条")),)
        return ScoreSheet(stage, entry_kind, items, cite(version, "第十八条"))
    if _office_stage(stage, entry_kind, settings):
        item = ScoreItem("overall", "办公室增设评审环节得分", SCALE, cite(version, "第十八条"))
        return ScoreSheet(stage, entry_kind, (item,), cite(version, "第十八条"))
    return None


def _office_stage(stage: str, entry_kind: str, settings: Mapping[str, Any]) -> bool:
    """A stage the office added to this kind's weights (``scoring`` checks the setting itself)."""
    weights = settings.get(setting_key(entry_kind))
    return isinstance(weights, Mapping) and stage in weights and bool(EXTRA_STAGE_NAME.fullmatch(stage))
