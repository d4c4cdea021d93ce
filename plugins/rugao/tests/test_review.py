"""The review, article by article: the expert group's conditions (第八条) and the scoring sheets (第九条
GB/T 19580, 第十条 1000 points, organisations 30/70, individuals materials only)."""
from __future__ import annotations

import pytest

from core.sdk import JurisdictionRegistry, JurisdictionRules, RuleNotImplemented

GBT_19580_2012 = {"领导": 110, "战略": 90, "顾客与市场": 90, "资源": 130, "过程管理": 100, "测量、分析与改进": 80, "结果": 400}


@pytest.fixture(scope="module")
def rugao() -> JurisdictionRules:
    return JurisdictionRegistry.discover().rules("rugao")


@pytest.fixture(scope="module")
def v2021(rugao):
    return rugao.jurisdiction.version("2021")


def test_article_8_asks_for_5_years_of_practice_and_what_the_office_confirms(rugao, v2021):
    found = {q.code: q for q in rugao.expert_qualifications(v2021)}
    years = found.pop("practice_years")
    assert (years.kind, years.value, years.strict) == ("practice_years", 5, True)  # 以上: 5 years is enough
    assert str(years.citation) == "rugao/2021 第八条（二）"
    assert {code: str(q.citation) for code, q in found.items()} == {
        "policy_and_law": "rugao/2021 第八条（一）", "analysis_and_communication": "rugao/2021 第八条（二）",
        "excellence_training": "rugao/2021 第八条（三）", "discipline": "rugao/2021 第八条（四）"}
    assert {q.kind for q in found.values()} == {"attested"}
    assert "卓越绩效评价准则" in found["excellence_training"].description


def test_the_preferred_sources_of_article_8_are_no_condition(rugao, v2021):
    assert "recognised_background" not in {q.code for q in rugao.expert_qualifications(v2021)}
    assert "expert_source_preference" in {r.code for r in rugao.readings(v2021)}


@pytest.mark.parametrize("stage", ["materials_review", "on_site_review"])
def test_organisations_score_gbt19580_adopted_by_article_9_out_of_article_10s_1000(rugao, v2021, stage):
    sheet = rugao.score_sheet(v2021, stage, "organization")
    assert {i.name: i.max_points for i in sheet.items} == GBT_19580_2012
    assert sheet.scale == rugao.stage_weights(v2021, "organization").scale == 1000
    assert {str(i.citation) for i in sheet.items} == {"rugao/2021 第九条"}
    assert "GB/T 19580-2012" in sheet.items[0].citation.note
    assert str(sheet.citation) == "rugao/2021 第十七条"
    assert sheet.aggregation is None and sheet.pass_mark is None


def test_individuals_are_scored_once_on_their_materials_and_never_on_site(rugao, v2021):
    sheet = rugao.score_sheet(v2021, "materials_review", "individual")
    item, = sheet.items
    assert item.max_points == sheet.scale == rugao.stage_weights(v2021, "individual").scale == 1000
    assert str(item.citation) == "rugao/2021 第十四条"
    with pytest.raises(RuleNotImplemented):  # 第十条: individuals 100% materials review
        rugao.score_sheet(v2021, "on_site_review", "individual")
    assert {"individual_no_on_site", "individual_single_score", "gbt19580_sheets"} <= {
        r.code for r in rugao.readings(v2021)}
