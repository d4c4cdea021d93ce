"""Sanctions: 第二十八条 (false application; fraudulent win) and 第三十条 (accident or serious violation
within 5 years of the award). The codes an office sends are listed by ``violations`` (hook
``mqa_violations``); any other code is refused naming ``violation``.

Bans [reading: ban_counted_from_decision]: 第二十八条 says "5年内 / 10年内不予受理" without saying from
when; the years run from the decision that finds the conduct (``decided_on``). By the legal period
convention (民法典 第二百零一、二百零二条) the decision day is not counted and the ban's last day,
``ban_until`` (inclusive), is the corresponding day 5 or 10 years later: a false application decided on
2024-05-01 is refused up to 2029-05-01 and may be accepted again from 2029-05-02.

* ``false_application`` (第二十八条, first sentence): concealment or false materials: applications not
  accepted for 5 years. No other measure is set.
* ``fraudulent_win`` (第二十八条, second sentence): a win by deception, bribery or other improper means:
  award cancelled, certificate and trophy taken back, applications refused for 10 years, referral to the
  competent authority, made public. The award concerned must be named.
* ``post_award_incident`` (第三十条) [reading: post_award_window]: "自获奖之日起5年内": the award day is
  not counted and the window's last day is the corresponding day 5 years later (award 2020-03-01: facts
  up to 2025-03-01 are inside, from 2025-03-02 outside). A major quality, safety or environmental
  accident, a serious violation, or a breach of this regulation (e.g. misuse of the title under
  第三十一条) inside the window: award cancelled, certificate and trophy taken back, made public. The
  window is judged on the day the facts happened (``occurred_on``), or the decision date when that is
  not given; facts after the window: the article does not apply (no measures). The window counts from
  the award's exact date, so an award with only its cycle year is refused (``award.awarded_on``).
* 第三十条 [reading: post_award_no_ban]: no period of refused applications is stated, so none is set
  (``ban_until`` None); the 10-year ban of 第二十八条 is for improper means of winning only.
"""
from __future__ import annotations

import datetime as dt

from core.sdk import (
    InvalidInput, PastAward, SanctionDecision, ViolationKind, award_date, period_last_day, unknown_violation,
)
from plugins.changde.articles import cite

FALSE_APPLICATION = "false_application"
"""隐瞒有关情况或提供虚假材料申报 (第二十八条)."""
FRAUDULENT_WIN = "fraudulent_win"
"""以欺骗、贿赂等不正当手段获奖 (第二十八条)."""
POST_AWARD_INCIDENT = "post_award_incident"
"""获奖之日起5年内重大事故、严重违法违规违纪或违反本办法 (第三十条)."""
VIOLATIONS = (FALSE_APPLICATION, FRAUDULENT_WIN, POST_AWARD_INCIDENT)
NAMES = {
    FALSE_APPLICATION: "隐瞒有关情况或提供虚假材料申报",
    FRAUDULENT_WIN: "以欺骗、贿赂等不正当手段获奖",
    POST_AWARD_INCIDENT: "获奖之日起5年内发生重大质量、安全、环保等事故，或存在严重违法、违规、违纪情形或违反本办法规定",
}
ARTICLES = {FALSE_APPLICATION: "第二十八条", FRAUDULENT_WIN: "第二十八条", POST_AWARD_INCIDENT: "第三十条"}

CANCEL_AWARD = "cancel_award"                  # 取消奖励
RECLAIM_CERTIFICATE = "reclaim_certificate"    # 收回证书
RECLAIM_TROPHY = "reclaim_trophy"              # 收回奖杯
REFER_TO_AUTHORITIES = "refer_to_authorities"  # 建议其主管部门予以处理
PUBLIC_ANNOUNCEMENT = "public_announcement"    # 向社会公开
APPLICATION_BAN = "application_ban"            # 不予受理其申报

BAN_YEARS = {FALSE_APPLICATION: 5, FRAUDULENT_WIN: 10}
POST_AWARD_WINDOW_YEARS = 5


def violations(version: str) -> tuple[ViolationKind, ...]:
    return tuple(ViolationKind(code, NAMES[code], cite(version, ARTICLES[code])) for code in VIOLATIONS)


def ban_last_day(violation: str, decided_on: dt.date) -> dt.date | None:
    """第二十八条: the last day (inclusive) on which applications are refused; None for a violation
    without a ban."""
    years = BAN_YEARS.get(violation)
    return None if years is None else period_last_day(decided_on, years=years)


def _need_award(award: PastAward | None, violation: str) -> PastAward:
    if award is None:
        raise InvalidInput.on("award", f"{violation} concerns a winner: name the award")
    return award


def sanction(version: str, violation: str, award: PastAward | None, decided_on: dt.date,
             occurred_on: dt.date | None) -> SanctionDecision:
    if violation == FALSE_APPLICATION:
        end = ban_last_day(violation, decided_on)
        return SanctionDecision((APPLICATION_BAN,), end, cite(version, "第二十八条"),
                                f"隐瞒情况或提供虚假材料申报：自{decided_on}作出处理起5年内（至{end}，含）不予受理其申报")
    if violation == FRAUDULENT_WIN:
        _need_award(award, violation)
        end = ban_last_day(violation, decided_on)
        return SanctionDecision((CANCEL_AWARD, RECLAIM_CERTIFICATE, RECLAIM_TROPHY, APPLICATION_BAN,
                                 REFER_TO_AUTHORITIES, PUBLIC_ANNOUNCEMENT), end, cite(version, "第二十八条"),
                                f"以不正当手段获奖：取消奖励，收回证书、奖杯，自{decided_on}作出处理起10年内（至{end}，含）"
                                "不予受理申报，建议主管部门处理并向社会公开")
    if violation == POST_AWARD_INCIDENT:
        return _post_award(version, _need_award(award, violation), decided_on, occurred_on)
    raise unknown_violation(violation, VIOLATIONS)


def _post_award(version: str, award: PastAward, decided_on: dt.date, occurred_on: dt.date | None) -> SanctionDecision:
    citation = cite(version, "第三十条")
    awarded_on = award_date(award, f"{citation} counts 5 years from the day of the award", "award.awarded_on")
    when = occurred_on or decided_on
    if when < awarded_on:
        raise InvalidInput.on("occurred_on", f"{when} is before the award ({awarded_on})")
    window_end = period_last_day(awarded_on, years=POST_AWARD_WINDOW_YEARS)
    if when > window_end:
        return SanctionDecision((), None, citation,
                                f"情形发生于{when}，已超出获奖之日起5年（至{window_end}），第三十条不适用")
    return SanctionDecision((CANCEL_AWARD, RECLAIM_CERTIFICATE, RECLAIM_TROPHY, PUBLIC_ANNOUNCEMENT), None, citation,
                            f"获奖之日起5年内（至{window_end}）发生重大事故、严重违法违规违纪或违反本办法：取消奖励，"
                            "收回证书、奖杯，向社会公开；第三十条未规定不予受理的期限")
