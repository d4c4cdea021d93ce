"""Yuncheng rules through the hooks: settings, scoring (第三条, 第十八条), quotas and the 第十一条（七）
preference (第四条), rewards (第二十二条), violations and sanctions (第三十条), the cycle (第四条,
第十四–二十一条), readings and the version's validity (第三十五条). The case files carry the
article-by-article coverage; these tests check the shapes the case format cannot."""
from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import re
from decimal import Decimal

import pytest

import plugins.yuncheng as package
from core.sdk import (
    NOTICE_KINDS, Candidate, InvalidInput, JurisdictionRegistry, JurisdictionRules, PastAward, SettingMissing,
    allocate, bonus_points, weighted_total,
)
from plugins.yuncheng import eligibility, quotas, sanctions, scoring

D = dt.date
WEIGHTS = {"materials_review": "30", "on_site_review": "50", "presentation": "20"}


@pytest.fixture(scope="module")
def yc() -> JurisdictionRules:
    return JurisdictionRegistry.discover().rules("yuncheng")


@pytest.fixture(scope="module")
def v2023(yc):
    return yc.jurisdiction.version("2023")


# -- 第三十四、三十五条 validity -------------------------------------------------------------------

def test_valid_five_years_from_the_first_day_in_force(v2023):
    assert v2023.status_on(D(2023, 6, 8)).value == "not_yet_in_force"
    assert v2023.status_on(D(2023, 6, 9)).value == "in_force"
    assert v2023.status_on(D(2028, 6, 8)).value == "in_force"   # last day of the 5 years
    assert v2023.status_on(D(2028, 6, 9)).value == "expired"    # first day outside


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

@pytest.mark.parametrize("kind", ["organization", "individual"])
def test_weights_refused_until_set(yc, v2023, kind):
    with pytest.raises(SettingMissing) as missing:
        yc.stage_weights(v2023, kind, {})
    assert missing.value.fields == {f"settings.stage_weights.{kind}": ["not set"]}
    assert "yuncheng/2023 第十八条" in missing.value.message


def test_bad_weights_refused_naming_the_setting(yc, v2023):
    key = "stage_weights.organization"
    for value in ({"materials_review": "50", "on_site_review": "50"},
                  {"materials_review": "50", "on_site_review": "50", "presentation": "0"},
                  {"materials_review": "30", "on_site_review": "50", "presentation": "20", "other": "0"},
                  {"materials_review": "30", "on_site_review": "40", "presentation": "20", "现场问卷": "10"},
                  ["materials_review"]):
        with pytest.raises(InvalidInput) as caught:
            yc.stage_weights(v2023, "organization", {key: value})
        assert f"settings.{key}" in caught.value.fields
    with pytest.raises(InvalidInput) as caught:
        yc.stage_weights(v2023, "project", {})
    assert "entry_kind" in caught.value.fields


@pytest.mark.parametrize("kind", ["organization", "individual"])
def test_weights_once_set_on_1000_points_with_seven_categories(yc, v2023, kind):
    weights = yc.stage_weights(v2023, kind, {f"stage_weights.{kind}": WEIGHTS})
    assert weights.scale == 1000 and weights.stages == ("materials_review", "on_site_review", "presentation")
    assert [w.weight for w in weights.weights] == [Decimal("0.3"), Decimal("0.5"), Decimal("0.2")]
    assert all(str(w.citation) == "yuncheng/2023 第十八条" for w in weights.weights)
    assert str(weights.citation) == "yuncheng/2023 第三条" and "七项" in weights.citation.note
    assert len(scoring.CATEGORIES) == 7 and sum(p for _, _, p in scoring.CATEGORIES) == 1000


