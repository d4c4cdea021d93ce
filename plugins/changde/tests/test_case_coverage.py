"""Each computable Changde eligibility article has a passing and a failing case; the articles decided
through the other hooks are shown by test_rules.py."""
from __future__ import annotations

from pathlib import Path

import pytest

from core.sdk import coverage, load_file

CASES = sorted((Path(__file__).parent.parent / "cases").glob("*.json"))

COMPUTABLE = {"draft": ["第八条", "第九条", "第十条", "第二十八条"]}


@pytest.mark.parametrize("version, article", [(v, a) for v, articles in COMPUTABLE.items() for a in articles])
def test_article_is_shown_both_ways(version, article):
    table = coverage([case for path in CASES for case in load_file(path)])
    counts = table.get((version, article), {"pass": 0, "fail": 0})
    assert counts["pass"] >= 1 and counts["fail"] >= 1, f"changde/{version} {article}: {counts}"


RULE_ARTICLES_BOTH_WAYS = {"draft": ["第三条", "第十八条", "第二十五条", "第二十八条", "第三十条"]}


@pytest.mark.parametrize("version, article",
                         [(v, a) for v, articles in RULE_ARTICLES_BOTH_WAYS.items() for a in articles])
def test_rule_article_is_shown_both_ways(version, article):
    from plugins.changde.tests.test_rules import SHOWN

    assert {(version, article, "pass"), (version, article, "fail")} <= SHOWN, f"changde/{version} {article}"
