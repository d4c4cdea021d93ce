"""core.engine.rules.BonusRule, the optional StageWeights.bonus_rules and core.engine.scoring.bonus_points."""
from __future__ import annotations

from decimal import Decimal

import pytest

from core.errors import InvalidInput
from core.engine.rules import BonusRule, Citation, StageWeight, StageWeights
from core.engine.scoring import bonus_points, weighted_total

C = Citation("testland", "1", "第三条")
RULES = (BonusRule("hire", "per hire", Decimal(5), C), BonusRule("senior_hire", "per senior hire", Decimal(20), C))


def weights(**kw) -> StageWeights:
    return StageWeights("organization", (StageWeight("a", Decimal("0.5"), C), StageWeight("b", Decimal("0.5"), C)),
                        1000, C, **kw)


def test_stage_weights_have_no_bonus_rules_by_default():
    assert weights().bonus_rules == ()
    assert weights(bonus_rules=RULES).bonus_rules == RULES


def test_points_per_unit_with_lines_and_citations():
    total, lines = bonus_points(RULES, {"hire": 3, "senior_hire": 2})
    assert total == Decimal(55) and isinstance(total, Decimal)
    assert [(l.code, l.count, l.points_per_unit, l.points) for l in lines] == [("hire", 3, 5, 15),
                                                                               ("senior_hire", 2, 20, 40)]
    assert all(l.citation == C for l in lines)


def test_missing_counts_are_zero_and_no_rules_give_zero():
    total, lines = bonus_points(RULES, {"senior_hire": 1})
    assert total == 20 and [l.count for l in lines] == [0, 1]
    assert bonus_points((), {}) == (Decimal(0), ())


@pytest.mark.parametrize("count", [-1, 1.5, "2", True, Decimal(1)])
def test_bad_counts_refused_naming_the_rule(count):
    with pytest.raises(InvalidInput) as caught:
        bonus_points(RULES, {"hire": count})
    assert set(caught.value.fields) == {"bonus.hire"}


def test_unknown_code_refused_and_all_problems_reported():
    with pytest.raises(InvalidInput) as caught:
        bonus_points(RULES, {"nobel": 1, "hire": -2})
    assert set(caught.value.fields) == {"bonus.nobel", "bonus.hire"}
    assert "hire" in caught.value.fields["bonus.nobel"][0]


def test_bonus_added_to_weighted_total():
    bonus, _ = bonus_points(RULES, {"hire": 1})
    assert weighted_total(weights(bonus_rules=RULES), {"a": 600, "b": 800}, bonus=bonus).total == Decimal(705)
