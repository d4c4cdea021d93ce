"""Every computable Changde article is shown both ways by the case files (``cases/*.json``): at least
one case that passes it and one that fails it (``Case.fails_its_article``), and at least one case of
each computation the article decides."""
from __future__ import annotations

from pathlib import Path

import pytest

from core.sdk import coverage, load_file

CASES = sorted((Path(__file__).parent.parent / "cases").glob("*.json"))

COMPUTABLE: dict[str, dict[str, tuple[str, ...]]] = {
    "draft": {
        "第三条": ("allocation", "cycle"),       # combined quota per tier; session length (setting)
        "第八条": ("eligibility",),               # organisations
        "第九条": ("eligibility",),               # individuals
        "第十条": ("eligibility",),               # same model within 6 years of the award
        "第十五条": ("notice",),                   # acceptance list, 5 working days
        "第十六条": ("total",),                    # score scale (setting)
        "第十八条": ("cycle",),                    # the stages
        "第二十一条": ("total",),                  # survey for organisations only
        "第二十二条": ("total",),                  # stage scores combined (weights setting)
        "第二十四条": ("notice",),                 # recommended winners, 5 working days
        "第二十五条": ("reward",),                 # certificate and trophy
        "第二十八条": ("eligibility", "sanction"),  # bans
        "第三十条": ("sanction",),                 # revocation within 5 years of the award
    },
}
ALL = [case for path in CASES for case in load_file(path)]


@pytest.mark.parametrize("version, article", [(v, a) for v, articles in COMPUTABLE.items() for a in articles])
def test_article_is_shown_both_ways(version, article):
    counts = coverage(ALL).get((version, article), {"pass": 0, "fail": 0})
    assert counts["pass"] >= 1 and counts["fail"] >= 1, f"changde/{version} {article}: {counts}"


@pytest.mark.parametrize("version, article, computation",
                         [(v, a, c) for v, articles in COMPUTABLE.items() for a, cs in articles.items() for c in cs])
def test_article_has_a_case_of_each_computation(version, article, computation):
    assert (version, article) in coverage(ALL, computation), f"changde/{version} {article}: no {computation} case"


def test_every_case_names_a_computable_article():
    named = {(c.version, c.article) for c in ALL}
    listed = {(v, a) for v, articles in COMPUTABLE.items() for a in articles}
    assert named <= listed, sorted(named - listed)
