"""第十五条 rewards and 第五条 re-winners.

Every winner is commended and receives a plaque and a certificate; one-time bonuses: award
organisation 500,000 yuan, award individual 30,000, nomination organisation 30,000, nomination
individual 10,000. No rule depends on who the winner is beyond tier and kind (no fiscal-funding
or category condition), so the winner's facts and flags are not read.

第五条: a winner of the award who wins the award again receives the certificate and title only, no
bonus. A cancelled award (取消奖励, 第二十二条) is no longer an award won, so its holder winning again
is rewarded as a first-time winner. [reading: revoked_award_no_wait] A nomination winner who now wins
the award is a first-time award winner (第五条 lets nomination winners go on to apply). 第五条 says
nothing about winning the nomination twice, so such a winner is rewarded under 第十五条 as usual.
[reading: re_winner_award_tier_only] Whether an earlier award makes a re-winner depends on its tier
only, so its cycle year is enough (no exact award date is needed).
"""
from __future__ import annotations

from typing import Sequence

from core.sdk import INDIVIDUAL, ORGANIZATION, InvalidInput, PastAward, RewardDecision
from plugins.jian.articles import cite

BONUS_YUAN = {
    ("award", ORGANIZATION.code): 500_000,
    ("award", INDIVIDUAL.code): 30_000,
    ("nomination", ORGANIZATION.code): 30_000,
    ("nomination", INDIVIDUAL.code): 10_000,
}
TITLE, COMMENDATION, PLAQUE, CERTIFICATE = "title", "commendation", "plaque", "certificate"
HONOURS = (TITLE, COMMENDATION, PLAQUE, CERTIFICATE)
RE_WINNER_HONOURS = (TITLE, CERTIFICATE)
TIER_NAMES = {"award": "市长质量奖", "nomination": "市长质量奖提名奖"}
KIND_NAMES = {ORGANIZATION.code: "组织", INDIVIDUAL.code: "个人"}


def reward(version: str, tier: str, entry_kind: str, history: Sequence[PastAward]) -> RewardDecision:
    if tier not in TIER_NAMES:
        raise InvalidInput.on("tier", f"jian tiers: {', '.join(TIER_NAMES)}")
    if entry_kind not in KIND_NAMES:
        raise InvalidInput.on("entry_kind", f"jian entry kinds: {', '.join(KIND_NAMES)}")
    name = TIER_NAMES[tier]
    if tier == "award":
        earlier = [a for a in history if a.tier == "award" and a.revoked_on is None]
        if earlier:
            first = min(a.cycle_year for a in earlier)
            return RewardDecision(0, RE_WINNER_HONOURS, cite(version, "第五条"),
                                  f"{first}年已获{name}，再次获奖只授予证书和称号，不发奖金、不占名额")
    amount = BONUS_YUAN[(tier, entry_kind)]
    return RewardDecision(amount, HONOURS, cite(version, "第十五条"),
                          f"获{name}的{KIND_NAMES[entry_kind]}予以表彰，颁发奖牌和证书，一次性奖励{amount // 10_000}万元")
