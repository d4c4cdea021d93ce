"""Sanctions: false applications (第二十九条) and serious matters after the award (第二十三条).

Violation codes (listed with their articles by ``violation_kinds``; any other code is refused):

* ``false_application`` (第二十九条): an applying organisation's false materials or improper means.
  The committee gives a warning or revokes the application by severity: one measure,
  ``warning_or_revoke_eligibility``, whose choice is left to the office.
  [reading: false_application_single_measure]
  "已获奖的" is read as governing the claw-back only: the credit record, the publication and the
  3-year ban follow for every organisation sanctioned under the article, winner or not.
  [reading: false_application_claw_back_scope]
  A winner gives back the plaque and the bonus, the two things the article names; it sets no
  separate revocation of the title or the certificate. [reading: false_application_winner_measures]
  The ban ("3年内不得参加市长质量奖评审") runs from the committee's decision: the decision day is
  not counted and the ban's last day is the corresponding day 3 years later (decided 2024-05-01,
  barred through 2027-05-01, may take part again from 2027-05-02).
  [reading: false_application_ban_from_decision]
  The article names applying *organisations* only ("申报组织……骗取市长质量奖的组织"): an individual
  gets none of its measures and no ban. An individual's false materials lead to non-acceptance
  (第十六条); an individual winner's fraud can be handled as a major matter against the award's
  purpose under 第二十三条 (``post_award_major_matter``). The offender is an individual when the
  core says so (``entry_kind``, from the award concerned or named by the caller); when nothing
  says who offended, the code, defined as an organisation's violation, applies as written.
  [reading: false_application_organisations_only]

* ``post_award_violation`` and ``post_award_major_matter`` (第二十三条): a code means a case the
  committee found serious (情节严重、影响恶劣); lesser cases only need the 30-day report and an
  investigation (cycle plan obligations). [reading: post_award_serious_cases_only]
  Measures: title revoked, plaque, certificate and bonus taken back (the bonus only exists for
  organisations), announced. The text gives no application ban, so none is set.
  [reading: post_award_no_ban]
  ``post_award_violation`` is an organisation's negative-list situation (第十三条) occurring within
  3 years after the award, or an individual winner's illegal or serious misconduct after the award
  (no time limit in the text). For an organisation the window starts the day after the award and
  ends on the third anniversary (inclusive); it is counted from the award's exact date (refused,
  naming ``award.awarded_on``, when only the cycle year is known), and the date the situation
  occurred decides (asked for when the decision itself falls after the window).
  [reading: post_award_window_by_occurrence]
  ``post_award_major_matter`` is another major matter against the award's purpose, for either
  kind, with no time limit.
"""
from __future__ import annotations

import datetime as dt

from core.sdk import (
    INDIVIDUAL, ORGANIZATION, InvalidInput, PastAward, SanctionDecision, ViolationKind, period_last_day,
    unknown_violation,
)
from plugins.rugao.articles import cite

FALSE_APPLICATION = "false_application"
POST_AWARD_VIOLATION = "post_award_violation"
POST_AWARD_MAJOR_MATTER = "post_award_major_matter"
VIOLATIONS = (FALSE_APPLICATION, POST_AWARD_VIOLATION, POST_AWARD_MAJOR_MATTER)

WARNING_OR_REVOKE = "warning_or_revoke_eligibility"  # 警告或撤销申报资格, by severity
REVOKE_TITLE = "revoke_title"
RECLAIM_PLAQUE = "reclaim_plaque"
RECLAIM_CERTIFICATE = "reclaim_certificate"
RECLAIM_BONUS = "reclaim_bonus"
CREDIT_RECORD = "credit_record"
PUBLIC_ANNOUNCEMENT = "public_announcement"
APPLICATION_BAN = "application_ban"

FALSE_APPLICATION_BAN_YEARS = 3
POST_AWARD_WINDOW_YEARS = 3



