"""The review, article by article: no expert conditions (第八条（三）), and the scoring sheets: GB/T 19580's
latest edition (第六条) for organisations at the materials review, the defence and the on-site review
(第十三条（四）–（六）), one score for individuals; no pass mark for the defence."""
from __future__ import annotations

import pytest

from core.sdk import JurisdictionRegistry, JurisdictionRules, RuleNotImplemented

GBT_19580_2012 = {"领导": 110, "战略": 90, "顾客与市场": 90, "资源": 130, "过程管理": 100, "测量、分析与改进": 80, "结果": 400}
SETTINGS = {"stage_weights.organization": {"materials_review": "30", "on_site_review": "70"},
            "stage_weights.individual": {"materials_review": "40", "on_site_review": "60"}}


@pytest.fixture(scope="module")
def jian() -> JurisdictionRules:
    return JurisdictionRegistry.discover().rules("jian")


@pytest.fixture(scope="module")
def v2023(jian):
    return jian.jurisdiction.version("2023")


def test_the_text_states_no_expert_condition(jian, v2023):
    assert jian.expert_qualifications(v2023) == []
    reading = next(r for r in jian.readings(v2023) if r.code == "no_expert_qualifications")
    assert str(reading.citation) == "jian/2023 第八条（三）"


@pytest.mark.parametrize("stage, item", [("materials_review", "（四）"), ("presentation_gate", "（五）"),
                                         ("on_site_review", "（六）")])
def test_organisations_score_the_latest_gbt19580_at_every_review_stage(jian, v2023, stage, item):
    sheet = jian.score_sheet(v2023, stage, "organization")
    assert {i.name: i.max_points for i in sheet.items} == GBT_19580_2012 and sheet.scale == 1000
    assert {str(i.citation) for i in sheet.items} == {"jian/2023 第六条"}
    assert "最新版本" in sheet.items[0].citation.note
    assert str(sheet.citation) == f"jian/2023 第十三条{item}"
    assert sheet.aggregation is None


def test_the_defence_has_no_pass_mark_in_the_text(jian, v2023):
    gate = jian.score_sheet(v2023, "presentation_gate", "organization")
    assert gate.pass_mark is None
    rule = jian.cycle_plan(v2023).stage_rule("presentation_gate")
    assert rule.gate_for == "on_site_review" and rule.entry_kinds == ("organization",)
    with pytest.raises(RuleNotImplemented):  # （五）: individuals do not defend
        jian.score_sheet(v2023, "presentation_gate", "individual")


@pytest.mark.parametrize("kind", ["organization", "individual"])
def test_the_weighted_stages_sheets_fit_the_scale_the_office_weights(jian, v2023, kind):
    weights = jian.stage_weights(v2023, kind, SETTINGS)
    for stage in weights.stages:
        assert jian.score_sheet(v2023, stage, kind).scale == weights.scale


def test_individuals_get_one_score_against_article_11(jian, v2023):
    for stage in ("materials_review", "on_site_review"):
        item, = jian.score_sheet(v2023, stage, "individual").items
        assert item.max_points == 1000 and str(item.citation) == "jian/2023 第十一条"
