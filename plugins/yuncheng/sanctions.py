"""第三十条 sanctions on winners (award or nomination).

Violations (items （一）–（四）): ``false_materials`` (fraud or improper means), ``major_accident``
(major quality, safety or environmental accident), ``mark_misuse`` (misusing the award mark or refusing
the winners' duties), ``serious_violation`` (other serious breaches of law). Each, once confirmed:
the award is revoked, the certificate and the plaque or medal taken back, the bonus recovered (only an
organisation was paid one, 第二十二条), the case made public, and applications are barred for 3 cycles
counted from the revocation year.

Ban end: a cycle is 5 years (第四条), and the 3 cycles start with the revocation year (the year of
``decided_on``), counted from 1 January: revoked in R -> barred through 31 December of R+14
(``ban_until``, inclusive). The article names no time window for the facts, so ``occurred_on`` is
not used. ``award`` is required: the article concerns winners.
"""
from __future__ import annotations

import datetime as dt

from core.sdk import ORGANIZATION, InvalidInput, PastAward, SanctionDecision
from plugins.yuncheng.articles import cite

FALSE_MATERIALS = "false_materials"      # （一）虚假材料或不正当手段骗取奖励
MAJOR_ACCIDENT = "major_accident"        # （二）重大质量、安全、环保等事故
MARK_MISUSE = "mark_misuse"              # （三）违规使用标识、拒绝履行责任义务
SERIOUS_VIOLATION = "serious_violation"  # （四）其他严重违法
VIOLATIONS = {FALSE_MATERIALS: "（一）", MAJOR_ACCIDENT: "（二）", MARK_MISUSE: "（三）", SERIOUS_VIOLATION: "（四）"}

REVOKE_AWARD = "revoke_award"
RECLAIM_CERTIFICATE = "reclaim_certificate"
RECLAIM_PLAQUE_OR_MEDAL = "reclaim_plaque_or_medal"
RECOVER_BONUS = "recover_bonus"
PUBLIC_ANNOUNCEMENT = "public_announcement"
APPLICATION_BAN = "application_ban"

CYCLE_YEARS = 5
BAN_CYCLES = 3


def ban_end(decided_on: dt.date) -> dt.date:
    """Last day of the ban: 31 December of revocation year + 3 x 5 - 1."""
    return dt.date(decided_on.year + BAN_CYCLES * CYCLE_YEARS - 1, 12, 31)


def sanction(version: str, violation: str, award: PastAward | None, decided_on: dt.date,
             occurred_on: dt.date | None) -> SanctionDecision:
    if violation not in VIOLATIONS:
        raise InvalidInput.on("violation", f"unknown violation {violation!r}; yuncheng knows: {', '.join(VIOLATIONS)}")
    if award is None:
        raise InvalidInput.on("award", f"{violation} concerns a winner: name the award")
    paid = award.entry_kind == ORGANIZATION.code
    measures = (REVOKE_AWARD, RECLAIM_CERTIFICATE, RECLAIM_PLAQUE_OR_MEDAL) + ((RECOVER_BONUS,) if paid else ()) \
        + (PUBLIC_ANNOUNCEMENT, APPLICATION_BAN)
    end = ban_end(decided_on)
    return SanctionDecision(measures, end, cite(version, "第三十条", VIOLATIONS[violation]),
                            f"撤销奖项，收回证书、奖牌或奖章{'，追缴奖金' if paid else ''}，向社会公布；"
                            f"自{decided_on.year}年起3个评选周期内（至{end}）不得申报")
