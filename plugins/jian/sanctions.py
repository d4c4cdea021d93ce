"""Sanctions: 第二十条 (false application) and 第二十二条 (fraudulent win; accidents or serious
violations within 5 years of the award).

Bans are counted by the legal period convention (core.engine.periods, 民法典 第二百零一、二百零二条): the
text says "N 年内不予受理" without saying from when; the ban runs from the decision, the decision
day is not counted, and the ban ends on the corresponding day N years later, inclusive
(``ban_until``); the offender may apply again from the next day. A 5-year ban decided on
2024-03-10 ends on 2029-03-10; one decided on 2024-02-29 ends on 2029-02-28. [reading: ban_from_decision]

* ``false_application`` (第二十条): concealment or false materials in an application: applications
  are not accepted for 5 years. The article sets no other measure and needs no award.
* ``fraudulent_win`` (第二十二条第一款): a win by deception, bribery or other improper means: the
  award is cancelled (取消奖励), plaque and certificate taken back, applications refused for 10 years,
  the case referred to the competent authority, and made public. Whether an already-paid bonus is
  recovered under "取消奖励" is not spelled out; it is left to the office and no measure code is
  invented for it. [reading: cancel_no_bonus_recovery]
* ``post_award_incident`` (第二十二条第二款): within 5 years from the award day, a major quality,
  safety or environmental accident, or serious illegal, irregular or disciplinary conduct: award
  cancelled, plaque and certificate taken back, made public. The 5-year window governs both the
  accidents and the conduct ("自获奖之日起5年内发生…，或者存在…"); the award day is not counted and the
  window ends on the 5th anniversary, inclusive (award 2019-12-01: through 2024-12-01). What falls
  in the window is the date the facts occurred (``occurred_on``), which the office must give: the
  decision date says nothing about it, so a request without it is refused naming ``occurred_on``;
  the exact award date is needed too (``award.awarded_on``). No ban is stated, so none is set: the
  former winner may apply again at once (no 第五条 wait either, the award being cancelled).
  Facts that occurred after the window: the paragraph does not apply (no measures).
  [reading: post_award_window]
"""
from __future__ import annotations

import datetime as dt

from core.sdk import (
    Citation, InvalidInput, PastAward, SanctionDecision, ViolationKind, period_last_day, unknown_violation,
)
from plugins.jian.articles import cite

FALSE_APPLICATION = "false_application"
"""隐瞒有关情况或提供虚假材料申报 (第二十条)."""
FRAUDULENT_WIN = "fraudulent_win"
"""以欺骗、贿赂等不正当手段获奖 (第二十二条第一款)."""
POST_AWARD_INCIDENT = "post_award_incident"
"""获奖5年内发生重大质量、安全、环保等事故或严重违法违规违纪 (第二十二条第二款)."""
VIOLATIONS = (FALSE_APPLICATION, FRAUDULENT_WIN, POST_AWARD_INCIDENT)

CANCEL_AWARD = "cancel_award"                  # 取消奖励
RECLAIM_PLAQUE = "reclaim_plaque"              # 收回奖牌
RECLAIM_CERTIFICATE = "reclaim_certificate"    # 收回证书
REFER_TO_AUTHORITIES = "refer_to_authorities"  # 建议有权机关予以处理
PUBLIC_ANNOUNCEMENT = "public_announcement"    # 向社会公开
APPLICATION_BAN = "application_ban"            # 不予受理其申报

FALSE_APPLICATION_BAN_YEARS = 5
FRAUD_BAN_YEARS = 10
POST_AWARD_WINDOW_YEARS = 5


def violation_citation(version: str, violation: str) -> Citation:
    return {
        FALSE_APPLICATION: cite(version, "第二十条"),
        FRAUDULENT_WIN: cite(version, "第二十二条", "第一款"),
        POST_AWARD_INCIDENT: cite(version, "第二十二条", "第二款"),
    }[violation]


BAN_YEARS = {FALSE_APPLICATION: FALSE_APPLICATION_BAN_YEARS, FRAUDULENT_WIN: FRAUD_BAN_YEARS}
"""The violations that carry a ban on applying, and its length in years (第二十条, 第二十二条第一款)."""


