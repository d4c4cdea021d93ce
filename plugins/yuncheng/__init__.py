"""运城 Yuncheng: 运城市市长质量奖管理办法 (运政发〔2023〕14号)."""
from __future__ import annotations

import datetime as dt

from core.hookspecs import hookimpl
from core.rules import INDIVIDUAL, ORGANIZATION, Jurisdiction, RuleVersion, Tier, VersionStage

V2023 = RuleVersion(
    code="2023",
    title="运城市市长质量奖管理办法",
    stage=VersionStage.ADOPTED,
    document_number="运政发〔2023〕14号",
    issued_on=dt.date(2023, 6, 8),
    effective_from=dt.date(2023, 6, 9),   # 第三十四条
    effective_until=dt.date(2028, 6, 8),  # 第三十五条: valid for 5 years
    replaces="运政发〔2013〕28号",
)

JURISDICTION = Jurisdiction(
    code="yuncheng",
    name="运城市",
    name_en="Yuncheng",
    award_name="运城市市长质量奖",
    versions=(V2023,),
    tiers=(Tier("award", "运城市市长质量奖", 1), Tier("nomination", "运城市市长质量奖提名奖", 2)),
    entry_kinds=(ORGANIZATION, INDIVIDUAL),
)


@hookimpl
def mqa_jurisdiction() -> Jurisdiction:
    return JURISDICTION
