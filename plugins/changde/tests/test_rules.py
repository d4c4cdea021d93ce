"""Changde settings (第三条 cycle length, 第二十二条 weights, 第十六条 scale), quotas (第三条), rewards
(第二十五条), sanctions (第二十八条, 第三十条), the cycle (第十五条, 第十八条–第二十四条) and the contract v2
descriptions (violation codes, readings, notice kinds). The case files under ``cases/`` show every
computable article both ways (``test_case_coverage.py``); these tests check what a case cannot."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
import pytest

from core.sdk import (
    NOTICE_KINDS, Candidate, InvalidInput, JurisdictionRegistry, JurisdictionRules, PastAward, SettingMissing,
    allocate, weighted_total,
)
from plugins.changde import cycle, sanctions

D = dt.date
ORG_WEIGHTS = {"materials_review": "40", "on_site_review": "40", "customer_satisfaction_survey": "20"}
IND_WEIGHTS = {"materials_review": "50", "on_site_review": "50"}


@pytest.fixture(scope="module")
def changde() -> JurisdictionRules:
    return JurisdictionRegistry.discover().rules("changde")


@pytest.fixture(scope="module")
def draft(changde):
    return changde.jurisdiction.version("draft")


# -- settings with no default -----------------------------------------------------------------

def test_settings_are_declared_without_default(changde, draft):
    specs = {s.key: s for s in changde.tenant_settings(draft)}
    assert set(specs) == {"cycle_years", "stage_weights.organization", "stage_weights.individual", "score_scale"}
    assert str(specs["cycle_years"].citation) == "changde/draft 第三条"
    assert str(specs["stage_weights.organization"].citation) == "changde/draft 第二十二条"
    assert str(specs["stage_weights.individual"].citation) == "changde/draft 第二十二条"
    assert str(specs["score_scale"].citation) == "changde/draft 第十六条"


def test_cycle_plan_refused_until_cycle_length_is_set(changde, draft):
    with pytest.raises(SettingMissing) as missing:
        changde.cycle_plan(draft, {})
    assert missing.value.fields == {"settings.cycle_years": ["not set"]}
    assert "changde/draft 第三条" in missing.value.message
    with pytest.raises(InvalidInput):
        changde.cycle_plan(draft, {"cycle_years": 0})


def test_cycle_plan_once_set(changde, draft):
    plan = changde.cycle_plan(draft, {"cycle_years": 2})
    assert plan.cadence_years == 2 and str(plan.cadence_citation) == "changde/draft 第三条"
    assert plan.stages == ("application", "county_recommendation", "acceptance", "acceptance_notice",
                           "materials_review", "on_site_review", "customer_satisfaction_survey",
                           "comprehensive_evaluation", "committee_vote", "recommended_winners_notice",
                           "government_announcement")
    assert str(plan.citation) == "changde/draft 第十八条"
    notices = {n.stage: n for n in plan.notices}
    assert notices["acceptance_notice"].min_days == 5 and notices["acceptance_notice"].working_days
    assert (notices["acceptance_notice"].kind, notices["recommended_winners_notice"].kind) == ("acceptance", "recommended")
    assert all(n.kind in NOTICE_KINDS for n in plan.notices)
    assert str(notices["acceptance_notice"].citation) == "changde/draft 第十五条"
    assert notices["recommended_winners_notice"].min_days == 5 and notices["recommended_winners_notice"].backfill is None
    assert str(notices["recommended_winners_notice"].citation) == "changde/draft 第二十四条"
    assert [str(p.citation) for p in plan.panels] == ["changde/draft 第十九条", "changde/draft 第二十条"]
    survey = plan.stage_rule("customer_satisfaction_survey")
    assert (survey.entry_kinds, survey.by_third_party, str(survey.citation)) == (("organization",), True,
                                                                                 "changde/draft 第二十一条")
    assert plan.stage_rule("on_site_review").entrants_ranked_by == "materials_review"
    assert (cycle.CANDIDATE_LIST, cycle.VOTE) == ("differential", "equal_number")


def test_chapter_three_stages_come_before_the_acceptance_notice(changde, draft):
    """第十一条 申报, 第十二条 初审推荐, 第十三条–第十五条 受理 precede 第十八条's review procedure."""
    plan = changde.cycle_plan(draft, {"cycle_years": 2})
    assert [plan.kind_of(stage) for stage in plan.stages] == [
        "application", "recommendation", "screening", "notice", "review", "review", "review", "evaluation",
        "evaluation", "notice", "approval"]
    assert plan.stages_of_kind("application") == ("application",)
    assert plan.stages_of_kind("screening") == ("acceptance",)
    assert plan.stages.index("acceptance") < plan.stages.index("acceptance_notice") < plan.stages.index(
        "materials_review")
    assert str(plan.recommendation) == "changde/draft 第十二条"
    assert {n.stage for n in plan.notices} <= set(plan.stages)
    reading = next(r for r in changde.readings(draft) if r.code == "application_and_acceptance_stages")
    assert str(reading.citation) == "changde/draft 第四条" and reading.alternative


