"""The review, article by article: the review group of quality-field experts, formed by the office or a
commissioned third party (第十八条, 第十条), and the scoring sheets: GB/T 19580-2004's seven categories of
第三条 for organisations (1000 points), one score for individuals."""
from __future__ import annotations

import pytest

from core.sdk import JurisdictionRegistry, JurisdictionRules, RuleNotImplemented

GBT_19580_2004 = {"领导": 100, "战略": 80, "顾客与市场": 90, "资源": 120, "过程管理": 110, "测量分析与改进": 100,
                  "经营结果": 400}
WEIGHTS = {"materials_review": "30", "on_site_review": "50", "presentation": "20"}


@pytest.fixture(scope="module")
def yc() -> JurisdictionRules:
    return JurisdictionRegistry.discover().rules("yuncheng")


@pytest.fixture(scope="module")
def v2023(yc):
    return yc.jurisdiction.version("2023")


def test_article_18_asks_for_quality_field_experts_which_the_office_confirms(yc, v2023):
    expert, = yc.expert_qualifications(v2023)
    assert (expert.code, expert.kind, expert.value) == ("quality_field_expert", "attested", None)
    assert str(expert.citation) == "yuncheng/2023 第十八条"


def test_a_commissioned_third_party_may_form_every_review_group(yc, v2023):
    panels = {p.stage: p for p in yc.cycle_plan(v2023).panels}
    assert set(panels) == {"materials_review", "on_site_review", "presentation"}
    for panel in panels.values():
        assert str(panel.third_party) == str(panel.citation) == "yuncheng/2023 第十八条"
        assert "第十条" in panel.third_party.note
        assert panel.min_experts is None and not panel.random_draw and not panel.leader_responsible


@pytest.mark.parametrize("stage", ["materials_review", "on_site_review", "presentation"])
def test_organisations_score_the_seven_categories_of_article_3_adding_to_1000(yc, v2023, stage):
    sheet = yc.score_sheet(v2023, stage, "organization")
    assert len(sheet.items) == 7 and sheet.scale == 1000  # "六大项" in the text, seven listed
    assert {i.name: i.max_points for i in sheet.items} == GBT_19580_2004
    assert {str(i.citation) for i in sheet.items} == {"yuncheng/2023 第三条"}
    assert "GB/T 19580-2004" in sheet.items[0].citation.note
    assert str(sheet.citation) == "yuncheng/2023 第十八条" and sheet.aggregation is None


@pytest.mark.parametrize("kind", ["organization", "individual"])
def test_every_weighted_stage_has_a_sheet_out_of_the_weights_scale(yc, v2023, kind):
    settings = {f"stage_weights.{kind}": WEIGHTS}
    weights = yc.stage_weights(v2023, kind, settings)
    assert {yc.score_sheet(v2023, s, kind, settings).scale for s in weights.stages} == {weights.scale} == {1000}


def test_individuals_get_one_score_against_article_12(yc, v2023):
    item, = yc.score_sheet(v2023, "presentation", "individual").items
    assert item.max_points == 1000 and str(item.citation) == "yuncheng/2023 第十二条"


def test_a_stage_the_office_adds_is_one_score_of_1000(yc, v2023):
    settings = {"stage_weights.organization": {**WEIGHTS, "materials_review": "20", "customer_survey": "10"}}
    assert "customer_survey" in yc.stage_weights(v2023, "organization", settings).stages
    item, = yc.score_sheet(v2023, "customer_survey", "organization", settings).items
    assert item.max_points == 1000 and str(item.citation) == "yuncheng/2023 第十八条"
    with pytest.raises(RuleNotImplemented):  # not in the weights: no such stage
        yc.score_sheet(v2023, "customer_survey", "organization", {"stage_weights.organization": WEIGHTS})
