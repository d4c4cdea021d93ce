"""How a Nantong cycle runs: yearly (2023 第六条, 2020 第二条), stages (2023 第十六条, 2020 第十五条),
notices, panels, and winners' obligations.

Notices (the publication day is not counted, core.engine.periods):

* Internal notice (2023 第十八条, kind ``internal``, >= 5 working days before applying): the
  annotation marks "the first underlined part" as new; the internal-notice sentences are the only
  new requirement in the article, so 2020 (第十六条) has no internal notice.
  [reading: internal_notice_new_2023]
* Accepted applications (2020 第十七条, kind ``acceptance``): "予以受理并进行公示" with no length,
  so ``min_days`` is None and the office sets the period. 2023 第十九条 dropped the notice.
* Candidate notice (2023 第二十四条, kind ``candidate``; 2020 第二十二条 published the "建议名单",
  kind ``recommended``): at least 10 days, read as calendar days ("10天", not "工作日"), and a
  candidate struck off after an objection is not replaced, in both versions.
  [reading: candidate_notice_calendar_days]

Recommendation (2023 第十八条, 2020 第十六条): applications reach the office after the local quality
development committee (2020: "各地") has checked them and signed its recommendation, so the office
records that recommendation before accepting.

Panels: >= 3 experts drawn at random from the pool, the leader responsible. 2023 sets this in
第二十条 (materials) and 第二十一条 (on-site); 2020 in 第十八条 for both (2023 第二十一条 says its
panel sentence was 2020 第十八条's).

Obligations:

* Annual report (2023 第二十八条): organisations, for 3 years after the award, by 31 March of the
  following year (first-time winners also report how the bonus was used). 2020 第二十六条 said
  "每年初" with no number of years; the deadline sentence is not marked as changed, so it is kept.
  [reading: annual_report_2020]
* Incident report (2023 第三十三条, 2020 第二十七条): a written report within 30 days of the
  situation being confirmed. 2020 limited only the organisations' negative-list situations to the
  first 3 years after the award, so 2020 has two duties: that one (3 years) and the report of an
  individual's misconduct or another major matter (no limit). See ``sanctions``.
"""
from __future__ import annotations

from core.sdk import INDIVIDUAL, ORGANIZATION, CyclePlan, NoticeRule, ObligationRule, PanelRule
from plugins.nantong.articles import cite

STAGES = ("application", "eligibility_screening", "materials_review", "on_site_review", "presentation",
          "overall_evaluation", "approval_notice")
"""申报推荐、资格审查、资料评审（2020：材料评审）、现场评审、演讲陈述、综合评价、审定公示."""
STAGE_KINDS = (("application", "application"), ("eligibility_screening", "screening"), ("materials_review", "review"),
               ("on_site_review", "review"), ("presentation", "review"), ("overall_evaluation", "evaluation"),
               ("approval_notice", "approval"))
"""申报推荐 takes applications (with the local recommendation, below); 资格审查 screens them; 资料评审,
现场评审 and 演讲陈述 are reviews; 综合评价 ranks; 审定公示 is the approval with its candidate notice."""
INTERNAL_NOTICE_WORKING_DAYS = 5
CANDIDATE_NOTICE_DAYS = 10
MIN_EXPERTS = 3
ANNUAL_REPORT = "annual_report"
INCIDENT_REPORT = "incident_report"
NEGATIVE_LIST_REPORT = "incident_report_negative_list"
BOTH_KINDS = (ORGANIZATION.code, INDIVIDUAL.code)


def cycle_plan(version: str) -> CyclePlan:
    return CyclePlan(cadence_years=1, stages=STAGES, notices=_notices(version), citation=cite(version, "procedure"),
                     panels=_panels(version), obligations=_obligations(version),
                     cadence_citation=cite(version, "cadence"), stage_kinds=STAGE_KINDS,
                     recommendation=cite(version, "application_step"))


def _notices(version: str) -> tuple[NoticeRule, ...]:
    if version == "2020":
        acceptance = NoticeRule("eligibility_screening", None, False, cite(version, "acceptance"), kind="acceptance")
        recommended = NoticeRule("approval_notice", CANDIDATE_NOTICE_DAYS, False, cite(version, "candidate_notice"),
                                 backfill=False, kind="recommended")
        return acceptance, recommended
    internal = NoticeRule("application", INTERNAL_NOTICE_WORKING_DAYS, True, cite(version, "application_step"),
                          kind="internal")
    candidates = NoticeRule("approval_notice", CANDIDATE_NOTICE_DAYS, False, cite(version, "candidate_notice"),
                            backfill=False, kind="candidate")
    return internal, candidates


def _panels(version: str) -> tuple[PanelRule, ...]:
    return (PanelRule("materials_review", MIN_EXPERTS, True, True, cite(version, "materials_review")),
            PanelRule("on_site_review", MIN_EXPERTS, True, True, cite(version, "on_site_panels")))


def _obligations(version: str) -> tuple[ObligationRule, ...]:
    if version == "2023":
        annual = ObligationRule(ANNUAL_REPORT, "获奖后3年内每年填报获奖组织年报表和自我评价报告，首次获奖的报告奖金使用情况",
                                cite(version, "obligations"), (ORGANIZATION.code,), years=3, due_month_day=(3, 31),
                                due="次年3月底前报市质委办")
        incident = ObligationRule(INCIDENT_REPORT, "获奖后出现负面清单情形、严重违法违规违纪失信记录或其他重大事项，书面报告",
                                  cite(version, "revocation"), BOTH_KINDS, within_days=30, due="确认之日起30日内")
        return annual, incident
    annual = ObligationRule(ANNUAL_REPORT, "每年初填报获奖组织年报表及自我评价报告，首次获奖的报告奖金使用情况",
                            cite(version, "obligations"), (ORGANIZATION.code,), years=None, due_month_day=(3, 31),
                            due="每年初填报，次年3月底前报市质委办")
    negative_list = ObligationRule(NEGATIVE_LIST_REPORT, "获奖组织在获奖后3年内发生负面清单所列情形，书面报告",
                                   cite(version, "revocation"), (ORGANIZATION.code,), years=3, within_days=30,
                                   due="确认之日起30日内")
    incident = ObligationRule(INCIDENT_REPORT, "获奖个人有违法、严重违规违纪行为，或获奖组织和个人有其他违反宗旨与原则的重大事项，书面报告",
                              cite(version, "revocation"), BOTH_KINDS, within_days=30, due="确认之日起30日内")
    return annual, negative_list, incident
