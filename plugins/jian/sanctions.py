"""Sanctions: 第二十条 (false application) and 第二十二条 (fraudulent win; accidents or serious
violations within 5 years of the award).

Bans run from the decision: "N 年内不予受理" ends the day before the N-th anniversary of the
decision, which is ``ban_until`` (inclusive).

* ``false_application`` (第二十条): concealment or false materials in an application: applications
  are not accepted for 5 years. The article sets no other measure.
* ``fraudulent_win`` (第二十二条第一款): a win by deception, bribery or other improper means: the
  award is cancelled (取消奖励), plaque and certificate taken back, applications refused for 10 years,
  the case referred to the competent authority, and made public. Whether an already-paid bonus is
  recovered under "取消奖励" is not spelled out; it is left to the office (no measure code invented).
* ``post_award_incident`` (第二十二条第二款): within 5 years from the award day (awarded_on .. the day
  before its 5th anniversary), a major quality, safety or environmental accident, or a serious
  violation: award cancelled, plaque and certificate taken back, made public. No ban is stated, so
  none is set. If the facts occurred after that window the paragraph does not apply (no measures).
  ``occurred_on`` is used when given, else the decision date.
"""
from __future__ import annotations

import datetime as dt

from core.sdk import InvalidInput, PastAward, SanctionDecision, period_end
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


def sanction(version: str, violation: str, award: PastAward | None, decided_on: dt.date,
             occurred_on: dt.date | None) -> SanctionDecision:
    if violation == FALSE_APPLICATION:
        end = ban_end(decided_on, FALSE_APPLICATION_BAN_YEARS)
        return SanctionDecision((APPLICATION_BAN,), end, cite(version, "第二十条"),
                                f"隐瞒情况或提供虚假材料申报，{end}前（5年内）不予受理其申报")
    if violation == FRAUDULENT_WIN:
        _need_award(award, violation)
        end = ban_end(decided_on, FRAUD_BAN_YEARS)
        return SanctionDecision((CANCEL_AWARD, RECLAIM_PLAQUE, RECLAIM_CERTIFICATE, APPLICATION_BAN,
                                 REFER_TO_AUTHORITIES, PUBLIC_ANNOUNCEMENT), end, cite(version, "第二十二条", "第一款"),
                                f"以不正当手段获奖：取消奖励，收回奖牌、证书，{end}前（10年内）不予受理申报，"
                                "建议有权机关处理并向社会公开")
    if violation == POST_AWARD_INCIDENT:
        return _post_award(version, award, decided_on, occurred_on)
    raise InvalidInput.on("violation", f"unknown violation {violation!r}; jian knows: {', '.join(VIOLATIONS)}")


def ban_end(decided_on: dt.date, years: int) -> dt.date:
    return period_end(decided_on, years)


def _need_award(award: PastAward | None, violation: str) -> None:
    if award is None:
        raise InvalidInput.on("award", f"{violation} concerns a winner: name the award")


def _post_award(version: str, award: PastAward | None, decided_on: dt.date,
                occurred_on: dt.date | None) -> SanctionDecision:
    citation = cite(version, "第二十二条", "第二款")
    _need_award(award, POST_AWARD_INCIDENT)
    assert award is not None
    when = occurred_on or decided_on
    if when < award.awarded_on:
        raise InvalidInput.on("occurred_on", f"{when} is before the award ({award.awarded_on})")
    window_end = period_end(award.awarded_on, POST_AWARD_WINDOW_YEARS)
    if when > window_end:
        return SanctionDecision((), None, citation,
                                f"情形发生于{when}，已超出获奖之日起5年（至{window_end}），本款不适用")
    return SanctionDecision((CANCEL_AWARD, RECLAIM_PLAQUE, RECLAIM_CERTIFICATE, PUBLIC_ANNOUNCEMENT), None, citation,
                            f"获奖之日起5年内（至{window_end}）发生重大事故或严重违法违规：取消奖励，收回奖牌、证书，"
                            "向社会公开；本款未规定禁止申报期限")
