"""第四条 quotas and 第五条 re-winners.

Each cycle: award <= 3 organisations and <= 3 individuals; nomination <= 3 organisations and
<= 3 individuals; any may stay vacant (no minimum). 第五条: a winner of the award who wins it again
gets the title and certificate, and takes no place ("不占当年奖项名额").

第五条 speaks of the award only, so only award re-winners sit outside the quota (``re_winner_tiers``).
"""
from __future__ import annotations

from core.sdk import INDIVIDUAL, ORGANIZATION, Quota, QuotaPlan
from plugins.jian.articles import cite

MAX_PER_KIND = 3
RE_WINNER_TIERS = ("award",)


def quota_plan(version: str) -> QuotaPlan:
    citation = cite(version, "第四条")
    quotas = tuple(Quota(tier, (kind,), MAX_PER_KIND, citation, "达不到奖励条件的可以空缺")
                   for tier in ("award", "nomination") for kind in (ORGANIZATION.code, INDIVIDUAL.code))
    return QuotaPlan(quotas, re_winners_outside_quota=True, re_winner_citation=cite(version, "第五条"),
                     re_winner_tiers=RE_WINNER_TIERS)
