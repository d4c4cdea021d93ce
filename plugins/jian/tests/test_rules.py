"""Ji'an rule details the case files cannot show: settings declarations, the 第六条 scale citation,
the quota plan's flags, the defence gate, the violation list, readings and their docstring tags.
The decisions themselves, both ways per article, are in ../cases/*.json."""
from __future__ import annotations

import ast
import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest

from core.sdk import (
    Candidate, InvalidInput, JurisdictionRegistry, JurisdictionRules, PastAward, PastSanction, SettingMissing,
    allocate, weighted_total,
)
from plugins.jian import cycle, eligibility, sanctions

D = dt.date
PACKAGE = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def jian() -> JurisdictionRules:
    return JurisdictionRegistry.discover().rules("jian")


@pytest.fixture(scope="module")
def v2023(jian):
    return jian.jurisdiction.version("2023")


# -- 第十三条 weights (office settings), 第六条 scale -------------------------------------------------

def test_settings_are_declared_without_default_citing_article_13(jian, v2023):
    specs = {s.key: s for s in jian.tenant_settings(v2023)}
    assert set(specs) == {"stage_weights.organization", "stage_weights.individual"}
    assert all(s.value_type == "weights" and str(s.citation) == "jian/2023 第十三条" for s in specs.values())


@pytest.mark.parametrize("kind", ["organization", "individual"])
def test_weights_refused_until_the_office_sets_them(jian, v2023, kind):
    with pytest.raises(SettingMissing) as missing:
        jian.stage_weights(v2023, kind, {})
    assert missing.value.fields == {f"settings.stage_weights.{kind}": ["not set"]}


def test_total_of_materials_and_on_site_on_the_1000_point_scale_of_article_6(jian, v2023):
    settings = {"stage_weights.organization": {"materials_review": "30", "on_site_review": "70"}}
    weights = jian.stage_weights(v2023, "organization", settings)
    assert weights.scale == 1000 and weights.stages == ("materials_review", "on_site_review")
    assert [w.weight for w in weights.weights] == [Decimal("0.3"), Decimal("0.7")]
    assert {str(w.citation) for w in weights.weights} == {"jian/2023 第十三条"}
    assert str(weights.citation) == "jian/2023 第六条" and "GB/T 19580" in weights.citation.note
    total = weighted_total(weights, {"materials_review": 800, "on_site_review": 900})
    assert total.total == Decimal("240") + Decimal("630")


@pytest.mark.parametrize("kind", ["organization", "individual"])
def test_the_defence_cannot_be_weighted(jian, v2023, kind):
    key = f"stage_weights.{kind}"
    for value in ({"materials_review": "30", "presentation": "10", "on_site_review": "60"},
                  {"materials_review": "100"},
                  {"materials_review": "100", "on_site_review": "0"}):
        with pytest.raises(InvalidInput) as caught:
            jian.stage_weights(v2023, kind, {key: value})
        assert f"settings.{key}" in caught.value.fields
    with pytest.raises(InvalidInput) as caught:
        jian.stage_weights(v2023, "project", {})
    assert "entry_kind" in caught.value.fields


# -- 第四条 quotas, 第五条 re-winners -----------------------------------------------------------------

def test_quota_plan_every_tier_capped_and_award_re_winners_take_no_place(jian, v2023):
    plan = jian.quota_plan(v2023)
    assert {(q.tier, q.entry_kinds, q.max_count) for q in plan.quotas} == {
        ("award", ("organization",), 3), ("award", ("individual",), 3),
        ("nomination", ("organization",), 3), ("nomination", ("individual",), 3)}
    assert plan.re_winners_outside_quota and plan.re_winner_tiers == ("award",)
    assert plan.re_winner_needs_free_place is False and str(plan.re_winner_citation) == "jian/2023 第五条"


def test_award_re_winner_never_cut_and_never_pushes_anyone_out(jian, v2023):
    plan = jian.quota_plan(v2023)
    again = Candidate("again", "organization", won_before=frozenset({"award"}))
    orgs = [Candidate(f"o{i}", "organization") for i in range(1, 5)]
    late = allocate(plan, "award", orgs[:3] + [again] + orgs[3:])
    assert late.winner_ids == ["o1", "o2", "o3", "again"] and [c.candidate.id for c in late.cuts] == ["o4"]
    assert str(late.cuts[0].citation) == "jian/2023 第四条"
    assert not next(p for p in late.winners if p.candidate.id == "again").within_quota


# -- 第二十条, 第二十二条 sanctions -------------------------------------------------------------------

def test_violations_are_listed_with_the_article_that_sanctions_them(jian, v2023):
    listed = {v.code: str(v.citation) for v in jian.violations(v2023)}
    assert listed == {"false_application": "jian/2023 第二十条", "fraudulent_win": "jian/2023 第二十二条第一款",
                      "post_award_incident": "jian/2023 第二十二条第二款"}