@pytest.mark.parametrize("kind, weights", [("organization", ORG_WEIGHTS), ("individual", IND_WEIGHTS)])
def test_weights_refused_until_set(changde, draft, kind, weights):
    with pytest.raises(SettingMissing) as missing:
        changde.stage_weights(draft, kind, {"score_scale": 100})
    assert missing.value.fields == {f"settings.stage_weights.{kind}": ["not set"]}
    assert "changde/draft 第二十二条" in missing.value.message
    with pytest.raises(SettingMissing) as missing:
        changde.stage_weights(draft, kind, {f"stage_weights.{kind}": weights})
    assert missing.value.fields == {"settings.score_scale": ["not set"]}
    assert "changde/draft 第十六条" in missing.value.message


def test_weights_once_set(changde, draft):
    settings = {"stage_weights.organization": ORG_WEIGHTS, "stage_weights.individual": IND_WEIGHTS, "score_scale": 100}
    org = changde.stage_weights(draft, "organization", settings)
    assert org.stages == ("materials_review", "on_site_review", "customer_satisfaction_survey")
    assert [w.weight for w in org.weights] == [Decimal("0.4"), Decimal("0.4"), Decimal("0.2")]
    assert all(str(w.citation) == "changde/draft 第二十二条" for w in org.weights)
    assert str(org.citation) == "changde/draft 第二十二条"
    assert org.scale == 100
    total = weighted_total(org, {"materials_review": 80, "on_site_review": 90, "customer_satisfaction_survey": 70})
    assert Decimal(str(getattr(total, "total", total))) == Decimal("82")
    ind = changde.stage_weights(draft, "individual", settings)
    assert ind.stages == ("materials_review", "on_site_review")


def test_individual_weights_may_not_name_the_survey(changde, draft):
    with pytest.raises(InvalidInput) as bad:
        changde.stage_weights(draft, "individual", {"stage_weights.individual": ORG_WEIGHTS, "score_scale": 100})
    assert "settings.stage_weights.individual" in bad.value.fields


# -- 第三条 combined quota ----------------------------------------------------------------------

@pytest.mark.parametrize("tier", ["award", "nomination"])
def test_organisations_and_individuals_share_four_places(changde, draft, tier):
    plan = changde.quota_plan(draft)
    (quota,) = plan.quotas_for(tier)
    assert quota.entry_kinds == ("organization", "individual") and quota.max_count == 4
    ranked = [Candidate("o1", "organization"), Candidate("i1", "individual"), Candidate("o2", "organization"),
              Candidate("i2", "individual"), Candidate("o3", "organization")]
    result = allocate(plan, tier, ranked)
    assert result.winner_ids == ["o1", "i1", "o2", "i2"]
    assert [str(p.citation) for p in result.winners] == ["changde/draft 第三条"] * 4
    (cut,) = result.cuts
    assert cut.candidate.id == "o3" and str(cut.citation) == "changde/draft 第三条"


def test_vacancies_allowed_and_no_re_winner_rule(changde, draft):
    plan = changde.quota_plan(draft)
    assert not plan.re_winners_outside_quota and all(q.min_count == 0 for q in plan.quotas)
    result = allocate(plan, "award", [Candidate("i1", "individual")])
    assert result.winner_ids == ["i1"] and not result.shortfalls


# -- 第二十五条 rewards -------------------------------------------------------------------------

@pytest.mark.parametrize("tier", ["award", "nomination"])
@pytest.mark.parametrize("kind", ["organization", "individual"])
def test_certificate_and_trophy_no_cash(changde, draft, tier, kind):
    history = (PastAward("award", kind, D(2020, 1, 1), 2019),)
    for past in ((), history):
        decision = changde.reward(draft, tier, kind, past)
        assert decision.amount_yuan == 0 and isinstance(decision.amount_yuan, int)
        assert decision.honours == ("certificate", "trophy")
        assert str(decision.citation) == "changde/draft 第二十五条"


def test_unknown_tier_or_kind_refused(changde, draft):
    with pytest.raises(InvalidInput) as bad:
        changde.reward(draft, "gold", "organization")
    assert "tier" in bad.value.fields
    with pytest.raises(InvalidInput) as bad:
        changde.reward(draft, "award", "project")
    assert "entry_kind" in bad.value.fields


# -- 第二十八条, 第三十条 sanctions -----------------------------------------------------------------

AWARD = PastAward("award", "organization", D(2020, 3, 1), 2019)


def test_false_application_bans_five_years(changde, draft):
    # 第二十八条: 5 years from the decision of 2024-05-01 (not counted) end on the corresponding day.
    decision = changde.sanction(draft, sanctions.FALSE_APPLICATION, decided_on=D(2024, 5, 1))
    assert decision.ban_until == D(2029, 5, 1) and decision.measures == ("application_ban",)
    assert str(decision.citation) == "changde/draft 第二十八条"