def test_extra_review_stages_follow_the_named_ones(yc, v2023):
    """第十八条 "包括但不限于": an office may weigh further review stages; they come after the named three."""
    value = {"site_survey": "5", "materials_review": "30", "customer_survey": "10", "on_site_review": "35",
             "presentation": "20"}
    weights = yc.stage_weights(v2023, "organization", {"stage_weights.organization": value})
    assert weights.stages == ("materials_review", "on_site_review", "presentation", "customer_survey", "site_survey")
    total = weighted_total(weights, {"materials_review": 800, "on_site_review": 900, "presentation": 700,
                                     "customer_survey": 600, "site_survey": 1000})
    assert total.total == Decimal("240") + Decimal("315") + Decimal("140") + Decimal("60") + Decimal("50")


def test_bonus_5_per_talent_and_20_per_senior_talent(yc, v2023):
    weights = yc.stage_weights(v2023, "organization", {"stage_weights.organization": WEIGHTS})
    assert [(r.code, r.points_per_unit) for r in weights.bonus_rules] == [("talent", 5), ("senior_talent", 20)]
    assert all(str(r.citation) == "yuncheng/2023 第三条第二款" for r in weights.bonus_rules)
    bonus, lines = bonus_points(weights.bonus_rules, {"talent": 3, "senior_talent": 2})
    assert bonus == Decimal(55) and [line.points for line in lines] == [15, 40]


# -- 第四条 quotas, 第十一条（七） preference ------------------------------------------------------------

def test_quota_plan_four_per_kind_and_tier_with_the_honour_preference(yc, v2023):
    plan = yc.quota_plan(v2023)
    assert {(q.tier, q.entry_kinds, q.max_count, q.min_count) for q in plan.quotas} == {
        (t, (k,), 4, 0) for t in ("award", "nomination") for k in ("organization", "individual")}
    assert all(str(q.citation) == "yuncheng/2023 第四条" for q in plan.quotas)
    assert not plan.total_caps and not plan.re_winners_outside_quota
    assert [(p.tier, p.entry_kind, p.flag, p.min_count, str(p.citation)) for p in plan.preferences] == [
        (t, "organization", quotas.GOVERNMENT_HONOUR, 1, "yuncheng/2023 第十一条（七）")
        for t in ("award", "nomination")]


def test_honour_preference_is_reported_never_swapped(yc, v2023):
    plan = yc.quota_plan(v2023)
    ranked = [Candidate(f"o{i}", "organization") for i in range(1, 5)] + \
             [Candidate("o5", "organization", frozenset({quotas.GOVERNMENT_HONOUR}))]
    result = allocate(plan, "nomination", ranked)
    assert result.winner_ids == ["o1", "o2", "o3", "o4"]
    note, = result.preference_notes
    assert not note.met and [c.id for c in note.passed_over] == ["o5"]


# -- 第二十二条 rewards --------------------------------------------------------------------------------

def test_honours_are_those_the_text_names(yc, v2023):
    settings = {"reward_yuan.award.organization": 200_000}
    for decision in (yc.reward(v2023, "award", "organization", settings=settings),
                     yc.reward(v2023, "nomination", "individual")):
        assert decision.honours == ("certificate", "plaque_or_medal")
        assert "奖牌或奖章" in decision.explanation


# -- 第三十条 violations and sanctions ---------------------------------------------------------------

def test_violations_listed_and_each_accepted(yc, v2023):
    listed = yc.violations(v2023)
    assert [(v.code, str(v.citation)) for v in listed] == [
        ("false_materials", "yuncheng/2023 第三十条（一）"), ("major_accident", "yuncheng/2023 第三十条（二）"),
        ("mark_misuse", "yuncheng/2023 第三十条（三）"), ("serious_violation", "yuncheng/2023 第三十条（四）")]
    assert all(v.description for v in listed)
    award = PastAward("award", "organization", None, 2023)
    for violation in listed:
        decision = yc.sanction(v2023, violation.code, award=award, decided_on=D(2026, 1, 1))
        assert decision.citation == violation.citation and decision.ban_until == D(2040, 12, 31)
    with pytest.raises(InvalidInput) as caught:
        yc.sanction(v2023, "bribery", award=award, decided_on=D(2026, 1, 1))
    reason, = caught.value.fields["violation"]
    assert all(v.code in reason for v in listed)


