"""The review: who may sit in the expert pool (2023 第十条, 2020 第九条) and what each review stage
scores (2023 第十四条/第十五条, 2020 第十三条/第十四条).

Expert pool. 2023 第十条 says it corresponds to 2020 第九条, and marks what changed, so both lists are
rebuilt from it:

* Both versions: the office confirms (``attested``) what no record shows: the expert supports the
  national policies and knows the quality and economic laws (（一）; 2020 "法律法规规章"), is trained in
  the excellence model and current quality methods, analyses and communicates well (（二）), does the
  work faithfully, keeps the review discipline and is impartial (（三）), and comes from the recognised
  scholars, trade quality experts, business leaders (2020: "企业优秀管理者"; 2023: "优秀企业家") or chief
  quality officers. That last sentence is read as a condition the office confirms, not a mere
  description of where names come from [reading: expert_source_attested]; 2020 had it in the article's
  opening words (no item), 2023 in item （三）.
* 2020 only: at least 5 years of practice in quality management, technique or a profession (（二）,
  ``practice_years`` 5, strict); in good health (attested); "一般不超过65周岁": an expert over 65 is
  flagged to the office with the article, not refused (``max_age`` 65, ``strict=False``); "一般"
  softens the age only, the title stays a requirement [reading: expert_age_softened_2020]; "高级以上职称"
  is a vice-senior (副高级) or senior (正高级) title, both being 高级 [reading: senior_title_vice_senior_2020];
  and being a judge of the China Quality Award or of a provincial government quality award, or a winner
  of the mayor's award or above (a winning individual or the head of a winning organisation). The
  sentence runs "…并具有高级以上职称，为…评委，或者为…负责人": the "或者" joins the two ways of
  having judged or won, and the pair is required beside the title, so it is a strict condition the
  office confirms [reading: judge_or_winner_required_2020].
* 2023 dropped the five years, the age, the health and the title, and turned the judges and winners
  into a preference ("优先选择"): a preference guides whom the office picks; it is no condition, so it
  is not listed and refuses or flags no one [reading: expert_preference_2023].

Scoring sheets. 第十五条 (2020 第十四条) scores every stage out of 1000 points and weighs them; the
sheets add up to 1000 so that a stage's aggregate feeds the weighted total as it is.

* Organisations (materials review, on-site review, presentation): 第十四条 (2020 第十三条) adopts GB/T
  19580 as the review standard, so each stage scores its seven categories with the points of the
  standard, cited with a note saying the points are the standard's. The article names no edition;
  GB/T 19580-2012 was the edition in force under both versions. The presentation is scored on the
  same categories, being one of the reviews the standard governs [reading: gbt19580_sheets].
* Individuals (materials review, presentation; they have no on-site review, 第二十一条 lists
  organisations only and 第十五条 weighs two stages): GB/T 19580 assesses organisations and the text
  gives no criteria for individuals, so each stage is one score out of 1000, against the individual
  conditions of 第十三条 (2020 第十二条) [reading: individual_single_score].
* The text does not say how the experts' sheets combine (no average, no highest or lowest dropped):
  ``aggregation`` is None and the office's setting decides. It sets no pass mark either.
"""
from __future__ import annotations

from core.sdk import GBT_19580_2012, ORGANIZATION, ExpertQualification, ScoreItem, ScoreSheet, standard_items
from plugins.nantong.articles import cite
from plugins.nantong.scoring import MATERIALS, ON_SITE, PRESENTATION, SCALE, WEIGHTS

STAGE_ARTICLES = {MATERIALS: "materials_review", ON_SITE: "on_site_review", PRESENTATION: "presentation"}
EXPERT_PRACTICE_YEARS_2020 = 5
EXPERT_MAX_AGE_2020 = 65


def expert_qualifications(version: str) -> tuple[ExpertQualification, ...]:
    def attested(code: str, description: str, item: str | None) -> ExpertQualification:
        return ExpertQualification(code, description, cite(version, "expert_pool", item), "attested")

    source = ("来自社会公认的知名学者、行业质量专家、企业优秀管理者或首席质量官" if version == "2020"
              else "来自社会公认的知名学者、行业质量专家、优秀企业家或首席质量官")
    law = "熟悉质量、经济方面的法律法规规章" if version == "2020" else "熟悉质量、经济方面的法律法规"
    common = (
        attested("policy_and_law", f"贯彻党和国家方针政策，{law}", "（一）"),
        attested("excellence_training", "学习过《卓越绩效评价准则》等知识，掌握质量管理新知识和方法", "（二）"),
        attested("analysis_and_communication", "综合分析和沟通能力较强", "（二）"),
        attested("discipline", "认真履职，遵守评审纪律，公正严明", "（三）"),
        attested("recognised_background", source, None if version == "2020" else "（三）"),
    )
    if version == "2023":
        return (attested("quality_practice", "有质量管理、技术或专业方面的实践经验", "（二）"),) + common
    return (
        ExpertQualification("practice_years", f"{EXPERT_PRACTICE_YEARS_2020}年以上质量管理、技术或专业方面的实践经验",
                            cite(version, "expert_pool", "（二）"), "practice_years", EXPERT_PRACTICE_YEARS_2020),
        *common,
        attested("good_health", "身体良好", "（三）"),
        ExpertQualification("age", f"一般不超过{EXPERT_MAX_AGE_2020}周岁", cite(version, "expert_pool", "（三）"),
                            "max_age", EXPERT_MAX_AGE_2020, strict=False),
        ExpertQualification("senior_title", "具有高级以上职称（副高级或正高级）", cite(version, "expert_pool", "（三）"),
                            "min_title", "vice_senior"),
        attested("judge_or_winner", "为中国质量奖或省级政府质量奖评委，或为市长质量奖以上获奖个人、获奖组织负责人", "（三）"),
    )


def score_sheet(version: str, stage: str, entry_kind: str) -> ScoreSheet | None:
    if entry_kind not in WEIGHTS or stage not in {s for s, _ in WEIGHTS[entry_kind]}:
        return None  # not a stage this kind is scored at (individuals: no on-site review)
    citation = cite(version, STAGE_ARTICLES[stage])
    if entry_kind == ORGANIZATION.code:
        standard = cite(version, "review_standard")
        items = standard_items(GBT_19580_2012, standard)
    else:  # individuals
        items = (ScoreItem("overall", "个人综合评分（对照个人申报条件）", SCALE, cite(version, "individual_conditions")),)
    return ScoreSheet(stage, entry_kind, items, citation)
