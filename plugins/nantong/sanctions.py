"""Sanctions: false applications (2023 第三十二条, 2020 第三十三条) and serious violations after the
award (2023 第三十三条, 2020 第二十七条).

Bans run from the decision: "5年内不得参加" ends on the day before the fifth anniversary, which
is the ``ban_until`` returned (inclusive).

False application. 2023: the application right is revoked; if already awarded, plaque,
certificate and bonus are taken back; the case enters credit management and is published; no
entry for 5 years. Read "已获奖的" as governing the claw-back only: credit management, publication
and the ban apply to every offender. 2020 differed in two quoted places: the committee chose a
warning or revocation by severity (one measure, ``warning_or_revoke_eligibility``, left to the
office), and the ban was 3 years.

Violation after the award: the code means a case the committee found serious (情节严重、影响恶劣);
lesser cases only need the 30-day report and an investigation (see the cycle plan's obligations).
Measures: title revoked, plaque and bonus taken back, announced. The 5-year application ban is
read as the part the annotation marks new in 2023, so 2020 has no ban. 2020 covered only
situations within 3 years of the award: with an award older than that, the date the facts
occurred is required and a later occurrence is outside the article.
"""
from __future__ import annotations

import datetime as dt

from core.sdk import InvalidInput, PastAward, SanctionDecision, period_end, years_after
from plugins.nantong.articles import cite

FALSE_APPLICATION = "false_application"
"""弄虚作假、以不正当手段骗取: false materials or a win obtained by fraud."""
POST_AWARD_VIOLATION = "post_award_violation"
"""A winner's serious violation after the award (negative-list situation, serious illegal or dishonest record)."""
VIOLATIONS = (FALSE_APPLICATION, POST_AWARD_VIOLATION)

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


def sanction(version: str, violation: str, award: PastAward | None, decided_on: dt.date,
             occurred_on: dt.date | None) -> SanctionDecision:
    if violation == FALSE_APPLICATION:
        return _false_application(version, award, decided_on)
    if violation == POST_AWARD_VIOLATION:
        return _post_award(version, award, decided_on, occurred_on)
    raise InvalidInput.on("violation", f"unknown violation {violation!r}; nantong knows: {', '.join(VIOLATIONS)}")


def _ban_end(decided_on: dt.date, years: int) -> dt.date:
    return period_end(decided_on, years)


def _false_application(version: str, award: PastAward | None, decided_on: dt.date) -> SanctionDecision:
    years = FALSE_APPLICATION_BAN_YEARS[version]
    first = REVOKE_ELIGIBILITY if version == "2023" else WARNING_OR_REVOKE
    claw_back = (RECLAIM_PLAQUE, RECLAIM_CERTIFICATE, RECLAIM_BONUS) if award is not None else ()
    ban_end = _ban_end(decided_on, years)
    text = ("撤销申报资格" if version == "2023" else "视情节给予警告或撤销申报资格") \
        + ("，收回奖牌、证书和奖金" if award is not None else "") \
        + f"，纳入信用管理并公开，{ban_end}前（{years}年内）不得参加评审"
    return SanctionDecision((first, *claw_back, CREDIT_RECORD, PUBLIC_ANNOUNCEMENT, APPLICATION_BAN), ban_end,
                            cite(version, "false_application"), text)


def _post_award(version: str, award: PastAward | None, decided_on: dt.date,
                occurred_on: dt.date | None) -> SanctionDecision:
    citation = cite(version, "revocation")
    if award is None:
        raise InvalidInput.on("award", f"{POST_AWARD_VIOLATION} concerns a winner: name the award")
    if occurred_on is not None and occurred_on < award.awarded_on:
        raise InvalidInput.on("occurred_on", f"{occurred_on} is before the award ({award.awarded_on})")
    if version == "2020":
        window_end = years_after(award.awarded_on, POST_AWARD_WINDOW_YEARS_2020)
        if decided_on > window_end and occurred_on is None:
            raise InvalidInput.on("occurred_on", f"nantong/2020 {citation.article} covers situations within 3 years "
                                                 f"of the award (until {window_end}): give the date they occurred")
        if (occurred_on or decided_on) > window_end:
            return SanctionDecision((), None, citation, f"情形发生于获奖3年之后（{window_end}之后），不在本条处理范围内")
    measures = (REVOKE_TITLE, RECLAIM_PLAQUE, RECLAIM_BONUS, PUBLIC_ANNOUNCEMENT)
    years = POST_AWARD_BAN_YEARS[version]
    if years is None:
        return SanctionDecision(measures, None, citation, "撤销称号，收回奖牌和奖金，并公告")
    ban_end = _ban_end(decided_on, years)
    return SanctionDecision((*measures, APPLICATION_BAN), ban_end, citation,
                            f"撤销称号，收回奖牌和奖金，并公告；{ban_end}前（{years}年内）不接受申报")
