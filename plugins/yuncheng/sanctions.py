"""第三十条 sanctions on winners (award or nomination).

Violations (items （一）–（四）, listed by ``violations``): ``false_materials`` (fraud or improper
means), ``major_accident`` (major quality, safety or environmental accident), ``mark_misuse``
(misusing the award mark or refusing the winners' duties), ``serious_violation`` (other serious
breaches of law). An unknown code is refused naming ``violation``. Each, once confirmed: the award
is revoked, the certificate and the plaque or medal taken back, the bonus recovered (only an
organisation was paid one, 第二十二条), the case made public, and applications are barred for 3
cycles counted from the revocation year. ``award`` is required: the article concerns winners. Who
the winner is (facts, flags) changes nothing.

Ban end: the text counts from the revocation *year* and in evaluation cycles, not by the civil-code
period (民法典 第二百零四条 lets a rule count otherwise). A cycle is 5 years (第四条), and the 3 cycles
start on 1 January of the revocation year, the year of ``decided_on`` (the city's revocation): revoked
in R -> barred through 31 December of R+14 (``ban_until``, inclusive), may apply again from 1 January
of R+15 [reading: ban_three_cycles_from_revocation_year]. The article sets no window for the facts (an
accident years after the award counts, and so does one before it that comes to light later), so
``occurred_on`` is not used [reading: no_window_for_revocation_facts].
"""
from __future__ import annotations

import datetime as dt

from core.sdk import ORGANIZATION, InvalidInput, PastAward, SanctionDecision, ViolationKind, unknown_violation
from plugins.yuncheng.articles import cite

FALSE_MATERIALS = "false_materials"      # （一）
MAJOR_ACCIDENT = "major_accident"        # （二）
MARK_MISUSE = "mark_misuse"              # （三）
SERIOUS_VIOLATION = "serious_violation"  # （四）
VIOLATIONS = {FALSE_MATERIALS: ("（一）", "提供虚假材料或采取不正当手段骗取奖励"),
              MAJOR_ACCIDENT: ("（二）", "发生重大质量、安全、环保等事故"),
              MARK_MISUSE: ("（三）", "违规使用运城市市长质量奖标识，拒绝履行相关责任义务"),
              SERIOUS_VIOLATION: ("（四）", "发生其他严重违反法律法规的行为")}

REVOKE_AWARD = "revoke_award"
RECLAIM_CERTIFICATE = "reclaim_certificate"
RECLAIM_PLAQUE_OR_MEDAL = "reclaim_plaque_or_medal"
RECOVER_BONUS = "recover_bonus"
PUBLIC_ANNOUNCEMENT = "public_announcement"
APPLICATION_BAN = "application_ban"

CYCLE_YEARS = 5
BAN_CYCLES = 3


def violations(version: str) -> list[ViolationKind]:
    return [ViolationKind(code, description, cite(version, "第三十条", item))
            for code, (item, description) in VIOLATIONS.items()]


def ban_end(decided_on: dt.date) -> dt.date:
    """Last day of the ban: 31 December of revocation year + 3 x 5 - 1."""
    return dt.date(decided_on.year + BAN_CYCLES * CYCLE_YEARS - 1, 12, 31)


def sanction(version: str, violation: str, award: PastAward | None, decided_on: dt.date) -> SanctionDecision:
    if violation not in VIOLATIONS:
        raise unknown_violation(violation, tuple(VIOLATIONS))
    if award is None:
        raise InvalidInput.on("award", f"{violation} concerns a winner (yuncheng/2023 第三十条): name the award")
    paid = award.entry_kind == ORGANIZATION.code
    measures = (REVOKE_AWARD, RECLAIM_CERTIFICATE, RECLAIM_PLAQUE_OR_MEDAL) + ((RECOVER_BONUS,) if paid else ()) \
        + (PUBLIC_ANNOUNCEMENT, APPLICATION_BAN)
    end = ban_end(decided_on)
    return SanctionDecision(measures, end, cite(version, "第三十条", VIOLATIONS[violation][0]),
                            f"撤销奖项，收回证书、奖牌或奖章{'，追缴奖金' if paid else ''}，向社会公布；"
                            f"自{decided_on.year}年起3个评选周期内（至{end}）不得申报")
