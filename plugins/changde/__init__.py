"""常德 Changde: 常德市市长质量奖管理办法 (draft for comment)."""
from __future__ import annotations

from core.hookspecs import hookimpl
from core.rules import INDIVIDUAL, ORGANIZATION, Jurisdiction, RuleVersion, Tier, VersionStage

DRAFT = RuleVersion(
    code="draft",
    title="常德市市长质量奖管理办法（征求意见稿）",
    stage=VersionStage.DRAFT,
    replaces="常政办发〔2017〕12号",
    notes="第四十四条: in force from the day of issue, which the draft does not give. "
          "No version is in force, so a tenant must name this one explicitly.",
)

JURISDICTION = Jurisdiction(
    code="changde",
    name="常德市",
    name_en="Changde",
    award_name="常德市市长质量奖",
    versions=(DRAFT,),
    tiers=(Tier("award", "市长质量奖", 1), Tier("nomination", "市长质量奖提名奖", 2)),
    entry_kinds=(ORGANIZATION, INDIVIDUAL),
)


@hookimpl
def mqa_jurisdiction() -> Jurisdiction:
    return JURISDICTION
