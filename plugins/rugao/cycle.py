"""How a Rugao cycle runs: yearly (第五条), the stages of 第十一条, the notice of 第二十条, the
review panel of 第十七条, and winners' duties under 第二十三条.

* Stages, in 第十一条's order: 申报推荐、资格审查、材料评审、现场评审、综合评价、审定、公示、批准.
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
                     panels=panels, obligations=obligations, cadence_citation=cite(version, "quotas"))
