"""Scoring (第三条, 第十八条): stage weights are tenant settings with no default; talent bonus points.

第三条: the standard is GB/T 19580-2004 (with GB/Z 19579-2004), 1000 points. The article says "六大项"
but lists SEVEN categories (领导、战略、顾客与市场、资源、过程管理、测量分析与改进、经营结果); seven are
used here (``CATEGORIES``, points as GB/T 19580-2004 allots them), and the citation's note says so
[reading: seven_categories]. Each stage is scored on the 1000-point scale.

第三条 第二款: each talent hired adds 5 points, each senior talent (正高级) 20 points. They are
``bonus_rules`` on the stage weights (codes ``talent`` and ``senior_talent``), added after weighting
by :func:`core.engine.scoring.bonus_points` [reading: talent_bonus_after_weighting]; a senior hire counts only
as senior, not also as a general one [reading: senior_talent_counted_once]. The text does not limit
them to one entry kind, so both kinds carry them [reading: talent_bonus_both_kinds].

第十八条: the review includes "but is not limited to" materials review, on-site review and
presentation/defence, and gives no weights. So the weights are tenant settings (percentages adding up
to 100) with no default. The three named stages are required, each weighing more than 0; an office
may add further review stages of its own (e.g. ``customer_survey``), each with a positive share, named
in lower-case ASCII (letters, digits, underscores); they follow the three named stages, in name order
[reading: extra_review_stages].
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Mapping

from core.sdk import (
    INDIVIDUAL, ORGANIZATION, BonusRule, InvalidInput, SettingSpec, StageWeight, StageWeights, require,
    stage_percents,
)
from plugins.yuncheng.articles import cite

SCALE = 1000
CATEGORIES = (("leadership", "领导", 100), ("strategy", "战略", 80), ("customers_and_market", "顾客与市场", 90),
              ("resources", "资源", 120), ("process_management", "过程管理", 110),
              ("measurement_analysis_improvement", "测量分析与改进", 100), ("results", "经营结果", 400))
"""GB/T 19580-2004 categories and their points (sum 1000)."""
SCALE_NOTE = "GB/T 19580-2004总分1000分；原文称“六大项”，实际列出七项类目，按七项实施"
MATERIALS, ON_SITE, PRESENTATION = "materials_review", "on_site_review", "presentation"
STAGES = (MATERIALS, ON_SITE, PRESENTATION)
"""The stages 第十八条 names; an office may add others ("包括但不限于")."""
EXTRA_STAGE_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
TALENT, SENIOR_TALENT = "talent", "senior_talent"


def bonus_rules(version: str) -> tuple[BonusRule, ...]:
    citation = cite(version, "第三条", "第二款")
    return (BonusRule(TALENT, "每引进1名一般人才加5分", Decimal(5), citation),
            BonusRule(SENIOR_TALENT, "每引进1名高端人才（正高级）加20分", Decimal(20), citation))


def setting_key(entry_kind: str) -> str:
    return f"stage_weights.{entry_kind}"


def setting_specs(version: str) -> list[SettingSpec]:
    citation = cite(version, "第十八条")
    return [SettingSpec(setting_key(kind.code), "weights",
                        f"{kind.name}各评审环节权重（百分比，合计100）：必须包括materials_review、on_site_review、"
                        f"presentation，可另设其他评审环节（第十八条“包括但不限于”）",
                        (f"weighted totals of {kind.code}s",), citation)
            for kind in (ORGANIZATION, INDIVIDUAL)]


def stage_weights(version: str, entry_kind: str, settings: Mapping[str, Any]) -> StageWeights:
    if entry_kind not in (ORGANIZATION.code, INDIVIDUAL.code):
        raise InvalidInput.on("entry_kind", "yuncheng scores only: organization, individual")
    spec = next(s for s in setting_specs(version) if s.key == setting_key(entry_kind))
    stored = require(settings, spec)
    extra = sorted(str(stage) for stage in (stored if isinstance(stored, Mapping) else {}) if stage not in STAGES)
    badly_named = [stage for stage in extra if not EXTRA_STAGE_NAME.fullmatch(stage)]
    if badly_named:
        raise InvalidInput.on(f"settings.{spec.key}", f"an extra review stage is named in lower-case ASCII letters, "
                                                      f"digits and underscores: {', '.join(badly_named)}")
    percents = stage_percents(settings, spec, STAGES, optional=extra)
    stages = STAGES + tuple(extra)
    return StageWeights(entry_kind, tuple(StageWeight(s, percents[s] / 100, spec.citation) for s in stages), SCALE,
                        cite(version, "第三条", None, SCALE_NOTE), bonus_rules=bonus_rules(version))
