"""第五条 quotas and 第二十四条 re-winners.

Award: at most 2 organisations and at most 1 individual. Nomination award: at most 2
organisations. Every number is a cap ("不超过"), so places may stay empty.

第二条 creates the nomination award "to encourage organisations" and 第五条 gives it no individual
number, so the nomination tier has no quota for individuals at all: the allocator then cuts an
individual from that tier with the reason "no places for individual" (citing 第五条, whose note
points to 第二条), which is clearer than a quota of 0 places that "are taken by higher-ranked
candidates". [reading: nomination_for_organisations_only]

第二十四条: an organisation that won 市长质量奖 and "经评审再次获奖" takes no place of the year.
Only winning the award again sits outside 第五条's caps (``re_winner_tiers=("award",)``): an
exemption from a cap is read narrowly, as winning *again* the award it already holds; a former
award winner that this time reaches only the nomination wins that tier for the first time and
takes one of its 2 places (it gets no bonus all the same, see ``rewards``).
[reading: re_winner_outside_quota_award_tier_only]
The text says the re-winner takes no place, not that it wins whatever its rank: it wins the
award outside the quota only when a place is still free at its rank, i.e. when it would have won
on merit (``re_winner_needs_free_place=True``); ranked below the places, it is cut from the award
and competes for the nomination like the others. [reading: re_winner_needs_free_place]

第二十四条 speaks of organisations only (``re_winner_entry_kinds=("organization",)``): an
individual who wins the award again takes the individual place like anyone else.
"""
from __future__ import annotations

from core.sdk import INDIVIDUAL, ORGANIZATION, Citation, Quota, QuotaPlan
from plugins.rugao.articles import cite

ORG, INDIV = ORGANIZATION.code, INDIVIDUAL.code
COUNTS = {("award", ORG): 2, ("award", INDIV): 1, ("nomination", ORG): 2}
NOMINATION_NOTE = "提名奖仅授予组织（第二条），不设个人名额"
RE_WINNER_TIERS = ("award",)


def quota_plan(version: str) -> QuotaPlan:
    base = cite(version, "quotas")
    nomination = Citation(base.jurisdiction, base.version, base.article, base.item, NOMINATION_NOTE)
    quotas = tuple(Quota(tier, (kind,), high, nomination if tier == "nomination" else base,
                         NOMINATION_NOTE if tier == "nomination" else "不超过，可少于")
                   for (tier, kind), high in COUNTS.items())
    return QuotaPlan(quotas, re_winners_outside_quota=True, re_winner_citation=cite(version, "reapplication"),
                     re_winner_tiers=RE_WINNER_TIERS, re_winner_needs_free_place=True,
                     re_winner_entry_kinds=(ORG,))
