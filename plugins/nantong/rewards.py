"""第二十六条 (2020: 第二十四条) rewards, and 第二十九条 (2020: 第二十八条): re-winners get no bonus.

"首次获得市长质量奖或者市长质量奖提名奖的组织……分别给予50万元和10万元奖金": "分别" pairs each
tier with its own amount, so "first time" is judged per tier. An organisation that won a nomination
before and now wins the award is winning the award for the first time and receives 500,000; one that
wins a second nomination is a re-winner of that tier and receives nothing (第二十九条: "再次获奖……
不颁发奖金"). [reading: first_time_per_tier] A revoked earlier award does not count: the title and
the bonus were taken back, so the candidate never kept that tier. [reading: revoked_award_not_counted]
Whether an award is a first one needs only the tiers on record, never the award dates.

Individuals receive honours only, first time or not (the text sets no amount and no first-time
condition for them). Honours: 2023 表彰 and a plaque; 2020 通报表扬 with a plaque and a certificate
(the annotation quotes the 2020 wording for both organisations and individuals). A re-winning
organisation keeps only the title: 第二十六条 grants the commendation and plaque to first-time
winners, and 第二十九条 adds nothing for re-winners; the office may decide otherwise.
[reading: re_winner_title_only]
"""
from __future__ import annotations

from typing import Sequence

from core.sdk import INDIVIDUAL, ORGANIZATION, InvalidInput, PastAward, RewardDecision
from plugins.nantong.articles import cite

BONUS_YUAN = {"award": 500_000, "nomination": 100_000}
TITLE = "title"                                   # 获奖称号
COMMENDATION = "commendation"                     # 表彰
PUBLIC_COMMENDATION = "public_commendation"       # 通报表扬
PLAQUE = "plaque"                                 # 奖牌
CERTIFICATE = "certificate"                       # 证书
HONOURS = {"2023": (TITLE, COMMENDATION, PLAQUE), "2020": (TITLE, PUBLIC_COMMENDATION, PLAQUE, CERTIFICATE)}
TIER_NAMES = {"award": "市长质量奖", "nomination": "市长质量奖提名奖"}


def reward(version: str, tier: str, entry_kind: str, history: Sequence[PastAward]) -> RewardDecision:
    if tier not in BONUS_YUAN:
        raise InvalidInput.on("tier", f"nantong tiers: {', '.join(BONUS_YUAN)}")
    if entry_kind not in (ORGANIZATION.code, INDIVIDUAL.code):
        raise InvalidInput.on("entry_kind", f"nantong entry kinds: {ORGANIZATION.code}, {INDIVIDUAL.code}")
    name = TIER_NAMES[tier]
    if entry_kind == INDIVIDUAL.code:
        return RewardDecision(0, HONOURS[version], cite(version, "reward"), f"获{name}的个人予以表彰、颁发奖牌，不设奖金")
    earlier = [a for a in history if a.tier == tier and a.revoked_on is None]
    if earlier:
        first = min(a.cycle_year for a in earlier)
        return RewardDecision(0, (TITLE,), cite(version, "reapplication"),
                              f"{first}年已获{name}，再次获奖不占名额、不发奖金")
    return RewardDecision(BONUS_YUAN[tier], HONOURS[version], cite(version, "reward"),
                          f"首次获得{name}的组织，奖金{BONUS_YUAN[tier] // 10_000}万元")
