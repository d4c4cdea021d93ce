"""How a Yuncheng cycle runs: every 5 years (第四条), the procedure of 第十四条–第二十一条.

Stages in order: 申报通知 (第十四条), 申报 with an internal notice (第十五条), 部门审核推荐 (第十六条),
形式审查 and 受理名单 (第十七条), 评审 (第十八条: materials review, on-site review, presentation),
候选名单 with consultation and notice (第十九条), 领导小组审议 and 获奖建议名单 notice (第二十条),
市政府审定表彰 (第二十一条). 第十八条 names its review stages "包括但不限于" and fixes no order; they
are listed in the order named, and stages an office adds to its weights (see ``scoring``) are not
cycle stages [reading: review_stages_as_named].

Notices (公示), each with its kind; the publication day is not counted (core.engine.periods):

* 第十五条: inside the applicant's own organisation, at least 5 working days (``internal``).
* 第十七条: the acceptance list is made public (``acceptance``); the text gives no length, so
  ``min_days`` is None and the office sets the period.
* 第十九条: the candidate list, at least 5 working days, published separately in each region,
  industry and field concerned; it is one notice of the candidate list (``candidate``), not a county
  notice, whatever the number of places it is shown in [reading: candidate_notice_in_each_place].
* 第二十条: the recommended winners, city-wide, at least 5 working days (``recommended``).

第二十一条's 表彰决定 is a decision published, not a notice open to objections, so it is no
NoticeRule. Whether a struck-off candidate is replaced is not said (``backfill`` None). No panel size
or winners' duties with deadlines are set by the text.
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
NOTICE_WORKING_DAYS = 5
NOTICES = (  # stage, kind, minimum working days (None: not given), article
    (INTERNAL_NOTICE, "internal", NOTICE_WORKING_DAYS, "第十五条"),
    (FORMAL_REVIEW, "acceptance", None, "第十七条"),
    (CANDIDATE_LIST, "candidate", NOTICE_WORKING_DAYS, "第十九条"),
    (DELIBERATION, "recommended", NOTICE_WORKING_DAYS, "第二十条"),
)


def cycle_plan(version: str) -> CyclePlan:
    notices = tuple(NoticeRule(stage, days, days is not None, cite(version, article), kind=kind)
                    for stage, kind, days, article in NOTICES)
    return CyclePlan(cadence_years=5, stages=STAGES, notices=notices, citation=cite(version, "第十四条"),
                     cadence_citation=cite(version, "第四条"))