def violation_kinds(version: str) -> tuple[ViolationKind, ...]:
    return (
        ViolationKind(FALSE_APPLICATION, "申报组织弄虚作假、以不正当手段骗取市长质量奖（仅适用于组织）",
                      cite(version, "false_application")),
        ViolationKind(POST_AWARD_VIOLATION, "获奖组织获奖后3年内发生第十三条所列情形，或获奖个人获奖后有违法、严重违规违纪行为，"
                                            "且情节严重、影响恶劣", cite(version, "post_award")),
        ViolationKind(POST_AWARD_MAJOR_MATTER, "获奖组织或个人有其他违反市长质量奖宗旨与原则的重大事项，且情节严重、影响恶劣",
                      cite(version, "post_award")),
    )


def sanction(version: str, violation: str, award: PastAward | None, decided_on: dt.date,
             occurred_on: dt.date | None, entry_kind: str | None = None) -> SanctionDecision:
    if violation == FALSE_APPLICATION:
        return _false_application(version, award, decided_on, entry_kind == INDIVIDUAL.code)
    if violation in (POST_AWARD_VIOLATION, POST_AWARD_MAJOR_MATTER):
        return _post_award(version, violation, award, decided_on, occurred_on)
    raise unknown_violation(violation, VIOLATIONS)


def _false_application(version: str, award: PastAward | None, decided_on: dt.date,
                       individual: bool) -> SanctionDecision:
    citation = cite(version, "false_application")
    if individual:
        return SanctionDecision((), None, citation,
                                "第二十九条只适用于申报组织，对个人不给予警告、撤销申报资格、信用管理或3年内不得参评；"
                                "个人申报材料不实的，依第十六条不予受理；已获奖个人的，可作为违反奖项宗旨与原则的重大事项"
                                "依第二十三条处理（post_award_major_matter）")
    ban_end = period_last_day(decided_on, years=FALSE_APPLICATION_BAN_YEARS)
    claw_back = (RECLAIM_PLAQUE, RECLAIM_BONUS) if award is not None else ()
    text = ("视情节给予警告或撤销申报资格" + ("，收回奖牌和奖金" if award is not None else "")
            + f"，纳入信用管理并公开；3年内（至{ban_end}，含当日）不得参加评审")
    return SanctionDecision((WARNING_OR_REVOKE, *claw_back, CREDIT_RECORD, PUBLIC_ANNOUNCEMENT, APPLICATION_BAN),
                            ban_end, citation, text)


def _post_award(version: str, violation: str, award: PastAward | None, decided_on: dt.date,
                occurred_on: dt.date | None) -> SanctionDecision:
    citation = cite(version, "post_award")
    if award is None:
        raise InvalidInput.on("award", f"{violation} concerns a winner: name the award")
    awarded_on = award.awarded_on
    if (violation == POST_AWARD_VIOLATION and occurred_on is not None and awarded_on is not None
            and occurred_on <= awarded_on):
        raise InvalidInput.on("occurred_on", f"{occurred_on} is not after the award ({awarded_on}): rugao/{version} "
                                             f"{citation.article} counts what happens after it")
    organisation = award.entry_kind == ORGANIZATION.code
    if violation == POST_AWARD_VIOLATION and organisation:
        if awarded_on is None:
            raise InvalidInput.on("award.awarded_on", f"the date of the {award.cycle_year} award is needed: rugao/"
                                                       f"{version} {citation.article} counts 3 years from it")
        window_end = period_last_day(awarded_on, years=POST_AWARD_WINDOW_YEARS)
        if decided_on > window_end and occurred_on is None:
            raise InvalidInput.on("occurred_on", f"rugao/{version} {citation.article} covers an organisation's "
                                                 f"negative-list situations within 3 years after the award "
                                                 f"(through {window_end}): give the date they occurred")
        if (occurred_on or decided_on) > window_end:
            return SanctionDecision((), None, citation,
                                    f"情形发生于获奖3年之后（获奖后3年至{window_end}止），不在本条处理范围内")
    measures = (REVOKE_TITLE, RECLAIM_PLAQUE, RECLAIM_CERTIFICATE, *((RECLAIM_BONUS,) if organisation else ()),
                PUBLIC_ANNOUNCEMENT)
    text = "情节严重、影响恶劣：撤销称号，收回奖牌、证书" + ("和奖金" if organisation else "") + "，并公告；本条未规定禁止申报期限"
    return SanctionDecision(measures, None, citation, text)
