"""第四条 quotas and 第五条 re-winners.

Each cycle: award <= 3 organisations and <= 3 individuals; nomination <= 3 organisations and
<= 3 individuals; any may stay vacant (no minimum, "达不到奖励条件的奖项可以空缺").

第五条: a winner of the award who wins it again gets the title and certificate and "不占当年奖项名额":
it takes no place at all. It is therefore not cut by a full quota either: a re-winner ranked after
three first-time winners still wins, outside the quota (``re_winner_needs_free_place=False``), and
never pushes a first-time winner out. [reading: re_winner_no_place]

第五条 speaks of the award only ("再次获得该奖"), so only award re-winners sit outside the quota
(``re_winner_tiers``); a nomination winner who wins the nomination again takes a place.
[reading: re_winner_award_tier_only]
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
                     re_winner_tiers=RE_WINNER_TIERS, re_winner_needs_free_place=False)