def test_fraudulent_win_ten_years(changde, draft):
    decision = changde.sanction(draft, sanctions.FRAUDULENT_WIN, decided_on=D(2024, 5, 1), award=AWARD)
    assert decision.ban_until == D(2034, 5, 1)
    assert set(decision.measures) == {"cancel_award", "reclaim_certificate", "reclaim_trophy", "application_ban",
                                      "refer_to_authorities", "public_announcement"}
    assert str(decision.citation) == "changde/draft 第二十八条"


def test_unknown_violation_lists_the_known_ones(changde, draft):
    with pytest.raises(InvalidInput) as bad:
        changde.sanction(draft, "littering", decided_on=D(2024, 5, 1))
    assert "violation" in bad.value.fields
    listed = [v.code for v in changde.violations(draft)]
    assert listed == list(sanctions.VIOLATIONS)
    assert all(code in str(bad.value.fields["violation"]) for code in listed)
    with pytest.raises(InvalidInput):
        changde.sanction(draft, sanctions.FRAUDULENT_WIN, decided_on=D(2024, 5, 1))


@pytest.mark.parametrize("occurred", [D(2020, 3, 1), D(2025, 3, 1)])
def test_post_award_incident_within_five_years(changde, draft, occurred):
    decision = changde.sanction(draft, sanctions.POST_AWARD_INCIDENT, decided_on=D(2025, 6, 1), award=AWARD,
                                occurred_on=occurred)
    assert decision.measures == ("cancel_award", "reclaim_certificate", "reclaim_trophy", "public_announcement")
    assert decision.ban_until is None
    assert str(decision.citation) == "changde/draft 第三十条"


def test_post_award_incident_outside_five_years_does_not_apply(changde, draft):
    # 第三十条: the award day (2020-03-01) is not counted; the 5 years end on 2025-03-01.
    decision = changde.sanction(draft, sanctions.POST_AWARD_INCIDENT, decided_on=D(2025, 6, 1), award=AWARD,
                                occurred_on=D(2025, 3, 2))
    assert decision.measures == () and decision.ban_until is None
    assert str(decision.citation) == "changde/draft 第三十条" and "不适用" in decision.explanation


@pytest.mark.parametrize("code", sanctions.VIOLATIONS)
def test_every_listed_violation_is_accepted(changde, draft, code):
    (kind,) = [v for v in changde.violations(draft) if v.code == code]
    assert kind.description and str(kind.citation) == f"changde/draft {sanctions.ARTICLES[code]}"
    decision = changde.sanction(draft, code, decided_on=D(2024, 5, 1), award=AWARD)
    assert str(decision.citation) == str(kind.citation)


def test_post_award_window_needs_the_award_date(changde, draft):
    undated = PastAward("award", "organization", None, 2020)
    with pytest.raises(InvalidInput) as bad:
        changde.sanction(draft, sanctions.POST_AWARD_INCIDENT, decided_on=D(2023, 6, 1), award=undated)
    assert "award.awarded_on" in bad.value.fields
    # a ban counted from the decision needs no award date
    decision = changde.sanction(draft, sanctions.FRAUDULENT_WIN, decided_on=D(2023, 6, 1), award=undated)
    assert decision.ban_until == D(2033, 6, 1)


# -- readings as data ---------------------------------------------------------------------------

def _docstring_tags() -> set[str]:
    import importlib
    import pkgutil
    import re

    import plugins.changde as package

    tags = set(re.findall(r"\[reading: ([a-z0-9_]+)\]", package.__doc__ or ""))
    for module in pkgutil.iter_modules(package.__path__):
        if module.name != "tests":
            doc = importlib.import_module(f"plugins.changde.{module.name}").__doc__ or ""
            tags |= set(re.findall(r"\[reading: ([a-z0-9_]+)\]", doc))
    return tags


def test_readings_match_the_tags_in_the_docstrings(changde, draft):
    readings = changde.readings(draft)
    codes = [r.code for r in readings]
    assert len(codes) == len(set(codes)), "reading codes must be unique"
    assert all(c.replace("_", "").isalnum() and c == c.lower() for c in codes)
    assert set(codes) == _docstring_tags()
    assert all(r.citation.jurisdiction == "changde" and r.citation.version == "draft" and r.reading and r.alternative
               for r in readings)


def test_plugin_imports_core_only_through_the_sdk():
    import re
    from pathlib import Path

    root = Path(__file__).parent.parent
    offending = [f"{path.relative_to(root)}: {line.strip()}" for path in root.rglob("*.py")
                 for line in path.read_text(encoding="utf-8").splitlines()
                 if re.match(r"\s*(from|import)\s+core(\.(?!sdk\b)\w+|\s|$)", line)]
    assert not offending