def violations(version: str) -> tuple[ViolationKind, ...]:
    return (
        ViolationKind(FALSE_APPLICATION, "申报时隐瞒有关情况或者提供虚假材料：5年内不予受理其申报",
                      violation_citation(version, FALSE_APPLICATION)),
        ViolationKind(FRAUDULENT_WIN, "以欺骗、贿赂等不正当手段获奖：取消奖励，收回奖牌、证书，10年内不予受理其申报，"
                                      "建议有权机关处理并向社会公开", violation_citation(version, FRAUDULENT_WIN)),
        ViolationKind(POST_AWARD_INCIDENT, "获奖之日起5年内发生重大质量、安全、环保等事故，或存在严重违法、违规、违纪等情形："
                                           "取消奖励，收回奖牌、证书，向社会公开",
                      violation_citation(version, POST_AWARD_INCIDENT)),
    )


def sanction(version: str, violation: str, award: PastAward | None, decided_on: dt.date,
             occurred_on: dt.date | None) -> SanctionDecision:
    if violation not in VIOLATIONS:
        raise unknown_violation(violation, VIOLATIONS)
    citation = violation_citation(version, violation)
    if violation == FALSE_APPLICATION:
        end = ban_end(decided_on, FALSE_APPLICATION_BAN_YEARS)
        return SanctionDecision((APPLICATION_BAN,), end, citation,
                                f"隐瞒情况或提供虚假材料申报：自{decided_on}处理决定起5年内不予受理其申报，至{end}（含）止")
    if violation == FRAUDULENT_WIN:
        _need_award(award, violation)
        end = ban_end(decided_on, FRAUD_BAN_YEARS)
        return SanctionDecision((CANCEL_AWARD, RECLAIM_PLAQUE, RECLAIM_CERTIFICATE, APPLICATION_BAN,
                                 REFER_TO_AUTHORITIES, PUBLIC_ANNOUNCEMENT), end, citation,
                                f"以不正当手段获奖：取消奖励，收回奖牌、证书，自{decided_on}处理决定起10年内不予受理申报，"
                                f"至{end}（含）止，建议有权机关处理并向社会公开")
    return _post_award(citation, award, occurred_on)


def ban_end(decided_on: dt.date, years: int) -> dt.date:
    """The last day (inclusive) of a ban of ``years`` years decided on ``decided_on``."""
    return period_last_day(decided_on, years=years)


def _need_award(award: PastAward | None, violation: str) -> None:
    if award is None:
        raise InvalidInput.on("award", f"{violation} concerns a winner: name the award")


def _post_award(citation: Citation, award: PastAward | None, occurred_on: dt.date | None) -> SanctionDecision:
    _need_award(award, POST_AWARD_INCIDENT)
    assert award is not None
    if award.awarded_on is None:
        raise InvalidInput.on("award.awarded_on",
                              f"the date of the {award.cycle_year} award is needed: 第二十二条第二款 counts 5 years "
                              "from the award day")
    awarded_on = award.awarded_on
    if occurred_on is None:
        raise InvalidInput.on("occurred_on", "第二十二条第二款 applies to facts that occurred within 5 years of the "
                                             "award day: give the date they occurred")
    if occurred_on < awarded_on:
        raise InvalidInput.on("occurred_on", f"{occurred_on} is before the award ({awarded_on})")
    window_end = period_last_day(awarded_on, years=POST_AWARD_WINDOW_YEARS)
    if occurred_on > window_end:
        return SanctionDecision((), None, citation,
                                f"情形发生于{occurred_on}，已超出获奖之日（{awarded_on}）起5年（至{window_end}），本款不适用")
    return SanctionDecision((CANCEL_AWARD, RECLAIM_PLAQUE, RECLAIM_CERTIFICATE, PUBLIC_ANNOUNCEMENT), None, citation,
                            f"获奖之日（{awarded_on}）起5年内（至{window_end}）发生重大事故或严重违法违规违纪情形："
                            "取消奖励，收回奖牌、证书，向社会公开；本款未规定禁止申报期限")
