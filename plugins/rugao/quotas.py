"""第五条 quotas and 第二十四条 re-winners.

Award: at most 2 organisations and at most 1 individual. Nomination award: at most 2
organisations. 第二条 creates the nomination award "to encourage organisations" and 第五条 gives
it no individual number, so the nomination tier has no quota for individuals at all: the
allocator then cuts an individual from that tier with the reason "no places for individual"
(citing 第五条, whose note points to 第二条), which is clearer than a quota of 0 places that
"are taken by higher-ranked candidates". Every number is a cap ("不超过"), so places may stay empty.

第二十四条: an organisation winning again does not take a place of the year (and gets no bonus,
see rewards).
"""
from __future__ import annotations

from core.sdk import INDIVIDUAL, ORGANIZATION, Citation, Quota, QuotaPlan
from plugins.rugao.articles import cite

ORG, INDIV = ORGANIZATION.code, INDIVIDUAL.code
COUNTS = {("award", ORG): 2, ("award", INDIV): 1, ("nomination", ORG): 2}
NOMINATION_NOTE = "提名奖仅授予组织（第二条），不设个人名额"


def quota_plan(version: str) -> QuotaPlan:
    base = cite(version, "quotas")
    nomination = Citation(base.jurisdiction, base.version, base.article, base.item, NOMINATION_NOTE)
    quotas = tuple(Quota(tier, (kind,), high, nomination if tier == "nomination" else base,
                         NOMINATION_NOTE if tier == "nomination" else "不超过，可少于")
                   for (tier, kind), high in COUNTS.items())
    # 第二十四条 speaks of organisations winning the award (市长质量奖) again: nomination re-winners take a place.
    return QuotaPlan(quotas, re_winners_outside_quota=True, re_winner_citation=cite(version, "reapplication"),
                     re_winner_tiers=("award",))
