"""How a Rugao cycle runs: yearly (第五条), the stages of 第十一条, the notice of 第二十条, the
review panel of 第十七条, and winners' duties under 第二十三条.

* Stages, in 第十一条's order: 申报推荐、资格审查、材料评审、现场评审、综合评价、审定、公示、批准.
* Stage kinds (how the core runs each stage): 申报推荐 takes the applications (``application``):
  the committee announces the application dates each year (第十五条), so the office dates this
  stage and nothing is submitted after its last day. 资格审查 is the ``screening`` (第十六条: the
  committee office checks eligibility and the form of the materials and accepts or refuses with
  reasons, for every application, before the experts see any). 材料评审 and 现场评审 are ``review``
  (第十七条); 综合评价 is an ``evaluation`` (第十八条, the office's comprehensive report). 审定 is also
  an ``evaluation``, not an approval: the committee approves the experts' results (第六条（四）（五）)
  and proposes a list of winners to the city government (第十九条), which still has to agree to it
  (第二十条). 公示 is the ``notice`` and 批准 the ``approval`` (the government's announcement,
  第二十条).
* Recommendation (第十五条, with 第七条): an application reaches the committee office only after
  the town (district, street) government office has checked it and signed its recommendation, so
  the office records that recommendation before accepting (``recommendation``). 第七条 also names
  departments and trade associations as recommending units; 第十五条 is the step that applies to
  every application and is the article cited.
* Notice (第二十条): the proposed winners the city government agreed to (拟奖名单, kind
  ``recommended``) are published for at least 5 working days; the publication day is not counted
  (民法典 第二百零一条), so a notice published on Friday 2024-09-27 runs at least through
  2024-10-10 (National Day holidays are not working days, the adjusted Sunday 2024-09-29 is).
  第六条（五）has the committee publish (公示) the review results it approved: this is read as the
  same notice as 第二十条's, the one 公示 of 第十一条's stages, not a second one.
  [reading: one_public_notice]
  The winners' list the government then announces (发文公告) is a publication, not a notice with
  an objection period, so it is not a notice rule. The text does not say whether a struck-off
  candidate is replaced (``backfill`` None).
* Panel (第十七条): the expert group (专家组) does the materials and on-site review; the text sets
  no minimum size, no random draw and no leader duty, so ``min_experts`` is None.
* Incident report (第二十三条): a written report within 30 days of confirmation (the day of
  confirmation not counted). For organisations the negative-list situations count for 3 years
  after the award; an individual's illegal or serious misconduct, and any other major matter
  (both kinds), have no limit in the text. Three rules. The text sets no annual report.
"""
from __future__ import annotations

from core.sdk import INDIVIDUAL, ORGANIZATION, CyclePlan, NoticeRule, ObligationRule, PanelRule
from plugins.rugao.articles import cite

STAGES = ("application", "eligibility_screening", "materials_review", "on_site_review", "overall_evaluation",
          "decision", "public_notice", "approval")
STAGE_KINDS = (("application", "application"), ("eligibility_screening", "screening"), ("materials_review", "review"),
               ("on_site_review", "review"), ("overall_evaluation", "evaluation"), ("decision", "evaluation"),
               ("public_notice", "notice"), ("approval", "approval"))
"""第十一条: 申报推荐、资格审查、材料评审、现场评审、综合评价、审定 (the committee's proposal to the government)、公示、批准."""
CANDIDATE_NOTICE_WORKING_DAYS = 5
INCIDENT_REPORT = "incident_report"
MISCONDUCT_REPORT = "misconduct_report"
MAJOR_MATTER_REPORT = "major_matter_report"


def cycle_plan(version: str) -> CyclePlan:
    notice = NoticeRule("public_notice", CANDIDATE_NOTICE_WORKING_DAYS, True, cite(version, "candidate_notice"),
                        backfill=None, kind="recommended")
    review = cite(version, "review")
    panels = (PanelRule("materials_review", None, False, False, review),
              PanelRule("on_site_review", None, False, False, review))
    post = cite(version, "post_award")
    obligations = (
        ObligationRule(INCIDENT_REPORT, "获奖后3年内出现第十三条负面清单情形的，书面报告委员会办公室",
                       post, (ORGANIZATION.code,), years=3, within_days=30, due="确认之日起30日内"),
        ObligationRule(MISCONDUCT_REPORT, "获奖个人获奖后有违法、严重违规违纪行为的，书面报告委员会办公室",
                       post, (INDIVIDUAL.code,), years=None, within_days=30, due="确认之日起30日内"),
        ObligationRule(MAJOR_MATTER_REPORT, "获奖组织或个人有其他违背奖项宗旨和原则的重大事项的，书面报告委员会办公室",
                       post, (ORGANIZATION.code, INDIVIDUAL.code), years=None, within_days=30, due="确认之日起30日内"),
    )
    return CyclePlan(cadence_years=1, stages=STAGES, notices=(notice,), citation=cite(version, "procedure"),
                     panels=panels, obligations=obligations, cadence_citation=cite(version, "quotas"),
                     stage_kinds=STAGE_KINDS, recommendation=cite(version, "application_step"))
