"""What the case files cannot express, article by article: shortlists, panels, winners' obligations,
the 2020 individual minimums, the quota citation's note, and the plugin's published lists
(violations, readings, facts schema). Totals, allocations, rewards, sanctions, notices and the cycle
are shown by ``plugins/nantong/cases/computations.json``.

Each test declares which (version, article) it shows passing or failing with :func:`shows`;
``test_case_coverage.py`` checks the articles that only these tests can show.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

import pytest

from core.sdk import (
    Candidate, InvalidInput, JurisdictionRegistry, JurisdictionRules, PastAward, allocate, shortlist_size,
)
from plugins.nantong import sanctions

D = dt.date
SHOWN: set[tuple[str, str, str]] = set()


def shows(*marks: tuple[str, str, str]) -> Callable:
    """Record that the decorated test shows ``(version, article, "pass"|"fail")``."""
    def record(test: Callable) -> Callable:
        SHOWN.update(marks)
        return test
    return record


@pytest.fixture(scope="module")
def nantong() -> JurisdictionRules:
    return JurisdictionRegistry.discover().rules("nantong")


def v(rules: JurisdictionRules, code: str):
    return rules.jurisdiction.version(code)


def orgs(n: int) -> list[Candidate]:
    return [Candidate(f"o{i}", "organization") for i in range(1, n + 1)]


# -- 2020 第五条: the individual numbers are minimums too; the article number is inferred -----------

@shows(("2020", "第五条", "fail"))
def test_2020_reports_a_missing_individual_winner_and_says_the_article_number_is_inferred(nantong):
    plan = nantong.quota_plan(v(nantong, "2020"))
    award = allocate(plan, "award", orgs(2))
    shortfall, = award.shortfalls  # 获奖个人1个: no individual ranked
    assert shortfall.quota.entry_kinds == ("individual",) and str(shortfall.quota.citation) == "nantong/2020 第五条"
    assert "推定" in shortfall.quota.citation.note and "原第六条为质委会职责" in shortfall.quota.citation.note
    assert all(str(q.citation) == "nantong/2023 第六条" and q.citation.note is None
               for q in nantong.quota_plan(v(nantong, "2023")).quotas)


# -- 2023 第二十一条 (2020 第十九条): on-site shortlist ----------------------------------------------

@shows(("2023", "第二十一条", "pass"), ("2023", "第二十一条", "fail"),
       ("2020", "第十九条", "pass"), ("2020", "第十九条", "fail"))
@pytest.mark.parametrize("version, article, default_limit, limit_for_5",
                         [("2023", "第二十一条", 15, 7), ("2020", "第十九条", 24, 15)])
def test_on_site_shortlist(nantong, version, article, default_limit, limit_for_5):
    plan = nantong.quota_plan(v(nantong, version))
    size = shortlist_size(plan, "on_site_review", "organization")
    # "拟获奖组织": both tiers' organisations (2023: 5 + 5 = 10, x 1.5; 2020: 5 + 3 = 8, x 3).
    assert size.limit == default_limit and str(size.citation) == f"nantong/{version} {article}"
    assert shortlist_size(plan, "on_site_review", "organization", planned=5).limit == limit_for_5
    with pytest.raises(InvalidInput):  # individuals have no on-site review
        shortlist_size(plan, "on_site_review", "individual")


# -- panels and obligations ------------------------------------------------------------------------

@shows(("2023", "第二十条", "pass"), ("2023", "第二十一条", "pass"), ("2020", "第十八条", "pass"))
@pytest.mark.parametrize("version, materials, on_site", [("2023", "第二十条", "第二十一条"),
                                                         ("2020", "第十八条", "第十八条")])
def test_panels_of_at_least_3_randomly_drawn_experts_with_a_leader(nantong, version, materials, on_site):
    panels = {p.stage: p for p in nantong.cycle_plan(v(nantong, version)).panels}
    assert set(panels) == {"materials_review", "on_site_review"}
    for stage, article in (("materials_review", materials), ("on_site_review", on_site)):
        panel = panels[stage]
        assert panel.random_draw and panel.leader_responsible and str(panel.citation) == f"nantong/{version} {article}"
        assert panel.min_experts == 3  # "3名以上": 以上 includes the number


@shows(("2023", "第二十八条", "pass"), ("2020", "第二十六条", "pass"))
@pytest.mark.parametrize("version, article", [("2023", "第二十八条"), ("2020", "第二十六条")])
def test_annual_report_by_31_march(nantong, version, article):
    annual = next(o for o in nantong.cycle_plan(v(nantong, version)).obligations if o.code == "annual_report")
    assert annual.due_month_day == (3, 31) and annual.entry_kinds == ("organization",)
    assert annual.years == (3 if version == "2023" else None)
    assert str(annual.citation) == f"nantong/{version} {article}"


@shows(("2023", "第三十三条", "pass"), ("2020", "第二十七条", "pass"))
def test_incident_reports_within_30_days_and_the_2020_window_for_organisations_only(nantong):
    later = {o.code: o for o in nantong.cycle_plan(v(nantong, "2023")).obligations}
    assert (later["incident_report"].within_days, later["incident_report"].years) == (30, None)
    assert "incident_report_negative_list" not in later
    earlier = {o.code: o for o in nantong.cycle_plan(v(nantong, "2020")).obligations}
    window = earlier["incident_report_negative_list"]
    assert (window.within_days, window.years, window.entry_kinds) == (30, 3, ("organization",))
    unlimited = earlier["incident_report"]
    assert (unlimited.within_days, unlimited.years, unlimited.entry_kinds) == (30, None, ("organization", "individual"))
    assert {str(o.citation) for o in (window, unlimited)} == {"nantong/2020 第二十七条"}


@shows(("2020", "第二十七条", "pass"))
def test_2020_negative_list_situation_after_the_window_takes_no_measure(nantong):
    award = PastAward("award", "organization", D(2021, 6, 1), 2021)
    outside = nantong.sanction(v(nantong, "2020"), sanctions.NEGATIVE_LIST_AFTER_AWARD, award=award,
                               decided_on=D(2024, 8, 1), occurred_on=D(2024, 6, 2))
    assert outside.measures == () and outside.ban_until is None and "2024-06-01" in outside.explanation


# -- the published lists ---------------------------------------------------------------------------

@pytest.mark.parametrize("version, false_article, after_article", [("2023", "第三十二条", "第三十三条"),
                                                                   ("2020", "第三十三条", "第二十七条")])
def test_every_violation_code_is_listed_with_its_article(nantong, version, false_article, after_article):
    listed = {k.code: str(k.citation) for k in nantong.violations(v(nantong, version))}
    assert listed == {sanctions.FALSE_APPLICATION: f"nantong/{version} {false_article}",
                      sanctions.NEGATIVE_LIST_AFTER_AWARD: f"nantong/{version} {after_article}",
                      sanctions.SERIOUS_RECORD_AFTER_AWARD: f"nantong/{version} {after_article}",
                      sanctions.MAJOR_MATTER_AFTER_AWARD: f"nantong/{version} {after_article}"}


def test_readings_are_unique_and_cite_their_version(nantong):
    every = set()
    for version in ("2020", "2023"):
        found = nantong.readings(v(nantong, version))
        codes = [r.code for r in found]
        assert len(codes) == len(set(codes))
        assert all(r.citation.version == version and r.reading and r.alternative for r in found)
        every.update(codes)
    assert {"quota_article_2020", "environmental_credit_kept", "one_entry_per_group",
            "nomination_bar_second_only", "post_award_window_2020", "equivalent_honour_2020"} <= every


def test_the_group_entry_is_a_published_fact(nantong):
    schema = nantong.facts_schema(v(nantong, "2023"), "organization")()
    loaded = schema.load({"registration_city": "南通市", "independent_legal_person": True, "founded_on": "2015-01-01"})
    assert "group_entry" in schema.fields and loaded["group_entry"] is None


@shows(("2023", "第二十四条", "pass"), ("2020", "第二十二条", "pass"), ("2020", "第十七条", "pass"))
def test_a_candidate_struck_off_after_an_objection_is_not_replaced(nantong):
    for version, article in (("2023", "第二十四条"), ("2020", "第二十二条")):
        notice = next(n for n in nantong.cycle_plan(v(nantong, version)).notices if n.stage == "approval_notice")
        assert notice.backfill is False and str(notice.citation) == f"nantong/{version} {article}"
    acceptance = next(n for n in nantong.cycle_plan(v(nantong, "2020")).notices if n.kind == "acceptance")
    assert acceptance.min_days is None and acceptance.backfill is None  # the text gives neither
