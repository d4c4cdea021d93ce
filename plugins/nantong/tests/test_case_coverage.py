"""Each computable Nantong article has a passing and a failing case in the case files, in every
version it exists in (2020 numbers in the 2020 column)."""
from __future__ import annotations

from pathlib import Path

import pytest

from core.sdk import coverage, load_file

CASES = sorted((Path(__file__).parent.parent / "cases").glob("*.json"))

# Articles a case file shows both ways: eligibility, totals, quotas, rewards, sanctions, notices.
COMPUTABLE = {
    "2023": ["第六条", "第十一条", "第十二条", "第十三条", "第十五条", "第十八条", "第二十四条", "第二十六条",
             "第二十九条", "第三十二条", "第三十三条", "第三十六条"],
    "2020": ["第五条", "第十条", "第十一条", "第十二条", "第十四条", "第二十二条", "第二十四条", "第二十七条",
             "第二十八条", "第三十三条"],
}
# Declarative articles (stages, cadence, a notice without a length): nothing can fail them.
DECLARED = {
    "2023": ["第十六条"],
    "2020": ["第二条", "第十五条", "第十七条"],
}
# Notices a version does not have: the case shows the refusal.
REFUSED = {
    "2023": ["第十九条"],   # the draft dropped the notice of accepted applications
    "2020": ["第十六条"],   # no internal notice before applying in 2020
}


@pytest.fixture(scope="module")
def table():
    return coverage([case for path in CASES for case in load_file(path)])


@pytest.mark.parametrize("version, article", [(v, a) for v, articles in COMPUTABLE.items() for a in articles])
def test_article_is_shown_both_ways(table, version, article):
    counts = table.get((version, article), {"pass": 0, "fail": 0})
    assert counts["pass"] >= 1 and counts["fail"] >= 1, f"nantong/{version} {article}: {counts}"


@pytest.mark.parametrize("version, article", [(v, a) for v, articles in DECLARED.items() for a in articles])
def test_declared_article_is_shown(table, version, article):
    assert table.get((version, article), {"pass": 0})["pass"] >= 1, f"nantong/{version} {article}"


@pytest.mark.parametrize("version, article", [(v, a) for v, articles in REFUSED.items() for a in articles])
def test_missing_notice_is_refused(table, version, article):
    assert table.get((version, article), {"fail": 0})["fail"] >= 1, f"nantong/{version} {article}"


def test_every_computation_has_cases():
    computations = {case.computation for path in CASES for case in load_file(path)}
    assert computations == {"eligibility", "total", "allocation", "reward", "sanction", "notice", "cycle"}


# What the case format cannot express (shortlists, panels, obligations), shown by
# plugins/nantong/tests/test_weights_quotas_rewards_sanctions.py.
SHOWN_BOTH_WAYS = {"2023": ["第二十一条"], "2020": ["第十九条"]}
SHOWN_DECLARED = {
    "2023": ["第二十条", "第二十一条", "第二十八条", "第三十三条"],
    "2020": ["第十八条", "第二十六条", "第二十七条"],
}


@pytest.mark.parametrize("version, article", [(v, a) for v, articles in SHOWN_BOTH_WAYS.items() for a in articles])
def test_rule_article_is_shown_both_ways(version, article):
    from plugins.nantong.tests.test_weights_quotas_rewards_sanctions import SHOWN

    assert {(version, article, "pass"), (version, article, "fail")} <= SHOWN, f"nantong/{version} {article}"


@pytest.mark.parametrize("version, article", [(v, a) for v, articles in SHOWN_DECLARED.items() for a in articles])
def test_declared_rule_article_is_shown(version, article):
    from plugins.nantong.tests.test_weights_quotas_rewards_sanctions import SHOWN

    assert (version, article, "pass") in SHOWN, f"nantong/{version} {article}"