def test_unknown_violation_is_refused_listing_the_known_codes(jian, v2023):
    with pytest.raises(InvalidInput) as caught:
        jian.sanction(v2023, "bribery", decided_on=D(2024, 5, 1))
    reason, = caught.value.fields["violation"]
    assert all(code in reason for code in sanctions.VIOLATIONS)


def test_bans_end_on_the_corresponding_day(jian, v2023):
    five = jian.sanction(v2023, sanctions.FALSE_APPLICATION, decided_on=D(2024, 5, 1))
    assert five.ban_until == D(2029, 5, 1) and five.measures == (sanctions.APPLICATION_BAN,)
    award = PastAward("award", "organization", D(2023, 6, 1), 2023)
    ten = jian.sanction(v2023, sanctions.FRAUDULENT_WIN, award=award, decided_on=D(2024, 5, 1))
    assert ten.ban_until == D(2034, 5, 1) and str(ten.citation) == "jian/2023 第二十二条第一款"


def test_incident_window_and_its_missing_dates(jian, v2023):
    award = PastAward("award", "organization", D(2019, 12, 1), 2019)
    inside = jian.sanction(v2023, sanctions.POST_AWARD_INCIDENT, award=award, decided_on=D(2025, 3, 1),
                           occurred_on=D(2024, 12, 1))
    assert sanctions.CANCEL_AWARD in inside.measures and inside.ban_until is None
    outside = jian.sanction(v2023, sanctions.POST_AWARD_INCIDENT, award=award, decided_on=D(2025, 3, 1),
                            occurred_on=D(2024, 12, 2))
    assert outside.measures == () and "不适用" in outside.explanation
    with pytest.raises(InvalidInput) as caught:
        jian.sanction(v2023, sanctions.POST_AWARD_INCIDENT, award=award, decided_on=D(2025, 3, 1))
    assert "occurred_on" in caught.value.fields
    undated = PastAward("award", "organization", None, 2019)
    with pytest.raises(InvalidInput) as caught:
        jian.sanction(v2023, sanctions.POST_AWARD_INCIDENT, award=undated, decided_on=D(2025, 3, 1),
                      occurred_on=D(2022, 1, 1))
    assert "award.awarded_on" in caught.value.fields


def test_a_ban_of_another_kind_cites_its_record_or_is_refused():
    foreign = PastSanction("other_rule", D(2023, 1, 1), D(2026, 1, 1))
    with pytest.raises(InvalidInput) as caught:
        eligibility.history_findings("2023", (), (foreign,), D(2024, 5, 1))
    assert "sanctions.0.citation" in caught.value.fields
    cited = sanctions.violation_citation("2023", sanctions.FALSE_APPLICATION)
    finding, = eligibility.history_findings("2023", (), (PastSanction("other_rule", D(2023, 1, 1), D(2026, 1, 1),
                                                                      cited),), D(2024, 5, 1))
    assert finding.citation == cited


# -- 第十三条 cycle: the defence is a gate ----------------------------------------------------------

def test_defence_is_a_gate_for_organisations_before_the_on_site_review(jian, v2023):
    plan = jian.cycle_plan(v2023)
    stages = list(plan.stages)
    assert stages.index("materials_review") < stages.index("presentation_gate") < stages.index("on_site_review")
    gate, on_site = plan.stage_rule("presentation_gate"), plan.stage_rule("on_site_review")
    assert (gate.gate_for, gate.entry_kinds, str(gate.citation)) == ("on_site_review", ("organization",),
                                                                     "jian/2023 第十三条（五）")
    assert (on_site.max_days, on_site.entry_kinds, str(on_site.citation)) == (2, (), "jian/2023 第十三条（六）")
    assert all((n.min_days, n.working_days) == (5, True) for n in plan.notices)


def test_every_stage_has_a_kind_and_applications_come_recommended(jian, v2023):
    plan = jian.cycle_plan(v2023)
    assert [plan.kind_of(stage) for stage in plan.stages] == [
        "publication", "application", "screening", "review", "review", "review", "evaluation", "approval"]
    assert plan.stages_of_kind("application") == ("application",)
    assert plan.stages_of_kind("screening") == ("eligibility_screening",)  # （三） 资格审核, the acceptance list
    assert str(plan.recommendation) == "jian/2023 第十三条（二）"  # 签署审核、推荐意见 before the office


# -- readings ------------------------------------------------------------------------------------

def _docstring_tags() -> set[str]:
    tags: set[str] = set()
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                tags.update(re.findall(r"\[reading:\s*([A-Za-z0-9_.-]+)\s*\]", node.value.value))
    return tags


def test_readings_match_the_docstring_tags(jian, v2023):
    readings = jian.readings(v2023)
    codes = [r.code for r in readings]
    assert len(codes) == len(set(codes))
    assert set(codes) == _docstring_tags()
    assert all(r.citation.jurisdiction == "jian" and r.citation.version == "2023" and r.reading and r.alternative
               for r in readings)
