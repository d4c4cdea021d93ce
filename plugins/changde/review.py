"""The review: the expert pool (第七条) and what each review stage scores (第十六条, 第十九条–第二十一条).

Experts. 第七条 has the review team build a pool of reviewers (评审员专家库) and states no condition
they must meet. 第六条's scholars, department heads, entrepreneurs and consumer representatives are the
members of the award committee (评委会), not of the pool. So no qualification is listed
[reading: no_expert_qualifications].

Scoring sheets. Every stage is scored out of the office's ``score_scale`` (the criteria of 第十六条 are
not published with the draft, [reading: score_scale_setting]), so every sheet adds up to it and a
stage's aggregate feeds the weighted total as it is.

* Materials review (第十九条) and on-site review (第二十条), organisations and individuals: both score
  "按照评审准则和实施细则". 第十六条 says the criteria (《常德市市长质量奖评审准则》) cover quality,
  innovation, brand and results, but gives no points for them; inventing a split would be a rule the
  text does not make, so each sheet is one score out of ``score_scale`` against those criteria, the
  four parts named on the item [reading: criteria_single_score].
* Customer-satisfaction survey (第二十一条), organisations only [reading: survey_organisations_only]:
  carried out by an intermediary hired through public tender (the plan's ``StageRule`` says so); its
  result is entered as one score out of ``score_scale`` [reading: survey_single_score].
* The text does not say how the experts' scores combine: ``aggregation`` is None, the office's
  setting decides. No pass mark.
"""
from __future__ import annotations

from typing import Any, Mapping

from core.sdk import ExpertQualification, ScoreItem, ScoreSheet
from plugins.changde.articles import cite
from plugins.changde.scoring import MATERIALS, ON_SITE, SCORE_SCALE, STAGES, SURVEY, positive_int, spec

STAGE_ARTICLES = {MATERIALS: "第十九条", ON_SITE: "第二十条", SURVEY: "第二十一条"}


def expert_qualifications(version: str) -> tuple[ExpertQualification, ...]:
    return ()


def score_sheet(version: str, stage: str, entry_kind: str, settings: Mapping[str, Any]) -> ScoreSheet | None:
    if stage not in STAGES.get(entry_kind, ()):
        return None  # individuals take no survey (第二十一条)
    scale = positive_int(settings, spec(version, SCORE_SCALE))
    if stage == SURVEY:
        item = ScoreItem("customer_satisfaction", "顾客满意度测评得分（第三方机构测评）", scale, cite(version, "第二十一条"))
    else:
        item = ScoreItem("criteria", "按评审准则评分（质量、创新、品牌、结果）", scale, cite(version, "第十六条"))
    return ScoreSheet(stage, entry_kind, (item,), cite(version, STAGE_ARTICLES[stage]))
