"""第十五条 (2020: 第十四条): the total is 1000 points, split between review stages.

The weights are the same in both versions (only the name of the first stage changed, 材料评审 to
资料评审). Individuals have no on-site review, so they are scored on two stages only.
"""
from __future__ import annotations

from decimal import Decimal

from core.sdk import INDIVIDUAL, ORGANIZATION, InvalidInput, StageWeight, StageWeights
from plugins.nantong.articles import cite

SCALE = 1000
MATERIALS, ON_SITE, PRESENTATION = "materials_review", "on_site_review", "presentation"

WEIGHTS: dict[str, tuple[tuple[str, Decimal], ...]] = {
    ORGANIZATION.code: ((MATERIALS, Decimal("0.2")), (ON_SITE, Decimal("0.7")), (PRESENTATION, Decimal("0.1"))),
    INDIVIDUAL.code: ((MATERIALS, Decimal("0.8")), (PRESENTATION, Decimal("0.2"))),
}


def stage_weights(version: str, entry_kind: str) -> StageWeights:
    if entry_kind not in WEIGHTS:
        raise InvalidInput.on("entry_kind", f"nantong scores only: {', '.join(WEIGHTS)}")
    citation = cite(version, "stage_weights")
    return StageWeights(entry_kind, tuple(StageWeight(stage, weight, citation) for stage, weight in WEIGHTS[entry_kind]),
                        SCALE, citation)
