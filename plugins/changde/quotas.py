"""第三条 quotas [reading: combined_quota]: per session at most 4 winners of the 市长质量奖 and at most 4
of the 提名奖, counting organisations and individuals together ("不超过4个组织和个人"): one combined cap
per tier, not 4 organisations plus 4 individuals. Places may stay vacant ("达不到奖励条件可以空缺": no
minimum). The draft has no rule putting re-winners outside the quota, and no cap across the two tiers
other than the two per-tier caps.
"""
from __future__ import annotations

from core.sdk import INDIVIDUAL, ORGANIZATION, Quota, QuotaPlan
from plugins.changde.articles import cite

MAX_PER_TIER = 4
TIERS = ("award", "nomination")


def quota_plan(version: str) -> QuotaPlan:
    citation = cite(version, "第三条")
    return QuotaPlan(tuple(Quota(tier, (ORGANIZATION.code, INDIVIDUAL.code), MAX_PER_TIER, citation,
                                 "组织和个人合计不超过4个；达不到奖励条件的可以空缺") for tier in TIERS))
