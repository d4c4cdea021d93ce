"""第十条: 1000 points; organisations 30% materials review + 70% on-site review; individuals are
scored on the materials review alone (100%)."""
from __future__ import annotations

from decimal import Decimal

from core.sdk import INDIVIDUAL, ORGANIZATION, InvalidInput, StageWeight, StageWeights
from plugins.rugao.articles import cite

SCALE = 1000
MATERIALS, ON_SITE = "materials_review", "on_site_review"

WEIGHTS: dict[str, tuple[tuple[str, Decimal], ...]] = {
    ORGANIZATION.code: ((MATERIALS, Decimal("0.3")), (ON_SITE, Decimal("0.7"))),
    INDIVIDUAL.code: ((MATERIALS, Decimal("1")),),
}


def stage_weights(version: str, entry_kind: str) -> StageWeights:
    if entry_kind not in WEIGHTS:
        raise InvalidInput.on("entry_kind", f"rugao scores only: {', '.join(WEIGHTS)}")
    citation = cite(version, "stage_weights")
    return StageWeights(entry_kind, tuple(StageWeight(stage, weight, citation) for stage, weight in WEIGHTS[entry_kind]),
                        SCALE, citation)
