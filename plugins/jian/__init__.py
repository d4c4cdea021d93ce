"""吉安 Ji'an: 吉安市市长质量奖管理办法 (吉府发〔2023〕1号)."""
from __future__ import annotations

import datetime as dt

from core.hookspecs import hookimpl
from core.rules import INDIVIDUAL, ORGANIZATION, Jurisdiction, RuleVersion, Tier, VersionStage

V2023 = RuleVersion(
    code="2023",
    title="吉安市市长质量奖管理办法",
    stage=VersionStage.ADOPTED,
    document_number="吉府发〔2023〕1号",
    issued_on=dt.date(2023, 1, 1),
    effective_from=dt.date(2023, 2, 5),  # 第二十六条
    replaces="吉府字〔2019〕6号",
)

JURISDICTION = Jurisdiction(
    code="jian",
    name="吉安市",
    name_en="Ji'an",
    award_name="吉安市市长质量奖",
    versions=(V2023,),
    tiers=(Tier("award", "市长质量奖", 1), Tier("nomination", "市长质量奖提名奖", 2)),
    entry_kinds=(ORGANIZATION, INDIVIDUAL),
)


@hookimpl
def mqa_jurisdiction() -> Jurisdiction:
    return JURISDICTION
