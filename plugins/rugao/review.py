"""The review: who may sit in the expert group (第八条) and what each review stage scores (第九条, 第十条).

Experts (第八条). The opening sentence says experts should be recommended first (优先推荐) from the
recognised scholars, trade quality experts, business managers and chief quality officers: a
preference on where names come from, not a condition, so it is not listed
[reading: expert_source_preference]. The conditions the expert must meet ("须具备以下条件"):

* （一） supports the national policies and knows the quality and economic laws and rules (attested);
* （二） at least 5 years of practice in quality management, technique or a profession
  (``practice_years`` 5, strict; "以上" includes 5), and analyses and communicates well (attested);
* （三） trained in the excellence model (《卓越绩效评价准则》) and able to use it (attested);
* （四） does the work faithfully, keeps the review discipline, is impartial (attested).

Scoring sheets. 第十条 scores out of 1000 points: organisations 30% materials review and 70% on-site
review, individuals 100% materials review. Each sheet adds up to 1000 so that a stage's aggregate
feeds the weighted total as it is.

* Organisations (materials review, on-site review): 第九条 adopts GB/T 19580, so both stages score
  its seven categories with the points of the standard, cited to 第九条 with a note saying the points
  are the standard's; the article names no edition, and GB/T 19580-2012 was in force when the text was
  issued (2021) [reading: gbt19580_sheets].
* Individuals: the materials review is one score out of 1000, against the individual conditions of
  第十四条; GB/T 19580 assesses organisations and the text gives no criteria for individuals
  [reading: individual_single_score]. 第十七条 has the expert group review "materials and on site"
  without naming kinds, but 第十条 scores individuals on the materials alone, so an individual has no
  on-site sheet (``None``) [reading: individual_no_on_site].
* The text does not say how the experts' sheets combine: ``aggregation`` is None (the office's
  setting decides). No pass mark.
"""
from __future__ import annotations

from core.sdk import GBT_19580_2012, ORGANIZATION, ExpertQualification, ScoreItem, ScoreSheet, standard_items
from plugins.rugao.articles import cite
from plugins.rugao.scoring import SCALE, WEIGHTS

EXPERT_PRACTICE_YEARS = 5


def expert_qualifications(version: str) -> tuple[ExpertQualification, ...]:
    def attested(code: str, description: str, item: str) -> ExpertQualification:
        return ExpertQualification(code, description, cite(version, "expert_conditions", item), "attested")

    return (
        attested("policy_and_law", "贯彻党和国家方针政策，熟悉质量、经济方面的法律法规规章", "（一）"),
        ExpertQualification("practice_years", f"{EXPERT_PRACTICE_YEARS}年以上质量管理、技术或专业方面的实践经验",
                            cite(version, "expert_conditions", "（二）"), "practice_years", EXPERT_PRACTICE_YEARS),
        attested("analysis_and_communication", "综合分析和沟通能力较强", "（二）"),
        attested("excellence_training", "学习过《卓越绩效评价准则》等知识并能熟练运用", "（三）"),
        attested("discipline", "认真履职，遵守评审纪律，公正严明", "（四）"),
    )


def score_sheet(version: str, stage: str, entry_kind: str) -> ScoreSheet | None:
    if entry_kind not in WEIGHTS or stage not in {s for s, _ in WEIGHTS[entry_kind]}:
        return None  # individuals are not scored on site (第十条)
    if entry_kind == ORGANIZATION.code:
        standard = cite(version, "review_standard")
        items = standard_items(GBT_19580_2012, standard)
    else:  # individuals
        items = (ScoreItem("overall", "个人综合评分（对照第十四条个人条件）", SCALE,
                           cite(version, "individual_conditions")),)
    return ScoreSheet(stage, entry_kind, items, cite(version, "review"))
