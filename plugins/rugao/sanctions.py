"""Sanctions: false applications (第二十九条) and serious matters after the award (第二十三条).

False application (第二十九条): the committee gives a warning or revokes the application by
severity (one measure, ``warning_or_revoke_eligibility``, left to the office); if already
awarded, the plaque and the bonus are taken back (the text names no certificate); credit
management and publication; no entry for 3 years. "已获奖的" is read as governing the
claw-back only. The ban ends the day before the third anniversary of the decision (inclusive).

After the award (第二十三条): a violation code means a case the committee found serious
(情节严重、影响恶劣); lesser cases only need the 30-day report and an investigation (cycle
plan obligations). Measures: title revoked, plaque, certificate and bonus taken back (the bonus
only exists for organisations), announced. The text gives no application ban, so none is set.
* ``post_award_violation``: an organisation's negative-list situation (第十三条) within 3 years
  of the award, or an individual winner's illegal or serious misconduct (no time limit in the text).
  For an organisation with an award older than 3 years the date the situation occurred is
  required; a later one is outside the article.
* ``post_award_major_matter``: another major matter against the award's purpose, for either
  kind, with no time limit.
"""
from __future__ import annotations

import datetime as dt

from core.sdk import ORGANIZATION, InvalidInput, PastAward, SanctionDecision, period_end, years_after
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


def sanction(version: str, violation: str, award: PastAward | None, decided_on: dt.date,
             occurred_on: dt.date | None) -> SanctionDecision:
    if violation == FALSE_APPLICATION:
        return _false_application(version, award, decided_on)
    if violation in (POST_AWARD_VIOLATION, POST_AWARD_MAJOR_MATTER):
        return _post_award(version, violation, award, decided_on, occurred_on)
    raise InvalidInput.on("violation", f"unknown violation {violation!r}; rugao knows: {', '.join(VIOLATIONS)}")


def _false_application(version: str, award: PastAward | None, decided_on: dt.date) -> SanctionDecision:
    ban_end = period_end(decided_on, FALSE_APPLICATION_BAN_YEARS)
    claw_back = (RECLAIM_PLAQUE, RECLAIM_BONUS) if award is not None else ()
    text = ("视情节给予警告或撤销申报资格" + ("，收回奖牌和奖金" if award is not None else "")
            + f"，纳入信用管理并公开，{ban_end}前（3年内）不得参加评审")
    return SanctionDecision((WARNING_OR_REVOKE, *claw_back, CREDIT_RECORD, PUBLIC_ANNOUNCEMENT, APPLICATION_BAN),
                            ban_end, cite(version, "false_application"), text)


def _post_award(version: str, violation: str, award: PastAward | None, decided_on: dt.date,
                occurred_on: dt.date | None) -> SanctionDecision:
    citation = cite(version, "post_award")
    if award is None:
        raise InvalidInput.on("award", f"{violation} concerns a winner: name the award")
    if occurred_on is not None and occurred_on < award.awarded_on:
        raise InvalidInput.on("occurred_on", f"{occurred_on} is before the award ({award.awarded_on})")
    organisation = award.entry_kind == ORGANIZATION.code
    if violation == POST_AWARD_VIOLATION and organisation:
        window_end = years_after(award.awarded_on, POST_AWARD_WINDOW_YEARS)
        if decided_on > window_end and occurred_on is None:
            raise InvalidInput.on("occurred_on", f"rugao/{version} {citation.article} covers an organisation's "
                                                 f"negative-list situations within 3 years of the award "
                                                 f"(until {window_end}): give the date they occurred")
        if (occurred_on or decided_on) > window_end:
            return SanctionDecision((), None, citation, f"情形发生于获奖3年之后（{window_end}之后），不在本条处理范围内")
    measures = (REVOKE_TITLE, RECLAIM_PLAQUE, RECLAIM_CERTIFICATE, *((RECLAIM_BONUS,) if organisation else ()),
                PUBLIC_ANNOUNCEMENT)
    text = "情节严重、影响恶劣：撤销称号，收回奖牌、证书" + ("和奖金" if organisation else "") + "，并公告；本条未规定禁止申报期限"
    return SanctionDecision(measures, None, citation, text)
