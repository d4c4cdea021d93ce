"""第四条 quotas and the 第十一条（七） priority.

第四条: each cycle, the award goes to at most 4 organisations and 4 individuals, the nomination award
to at most 4 organisations and 4 individuals. No minimum is set ("不超过"), no cap across the two
tiers, and the text says nothing about re-winners taking no place (第十三条 bars them for two cycles
anyway), so re-winners count in the quota like anyone else.

第十一条（七）: organisations holding a quality honour of a national or provincial government
department are selected with priority. That is no condition of eligibility and no rule of the
quota: it is a ``QuotaPreference`` of each tier for organisations carrying the flag
``government_honour`` (the office sets the flag on a ranked candidate holding such an honour). The
allocator never reorders a ranking for it; when no winner of a tier carries the flag, it reports the
honour holders the quota left out, and the office decides. The text gives priority without a number,
so the preference asks for one flagged winner per tier (the allocator's default), and it covers
organisations only (第十二条 gives individuals no such item) [reading: government_honour_preference].
"""
from __future__ import annotations

from core.sdk import INDIVIDUAL, ORGANIZATION, Quota, QuotaPlan, QuotaPreference
from plugins.yuncheng.articles import cite

MAX_PER_KIND = 4
TIERS = ("award", "nomination")
GOVERNMENT_HONOUR = "government_honour"


def quota_plan(version: str) -> QuotaPlan:
    citation = cite(version, "第四条")
    quotas = tuple(Quota(tier, (kind,), MAX_PER_KIND, citation, "每届不超过4个")
                   for tier in TIERS for kind in (ORGANIZATION.code, INDIVIDUAL.code))
    priority = cite(version, "第十一条", "（七）")
    preferences = tuple(QuotaPreference(tier, ORGANIZATION.code, "获国家或省级政府部门质量荣誉的组织优先评选",
                                        priority, GOVERNMENT_HONOUR)
                        for tier in TIERS)
    return QuotaPlan(quotas, preferences)
