"""Quotas (2023 第六条, 2020 第五条: the 2020 number is inferred, see ``articles``), re-winners
(2023 第二十九条, 2020 第二十八条) and the on-site shortlist (2023 第二十一条, 2020 第十九条).

2023: award <= 5 organisations and <= 1 individual; nomination <= 5 organisations and <= 2
individuals; every number may fall short or stay vacant (the vacancy sentence is new in 2023).
"In principle" one of the award's organisations is an SME: a preference the office weighs, reported
when unmet, never a reserved place and never a swap. [reading: sme_in_principle]

2020 (quoted in 2023 第六条's annotation): award <= 5 organisations (in principle one SME), nomination
<= 3 organisations; "获奖个人1个（提名奖1—2个）". The 2020 text sets the individual numbers without
"不超过" and has no vacancy clause, so they are modelled as minimums too (award exactly 1,
nomination 1 to 2); the allocator only reports a shortfall, it never creates a winner.
[reading: individual_numbers_2020]

Re-winners: "经评审再次获奖的组织或者个人不占用当年的奖项名额". Read with "经评审": the re-winner
must win on its rank (a place is still free where it is ranked); it then does not use the place,
so the next candidate moves up. A re-winner ranked after the places are gone does not win.
[reading: re_winner_place]

Shortlist: "按照拟获奖组织不超过1:1.5（2020: 1:3）的比例" is read against the planned organisation
winners of both tiers (nomination winners are reviewed on site too); individuals have no on-site
review. [reading: shortlist_base]
"""
from __future__ import annotations

from decimal import Decimal

from core.sdk import INDIVIDUAL, ORGANIZATION, Quota, QuotaPlan, QuotaPreference, ShortlistRule
from plugins.nantong.articles import cite

ORG, INDIV = ORGANIZATION.code, INDIVIDUAL.code
SME_FLAG = "sme"
"""Candidate flag of a small or medium-sized enterprise (中小企业), for the "in principle" preference."""

# (tier, kind) -> (min, max)
COUNTS = {
    "2023": {("award", ORG): (0, 5), ("award", INDIV): (0, 1), ("nomination", ORG): (0, 5), ("nomination", INDIV): (0, 2)},
    "2020": {("award", ORG): (0, 5), ("award", INDIV): (1, 1), ("nomination", ORG): (0, 3), ("nomination", INDIV): (1, 2)},
}
NOTES = {
    "2023": "可少额或者空缺",
    "2020": "个人名额原文为定数（获奖个人1个、提名奖1—2个），无可空缺的规定；不足时仅提示",
}
SHORTLIST_RATIO = {"2023": Decimal("1.5"), "2020": Decimal("3")}


def quota_plan(version: str) -> QuotaPlan:
    citation = cite(version, "award_classes")
    quotas = tuple(Quota(tier, (kind,), high, citation, NOTES[version] if kind == INDIV or version == "2023" else "", low)
                   for (tier, kind), (low, high) in COUNTS[version].items())
    sme = QuotaPreference("award", ORG, "获奖组织原则上应当包含1家中小企业", citation, flag=SME_FLAG, min_count=1)
    on_site = ShortlistRule("on_site_review", ORG, SHORTLIST_RATIO[version], cite(version, "on_site_shortlist"))
    return QuotaPlan(quotas, (sme,), re_winners_outside_quota=True, re_winner_citation=cite(version, "reapplication"),
                     shortlists=(on_site,), re_winner_needs_free_place=True)
