"""How a Ji'an cycle runs: every 2 years (第四条), the procedure of 第十三条.

Stages in order: 公布方案 (（一）), 自愿申报 with internal and county/department notices (（二）),
资格审核 (（三）), 材料评审 (（四）), 陈述答辩 for organisations only (（五）), 现场评审 for organisations
that passed the defence and for individual candidates, at most 2 days (（六）), 集体审议 by the leading
group with ranking by comprehensive score (（六）（七）), 批准发布 (（八）).

Five public notices, each at least 5 working days; the regulation does not say whether a candidate
struck off after an objection is replaced (``backfill`` None).

Limits of the core types: CyclePlan has no field for a stage's duration or for which entry kinds go
through a stage, so "on-site review at most 2 days" and "defence for organisations only" are module
constants here (``ON_SITE_MAX_DAYS``, ``STAGE_ENTRY_KINDS``). Two notices belong to the application
stage; they are told apart by the constants ``INTERNAL_NOTICE`` and ``COUNTY_NOTICE`` (stage names
"application.internal" and "application.county"). No panel size and no winners' duties with a deadline
are set by the text (第十九条 visits are the office's duty), so none are listed.
"""
from __future__ import annotations

from core.sdk import INDIVIDUAL, ORGANIZATION, CyclePlan, NoticeRule
from plugins.jian.articles import cite

PUBLICATION = "publication"
APPLICATION = "application"
ELIGIBILITY = "eligibility_screening"
MATERIALS = "materials_review"
PRESENTATION = "presentation"
ON_SITE = "on_site_review"
DELIBERATION = "collective_deliberation"
APPROVAL = "approval_notice"
STAGES = (PUBLICATION, APPLICATION, ELIGIBILITY, MATERIALS, PRESENTATION, ON_SITE, DELIBERATION, APPROVAL)
STAGE_ENTRY_KINDS = {PRESENTATION: (ORGANIZATION.code,)}
"""Stages not every kind goes through: the defence is for organisations only (第十三条（五）)."""
ON_SITE_MAX_DAYS = 2
"""第十三条（六）: an on-site review lasts no more than 2 days."""
RANKING = "comprehensive_score"
"""第十三条（六）（七）: candidates are ranked by comprehensive review score, highest first."""

INTERNAL_NOTICE = "application.internal"
COUNTY_NOTICE = "application.county"
NOTICE_WORKING_DAYS = 5
NOTICE_ITEMS = (
    (INTERNAL_NOTICE, "（二）"),   # 本组织/所在单位内部公示
    (COUNTY_NOTICE, "（二）"),     # 县（市、区）或市有关部门审核后公示
    (ELIGIBILITY, "（三）"),       # 受理名单
    (MATERIALS, "（四）"),         # 候选名单
    (DELIBERATION, "（七）"),      # 获奖建议名单
)


def cycle_plan(version: str) -> CyclePlan:
    notices = tuple(NoticeRule(stage, NOTICE_WORKING_DAYS, True, cite(version, "第十三条", item))
                    for stage, item in NOTICE_ITEMS)
    return CyclePlan(cadence_years=2, stages=STAGES, notices=notices, citation=cite(version, "第十三条"),
                     cadence_citation=cite(version, "第四条"))
