"""How a Yuncheng cycle runs: every 5 years (第四条), the procedure of 第十四条–第二十一条.

Stages in order: 申报通知 (第十四条), 申报 with an internal notice (第十五条), 部门审核推荐 (第十六条),
形式审查 and 受理名单 (第十七条), 评审 (第十八条: materials review, on-site review, presentation; "包括但
不限于", order not fixed by the text, listed as named), 候选名单 with consultation and notice (第十九条),
领导小组审议 and 获奖建议名单 notice (第二十条), 市政府审定表彰 (第二十一条).

Notices of at least 5 working days: internal (第十五条), candidate list (第十九条), recommended winners
(第二十条). 第十七条 makes the acceptance list public without a minimum length, so it is no NoticeRule
(``ACCEPTANCE_NOTICE`` documents it). Whether a struck-off candidate is replaced is not said
(``backfill`` None). No panel size or winners' duties with deadlines are set by the text.
"""
from __future__ import annotations

from core.sdk import CyclePlan, NoticeRule
from plugins.yuncheng.articles import cite

PUBLICATION = "publication"
APPLICATION = "application"
DEPARTMENT_REVIEW = "department_review"
FORMAL_REVIEW = "formal_review"
MATERIALS, ON_SITE, PRESENTATION = "materials_review", "on_site_review", "presentation"
CANDIDATE_LIST = "candidate_list"
DELIBERATION = "deliberation"
APPROVAL = "approval"
STAGES = (PUBLICATION, APPLICATION, DEPARTMENT_REVIEW, FORMAL_REVIEW, MATERIALS, ON_SITE, PRESENTATION,
          CANDIDATE_LIST, DELIBERATION, APPROVAL)
INTERNAL_NOTICE = "application.internal"
ACCEPTANCE_NOTICE = FORMAL_REVIEW
"""第十七条: the acceptance list is made public; no minimum length is given."""
NOTICE_WORKING_DAYS = 5
NOTICE_ARTICLES = ((INTERNAL_NOTICE, "第十五条"), (CANDIDATE_LIST, "第十九条"), (DELIBERATION, "第二十条"))


def cycle_plan(version: str) -> CyclePlan:
    notices = tuple(NoticeRule(stage, NOTICE_WORKING_DAYS, True, cite(version, article))
                    for stage, article in NOTICE_ARTICLES)
    return CyclePlan(cadence_years=5, stages=STAGES, notices=notices, citation=cite(version, "第十四条"),
                     cadence_citation=cite(version, "第四条"))
