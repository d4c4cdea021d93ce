"""Sanctions: 第二十八条 (false application; fraudulent win) and 第三十条 (accident or serious violation
within 5 years of the award).

Bans run from the decision: "N 年内不予受理" ends the day before the N-th anniversary of the decision,
which is ``ban_until`` (inclusive).

* ``false_application`` (第二十八条, first sentence): concealment or false materials: applications not
  accepted for 5 years. No other measure is set.
* ``fraudulent_win`` (第二十八条, second sentence): a win by deception, bribery or other improper means:
  award cancelled, certificate and trophy taken back, applications refused for 10 years, referral to the
  competent authority, made public.
* ``post_award_incident`` (第三十条): from the award day to the day before its 5th anniversary, a major
  quality, safety or environmental accident, a serious violation, or a breach of this regulation (e.g.
  misuse of the title under 第三十一条): award cancelled, certificate and trophy taken back, made public.
  No ban is stated, so none is set. Facts after the window: the article does not apply (no measures).
  ``occurred_on`` is used when given, else the decision date.
"""
from __future__ import annotations

import datetime as dt

from core.sdk import InvalidInput, PastAward, SanctionDecision, period_end
from plugins.changde.articles import cite

FALSE_APPLICATION = "false_application"
"""隐瞒有关情况或提供虚假材料申报 (第二十八条)."""
FRAUDULENT_WIN = "fraudulent_win"
"""以欺骗、贿赂等不正当手段获奖 (第二十八条)."""
POST_AWARD_INCIDENT = "post_award_incident"
"""获奖之日起5年内重大事故、严重违法违规违纪或违反本办法 (第三十条)."""
VIOLATIONS = (FALSE_APPLICATION, FRAUDULENT_WIN, POST_AWARD_INCIDENT)

CANCEL_AWARD = "cancel_award"                  # 取消奖励
RECLAIM_CERTIFICATE = "reclaim_certificate"    # 收回证书
RECLAIM_TROPHY = "reclaim_trophy"              # 收回奖杯
REFER_TO_AUTHORITIES = "refer_to_authorities"  # 建议其主管部门予以处理
PUBLIC_ANNOUNCEMENT = "public_announcement"    # 向社会公开
APPLICATION_BAN = "application_ban"            # 不予受理其申报

FALSE_APPLICATION_BAN_YEARS = 5
FRAUD_BAN_YEARS = 10
POST_AWARD_WINDOW_YEARS = 5


def ban_end(decided_on: dt.date, years: int) -> dt.date:
    return period_end(decided_on, years)


def _need_award(award: PastAward | None, violation: str) -> PastAward:
    if award is None:
        raise InvalidInput.on("award", f"{violation} concerns a winner: name the award")
    return award


def sanction(version: str, violation: str, award: PastAward | None, decided_on: dt.date,
             occurred_on: dt.date | None) -> SanctionDecision:
    if violation == FALSE_APPLICATION:
        end = ban_end(decided_on, FALSE_APPLICATION_BAN_YEARS)
        return SanctionDecision((APPLICATION_BAN,), end, cite(version, "第二十八条"),
                                f"隐瞒情况或提供虚假材料申报：{end}前（含，5年内）不予受理其申报")
    if violation == FRAUDULENT_WIN:
        _need_award(award, violation)
        end = ban_end(decided_on, FRAUD_BAN_YEARS)
        return SanctionDecision((CANCEL_AWARD, RECLAIM_CERTIFICATE, RECLAIM_TROPHY, APPLICATION_BAN,
                                 REFER_TO_AUTHORITIES, PUBLIC_ANNOUNCEMENT), end, cite(version, "第二十八条"),
                                f"以不正当手段获奖：取消奖励，收回证书、奖杯，{end}前（含，10年内）不予受理申报，"
                                "建议主管部门处理并向社会公开")
    if violation == POST_AWARD_INCIDENT:
        return _post_award(version, _need_award(award, violation), decided_on, occurred_on)
    raise InvalidInput.on("violation", f"unknown violation {violation!r}; changde knows: {', '.join(VIOLATIONS)}")


def _post_award(version: str, award: PastAward, decided_on: dt.date, occurred_on: dt.date | None) -> SanctionDecision:
    citation = cite(version, "第三十条")
    when = occurred_on or decided_on
    if when < award.awarded_on:
        raise InvalidInput.on("occurred_on", f"{when} is before the award ({award.awarded_on})")
    window_end = period_end(award.awarded_on, POST_AWARD_WINDOW_YEARS)
    if when > window_end:
        return SanctionDecision((), None, citation,
                                f"情形发生于{when}，已超出获奖之日起5年（至{window_end}），第三十条不适用")
    return SanctionDecision((CANCEL_AWARD, RECLAIM_CERTIFICATE, RECLAIM_TROPHY, PUBLIC_ANNOUNCEMENT), None, citation,
                            f"获奖之日起5年内（至{window_end}）发生重大事故、严重违法违规违纪或违反本办法：取消奖励，"
                            "收回证书、奖杯，向社会公开；第三十条未规定不予受理的期限")
