"""How a Ji'an cycle runs: every 2 years (第四条), the procedure of 第十三条.

Stages in order: 公布方案 (（一）), 自愿申报 with internal and county/department notices (（二）),
资格审核 (（三）), 材料评审 (（四）), the presentation and defence gate for organisations only (（五）),
现场评审 for organisations that passed the defence and for individual candidates, at most 2 days
(（六）), 集体审议 by the leading group with ranking by comprehensive score (（六）（七）), 批准发布 (（八）).

Stage kinds (how the core runs each stage): 公布方案 is the ``publication`` (（一）: the call and the
public announcement). 自愿申报 is the ``application`` stage: the office dates it and fixes the time
limit (“在规定的时限内”) within which the county leading group or city department forwards the
materials. 资格审核 is the one ``screening`` (（三）: the office's formal check of every application,
the consultation and the acceptance list; those not accepted get their materials back with reasons).
材料评审, the defence and 现场评审 are ``review`` stages (（四）–（六）). 集体审议 is an ``evaluation``
(（七）: ranking by comprehensive score and the leading group's vote) and 批准发布 the ``approval``
(（八）: the executive meeting of the city government approves, then the winners are published).

Recommendation (第十三条（二）, with 第九条): an application reaches the office only after the
applicant's own unit has issued its recommendation after the internal notice, and the county
leading group (or city department, for city-level units of its trade) has checked the materials,
held its notice and signed its "审核、推荐意见". The office records that recommendation before
accepting; 第九条 says who recommends, （二） is the step every application goes through, and it is
the article cited.

The defence (（五）) is a gate: it decides which organisations go on to the on-site review (（六）
"对通过陈述答辩的申报组织"); its score is not part of the comprehensive score that ranks the
candidates (scoring.py explains the reading). The stage is named ``presentation_gate`` so that no
one mistakes it for a weighted stage; ``GATES`` says what it decides and for whom.

Five public notices (公示), each at least 5 working days, the publication day not counted
(core.engine.periods): internal notice in the applicant's own organisation (（二）, kind ``internal``),
notice by the county leading group or city department after its review (（二）, ``county``), the
accepted applications (（三）, ``acceptance``), the candidate lists (（四）, ``candidate``) and the
recommended winners (（七）, ``recommended``). The approval and publication of the winners (（八）
"向社会公布") is a publication, not a 公示 with an objection period, so it is no notice here. The
regulation does not say whether a candidate struck off after an objection is replaced
(``backfill`` None).

What the text says of particular stages is data of the plan (``StageRule``): the defence is for
organisations only and is a gate for the on-site review (（五）（六）); the on-site review lasts at
most 2 days (（六）). Two notices belong to the application stage; they are told apart by their stage
names "application.internal" and "application.county".
No panel size and no winners' duties with a deadline are set by the text (第十九条 visits are the
office's duty), so none are listed.
"""
from __future__ import annotations

from core.sdk import ORGANIZATION, CyclePlan, NoticeRule, StageRule
from plugins.jian.articles import cite

PUBLICATION = "publication"
APPLICATION = "application"
ELIGIBILITY = "eligibility_screening"
MATERIALS = "materials_review"
PRESENTATION_GATE = "presentation_gate"
ON_SITE = "on_site_review"
DELIBERATION = "collective_deliberation"
APPROVAL = "approval_notice"
STAGES = (PUBLICATION, APPLICATION, ELIGIBILITY, MATERIALS, PRESENTATION_GATE, ON_SITE, DELIBERATION, APPROVAL)
STAGE_KINDS = ((PUBLICATION, "publication"), (APPLICATION, "application"), (ELIGIBILITY, "screening"),
               (MATERIALS, "review"), (PRESENTATION_GATE, "review"), (ON_SITE, "review"), (DELIBERATION, "evaluation"),
               (APPROVAL, "approval"))
"""第十三条（一）–（八）: 公布方案、自愿申报、资格审核、材料评审、陈述答辩、现场评审、集体审议、批准发布."""
ON_SITE_MAX_DAYS = 2
"""第十三条（六）: an on-site review lasts no more than 2 days."""
RANKING = "comprehensive_score"
"""第十三条（六）（七）: candidates are ranked by comprehensive review score (materials and on-site), highest first."""

INTERNAL_NOTICE = "application.internal"
COUNTY_NOTICE = "application.county"
NOTICE_WORKING_DAYS = 5
NOTICE_ITEMS = (
    (INTERNAL_NOTICE, "（二）", "internal"),     # 本组织/所在单位内部公示
    (COUNTY_NOTICE, "（二）", "county"),         # 县（市、区）或市有关部门审核后公示
    (ELIGIBILITY, "（三）", "acceptance"),       # 受理名单
    (MATERIALS, "（四）", "candidate"),          # 候选名单、提名奖候选名单
    (DELIBERATION, "（七）", "recommended"),     # 获奖建议名单
)


def cycle_plan(version: str) -> CyclePlan:
    notices = tuple(NoticeRule(stage, NOTICE_WORKING_DAYS, True, cite(version, "第十三条", item), kind=kind)
                    for stage, item, kind in NOTICE_ITEMS)
    stage_rules = (
        # （五）: organisations present and defend; （六）: only those that pass are reviewed on site.
        StageRule(PRESENTATION_GATE, cite(version, "第十三条", "（五）"), entry_kinds=(ORGANIZATION.code,),
                  gate_for=ON_SITE, note="答辩成绩不计入综合评审成绩，仅决定能否进入现场评审"),
        StageRule(ON_SITE, cite(version, "第十三条", "（六）"), max_days=ON_SITE_MAX_DAYS),
    )
    return CyclePlan(cadence_years=2, stages=STAGES, notices=notices, citation=cite(version, "第十三条"),
                     cadence_citation=cite(version, "第四条"), stage_rules=stage_rules, stage_kinds=STAGE_KINDS,
                     recommendation=cite(version, "第十三条", "（二）"))
