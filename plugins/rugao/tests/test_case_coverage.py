"""Each computable Rugao eligibility article has a passing and a failing case, and each article
decided through the other hooks is shown by test_weights_quotas_rewards_sanctions.py."""
from __future__ import annotations

from pathlib import Path

import pytest

from core.sdk import coverage, load_file

CASES = sorted((Path(__file__).parent.parent / "cases").glob("*.json"))

COMPUTABLE = {"2021": ["第十二条", "第十三条", "第十四条", "第二十四条", "第二十九条"]}


def test_case_files_exist():
    assert CASES and all(load_file(path) for path in CASES)


@pytest.mark.parametrize("version, article", [(v, a) for v, articles in COMPUTABLE.items() for a in articles])
def test_article_is_shown_both_ways(version, article):
    table = coverage([case for path in CASES for case in load_file(path)])
    counts = table.get((version, article), {"pass": 0, "fail": 0})
    assert counts["pass"] >= 1 and counts["fail"] >= 1, f"rugao/{version} {article}: {counts}"


RULE_ARTICLES_BOTH_WAYS = {"2021": ["第五条", "第十条", "第二十条", "第二十一条", "第二十三条", "第二十四条", "第二十九条"]}
RULE_ARTICLES_DECLARED = {"2021": ["第十一条", "第十七条"]}


@pytest.mark.parametrize("version, article",
                         [(v, a) for v, articles in RULE_ARTICLES_BOTH_WAYS.items() for a in articles])
def test_rule_article_is_shown_both_ways(version, article):
    from plugins.rugao.tests.test_weights_quotas_rewards_sanctions import SHOWN

    assert {(version, article, "pass"), (version, article, "fail")} <= SHOWN, f"rugao/{version} {article}"


@pytest.mark.parametrize("version, article",
                         [(v, a) for v, articles in RULE_ARTICLES_DECLARED.items() for a in articles])
def test_declared_rule_article_is_shown(version, article):
    from plugins.rugao.tests.test_weights_quotas_rewards_sanctions import SHOWN

    assert (version, article, "pass") in SHOWN, f"rugao/{version} {article}"
