"""如皋 Rugao (a county-level city under Nantong): 如皋市市长质量奖管理办法, 2021."""
from __future__ import annotations

import datetime as dt

from core.hookspecs import hookimpl
from core.rules import INDIVIDUAL, ORGANIZATION, Jurisdiction, RuleVersion, Tier, VersionStage

V2021 = RuleVersion(
    code="2021",
    title="如皋市市长质量奖管理办法",
    stage=VersionStage.ADOPTED,
    document_number=None,
    issued_on=dt.date(2021, 6, 8),
    effective_from=dt.date(2021, 6, 8),  # 第三十条: in force from the day of issue
    replaces="皋政发〔2019〕42号",
    notes="The published notice carries no document number. The text has no 第二条 label: "
          "the paragraph after 第一条 is article 2.",
)

JURISDICTION = Jurisdiction(
    code="rugao",
    name="如皋市",
    name_en="Rugao",
    award_name="如皋市市长质量奖",
    versions=(V2021,),
    tiers=(Tier("award", "市长质量奖", 1), Tier("nomination", "市长质量奖提名奖", 2)),
    entry_kinds=(ORGANIZATION, INDIVIDUAL),
    level="county",
    parent="nantong",
)


@hookimpl
def mqa_jurisdiction() -> Jurisdiction:
    return JURISDICTION
