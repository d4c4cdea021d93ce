"""core.engine.scoring: weighted totals, exact numbers, every bad stage score named."""
from __future__ import annotations

from decimal import Decimal

import pytest

from core.errors import InvalidInput
from core.engine.rules import Citation, StageWeight, StageWeights
from core.engine.scoring import weighted_total

C = Citation("testcity", "1", "第九条")


def weights(*pairs: tuple[str, str], scale: int = 1000) -> StageWeights:
    return StageWeights("team", tuple(StageWeight(s, Decimal(w), C) for s, w in pairs), scale, C)


THREE = weights(("desk", "0.2"), ("visit", "0.7"), ("pitch", "0.1"))


def test_total_is_the_weighted_sum_with_each_contribution_shown():
    result = weighted_total(THREE, {"desk": 800, "visit": Decimal("900.5"), "pitch": 700})
    assert [(c.stage, c.points) for c in result.contributions] == [
        ("desk", Decimal("160.0")), ("visit", Decimal("630.35")), ("pitch", Decimal("70.0"))]
    assert result.total == Decimal("860.35")
    assert result.scale == 1000 and result.citation == C


def test_bounds_are_inclusive_and_a_bonus_is_added_after_weighting():
    assert weighted_total(THREE, {"desk": 0, "visit": 1000, "pitch": 1000}).total == 800
    assert weighted_total(THREE, {"desk": 1000, "visit": 1000, "pitch": 1000}, bonus=25).total == 1025


def test_every_bad_stage_score_is_named_at_once():
    with pytest.raises(InvalidInput) as caught:
        weighted_total(THREE, {"desk": -1, "pitch": 1000.5, "survey": 10})
    fields = caught.value.fields
    assert set(fields) == {"stage_scores.desk", "stage_scores.visit", "stage_scores.pitch", "stage_scores.survey"}
    assert "outside 0..1000" in fields["stage_scores.desk"][0]
    assert "missing" in fields["stage_scores.visit"][0]
    assert "float" in fields["stage_scores.pitch"][0]
    assert "unknown stage" in fields["stage_scores.survey"][0]


def test_score_above_the_scale_is_refused():
    with pytest.raises(InvalidInput) as caught:
        weighted_total(weights(("desk", "1"), scale=100), {"desk": 101})
    assert caught.value.fields == {"stage_scores.desk": ["101 is outside 0..100"]}


def test_float_bonus_is_refused():
    with pytest.raises(InvalidInput) as caught:
        weighted_total(THREE, {"desk": 1, "visit": 1, "pitch": 1}, bonus=0.5)
    assert "bonus" in caught.value.fields


@pytest.mark.parametrize("pairs", [(("a", "0.5"), ("b", "0.4")), (("a", "1"), ("a", "0")), (("a", "1.1"), ("b", "-0.1"))])
def test_weights_that_do_not_add_up_to_one_cannot_be_built(pairs):
    with pytest.raises(ValueError):
        weights(*pairs)
