"""The review, article by article: the expert pool (2023 第十条, 2020 第九条) and the scoring sheets
(2023 第十四条/第十五条/第二十条–第二十二条, 2020 第十三条/第十四条/第十八条–第二十条). How an expert's
profile is judged against these conditions is the core's (tests/test_review_contract.py judges Nantong
experts); these tests check what the text makes of them."""
from __future__ import annotations

import pytest

from core.sdk import JurisdictionRegistry, JurisdictionRules, RuleNotImplemented

GBT_19580_2012 = {"领导": 110, "战略": 90, "顾客与市场": 90, "资源": 130, "过程管理": 100, "测量、分析与改进": 80, "结果": 400}


@pytest.fixture(scope="module")
def nantong() -> JurisdictionRules:
    return JurisdictionRegistry.discover().rules("nantong")


def v(rules: JurisdictionRules, code: str):
    return rules.jurisdiction.version(code)


def by_code(rules: JurisdictionRules, version: str) -> dict:
    return {q.code: q for q in rules.expert_qualifications(v(rules, version))}


# -- 2020 第九条: 5 years, in principle at most 65, a senior title, a judge or a winner ------------------

def test_2020_asks_for_5_years_of_practice_strictly(nantong):
    years = by_code(nantong, "2020")["practice_years"]
    assert (years.kind, years.value, years.strict) == ("practice_years", 5, True)  # 4 years: refused
    assert str(years.citation) == "nantong/2020 第九条（二）"


def test_2020_age_is_softened_by_yiban_so_an_older_expert_is_flagged_not_refused(nantong):
    age = by_code(nantong, "2020")["age"]
    assert (age.kind, age.value, age.strict) == ("max_age", 65, False)
    assert str(age.citation) == "nantong/2020 第九条（三）" and "一般" in age.description


def test_2020_senior_title_means_vice_senior_or_above_and_is_required(nantong):
    title = by_code(nantong, "2020")["senior_title"]
    assert (title.kind, title.value, title.strict) == ("min_title", "vice_senior", True)
    assert str(title.citation) == "nantong/2020 第九条（三）"


def test_2020_judge_or_winner_is_a_requirement_the_office_confirms(nantong):
    found = by_code(nantong, "2020")
    judge = found["judge_or_winner"]
    assert (judge.kind, judge.strict) == ("attested", True) and str(judge.citation) == "nantong/2020 第九条（三）"
    assert "评委" in judge.description and "获奖" in judge.description
    assert found["good_health"].kind == "attested"
    # the sources of the pool sat in the 2020 article's opening words, with no item
    assert str(found["recognised_background"].citation) == "nantong/2020 第九条"
    assert "企业优秀管理者" in found["recognised_background"].description


# -- 2023 第十条: no years, age, health or title; judges and winners only preferred ----------------------

def test_2023_leaves_only_what_the_office_confirms(nantong):
    found = by_code(nantong, "2023")
    assert {q.kind for q in found.values()} == {"attested"}
    assert not {"practice_years", "age", "senior_title", "good_health", "judge_or_winner"} & set(found)
    assert {str(q.citation) for q in found.values()} == {"nantong/2023 第十条（一）", "nantong/2023 第十条（二）",
                                                          "nantong/2023 第十条（三）"}
    assert "优秀企业家" in found["recognised_background"].description
    assert str(found["recognised_background"].citation) == "nantong/2023 第十条（三）"


def test_both_versions_confirm_the_law_training_and_discipline(nantong):
    for version, article in (("2020", "第九条"), ("2023", "第十条")):
        found = by_code(nantong, version)
        assert {"policy_and_law", "excellence_training", "analysis_and_communication", "discipline",
                "recognised_background"} <= set(found)
        assert str(found["policy_and_law"].citation) == f"nantong/{version} {article}（一）"
        assert str(found["discipline"].citation) == f"nantong/{version} {article}（三）"
    assert "规章" in by_code(nantong, "2020")["policy_and_law"].description
    assert "规章" not in by_code(nantong, "2023")["policy_and_law"].description


# -- the sheets: GB/T 19580 for organisations (2023 第十四条, 2020 第十三条), 1000 points (第十五条/第十四条) --

@pytest.mark.parametrize("version, standard, stages", [
    ("2023", "第十四条", {"materials_review": "第二十条", "on_site_review": "第二十一条", "presentation": "第二十二条"}),
    ("2020", "第十三条", {"materials_review": "第十八条", "on_site_review": "第十九条", "presentation": "第二十条"}),
])
def test_organisations_score_the_seven_gbt19580_categories_at_every_review_stage(nantong, version, standard, stages):
    weights = nantong.stage_weights(v(nantong, version), "organization")
    for stage, article in stages.items():
        sheet = nantong.score_sheet(v(nantong, version), stage, "organization")
        assert {i.name: i.max_points for i in sheet.items} == GBT_19580_2012
        assert sheet.scale == weights.scale == 1000
        assert str(sheet.citation) == f"nantong/{version} {article}"
        assert {str(i.citation) for i in sheet.items} == {f"nantong/{version} {standard}"}
        assert "GB/T 19580-2012" in sheet.items[0].citation.note
        assert sheet.aggregation is None and sheet.aggregation_citation is None and sheet.pass_mark is None


@pytest.mark.parametrize("version, conditions", [("2023", "第十三条"), ("2020", "第十二条")])
def test_individuals_get_one_score_of_1000_and_no_on_site_sheet(nantong, version, conditions):
    weights = nantong.stage_weights(v(nantong, version), "individual")
    for stage in weights.stages:  # materials review and presentation
        sheet = nantong.score_sheet(v(nantong, version), stage, "individual")
        item, = sheet.items
        assert item.max_points == sheet.scale == weights.scale == 1000
        assert str(item.citation) == f"nantong/{version} {conditions}"
    with pytest.raises(RuleNotImplemented):
        nantong.score_sheet(v(nantong, version), "on_site_review", "individual")


def test_the_review_readings_are_published_per_version(nantong):
    r2020 = {r.code for r in nantong.readings(v(nantong, "2020"))}
    r2023 = {r.code for r in nantong.readings(v(nantong, "2023"))}
    assert {"expert_age_softened_2020", "senior_title_vice_senior_2020", "judge_or_winner_required_2020"} <= r2020
    assert not {"expert_age_softened_2020", "judge_or_winner_required_2020"} & r2023
    assert "expert_preference_2023" in r2023 and "expert_preference_2023" not in r2020
    assert {"expert_source_attested", "gbt19580_sheets", "individual_single_score"} <= r2020 & r2023
