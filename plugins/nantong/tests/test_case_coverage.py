"""Each computable Nantong article has a passing and a failing case in every version it exists in."""
from __future__ import annotations

from pathlib import Path

import pytest

from core.sdk import coverage, load_file

CASES = sorted((Path(__file__).parent.parent / "cases").glob("*.json"))

# Eligibility articles with a computable rule, by version (2020 numbers in the 2020 column).
COMPUTABLE = {
    "2023": ["第十一条", "第十二条", "第十三条", "第二十九条", "第三十二条", "第三十六条"],
    "2020": ["第十条", "第十一条", "第十二条", "第二十八条", "第三十三条"],
}


@pytest.mark.parametrize("version, article", [(v, a) for v, articles in COMPUTABLE.items() for a in articles])
def test_article_is_shown_both_ways(version, article):
    table = coverage([case for path in CASES for case in load_file(path)])
    counts = table.get((version, article), {"pass": 0, "fail": 0})
    assert counts["pass"] >= 1 and counts["fail"] >= 1, f"nantong/{version} {article}: {counts}"


# Articles decided through the other rule hooks (weights, quotas, rewards, sanctions, cycle), shown
# by plugins/nantong/tests/test_weights_quotas_rewards_sanctions.py. Those with a refusal or a
# cut must be shown both ways; declarative ones (stages, panels, duties) at least once.
RULE_ARTICLES_BOTH_WAYS = {
    "2023": ["第六条", "第十五条", "第十八条", "第二十一条", "第二十四条", "第二十六条", "第二十九条", "第三十二条",
             "第三十三条"],
    "2020": ["第六条", "第十四条", "第十九条", "第二十二条", "第二十四条", "第二十七条", "第二十八条", "第三十三条"],
}
RULE_ARTICLES_DECLARED = {
    "2023": ["第十六条", "第二十条", "第二十一条", "第二十八条", "第三十三条"],
    "2020": ["第十五条", "第十八条", "第二十六条", "第二十七条"],
}


@pytest.mark.parametrize("version, article",
                         [(v, a) for v, articles in RULE_ARTICLES_BOTH_WAYS.items() for a in articles])
def test_rule_article_is_shown_both_ways(version, article):
    from plugins.nantong.tests.test_weights_quotas_rewards_sanctions import SHOWN

    assert {(version, article, "pass"), (version, article, "fail")} <= SHOWN, f"nantong/{version} {article}"


@pytest.mark.parametrize("version, article",
                         [(v, a) for v, articles in RULE_ARTICLES_DECLARED.items() for a in articles])
def test_declared_rule_article_is_shown(version, article):
    from plugins.nantong.tests.test_weights_quotas_rewards_sanctions import SHOWN

    assert (version, article, "pass") in SHOWN, f"nantong/{version} {article}"
