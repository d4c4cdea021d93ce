"""Each computable Ji'an article is shown both ways (a passing and a failing case) by the case files,
and every computation has cases."""
from __future__ import annotations

from pathlib import Path

import pytest

from core.sdk import coverage, load_file

CASES = sorted((Path(__file__).parent.parent / "cases").glob("*.json"))

COMPUTABLE = {"2023": [
    "第四条",    # quotas (allocation), cadence (cycle)
    "第五条",    # re-application wait (eligibility), re-winners (allocation, reward)
    "第六条",    # the 1000-point scale of GB/T 19580 (total)
    "第十条",    # organisations (eligibility)
    "第十一条",  # individuals (eligibility)
    "第十三条",  # weights set by the office (total), notices, stages (notice, cycle)
    "第十五条",  # bonuses (reward)
    "第二十条",  # false materials: 5-year ban (sanction, eligibility)
    "第二十二条",  # fraudulent win, incidents within 5 years of the award (sanction, eligibility)
]}
COMPUTATIONS = ("eligibility", "total", "allocation", "reward", "sanction", "notice", "cycle")


def all_cases():
    return [case for path in CASES for case in load_file(path)]


@pytest.mark.parametrize("version, article", [(v, a) for v, articles in COMPUTABLE.items() for a in articles])
def test_article_is_shown_both_ways(version, article):
    counts = coverage(all_cases()).get((version, article), {"pass": 0, "fail": 0})
    assert counts["pass"] >= 1 and counts["fail"] >= 1, f"jian/{version} {article}: {counts}"


@pytest.mark.parametrize("computation", COMPUTATIONS)
def test_every_computation_has_cases(computation):
    assert any(case.computation == computation for case in all_cases()), computation


def test_cases_name_only_known_articles():
    known = {a for articles in COMPUTABLE.values() for a in articles}
    assert {case.article for case in all_cases()} <= known
