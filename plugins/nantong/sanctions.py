"""Sanctions: false applications (2023 第三十二条, 2020 第三十三条) and winners' misconduct after the
award (2023 第三十三条, 2020 第二十七条).

Bans run from the decision and follow the legal period convention (core.engine.periods, 民法典
第二百零一条起): the decision day is not counted and "N年内不得参加" ends on the corresponding day
N years later, which is the ``ban_until`` returned (inclusive). A decision of 2024-03-10 with a
5-year ban: barred to 2029-03-10, may apply from 2029-03-11.

False application. 2023: the application right is revoked; if already awarded, plaque, certificate
and bonus are taken back; the case enters credit management and is published; no entry for 5
years. "已获奖的" governs the claw-back only: credit management, publication and the ban apply to
every offender. [reading: false_application_scope] 2020 differed in two quoted places: the committee
chose a warning or revocation by severity (one measure, ``warning_or_revoke_eligibility``, left to
the office, and the ban follows either way), and the ban was 3 years. [reading: warning_or_revoke_2020]

Misconduct after the award has three codes, because the articles treat the situations differently:

* ``negative_list_after_award``: a winning organisation falls into a negative-list situation
  (2023 第十二条, 2020 第十一条);
* ``serious_record_after_award``: a winning individual has a serious illegal, violation, discipline
  or dishonesty record (2020: "违法、严重违规违纪行为");
* ``major_matter_after_award``: a winning organisation or individual has another major matter against
  the award's purpose and principles (其他违反市长质量奖宗旨与原则的重大事项).

Each code means a case the committee found serious (情节严重、影响恶劣); lesser cases only need the
30-day report and an investigation (see the cycle plan's obligations). [reading: post_award_serious_only]
Measures: title revoked, plaque and bonus taken back, announced; 2023 adds a 5-year application ban.
The annotation marks one part of 2023 第三十三条 as new besides the rewritten situations; it is read
as the ban, so 2020 has none, and the "other major matters" clause as 2020 wording.
[reading: post_award_ban_new_2023]

The 2020 window "获奖组织在获奖后3年内发生本办法第十一条规定的情形之一的" binds only the
organisations' negative-list situations; an individual's misconduct ("获奖个人有违法……行为的") and
other major matters have no time limit. For a negative-list situation the award date is needed, and
with an award older than 3 years the date the facts occurred too; a situation after the third
anniversary is outside the article. [reading: post_award_window_2020]
"""
from __future__ import annotations

import datetime as dt

from core.sdk import (
    INDIVIDUAL, ORGANIZATION, InvalidInput, PastAward, SanctionDecision, ViolationKind, award_date, period_last_day,
    unknown_violation,
)
from plugins.nantong.articles import cite

FALSE_APPLICATION = "false_application"
"""弄虚作假、以不正当手段骗取: false materials or a win obtained by fraud."""
NEGATIVE_LIST_AFTER_AWARD = "negative_list_after_award"
"""A winning organisation falls into a negative-list situation after the award."""
SERIOUS_RECORD_AFTER_AWARD = "serious_record_after_award"
"""A winning individual's serious illegal, violation, discipline or dishonesty record after the award."""
MAJOR_MATTER_AFTER_AWARD = "major_matter_after_award"
"""Another major matter against the award's purpose and principles, by a winning organisation or individual."""
AFTER_AWARD = (NEGATIVE_LIST_AFTER_AWARD, SERIOUS_RECORD_AFTER_AWARD, MAJOR_MATTER_AFTER_AWARD)
VIOLATIONS = (FALSE_APPLICATION, *AFTER_AWARD)

REVOKE_ELIGIBILITY = "revoke_eligibility"            # 撤销申报资格
WARNING_OR_REVOKE = "warning_or_revoke_eligibility"  # 2020: 警告或者撤销申报资格, by severity
REVOKE_TITLE = "revoke_title"                        # 撤销称号
RECLAIM_PLAQUE = "reclaim_plaque"                    # 收回奖牌
RECLAIM_CERTIFICATE = "reclaim_certificate"          # 收回证书
RECLAIM_BONUS = "reclaim_bonus"                      # 收回奖金
CREDIT_RECORD = "credit_record"                      # 纳入信用管理
PUBLIC_ANNOUNCEMENT = "public_announcement"          # 向社会公布 / 公告
APPLICATION_BAN = "application_ban"

FALSE_APPLICATION_BAN_YEARS = {"2023": 5, "2020": 3}
POST_AWARD_BAN_YEARS = {"2023": 5, "2020": None}
POST_AWARD_WINDOW_YEARS_2020 = 3

# Who each after-award code concerns (None: organisations and individuals).
CONCERNS = {NEGATIVE_LIST_AFTER_AWARD: ORGANIZATION.code, SERIOUS_RECORD_AFTER_AWARD: INDIVIDUAL.code,
            MAJOR_MATTER_AFTER_AWARD: None}
