"""How a Yuncheng cycle runs: every 5 years (第四条), the procedure of 第十四条–第二十一条.

Stages in order: 申报通知 (第十四条), 申报 with an internal notice (第十五条), 部门审核推荐 (第十六条),
形式审查 and 受理名单 (第十七条), 评审 (第十八条: materials review, on-site review, presentation),
候选名单 with consultation and notice (第十九条), 领导小组审议 and 获奖建议名单 notice (第二十条),
市政府审定表彰 (第二十一条). 第十八条 names its review stages "包括但不限于" and fixes no order; they
are listed in the order named, and stages an office adds to its weights (see ``scoring``) are not
cycle stages [reading: review_stages_as_named].

Stage kinds (how the core runs each stage): 申报通知 is the ``publication`` (第十四条) and 申报 the
``application`` stage the office dates (第十五条). The two reviews before the experts are not the
same thing. 部门审核推荐 (第十六条) is done by the body the applicant filed with: the county market
regulator checks the materials and passes them to the county government (or the development zone
committee), which recommends them to the office, or a city trade department recommends directly; so
it is the ``recommendation`` stage, and ``recommendation`` cites 第十六条: the office records the
recommending body's recommendation before it accepts. 形式审查 (第十七条) is the office's own check
of every application's basic conditions and completeness, with the consultation of the authorities,
ending in the acceptance list: the one ``screening`` stage. The review stages of 第十八条 are
``review``. 候选名单 (第十九条) is an ``evaluation``: the office draws the candidates from the review
results (its notice is a NoticeRule of that stage); 领导小组审议 (第二十条) is an ``evaluation`` too
(the group deliberates and forms the recommended winners). 市政府审定表彰 (第二十一条) is the
``approval``.

Notices (公示), each with its kind; the publication day is not counted (core.engine.periods):

* 第十五条: inside the applicant's own organisation, at least 5 working days (``internal``).
* 第十七条: the acceptance list is made public (``acceptance``); the text gives no length, so
  ``min_days`` is None and the office sets the period.
* 第十九条: the candidate list, at least 5 working days, published separately in each region,
  industry and field concerned; it is one notice of the candidate list (``candidate``), not a county
  notice, whatever the number of places it is shown in [reading: candidate_notice_in_each_place].
* 第二十条: the recommended winners, city-wide, at least 5 working days (``recommended``).

第二十一条's 表彰决定 is a decision published, not a notice open to objections, so it is no
NoticeRule. Whether a struck-off candidate is replaced is not said (``backfill`` None). No winners'
duties with deadlines are set by the text.

Panels (第十八条): the review group of each review stage is made of quality-field experts and is formed
by the office or by a third-party body it commissions, so every review stage's ``PanelRule`` carries
``third_party`` citing 第十八条, with a note that the commission rests on 第十条 ("可委托有资质的独立第三方
机构承担评选具体工作") [reading: third_party_panel]. The text sets no size, no random draw and no leader
duty (``min_experts`` None).
"""
from __future__ import annotations

from core.sdk import CyclePlan, NoticeRule, PanelRule
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
STAGE_KINDS = ((PUBLICATION, "publication"), (APPLICATION, "application"), (DEPARTMENT_REVIEW, "recommendation"),
               (FORMAL_REVIEW, "screening"), (MATERIALS, "review"), (ON_SITE, "review"), (PRESENTATION, "review"),
               (CANDIDATE_LIST, "evaluation"), (DELIBERATION, "evaluation"), (APPROVAL, "approval"))
"""第十四条–第二十一条: 部门审核推荐 (第十六条) recommends, 形式审查 (第十七条) screens."""
INTERNAL_NOTICE = "application.internal"
NOTICE_WORKING_DAYS = 5
NOTICES = (  # stage, kind, minimum working days (None: not given), article
    (INTERNAL_NOTICE, "internal", NOTICE_WORKING_DAYS, "第十五条"),
    (FORMAL_REVIEW, "acceptance", None, "第十七条"),
    (CANDIDATE_LIST, "candidate", NOTICE_WORKING_DAYS, "第十九条"),
    (DELIBERATION, "recommended", NOTICE_WORKING_DAYS, "第二十条"),
)
THIRD_PARTY_NOTE = "评审组可由受委托的第三方机构组建；委托依据见第十条"


def cycle_plan(version: str) -> CyclePlan:
    notices = tuple(NoticeRule(stage, days, days is not None, cite(version, article), kind=kind)
                    for stage, kind, days, article in NOTICES)
    panels = tuple(PanelRule(stage, None, False, False, cite(version, "第十八条"),
                             third_party=cite(version, "第十八条", None, THIRD_PARTY_NOTE))
                   for stage in (MATERIALS, ON_SITE, PRESENTATION))
    return CyclePlan(cadence_years=5, stages=STAGES, notices=notices, citation=cite(version, "第十四条"),
                     panels=panels, cadence_citation=cite(version, "第四条"), stage_kinds=STAGE_KINDS,
                     recommendation=cite(version, "第十六条"))
