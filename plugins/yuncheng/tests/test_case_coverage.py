"""Each computable Yuncheng article is shown both ways (a passing and a failing case) by the case
files in ``cases/``: eligibility, totals, allocation, rewards, sanctions, notices and the cycle."""
from __future__ import annotations

from pathlib import Path

import pytest

from core.sdk import coverage, load_file

CASES = [case for path in sorted((Path(__file__).parent.parent / "cases").glob("*.json")) for case in load_file(path)]

BOTH_WAYS = {"2023": [
    "第三条",      # 1000-point scale, talent bonus (total)
    "第四条",      # quotas (allocation), cadence (cycle)
    "第十一条",    # organisations (eligibility), （七） priority (allocation)
    "第十二条",    # individuals
    "第十三条",    # two cycles after an award
    "第十五条",    # internal notice, 5 working days
    "第十八条",    # stage weights (settings, extra stages)
    "第十九条",    # candidate notice, 5 working days
    "第二十条",    # recommended-winners notice, 5 working days
    "第二十二条",  # rewards
    "第三十条",    # sanctions and bans
]}
"""第十七条's acceptance notice has no length to compute, so it can only be shown (kind, no end);
第十四条 and 第二十一条 are shown by the cycle and by a refused notice."""
SHOWN_ONLY = {"2023": ["第十四条", "第十七条", "第二十一条"]}


@pytest.mark.parametrize("version, article", [(v, a) for v, articles in BOTH_WAYS.items() for a in articles])
def test_article_is_shown_both_ways(version, article):
    counts = coverage(CASES).get((version, article), {"pass": 0, "fail": 0})
    assert counts["pass"] >= 1 and counts["fail"] >= 1, f"yuncheng/{version} {article}: {counts}"


@pytest.mark.parametrize("version, article", [(v, a) for v, articles in SHOWN_ONLY.items() for a in articles])
def test_article_is_shown(version, article):
    counts = coverage(CASES).get((version, article), {"pass": 0, "fail": 0})
    assert counts["pass"] + counts["fail"] >= 1, f"yuncheng/{version} {article}"


@pytest.mark.parametrize("computation", ["eligibility", "total", "allocation", "reward", "sanction", "notice", "cycle"])
def test_every_computation_has_cases(computation):
    assert coverage(CASES, computation), computation
