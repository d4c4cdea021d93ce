"""Yuncheng scoring (第三条 bonus points, 第十八条 weight settings), quotas (第四条), rewards (第二十二条),
sanctions (第三十条) and the cycle (第四条, 第十四–二十一条)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Callable

import pytest

from core.sdk import (
    Candidate, InvalidInput, JurisdictionRegistry, JurisdictionRules, PastAward, SettingMissing, allocate,
    bonus_points, weighted_total,
)
from plugins.yuncheng import cycle, sanctions, scoring

D = dt.date
SHOWN: set[tuple[str, str, str]] = set()
WEIGHTS = {"materials_review": "30", "on_site_review": "50", "presentation": "20"}


def shows(*marks: tuple[str, str, str]) -> Callable:
    def record(test: Callable) -> Callable:
        SHOWN.update(marks)
        return test
    return record


@pytest.fixture(scope="module")
def yc() -> JurisdictionRules:
    return JurisdictionRegistry.discover().rules("yuncheng")


@pytest.fixture(scope="module")
def v2023(yc):
    return yc.jurisdiction.version("2023")


# -- settings declared without default --------------------------------------------------------------

def test_settings_are_declared_without_default(yc, v2023):
    specs = {s.key: s for s in yc.tenant_settings(v2023)}
    assert {k: (s.value_type, str(s.citation)) for k, s in specs.items()} == {
        "stage_weights.organization": ("weights", "yuncheng/2023 第十八条"),
        "stage_weights.individual": ("weights", "yuncheng/2023 第十八条"),
        "reward_yuan.award.organization": ("yuan", "yuncheng/2023 第二十二条"),
        "reward_yuan.nomination.organization": ("yuan", "yuncheng/2023 第二十二条"),
    }


# -- 第十八条 stage weights, 第三条 scale and bonus points --------------------------------------------

@shows(("2023", "第十八条", "fail"))
@pytest.mark.parametrize("kind", ["organization", "individual"])
def test_weights_refused_until_set(yc, v2023, kind):
    with pytest.raises(SettingMissing) as missing:
        yc.stage_weights(v2023, kind, {})
    assert missing.value.fields == {f"settings.stage_weights.{kind}": ["not set"]}
    assert "yuncheng/2023 第十八条" in missing.value.message


@shows(("2023", "第十八条", "fail"))
def test_bad_weights_refused_naming_the_setting(yc, v2023):
    key = "stage_weights.organization"
    for value in ({"materials_review": "50", "on_site_review": "50"},
                  {"materials_review": "50", "on_site_review": "50", "presentation": "0"},
                  {"materials_review": "30", "on_site_review": "50", "presentation": "20", "other": "0"}):
        with pytest.raises(InvalidInput) as caught:
            yc.stage_weights(v2023, "organization", {key: value})
        assert f"settings.{key}" in caught.value.fields
    with pytest.raises(InvalidInput) as caught:
        yc.stage_weights(v2023, "project", {})
    assert "entry_kind" in caught.value.fields


@shows(("2023", "第十八条", "pass"), ("2023", "第三条", "pass"))
@pytest.mark.parametrize("kind", ["organization", "individual"])
def test_weights_once_set_on_1000_points_with_seven_categories(yc, v2023, kind):
    weights = yc.stage_weights(v2023, kind, {f"stage_weights.{kind}": WEIGHTS})
    assert weights.scale == 1000 and weights.stages == ("materials_review", "on_site_review", "presentation")
    assert [w.weight for w in weights.weights] == [Decimal("0.3"), Decimal("0.5"), Decimal("0.2")]
    assert all(str(w.citation) == "yuncheng/2023 第十八条" for w in weights.weights)
    assert str(weights.citation) == "yuncheng/2023 第三条" and "七项" in weights.citation.note
    assert len(scoring.CATEGORIES) == 7 and sum(p for _, _, p in scoring.CATEGORIES) == 1000
    total = weighted_total(weights, {"materials_review": 800, "on_site_review": 900, "presentation": 700})
    assert total.total == Decimal("830")


@shows(("2023", "第三条", "pass"), ("2023", "第三条", "fail"))
def test_bonus_5_per_talent_and_20_per_senior_talent(yc, v2023):
    weights = yc.stage_weights(v2023, "organization", {"stage_weights.organization": WEIGHTS})
    assert [(r.code, r.points_per_unit) for r in weights.bonus_rules] == [("talent", 5), ("senior_talent", 20)]
    assert all(str(r.citation) == "yuncheng/2023 第三条第二款" for r in weights.bonus_rules)
    bonus, lines = bonus_points(weights.bonus_rules, {"talent": 3, "senior_talent": 2})
    assert bonus == Decimal(55) and [line.points for line in lines] == [15, 40]
    assert all(str(line.citation) == "yuncheng/2023 第三条第二款" for line in lines)
    total = weighted_total(weights, {"materials_review": 800, "on_site_review": 900, "presentation": 700}, bonus=bonus)
    assert total.total == Decimal("885")
    assert bonus_points(weights.bonus_rules, {})[0] == 0
    with pytest.raises(InvalidInput) as caught:
        bonus_points(weights.bonus_rules, {"talent": -1, "senior_talent": 1.5})
    assert set(caught.value.fields) == {"bonus.talent", "bonus.senior_talent"}


# -- 第四条 quotas -------------------------------------------------------------------------------------

@shows(("2023", "第四条", "pass"), ("2023", "第四条", "fail"))
@pytest.mark.parametrize("tier", ["award", "nomination"])
def test_at_most_four_per_kind(yc, v2023, tier):
    plan = yc.quota_plan(v2023)
    candidates = [Candidate(f"o{i}", "organization") for i in range(1, 7)] + \
                 [Candidate(f"p{i}", "individual") for i in range(1, 6)]
    result = allocate(plan, tier, candidates)
    assert result.winner_ids == ["o1", "o2", "o3", "o4", "p1", "p2", "p3", "p4"]
    assert {c.candidate.id for c in result.cuts} == {"o5", "o6", "p5"}
    assert all(str(c.citation) == "yuncheng/2023 第四条" for c in result.cuts)
    assert all(q.max_count == 4 and q.min_count == 0 for q in plan.quotas_for(tier))


# -- 第二十二条 rewards --------------------------------------------------------------------------------

@shows(("2023", "第二十二条", "fail"))
@pytest.mark.parametrize("tier", ["award", "nomination"])
def test_organisation_bonus_refused_until_set(yc, v2023, tier):
    with pytest.raises(SettingMissing) as missing:
        yc.reward(v2023, tier, "organization")
    assert missing.value.fields == {f"settings.reward_yuan.{tier}.organization": ["not set"]}
    assert "yuncheng/2023 第二十二条" in missing.value.message


@shows(("2023", "第二十二条", "pass"))
def test_organisation_bonus_once_set_and_individuals_unpaid(yc, v2023):
    settings = {"reward_yuan.award.organization": 200_000, "reward_yuan.nomination.organization": 50_000}
    award = yc.reward(v2023, "award", "organization", settings=settings)
    assert (award.amount_yuan, award.honours) == (200_000, ("certificate", "plaque"))
    assert yc.reward(v2023, "nomination", "organization", settings=settings).amount_yuan == 50_000
    person = yc.reward(v2023, "award", "individual")
    assert (person.amount_yuan, person.honours) == (0, ("certificate", "medal"))
    assert all(str(d.citation) == "yuncheng/2023 第二十二条" for d in (award, person))
    with pytest.raises(InvalidInput) as caught:
        yc.reward(v2023, "gold", "organization", settings=settings)
    assert "tier" in caught.value.fields


# -- 第三十条 sanctions --------------------------------------------------------------------------------

@shows(("2023", "第三十条", "pass"))
@pytest.mark.parametrize("violation, item", [("false_materials", "（一）"), ("major_accident", "（二）"),
                                             ("mark_misuse", "（三）"), ("serious_violation", "（四）")])
def test_revocation_bans_3_cycles_from_the_revocation_year(yc, v2023, violation, item):
    award = PastAward("award", "organization", D(2023, 12, 1), 2023)
    decision = yc.sanction(v2023, violation, award=award, decided_on=D(2025, 3, 1))
    assert decision.measures == (sanctions.REVOKE_AWARD, sanctions.RECLAIM_CERTIFICATE,
                                 sanctions.RECLAIM_PLAQUE_OR_MEDAL, sanctions.RECOVER_BONUS,
                                 sanctions.PUBLIC_ANNOUNCEMENT, sanctions.APPLICATION_BAN)
    assert decision.ban_until == D(2039, 12, 31)  # 2025..2039: 3 cycles of 5 years
    assert str(decision.citation) == f"yuncheng/2023 第三十条{item}"


@shows(("2023", "第三十条", "pass"), ("2023", "第三十条", "fail"))
def test_individual_has_no_bonus_to_recover_and_bad_input_refused(yc, v2023):
    person = PastAward("nomination", "individual", D(2023, 12, 1), 2023)
    decision = yc.sanction(v2023, "false_materials", award=person, decided_on=D(2024, 12, 31))
    assert sanctions.RECOVER_BONUS not in decision.measures and decision.ban_until == D(2038, 12, 31)
    with pytest.raises(InvalidInput) as caught:
        yc.sanction(v2023, "bribery", award=person, decided_on=D(2024, 5, 1))
    reason, = caught.value.fields["violation"]
    assert all(code in reason for code in sanctions.VIOLATIONS)
    with pytest.raises(InvalidInput) as caught:
        yc.sanction(v2023, "false_materials", decided_on=D(2024, 5, 1))
    assert "award" in caught.value.fields


# -- 第四条 cadence, 第十四–二十一条 procedure ----------------------------------------------------------

@shows(("2023", "第四条", "pass"))
def test_five_yearly_cycle_with_three_notices(yc, v2023):
    plan = yc.cycle_plan(v2023)
    assert plan.cadence_years == 5 and str(plan.cadence_citation) == "yuncheng/2023 第四条"
    assert str(plan.citation) == "yuncheng/2023 第十四条"
    assert plan.stages[0] == "publication" and plan.stages[-1] == "approval"
    assert [(n.stage, str(n.citation)) for n in plan.notices] == [
        ("application.internal", "yuncheng/2023 第十五条"), ("candidate_list", "yuncheng/2023 第十九条"),
        ("deliberation", "yuncheng/2023 第二十条")]
    assert all((n.min_days, n.working_days, n.backfill) == (5, True, None) for n in plan.notices)
    assert set(n.stage for n in plan.notices) <= set(plan.stages) | {cycle.INTERNAL_NOTICE}
