"""第二十五条 rewards [reading: no_cash_bonus]: every winner of either tier, organisation or individual,
receives a certificate and a trophy (证书、奖杯). The draft sets no cash bonus, so ``amount_yuan`` is 0:
the budget of 第二十六条 pays for the selection and commendation work, it does not fix a prize, and
第二十七条 only encourages departments to support winners with their own policies (financing and the
like); neither is a reward decided here. Winning again changes nothing (no re-winner rule), and who the
winner is (facts, flags) does not matter.
"""
from __future__ import annotations

from core.sdk import INDIVIDUAL, ORGANIZATION, InvalidInput, RewardDecision
from plugins.changde.articles import cite

CERTIFICATE, TROPHY = "certificate", "trophy"
HONOURS = (CERTIFICATE, TROPHY)
TIER_NAMES = {"award": "市长质量奖", "nomination": "市长质量奖提名奖"}
KIND_NAMES = {ORGANIZATION.code: "组织", INDIVIDUAL.code: "个人"}


def reward(version: str, tier: str, entry_kind: str) -> RewardDecision:
    if tier not in TIER_NAMES:
        raise InvalidInput.on("tier", f"changde tiers: {', '.join(TIER_NAMES)}")
    if entry_kind not in KIND_NAMES:
        raise InvalidInput.on("entry_kind", f"changde entry kinds: {', '.join(KIND_NAMES)}")
    return RewardDecision(0, HONOURS, cite(version, "第二十五条"),
                          f"获{TIER_NAMES[tier]}的{KIND_NAMES[entry_kind]}由市政府颁发证书和奖杯，办法未设奖金；"
                          "各部门可另按第二十七条出台配套支持政策")
