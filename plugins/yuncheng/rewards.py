"""第二十二条 rewards.

Every winner of either tier receives the certificate of its tier and a plaque or medal ("证书、奖牌
或奖章"). The text does not say who gets a plaque and who a medal, so the decision names the two
honours as the text does, ``certificate`` and ``plaque_or_medal``, for organisations and individuals
alike; which of the two is handed over is the office's choice [reading: plaque_or_medal_as_named].

Organisations also receive a one-time bonus whose amount the text does not give: a tenant setting
per tier (``reward_yuan.award.organization``, ``reward_yuan.nomination.organization``, value type
``yuan``, no default). One bonus is named for organisations of both tiers, but nothing says the
amounts are equal, so the office sets each (it may set the same) [reading: bonus_amount_per_tier].
Until set, rewarding an organisation is refused with SettingMissing. Individuals get no money
(amount 0), no setting needed. The text has no re-winner rule (第十三条 bars re-application for two
cycles), so a later re-winner is rewarded as usual [reading: re_winner_rewarded_as_usual]. Who won
(facts, flags) and the category do not change the reward: the bonus is budgeted by the city
(第二十二条第二款) with no exclusion.
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

from core.sdk import INDIVIDUAL, ORGANIZATION, InvalidInput, PastAward, RewardDecision, SettingSpec, require
from plugins.yuncheng.articles import cite

TIER_NAMES = {"award": "运城市市长质量奖", "nomination": "运城市市长质量奖提名奖"}
KIND_NAMES = {ORGANIZATION.code: "组织", INDIVIDUAL.code: "个人"}
CERTIFICATE, PLAQUE_OR_MEDAL = "certificate", "plaque_or_medal"
HONOURS = (CERTIFICATE, PLAQUE_OR_MEDAL)


def setting_key(tier: str) -> str:
    return f"reward_yuan.{tier}.organization"


def setting_specs(version: str) -> list[SettingSpec]:
    return [SettingSpec(setting_key(tier), "yuan", f"获{name}组织的一次性奖金（元）",
                        (f"rewards of {tier} organisations",), cite(version, "第二十二条"))
            for tier, name in TIER_NAMES.items()]


def reward(version: str, tier: str, entry_kind: str, history: Sequence[PastAward],
           settings: Mapping[str, Any]) -> RewardDecision:
    if tier not in TIER_NAMES:
        raise InvalidInput.on("tier", f"yuncheng tiers: {', '.join(TIER_NAMES)}")
    if entry_kind not in KIND_NAMES:
        raise InvalidInput.on("entry_kind", f"yuncheng entry kinds: {', '.join(KIND_NAMES)}")
    name, citation = TIER_NAMES[tier], cite(version, "第二十二条")
    if entry_kind == INDIVIDUAL.code:
        return RewardDecision(0, HONOURS, citation, f"获{name}的个人颁发证书、奖牌或奖章，不发奖金")
    spec = next(s for s in setting_specs(version) if s.key == setting_key(tier))
    amount = require(settings, spec)
    return RewardDecision(amount, HONOURS, citation,
                          f"获{name}的组织颁发证书、奖牌或奖章，发放一次性奖金{amount}元（金额由办公室设定）")