def test_sanction_measures(yc, v2023):
    person = PastAward("nomination", "individual", D(2023, 12, 1), 2023)
    decision = yc.sanction(v2023, "false_materials", award=person, decided_on=D(2024, 12, 31))
    assert sanctions.RECOVER_BONUS not in decision.measures and decision.ban_until == D(2038, 12, 31)
    company = PastAward("award", "organization", D(2023, 12, 1), 2023)
    assert sanctions.RECOVER_BONUS in yc.sanction(v2023, "false_materials", award=company,
                                                  decided_on=D(2024, 1, 1)).measures


# -- 第十三条 cycle years ----------------------------------------------------------------------------

def test_cycle_year_is_asked_for_not_derived(yc, v2023):
    for award in (PastAward("award", "individual", D(2019, 12, 1), 0),
                  PastAward("award", "individual", None, None),  # type: ignore[arg-type]
                  PastAward("award", "individual", D(2019, 12, 1), 2020)):
        with pytest.raises(InvalidInput) as caught:
            eligibility.history_findings("2023", [award], [], D(2024, 5, 1))
        assert "history.cycle_year" in caught.value.fields
    assert eligibility.reapply_from(PastAward("award", "individual", None, 2018)) == D(2033, 1, 1)


# -- 第四条 cadence, 第十四–二十一条 procedure ----------------------------------------------------------

def test_five_yearly_cycle_with_four_notices(yc, v2023):
    plan = yc.cycle_plan(v2023)
    assert plan.cadence_years == 5 and str(plan.cadence_citation) == "yuncheng/2023 第四条"
    assert str(plan.citation) == "yuncheng/2023 第十四条"
    assert [(n.stage, n.kind, n.min_days, n.working_days, str(n.citation)) for n in plan.notices] == [
        ("application.internal", "internal", 5, True, "yuncheng/2023 第十五条"),
        ("formal_review", "acceptance", None, False, "yuncheng/2023 第十七条"),
        ("candidate_list", "candidate", 5, True, "yuncheng/2023 第十九条"),
        ("deliberation", "recommended", 5, True, "yuncheng/2023 第二十条")]
    assert all(n.kind in NOTICE_KINDS and n.backfill is None for n in plan.notices)
    assert {n.stage for n in plan.notices} - set(plan.stages) == {"application.internal"}


def test_department_review_recommends_and_formal_review_screens(yc, v2023):
    plan = yc.cycle_plan(v2023)
    assert [plan.kind_of(stage) for stage in plan.stages] == [
        "publication", "application", "recommendation", "screening", "review", "review", "review", "evaluation",
        "evaluation", "approval"]
    assert plan.stages_of_kind("recommendation") == ("department_review",)  # 第十六条 审核、推荐
    assert plan.stages_of_kind("screening") == ("formal_review",)          # 第十七条 形式审查、受理名单
    assert plan.stages_of_kind("application") == ("application",)
    assert str(plan.recommendation) == "yuncheng/2023 第十六条"


# -- readings as data ---------------------------------------------------------------------------------

def _module_docstrings() -> dict[str, str]:
    names = [package.__name__] + [f"{package.__name__}.{m.name}" for m in pkgutil.iter_modules(package.__path__)
                                  if m.name != "tests"]
    return {name: importlib.import_module(name).__doc__ or "" for name in names}


def test_reading_tags_match_the_readings(yc, v2023):
    readings = yc.readings(v2023)
    codes = [r.code for r in readings]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", code) for code in codes)
    tags = {tag for doc in _module_docstrings().values() for tag in re.findall(r"\[reading: ([^\]]+)\]", doc)}
    assert tags == set(codes)
    assert all(r.citation.jurisdiction == "yuncheng" and r.citation.version == "2023" for r in readings)
    assert all(r.reading and r.alternative for r in readings)
