"""Every computable Rugao article has a passing and a failing case in the case files: eligibility
(第十二条, 第十三条, 第十四条, 第二十四条, 第二十九条) and the other computations (weights 第十条, quotas
第五条, notice 第二十条, rewards 第二十一条, sanctions 第二十三条 and 第二十九条, re-winners 第二十四条).
The stages of 第十一条 are declared by a cycle case; the review panel of 第十七条 and the stage kinds
with the recommendation (第十五条, 第十六条), which no case computation reads, stay shown by
test_weights_quotas_rewards_sanctions.py."""
from __future__ import annotations

from pathlib import Path

import pytest

from core.sdk import coverage, load_file

CASES = sorted((Path(__file__).parent.parent / "cases").glob("*.json"))

COMPUTABLE = {"2021": ["第五条", "第十条", "第十二条", "第十三条", "第十四条", "第二十条", "第二十一条", "第二十三条",
                       "第二十四条", "第二十九条"]}
DECLARED_BY_CASES = {"2021": ["第十一条"]}
DECLARED_BY_TESTS = {"2021": ["第十五条", "第十六条", "第十七条"]}
COMPUTATIONS = {"eligibility", "total", "allocation", "reward", "sanction", "notice", "cycle"}


def _all_cases():
    return [case for path in CASES for case in load_file(path)]


def test_case_files_exist_and_cover_every_computation():
    assert CASES and all(load_file(path) for path in CASES)
    assert {case.computation for case in _all_cases()} == COMPUTATIONS


@pytest.mark.parametrize("version, article", [(v, a) for v, articles in COMPUTABLE.items() for a in articles])
def test_article_is_shown_both_ways(version, article):
    counts = coverage(_all_cases()).get((version, article), {"pass": 0, "fail": 0})
    assert counts["pass"] >= 1 and counts["fail"] >= 1, f"rugao/{version} {article}: {counts}"


@pytest.mark.parametrize("version, article", [(v, a) for v, articles in DECLARED_BY_CASES.items() for a in articles])
def test_declared_article_has_a_case(version, article):
    counts = coverage(_all_cases()).get((version, article), {"pass": 0, "fail": 0})
    assert counts["pass"] >= 1, f"rugao/{version} {article}: {counts}"


@pytest.mark.parametrize("version, article", [(v, a) for v, articles in DECLARED_BY_TESTS.items() for a in articles])
def test_declared_rule_article_is_shown(version, article):
    from plugins.rugao.tests.test_weights_quotas_rewards_sanctions import SHOWN

    assert (version, article, "pass") in SHOWN, f"rugao/{version} {article}"


@pytest.mark.parametrize("computation, articles", [
    ("total", ["第十条"]), ("allocation", ["第五条"]), ("reward", ["第二十一条", "第二十四条"]),
    ("sanction", ["第二十三条", "第二十九条"]), ("notice", ["第二十条"]),
])
def test_each_computation_shows_its_articles_both_ways(computation, articles):
    table = coverage(_all_cases(), computation)
    for article in articles:
        counts = table.get(("2021", article), {"pass": 0, "fail": 0})
        assert counts["pass"] >= 1 and counts["fail"] >= 1, f"rugao/2021 {article} ({computation}): {counts}"
