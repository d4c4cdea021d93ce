"""How a Changde cycle runs: cadence from the tenant setting ``cycle_years`` (第三条 says "每届" without
a length; refused until set [reading: cycle_years_setting]), and the procedure of 第十五条 and
第十八条–第二十四条.

Stages in order. 第十八条 lists only the review procedure, for "经公示无异议的申报组织和个人"; what comes
before it is 第三章 (申报和受理), and 第四条 names the whole sequence 申报、受理、评审、表彰. A cycle
has to take and decide applications before it can review them, so the plan starts with the three
steps of 第三章, each done by someone else [reading: application_and_acceptance_stages]:

* 申报 (``application``, kind ``application``, 第十一条): the applicant files "在规定时间内" with the
  market regulator of its district, county or city; the office dates this stage, and nothing is
  submitted after its last day.
* 初审推荐 (``county_recommendation``, kind ``recommendation``, 第十二条): that regulator checks the
  materials (初审), consults the departments concerned, and the district/county government (or the
  zone committee) approves before it recommends the applicant to the office.
* 受理审查 (``acceptance``, kind ``screening``, 第十三条–第十五条): the office checks every application's
  standing, recommendation channel and procedure, consults the authorities (第十三条, 第十四条), refuses
  what does not qualify with reasons, and draws up the acceptance list from that check (第十五条).

Recommendation (第十二条): an application reaches the office only through its local regulator's
recommendation, approved by the local government, and the office checks the "推荐渠道" (第十三条); so
``recommendation`` cites 第十二条 and the office records it before accepting.

Then (第十八条): 受理名单公示 (第十五条, >= 5 working days, kind ``acceptance``); 材料评审
(第十九条, team leader responsible; the on-site list is drawn up by materials score, highest first);
现场评审 (第二十条, team leader responsible); 顾客满意度测评 by a third party hired through public tender,
organisations only (第二十一条) [reading: survey_organisations_only]; 综合评价 with a ranked candidate list
with more candidates than places (差额, 第二十二条); 评委会审议 with an equal-number vote (等额投票, as many
names as places, 第二十三条); 获奖建议名单公示 (第二十四条, >= 5 working days, kind ``recommended``);
市政府公告 after the committee chair's review and the mayor's approval (第二十四条).
The two lists published are ``notice`` stages; the reviews (materials, on-site, survey) are ``review``;
综合评价 and the committee's vote are ``evaluation``; the government's announcement is the ``approval``.

Notices: "不少于5个工作日" counts working days of the official calendar and not the publication day
(民法典 第二百零一条), so a notice published on a Friday before a holiday runs past it.

第二十四条 [reading: no_backfill]: a verified objection during the recommended-winners notice cancels
that candidate's qualification; the text does not say the next one on the list moves up, so
``backfill`` is None and the office decides.

What the text says of particular stages is data of the plan (``StageRule``): the survey is for
organisations and carried out by a tendered third party (第二十一条); the on-site list follows the
materials score (第十九条). How the candidate list and the vote work stays in module constants
(``CANDIDATE_LIST``, ``VOTE``) until the review workflow needs them. Panel sizes are not set by the
text (``min_experts`` None; no random draw is required). Winners' duty with an office to tell:
第四十二条 (report a major change of the quality model in writing; no deadline).
"""
from __future__ import annotations

from typing import Any, Mapping

from core.sdk import ORGANIZATION, CyclePlan, NoticeRule, ObligationRule, PanelRule, StageRule
from plugins.changde import scoring
from plugins.changde.articles import cite

APPLICATION = "application"
COUNTY_RECOMMENDATION = "county_recommendation"
ACCEPTANCE = "acceptance"
ACCEPTANCE_NOTICE = "acceptance_notice"
MATERIALS = "materials_review"
ON_SITE = "on_site_review"
SURVEY = "customer_satisfaction_survey"
EVALUATION = "comprehensive_evaluation"
VOTE_STAGE = "committee_vote"
WINNERS_NOTICE = "recommended_winners_notice"
ANNOUNCEMENT = "government_announcement"
STAGES = (APPLICATION, COUNTY_RECOMMENDATION, ACCEPTANCE, ACCEPTANCE_NOTICE, MATERIALS, ON_SITE, SURVEY, EVALUATION,
          VOTE_STAGE, WINNERS_NOTICE, ANNOUNCEMENT)
STAGE_KINDS = ((APPLICATION, "application"), (COUNTY_RECOMMENDATION, "recommendation"), (ACCEPTANCE, "screening"),
               (ACCEPTANCE_NOTICE, "notice"), (MATERIALS, "review"), (ON_SITE, "review"), (SURVEY, "review"),
               (EVALUATION, "evaluation"), (VOTE_STAGE, "evaluation"), (WINNERS_NOTICE, "notice"),
               (ANNOUNCEMENT, "approval"))
"""申报（第十一条）、初审推荐（第十二条）、受理审查（第十三条–第十五条）, then the stages of 第十八条."""
CANDIDATE_LIST = "differential"
"""第二十二条: 差额 - more candidates than places, ranked by comprehensive score."""
VOTE = "equal_number"
"""第二十三条: 等额投票 - the committee votes on as many names as there are places."""
NOTICE_WORKING_DAYS = 5


def cycle_plan(version: str, settings: Mapping[str, Any]) -> CyclePlan:
    years = scoring.cycle_years(version, settings)
    notices = (
        NoticeRule(ACCEPTANCE_NOTICE, NOTICE_WORKING_DAYS, True, cite(version, "第十五条"), kind="acceptance"),
        NoticeRule(WINNERS_NOTICE, NOTICE_WORKING_DAYS, True, cite(version, "第二十四条"), backfill=None,
                   kind="recommended"),
    )
    panels = (
        PanelRule(MATERIALS, None, False, True, cite(version, "第十九条")),
        PanelRule(ON_SITE, None, False, True, cite(version, "第二十条")),
    )
    obligations = (
        ObligationRule("report_model_change", "质量管理制度、模式、方法发生重大变化的，书面告知所在地市场监管部门",
                       cite(version, "第四十二条"), entry_kinds=(ORGANIZATION.code,), due="发生重大变化时"),
    )
    stage_rules = (
        StageRule(ON_SITE, cite(version, "第十九条"), entrants_ranked_by=MATERIALS,
                  note="按材料评审得分由高到低确定现场评审名单"),
        StageRule(SURVEY, cite(version, "第二十一条"), entry_kinds=(ORGANIZATION.code,), by_third_party=True,
                  note="通过公开招标委托第三方中介机构进行顾客满意度测评"),
    )
    return CyclePlan(cadence_years=years, stages=STAGES, notices=notices, citation=cite(version, "第十八条"),
                     panels=panels, obligations=obligations, stage_rules=stage_rules, stage_kinds=STAGE_KINDS,
                     recommendation=cite(version, "第十二条"),
                     cadence_citation=cite(version, "第三条", None, "届期由办公室设置（cycle_years）"))
