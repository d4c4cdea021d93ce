"""The review, article by article: no expert conditions (第七条; 第六条 is the committee), and the scoring
sheets: the criteria of 第十六条 without points, so one score out of the office's ``score_scale`` at the
materials review (第十九条) and on-site review (第二十条), and the third party's survey (第二十一条,
organisations only)."""
from __future__ import annotations

import pytest

from core.sdk import JurisdictionRegistry, JurisdictionRules, RuleNotImplemented, SettingMissing

SETTINGS = {"score_scale": 100,
            "stage_weights.organization": {"materials_review": "40", "on_site_review": "40",
                                           "customer_satisfaction_survey": "20"},
            "stage_weights.individual": {"materials_review": "50", "on_site_review": "50"}}


@pytest.fixture(scope="module")
def changde() -> JurisdictionRules:
    return JurisdictionRegistry.discover().rules("changde")


@pytest.fixture(scope="module")
def draft(changde):
    return changde.jurisdiction.version("draft")


def test_the_draft_states_no_expert_condition(changde, draft):
    assert changde.expert_qualifications(draft) == []
    assert "no_expert_qualifications" in {r.code for r in changde.readings(draft)}


def test_a_sheet_waits_for_the_score_scale_article_16_leaves_open(changde, draft):
    with pytest.raises(SettingMissing) as missing:
        changde.score_sheet(draft, "materials_review", "organization", {})
    assert missing.value.fields == {"settings.score_scale": ["not set"]}


@pytest.mark.parametrize("stage, article", [("materials_review", "第十九条"), ("on_site_review", "第二十条")])
@pytest.mark.parametrize("kind", ["organization", "individual"])
def test_materials_and_on_site_are_one_score_against_the_criteria_of_article_16(changde, draft, stage, article, kind):
    sheet = changde.score_sheet(draft, stage, kind, SETTINGS)
    item, = sheet.items
    assert item.max_points == sheet.scale == 100
    assert str(item.citation) == "changde/draft 第十六条"
    assert all(part in item.name for part in ("质量", "创新", "品牌", "结果"))
    assert str(sheet.citation) == f"changde/draft {article}" and sheet.aggregation is None


def test_the_third_partys_survey_is_one_score_for_organisations_only(changde, draft):
    sheet = changde.score_sheet(draft, "customer_satisfaction_survey", "organization", SETTINGS)
    item, = sheet.items
    assert item.max_points == 100 and str(item.citation) == str(sheet.citation) == "changde/draft 第二十一条"
    assert changde.cycle_plan(draft, {"cycle_years": 2}).stage_rule("customer_satisfaction_survey").by_third_party
    with pytest.raises(RuleNotImplemented):
        changde.score_sheet(draft, "customer_satisfaction_survey", "individual", SETTINGS)


@pytest.mark.parametrize("kind", ["organization", "individual"])
def test_every_weighted_stage_has_a_sheet_out_of_the_weights_scale(changde, draft, kind):
    weights = changde.stage_weights(draft, kind, SETTINGS)
    assert {changde.score_sheet(draft, stage, kind, SETTINGS).scale for stage in weights.stages} == {weights.scale}
