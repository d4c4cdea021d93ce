"""第四条 quotas: each cycle, the award goes to at most 4 organisations and 4 individuals, the
nomination award to at most 4 organisations and 4 individuals. No minimum is set ("不超过"), and the
text says nothing about re-winners taking no place (第十三条 bars them for two cycles anyway).
"""
from __future__ import annotations

from core.sdk import INDIVIDUAL, ORGANIZATION, Quota, QuotaPlan
from plugins.yuncheng.articles import cite

MAX_PER_KIND = 4


def quota_plan(version: str) -> QuotaPlan:
    citation = cite(version, "第四条")
    return QuotaPlan(tuple(Quota(tier, (kind,), MAX_PER_KIND, citation, "每届不超过4个")
                           for tier in ("award", "nomination") for kind in (ORGANIZATION.code, INDIVIDUAL.code)))
