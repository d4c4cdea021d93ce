"""Total scores: stage scores weighted into one number, each stage's share shown with its citation.

Scores are exact (``int`` or ``Decimal``); a ``float`` is refused, since a total decides a rank
and binary rounding must not.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping

from core.errors import InvalidInput
from core.rules import Citation, StageWeights

Number = Decimal | int


@dataclass(frozen=True)
class StageContribution:
    stage: str
    score: Decimal
    weight: Decimal
    points: Decimal
    """``score * weight``: what the stage adds to the total."""
    citation: Citation


@dataclass(frozen=True)
class WeightedTotal:
    entry_kind: str
    contributions: tuple[StageContribution, ...]
    bonus: Decimal
    total: Decimal
    """Weighted stage points plus ``bonus``; may exceed ``scale`` only by the bonus."""
    scale: int
    citation: Citation


def weighted_total(weights: StageWeights, stage_scores: Mapping[str, Number], *,
                   bonus: Number = 0, field: str = "stage_scores") -> WeightedTotal:
    """Combine one candidate's stage scores (each on ``0..scale``) into a total out of ``scale``.

    Every problem is reported at once, each under ``<field>.<stage>``: a stage the weights need
    but that has no score, a stage they do not know, a score that is not an exact number, or one
    outside ``0..scale``. ``bonus`` (extra points some regulations add, e.g. per talent hired) is
    added after weighting.
    """
    problems: dict[str, list[str]] = {}
    for stage in weights.stages:
        if stage not in stage_scores:
            problems[f"{field}.{stage}"] = [f"missing: {weights.entry_kind} is scored on {', '.join(weights.stages)}"]
    for stage, score in stage_scores.items():
        if stage not in weights.stages:
            problems[f"{field}.{stage}"] = [f"unknown stage; {weights.entry_kind} is scored on {', '.join(weights.stages)}"]
        elif (reason := _score_problem(score, weights.scale)) is not None:
            problems[f"{field}.{stage}"] = [reason]
    if not _exact(bonus):
        problems["bonus"] = ["must be an integer or a Decimal"]
    if problems:
        raise InvalidInput("the stage scores cannot be combined", fields=problems)

    contributions = tuple(
        StageContribution(w.stage, Decimal(stage_scores[w.stage]), w.weight,
                          Decimal(stage_scores[w.stage]) * w.weight, w.citation)
        for w in weights.weights)
    total = sum((c.points for c in contributions), Decimal(0)) + Decimal(bonus)
    return WeightedTotal(weights.entry_kind, contributions, Decimal(bonus), total, weights.scale, weights.citation)


def _exact(value: object) -> bool:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool) and (
        not isinstance(value, Decimal) or value.is_finite())


def _score_problem(score: object, scale: int) -> str | None:
    if not _exact(score):
        return f"must be an integer or a Decimal, not {type(score).__name__}"
    if not 0 <= score <= scale:  # type: ignore[operator]
        return f"{score} is outside 0..{scale}"
    return None