DESCRIPTIONS = {
    FALSE_APPLICATION: "弄虚作假、以不正当手段骗取市长质量奖（提名奖）",
    NEGATIVE_LIST_AFTER_AWARD: "获奖组织在获奖后发生负面清单所列情形，经认定情节严重、影响恶劣",
    SERIOUS_RECORD_AFTER_AWARD: "获奖个人在获奖后有严重违法、违规、违纪、失信记录，经认定情节严重、影响恶劣",
    MAJOR_MATTER_AFTER_AWARD: "获奖组织或个人有其他违反市长质量奖宗旨与原则的重大事项，经认定情节严重、影响恶劣",
}
DESCRIPTIONS_2020 = {
    **DESCRIPTIONS,
    NEGATIVE_LIST_AFTER_AWARD: "获奖组织在获奖后3年内发生负面清单所列情形，经认定情节严重、影响恶劣",
    SERIOUS_RECORD_AFTER_AWARD: "获奖个人有违法、严重违规违纪行为，经认定情节严重、影响恶劣",
}


def violations(version: str) -> tuple[ViolationKind, ...]:
    texts = DESCRIPTIONS_2020 if version == "2020" else DESCRIPTIONS
    return tuple(ViolationKind(code, texts[code],
                               cite(version, "false_application" if code == FALSE_APPLICATION else "revocation"))
                 for code in VIOLATIONS)


def sanction(version: str, violation: str, award: PastAward | None, decided_on: dt.date,
             occurred_on: dt.date | None) -> SanctionDecision:
    if violation == FALSE_APPLICATION:
        return _false_application(version, award, decided_on)
    if violation in AFTER_AWARD:
        return _after_award(version, violation, award, decided_on, occurred_on)
    raise unknown_violation(violation, VIOLATIONS)


def _false_application(version: str, award: PastAward | None, decided_on: dt.date) -> SanctionDecision:
    years = FALSE_APPLICATION_BAN_YEARS[version]
    first = REVOKE_ELIGIBILITY if version == "2023" else WARNING_OR_REVOKE
    claw_back = (RECLAIM_PLAQUE, RECLAIM_CERTIFICATE, RECLAIM_BONUS) if award is not None else ()
    ban_end = period_last_day(decided_on, years=years)
    text = ("撤销申报资格" if version == "2023" else "视情节给予警告或撤销申报资格") \
        + ("，收回奖牌、证书和奖金" if award is not None else "") \
        + f"，纳入信用管理并公开；{years}年内不得参加评审（至{ban_end}，含当日）"
    return SanctionDecision((first, *claw_back, CREDIT_RECORD, PUBLIC_ANNOUNCEMENT, APPLICATION_BAN), ban_end,
                            cite(version, "false_application"), text)


def _after_award(version: str, violation: str, award: PastAward | None, decided_on: dt.date,
                 occurred_on: dt.date | None) -> SanctionDecision:
    citation = cite(version, "revocation")
    if award is None:
        raise InvalidInput.on("award", f"{violation} concerns a winner: name the award")
    concerns = CONCERNS[violation]
    if concerns is not None and award.entry_kind != concerns:
        other = SERIOUS_RECORD_AFTER_AWARD if concerns == ORGANIZATION.code else NEGATIVE_LIST_AFTER_AWARD
        raise InvalidInput.on("award.entry_kind", f"{violation} concerns {concerns} winners; for a winning "
                                                  f"{award.entry_kind} use {other} or {MAJOR_MATTER_AFTER_AWARD}")
    if occurred_on is not None and award.awarded_on is not None and occurred_on < award.awarded_on:
        raise InvalidInput.on("occurred_on", f"{occurred_on} is before the award ({award.awarded_on})")
    if version == "2020" and violation == NEGATIVE_LIST_AFTER_AWARD:
        awarded_on = award_date(award, f"the 3-year window of nantong/2020 {citation.article}",
                                field="award.awarded_on")
        if occurred_on is not None and occurred_on < awarded_on:
            raise InvalidInput.on("occurred_on", f"{occurred_on} is before the award ({awarded_on})")
        window_end = period_last_day(awarded_on, years=POST_AWARD_WINDOW_YEARS_2020)
        if decided_on > window_end and occurred_on is None:
            raise InvalidInput.on("occurred_on", f"nantong/2020 {citation.article} covers negative-list situations "
                                                 f"within 3 years of the award (to {window_end}): give the date "
                                                 f"they occurred")
        if (occurred_on or decided_on) > window_end:
            return SanctionDecision((), None, citation,
                                    f"负面清单情形发生于获奖3年期满（{window_end}）之后，不在本条处理范围内")
    measures = (REVOKE_TITLE, RECLAIM_PLAQUE, RECLAIM_BONUS, PUBLIC_ANNOUNCEMENT)
    years = POST_AWARD_BAN_YEARS[version]
    if years is None:
        return SanctionDecision(measures, None, citation, "撤销称号，收回奖牌和奖金，并公告")
    ban_end = period_last_day(decided_on, years=years)
    return SanctionDecision((*measures, APPLICATION_BAN), ban_end, citation,
                            f"撤销称号，收回奖牌和奖金，并公告；{years}年内不接受申报（至{ban_end}，含当日）")
