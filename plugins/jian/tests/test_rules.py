"""Ji'an weights (第十三条 settings), quotas (第四条, 第五条), rewards (第十五条, 第五条), sanctions
(第二十条, 第二十二条) and the cycle (第四条, 第十三条)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Callable

import pytest

from core.sdk import (
    Candidate, InvalidInput, JurisdictionRegistry, JurisdictionRules, PastAward, SettingMissing,
    WorkingDayCalendar, allocate, weighted_total,
)
from plugins.jian import cycle, sanctions

D = dt.date
SHOWN: set[tuple[str, str, str]] = set()


def shows(*marks: tuple[str, str, str]) -> Callable:
    def record(test: Callable) -> Callable:
        SHOWN.update(marks)
        return test
    return record


@pytest.fixture(scope="module")
def jian() -> JurisdictionRules:
    return JurisdictionRegistry.discover().rules("jian")


@pytest.fixture(scope="module")
def v2023(jian):
    return jian.jurisdiction.version("2023")


# -- 第十三条: stage weights are tenant settings with no default ------------------------------------

def test_settings_are_declared_without_default_citing_article_13(jian, v2023):
    specs = {s.key: s for s in jian.tenant_settings(v2023)}
    assert set(specs) == {"stage_weights.organization", "stage_weights.individual"}
    assert all(s.value_type == "weights" and str(s.citation) == "jian/2023 第十三条" for s in specs.values())


@shows(("2023", "第十三条", "fail"))
@pytest.mark.parametrize("kind", ["organization", "individual"])
def test_weights_refused_until_the_office_sets_them(jian, v2023, kind):
    with pytest.raises(SettingMissing) as missing:
        jian.stage_weights(v2023, kind, {})
    assert missing.value.fields == {f"settings.stage_weights.{kind}": ["not set"]}
    assert "jian/2023 第十三条" in missing.value.message
    with pytest.raises(SettingMissing):
        jian.stage_weights(v2023, kind, {"stage_weights.other": {"materials_review": "100"}})


@shows(("2023", "第十三条", "pass"))
def test_organisation_weights_once_set(jian, v2023):
    settings = {"stage_weights.organization": {"materials_review": "30", "presentation": "10", "on_site_review": "60"}}
    weights = jian.stage_weights(v2023, "organization", settings)
    assert weights.scale == 1000 and weights.stages == ("materials_review", "presentation", "on_site_review")
    assert [w.weight for w in weights.weights] == [Decimal("0.3"), Decimal("0.1"), Decimal("0.6")]
    total = weighted_total(weights, {"materials_review": 800, "presentation": 700, "on_site_review": 900})
    assert total.total == Decimal("240") + Decimal("70") + Decimal("540")
    assert str(total.citation) == "jian/2023 第十三条"


@shows(("2023", "第十三条", "pass"))
def test_presentation_optional_for_organisations_and_individuals_have_two_stages(jian, v2023):
    org = jian.stage_weights(v2023, "organization",
                             {"stage_weights.organization": {"materials_review": "40", "on_site_review": "60"}})
    assert org.stages == ("materials_review", "on_site_review")
    person = jian.stage_weights(v2023, "individual",
                                {"stage_weights.individual": {"materials_review": "50", "on_site_review": "50"}})
    assert weighted_total(person, {"materials_review": 1000, "on_site_review": 600}).total == 800


@shows(("2023", "第十三条", "fail"))
def test_bad_stage_settings_are_refused_naming_the_setting(jian, v2023):
    key = "stage_weights.individual"
    for value in ({"materials_review": "50", "presentation": "50"},   # individuals have no defence
                  {"materials_review": "100"},                        # on-site review missing
                  {"materials_review": "100", "on_site_review": "0"}):
        with pytest.raises(InvalidInput) as caught:
            jian.stage_weights(v2023, "individual", {key: value})
        assert f"settings.{key}" in caught.value.fields
    with pytest.raises(InvalidInput) as caught:
        jian.stage_weights(v2023, "project", {})
    assert "entry_kind" in caught.value.fields


# -- 第四条 quotas, 第五条 re-winners --------------------------------------------------------------

def orgs(n: int) -> list[Candidate]:
    return [Candidate(f"o{i}", "organization") for i in range(1, n + 1)]


def people(n: int) -> list[Candidate]:
    return [Candidate(f"p{i}", "individual") for i in range(1, n + 1)]


@shows(("2023", "第四条", "pass"), ("2023", "第四条", "fail"))
@pytest.mark.parametrize("tier", ["award", "nomination"])
def test_at_most_three_per_kind_and_vacancies_allowed(jian, v2023, tier):
    plan = jian.quota_plan(v2023)
    result = allocate(plan, tier, orgs(5) + people(4))
    assert result.winner_ids == ["o1", "o2", "o3", "p1", "p2", "p3"]
    assert {c.candidate.id for c in result.cuts} == {"o4", "o5", "p4"}
    assert all(str(c.citation) == "jian/2023 第四条" for c in result.cuts)
    empty = allocate(plan, tier, people(1))
    assert empty.winner_ids == ["p1"] and empty.shortfalls == ()  # 可以空缺


@shows(("2023", "第五条", "pass"), ("2023", "第五条", "fail"))
def test_award_re_winner_takes_no_place(jian, v2023):
    plan = jian.quota_plan(v2023)
    again = Candidate("again", "organization", won_before=frozenset({"award"}))
    result = allocate(plan, "award", [Candidate("o1", "organization"), again] + orgs(5)[1:])
    placed = {p.candidate.id: p for p in result.winners}
    assert not placed["again"].within_quota and str(placed["again"].citation) == "jian/2023 第五条"
    assert sum(p.within_quota for p in result.winners) == 3 and "o3" in placed
    late = allocate(plan, "award", orgs(3) + [again])
    assert "again" not in late.winner_ids


# -- 第十五条 rewards, 第五条 re-winners -----------------------------------------------------------

def won(tier: str, year: int, kind: str = "organization", revoked: bool = False) -> PastAward:
    return PastAward(tier, kind, D(year, 12, 1), year, D(year + 1, 6, 1) if revoked else None)


@shows(("2023", "第十五条", "pass"))
@pytest.mark.parametrize("tier, kind, amount", [("award", "organization", 500_000), ("award", "individual", 30_000),
                                                ("nomination", "organization", 30_000),
                                                ("nomination", "individual", 10_000)])
def test_bonus_per_tier_and_kind(jian, v2023, tier, kind, amount):
    decision = jian.reward(v2023, tier, kind)
    assert decision.amount_yuan == amount and isinstance(decision.amount_yuan, int)
    assert {"plaque", "certificate"} <= set(decision.honours)
    assert str(decision.citation) == "jian/2023 第十五条"


@shows(("2023", "第十五条", "pass"), ("2023", "第五条", "pass"))
def test_nomination_winner_then_award_and_revoked_award_get_full_bonus(jian, v2023):
    assert jian.reward(v2023, "award", "organization", [won("nomination", 2020)]).amount_yuan == 500_000
    assert jian.reward(v2023, "award", "individual", [won("award", 2015, "individual", revoked=True)]).amount_yuan == 30_000


@shows(("2023", "第十五条", "fail"), ("2023", "第五条", "fail"))
@pytest.mark.parametrize("kind", ["organization", "individual"])
def test_award_re_winner_gets_title_and_certificate_only(jian, v2023, kind):
    again = jian.reward(v2023, "award", kind, [won("award", 2017, kind)])
    assert (again.amount_yuan, again.honours) == (0, ("title", "certificate"))
    assert str(again.citation) == "jian/2023 第五条"
    with pytest.raises(InvalidInput) as caught:
        jian.reward(v2023, "gold", kind)
    assert "tier" in caught.value.fields


# -- 第二十条, 第二十二条 sanctions ----------------------------------------------------------------

@shows(("2023", "第二十条", "pass"))
def test_false_application_bans_5_years(jian, v2023):
    decision = jian.sanction(v2023, sanctions.FALSE_APPLICATION, decided_on=D(2024, 5, 1))
    assert decision.measures == (sanctions.APPLICATION_BAN,) and decision.ban_until == D(2029, 4, 30)
    assert str(decision.citation) == "jian/2023 第二十条"


@shows(("2023", "第二十二条", "pass"))
def test_fraudulent_win_cancels_and_bans_10_years(jian, v2023):
    decision = jian.sanction(v2023, sanctions.FRAUDULENT_WIN, award=won("award", 2023), decided_on=D(2024, 5, 1))
    assert {sanctions.CANCEL_AWARD, sanctions.RECLAIM_PLAQUE, sanctions.RECLAIM_CERTIFICATE,
            sanctions.PUBLIC_ANNOUNCEMENT, sanctions.APPLICATION_BAN} <= set(decision.measures)
    assert decision.ban_until == D(2034, 4, 30) and str(decision.citation) == "jian/2023 第二十二条第一款"
    with pytest.raises(InvalidInput) as caught:
        jian.sanction(v2023, sanctions.FRAUDULENT_WIN, decided_on=D(2024, 5, 1))
    assert "award" in caught.value.fields


@shows(("2023", "第二十二条", "pass"), ("2023", "第二十二条", "fail"))
def test_incident_within_5_years_of_the_award_cancels_without_ban(jian, v2023):
    award = PastAward("award", "organization", D(2019, 12, 1), 2019)
    inside = jian.sanction(v2023, sanctions.POST_AWARD_INCIDENT, award=award, decided_on=D(2025, 3, 1),
                           occurred_on=D(2024, 11, 30))
    assert inside.measures == (sanctions.CANCEL_AWARD, sanctions.RECLAIM_PLAQUE, sanctions.RECLAIM_CERTIFICATE,
                               sanctions.PUBLIC_ANNOUNCEMENT)
    assert inside.ban_until is None and str(inside.citation) == "jian/2023 第二十二条第二款"
    outside = jian.sanction(v2023, sanctions.POST_AWARD_INCIDENT, award=award, decided_on=D(2025, 3, 1),
                            occurred_on=D(2024, 12, 1))
    assert outside.measures == () and outside.ban_until is None and "不适用" in outside.explanation
    by_decision = jian.sanction(v2023, sanctions.POST_AWARD_INCIDENT, award=award, decided_on=D(2025, 3, 1))
    assert by_decision.measures == ()  # no occurrence date: the decision date is outside the window


@shows(("2023", "第二十条", "fail"), ("2023", "第二十二条", "fail"))
def test_unknown_violation_is_refused_listing_the_known_codes(jian, v2023):
    with pytest.raises(InvalidInput) as caught:
        jian.sanction(v2023, "bribery", decided_on=D(2024, 5, 1))
    reason, = caught.value.fields["violation"]
    assert all(code in reason for code in sanctions.VIOLATIONS)


# -- 第四条 cadence, 第十三条 procedure ------------------------------------------------------------

@shows(("2023", "第四条", "pass"), ("2023", "第十三条", "pass"))
def test_two_yearly_cycle_with_defence_before_on_site_review(jian, v2023):
    plan = jian.cycle_plan(v2023)
    assert plan.cadence_years == 2 and str(plan.cadence_citation) == "jian/2023 第四条"
    assert str(plan.citation) == "jian/2023 第十三条"
    stages = list(plan.stages)
    assert stages.index("materials_review") < stages.index("presentation") < stages.index("on_site_review")
    assert cycle.ON_SITE_MAX_DAYS == 2 and cycle.STAGE_ENTRY_KINDS["presentation"] == ("organization",)


@shows(("2023", "第十三条", "pass"), ("2023", "第十三条", "fail"))
def test_five_notices_of_5_working_days(jian, v2023):
    notices = jian.cycle_plan(v2023).notices
    assert [(n.stage, str(n.citation)) for n in notices] == [
        ("application.internal", "jian/2023 第十三条（二）"), ("application.county", "jian/2023 第十三条（二）"),
        ("eligibility_screening", "jian/2023 第十三条（三）"), ("materials_review", "jian/2023 第十三条（四）"),
        ("collective_deliberation", "jian/2023 第十三条（七）")]
    assert all((n.min_days, n.working_days) == (5, True) for n in notices)
    calendar = WorkingDayCalendar()
    end = calendar.notice_end(D(2024, 9, 27), 5, True)  # across National Day 2024
    assert end == D(2024, 10, 9)
    assert calendar.working_days_between(D(2024, 9, 27), D(2024, 10, 8)) < 5
