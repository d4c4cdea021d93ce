"""Each computable Yuncheng eligibility article has a passing and a failing case; each rule article
decided through the other hooks is shown by test_rules.py."""
from __future__ import annotations

from pathlib import Path

import pytest

from core.sdk import coverage, load_file

CASES = sorted((Path(__file__).parent.parent / "cases").glob("*.json"))

COMPUTABLE = {"2023": ["第十一条", "第十二条", "第十三条", "第三十条"]}


@pytest.mark.parametrize("version, article", [(v, a) for v, articles in COMPUTABLE.items() for a in articles])
def test_article_is_shown_both_ways(version, article):
    table = coverage([case for path in CASES for case in load_file(path)])
    counts = table.get((version, article), {"pass": 0, "fail": 0})
    assert counts["pass"] >= 1 and counts["fail"] >= 1, f"yuncheng/{version} {article}: {counts}"


RULE_ARTICLES_BOTH_WAYS = {"2023": ["第三条", "第四条", "第十八条", "第二十二条", "第三十条"]}


@pytest.mark.parametrize("version, article",
                         [(v, a) for v, articles in RULE_ARTICLES_BOTH_WAYS.items() for a in articles])
def test_rule_article_is_shown_both_ways(version, article):
    from plugins.yuncheng.tests.test_rules import SHOWN

    assert {(version, article, "pass"), (version, article, "fail")} <= SHOWN, f"yuncheng/{version} {article}"
