"""Total scores: stage scores weighted into one number, each stage's share shown with its citation.

Scores are exact (``int`` or ``Decimal``); a ``float`` is refused, since a total decides a rank
and binary rounding must not.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping, Sequence

from core.engine.messages import _
from core.engine.errors import InvalidInput
from core.engine.rules import BonusRule, Citation, StageWeights

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
            problems[f"{field}.{stage}"] = [_("missing: {entry_kind} is scored on {items}",
                                              entry_kind=weights.entry_kind, items=', '.join(weights.stages))]
    for stage, score in stage_scores.items():
        if stage not in weights.stages:
            problems[f"{field}.{stage}"] = [_("unknown stage; {entry_kind} is scored on {items}",
                                              entry_kind=weights.entry_kind, items=', '.join(weights.stages))]
        elif (reason := _score_problem(score, weights.scale)) is not None:
            problems[f"{field}.{stage}"] = [reason]
    if not _exact(bonus):
        problems["bonus"] = [_("must be an integer or a Decimal")]
    if problems:
        raise InvalidInput("the stage scores cannot be combined", fields=problems)

    contributions = tuple(
        StageContribution(w.stage, Decimal(stage_scores[w.stage]), w.weight,
                          Decimal(stage_scores[w.stage]) * w.weight, w.citation)
        for w in weights.weights)
    total = sum((c.points for c in contributions), Decimal(0)) + Decimal(bonus)
    return WeightedTotal(weights.entry_kind, contributions, Decimal(bonus), total, weights.scale, weights.citation)


@dataclass(frozen=True)
class BonusLine:
    code: str
    count: int
    points_per_unit: Decimal
    points: Decimal
    citation: Citation


def bonus_points(rules: Sequence[BonusRule], counts: Mapping[str, int], *,
                 field: str = "bonus") -> tuple[Decimal, tuple[BonusLine, ...]]:
    """Bonus points from counted units (e.g. talents hired): ``(total, one line per rule)``.

    A rule without a count counts 0. Every problem is reported at once, each under
    ``<field>.<code>``: a count that is not a non-negative integer, or a code no rule knows.
    """
    known = {r.code for r in rules}
    problems: dict[str, list[str]] = {}
    for code, count in counts.items():
        if code not in known:
            problems[f"{field}.{code}"] = [_("unknown bonus; known: {items}",
                                             items=', '.join(sorted(known)) or 'none')]
        elif isinstance(count, bool) or not isinstance(count, int):
            problems[f"{field}.{code}"] = [_("must be a whole number, not {error_type}",
                                             error_type=type(count).__name__)]
        elif count < 0:
            problems[f"{field}.{code}"] = [_("{count} is negative", count=count)]
    if problems:
        raise InvalidInput("the bonus counts cannot be used", fields=problems)
    lines = tuple(BonusLine(r.code, counts.get(r.code, 0), Decimal(r.points_per_unit),
                            Decimal(r.points_per_unit) * counts.get(r.code, 0), r.citation) for r in rules)
    return sum((line.points for line in lines), Decimal(0)), lines


def inexact(value: object) -> str | None:
    """Why ``value`` is no exact score (an int or a finite Decimal; never a float or a bool), or None."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return f"must be an integer or a Decimal, not {type(value).__name__}"
    if isinstance(value, Decimal) and not value.is_finite():
        return f"{value} is not a number"
    return None


def _exact(value: object) -> bool:
    return inexact(value) is None


def _score_problem(score: object, scale: int) -> str | None:
    if not _exact(score):
        return f"must be an integer or a Decimal, not {type(score).__name__}"
    if not 0 <= score <= scale:  # type: ignore[operator]
        return f"{score} is outside 0..{scale}"
    return None
