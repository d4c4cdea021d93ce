"""Nantong's scoring, quota, reward, sanction and cycle articles, both versions, article by article.

Each test declares which (version, article) it shows passing or failing with :func:`shows`;
``test_case_coverage.py`` checks every computable article is shown both ways.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Callable

import pytest

from core.sdk import (
    Candidate, InvalidInput, JurisdictionRegistry, JurisdictionRules, PastAward, WorkingDayCalendar,
    allocate, shortlist_size, weighted_total,
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


# -- 第十五条 (2020 第十四条): stage weights ------------------------------------------------------

@shows(("2023", "第十五条", "pass"), ("2020", "第十四条", "pass"))
@pytest.mark.parametrize("version, article", [("2023", "第十五条"), ("2020", "第十四条")])
def test_organisation_total_weighs_materials_on_site_presentation(nantong, version, article):
    weights = nantong.stage_weights(v(nantong, version), "organization")
    total = weighted_total(weights, {"materials_review": 800, "on_site_review": 900, "presentation": 700})
    assert total.total == Decimal("160") + Decimal("630") + Decimal("70")
    assert weights.scale == 1000 and str(total.citation) == f"nantong/{version} {article}"


@shows(("2023", "第十五条", "pass"), ("2020", "第十四条", "pass"))
@pytest.mark.parametrize("version", ["2023", "2020"])
def test_individual_total_weighs_materials_and_presentation(nantong, version):
    weights = nantong.stage_weights(v(nantong, version), "individual")
    assert weighted_total(weights, {"materials_review": 1000, "presentation": 500}).total == 900


@shows(("2023", "第十五条", "fail"), ("2020", "第十四条", "fail"))
@pytest.mark.parametrize("version", ["2023", "2020"])
def test_individual_has_no_on_site_score_and_scores_stay_within_1000(nantong, version):
    weights = nantong.stage_weights(v(nantong, version), "individual")
    with pytest.raises(InvalidInput) as caught:
        weighted_total(weights, {"materials_review": 1001, "on_site_review": 900, "presentation": 10})
    assert set(caught.value.fields) == {"stage_scores.materials_review", "stage_scores.on_site_review"}
    with pytest.raises(InvalidInput) as caught:
        nantong.stage_weights(v(nantong, version), "project")
    assert "entry_kind" in caught.value.fields


# -- 第六条: quotas ------------------------------------------------------------------------------

def orgs(n: int, sme: set[int] = frozenset()) -> list[Candidate]:
    return [Candidate(f"o{i}", "organization", flags=frozenset({"sme"}) if i in sme else frozenset())
            for i in range(1, n + 1)]


def people(n: int) -> list[Candidate]:
    return [Candidate(f"p{i}", "individual") for i in range(1, n + 1)]


@shows(("2023", "第六条", "pass"), ("2023", "第六条", "fail"))
def test_2023_caps_and_vacancies(nantong):
    plan = nantong.quota_plan(v(nantong, "2023"))
    award = allocate(plan, "award", orgs(7, sme={3}) + people(2))
    assert award.winner_ids == ["o1", "o2", "o3", "o4", "o5", "p1"]
    assert {c.candidate.id for c in award.cuts} == {"o6", "o7", "p2"}
    assert all(str(c.citation) == "nantong/2023 第六条" for c in award.cuts)
    nomination = allocate(plan, "nomination", orgs(6) + people(3))
    assert len(nomination.winner_ids) == 5 + 2
    empty = allocate(plan, "nomination", [])
    assert empty.winner_ids == [] and empty.shortfalls == ()  # 可少额或者空缺


@shows(("2020", "第六条", "pass"), ("2020", "第六条", "fail"))
def test_2020_caps_fewer_nominated_organisations_and_fixed_individual_numbers(nantong):
    plan = nantong.quota_plan(v(nantong, "2020"))
    nomination = allocate(plan, "nomination", orgs(5) + people(3))
    assert nomination.winner_ids == ["o1", "o2", "o3", "p1", "p2"]
    cut = next(c for c in nomination.cuts if c.candidate.id == "o4")
    assert str(cut.citation) == "nantong/2020 第六条" and cut.citation.note  # 2020 number not given
    award = allocate(plan, "award", orgs(2))
    shortfall, = award.shortfalls  # 获奖个人1个: no individual ranked
    assert shortfall.quota.entry_kinds == ("individual",) and str(shortfall.quota.citation) == "nantong/2020 第六条"


@shows(("2023", "第六条", "fail"), ("2020", "第六条", "fail"))
@pytest.mark.parametrize("version", ["2023", "2020"])
def test_sme_preference_is_flagged_not_swapped(nantong, version):
    plan = nantong.quota_plan(v(nantong, version))
    result = allocate(plan, "award", orgs(7, sme={7}))
    assert "o7" not in result.winner_ids
    note, = result.preference_notes
    assert not note.met and [c.id for c in note.passed_over] == ["o7"]
    assert str(note.preference.citation) == f"nantong/{version} 第六条"
    met, = allocate(plan, "award", orgs(3, sme={2})).preference_notes
    assert met.met


# -- 第二十九条 (2020 第二十八条): re-winners outside the quota -----------------------------------

@shows(("2023", "第二十九条", "pass"), ("2020", "第二十八条", "pass"),
       ("2023", "第二十九条", "fail"), ("2020", "第二十八条", "fail"))
@pytest.mark.parametrize("version, article", [("2023", "第二十九条"), ("2020", "第二十八条")])
def test_re_winner_takes_no_place(nantong, version, article):
    plan = nantong.quota_plan(v(nantong, version))
    again = Candidate("again", "organization", won_before=frozenset({"nomination"}))
    ranked = [Candidate("o1", "organization"), again] + orgs(6)[1:]
    result = allocate(plan, "nomination", ranked)
    placed = {p.candidate.id: p for p in result.winners}
    assert not placed["again"].within_quota and str(placed["again"].citation) == f"nantong/{version} {article}"
    assert sum(p.within_quota for p in result.winners) == (5 if version == "2023" else 3)
    late = allocate(plan, "nomination", orgs(5) + [again])  # ranked after the places are gone
    assert "again" not in late.winner_ids


# -- 第二十一条 (2020 第十九条): on-site shortlist ------------------------------------------------

@shows(("2023", "第二十一条", "pass"), ("2023", "第二十一条", "fail"),
       ("2020", "第十九条", "pass"), ("2020", "第十九条", "fail"))
@pytest.mark.parametrize("version, article, default_limit, limit_for_5",
                         [("2023", "第二十一条", 15, 7), ("2020", "第十九条", 24, 15)])
def test_on_site_shortlist(nantong, version, article, default_limit, limit_for_5):
    plan = nantong.quota_plan(v(nantong, version))
    size = shortlist_size(plan, "on_site_review", "organization")
    assert size.limit == default_limit and str(size.citation) == f"nantong/{version} {article}"
    assert shortlist_size(plan, "on_site_review", "organization", planned=5).limit == limit_for_5
    with pytest.raises(InvalidInput):  # individuals have no on-site review
        shortlist_size(plan, "on_site_review", "individual")


# -- 第二十六条 (2020 第二十四条): rewards --------------------------------------------------------

def won(tier: str, year: int, revoked: bool = False) -> PastAward:
    return PastAward(tier, "organization", D(year, 12, 1), year, D(year + 1, 6, 1) if revoked else None)


@shows(("2023", "第二十六条", "pass"), ("2020", "第二十四条", "pass"))
@pytest.mark.parametrize("version, article, honours", [
    ("2023", "第二十六条", ("title", "commendation", "plaque")),
    ("2020", "第二十四条", ("title", "public_commendation", "plaque", "certificate"))])
def test_first_time_organisations_get_the_bonus(nantong, version, article, honours):
    ver = v(nantong, version)
    award = nantong.reward(ver, "award", "organization", [won("nomination", 2020)])  # first time in this tier
    assert (award.amount_yuan, award.honours, str(award.citation)) == (500_000, honours, f"nantong/{version} {article}")
    assert isinstance(award.amount_yuan, int)
    assert nantong.reward(ver, "nomination", "organization").amount_yuan == 100_000
    assert nantong.reward(ver, "award", "organization", [won("award", 2015, revoked=True)]).amount_yuan == 500_000


@shows(("2023", "第二十六条", "fail"), ("2020", "第二十四条", "fail"),
       ("2023", "第二十九条", "fail"), ("2020", "第二十八条", "fail"))
@pytest.mark.parametrize("version, article, re_article", [("2023", "第二十六条", "第二十九条"),
                                                          ("2020", "第二十四条", "第二十八条")])
def test_individuals_and_re_winners_get_no_money(nantong, version, article, re_article):
    ver = v(nantong, version)
    person = nantong.reward(ver, "award", "individual")
    assert person.amount_yuan == 0 and "plaque" in person.honours and str(person.citation) == f"nantong/{version} {article}"
    again = nantong.reward(ver, "nomination", "organization", [won("nomination", 2019)])
    assert again.amount_yuan == 0 and again.honours == ("title",)
    assert str(again.citation) == f"nantong/{version} {re_article}"
    with pytest.raises(InvalidInput) as caught:
        nantong.reward(ver, "gold", "organization")
    assert "tier" in caught.value.fields


# -- 第三十二条 (2020 第三十三条): false applications ---------------------------------------------

@shows(("2023", "第三十二条", "pass"), ("2020", "第三十三条", "pass"))
@pytest.mark.parametrize("version, article, ban_until, first", [
    ("2023", "第三十二条", D(2029, 4, 30), sanctions.REVOKE_ELIGIBILITY),
    ("2020", "第三十三条", D(2027, 4, 30), sanctions.WARNING_OR_REVOKE)])
def test_false_application_bans_and_claws_back(nantong, version, article, ban_until, first):
    ver = v(nantong, version)
    applicant = nantong.sanction(ver, sanctions.FALSE_APPLICATION, decided_on=D(2024, 5, 1))
    assert applicant.measures[0] == first and sanctions.RECLAIM_BONUS not in applicant.measures
    assert applicant.ban_until == ban_until and str(applicant.citation) == f"nantong/{version} {article}"
    winner = nantong.sanction(ver, sanctions.FALSE_APPLICATION, award=won("award", 2023), decided_on=D(2024, 5, 1))
    assert {sanctions.RECLAIM_PLAQUE, sanctions.RECLAIM_CERTIFICATE, sanctions.RECLAIM_BONUS,
            sanctions.CREDIT_RECORD, sanctions.PUBLIC_ANNOUNCEMENT} <= set(winner.measures)


@shows(("2023", "第三十二条", "fail"), ("2020", "第三十三条", "fail"),
       ("2023", "第三十三条", "fail"), ("2020", "第二十七条", "fail"))
@pytest.mark.parametrize("version", ["2023", "2020"])
def test_unknown_violation_is_refused_listing_the_known_codes(nantong, version):
    with pytest.raises(InvalidInput) as caught:
        nantong.sanction(v(nantong, version), "bribery", decided_on=D(2024, 5, 1))
    reason, = caught.value.fields["violation"]
    assert sanctions.FALSE_APPLICATION in reason and sanctions.POST_AWARD_VIOLATION in reason


# -- 第三十三条 (2020 第二十七条): violations after the award ------------------------------------

@shows(("2023", "第三十三条", "pass"), ("2023", "第三十三条", "fail"))
def test_2023_post_award_violation_revokes_and_bans_5_years(nantong):
    ver = v(nantong, "2023")
    decision = nantong.sanction(ver, sanctions.POST_AWARD_VIOLATION, award=won("award", 2018), decided_on=D(2024, 5, 1))
    assert decision.measures == (sanctions.REVOKE_TITLE, sanctions.RECLAIM_PLAQUE, sanctions.RECLAIM_BONUS,
                                 sanctions.PUBLIC_ANNOUNCEMENT, sanctions.APPLICATION_BAN)
    assert decision.ban_until == D(2029, 4, 30) and str(decision.citation) == "nantong/2023 第三十三条"
    with pytest.raises(InvalidInput) as caught:
        nantong.sanction(ver, sanctions.POST_AWARD_VIOLATION, decided_on=D(2024, 5, 1))
    assert "award" in caught.value.fields


@shows(("2020", "第二十七条", "pass"), ("2020", "第二十七条", "fail"))
def test_2020_post_award_violation_only_within_3_years_and_without_a_ban(nantong):
    ver = v(nantong, "2020")
    inside = nantong.sanction(ver, sanctions.POST_AWARD_VIOLATION, award=won("award", 2022), decided_on=D(2024, 5, 1))
    assert sanctions.REVOKE_TITLE in inside.measures and inside.ban_until is None
    assert str(inside.citation) == "nantong/2020 第二十七条"
    late = nantong.sanction(ver, sanctions.POST_AWARD_VIOLATION, award=won("award", 2019), decided_on=D(2024, 5, 1),
                            occurred_on=D(2023, 6, 1))
    assert late.measures == () and late.ban_until is None
    early = nantong.sanction(ver, sanctions.POST_AWARD_VIOLATION, award=won("award", 2019), decided_on=D(2024, 5, 1),
                             occurred_on=D(2021, 6, 1))
    assert sanctions.RECLAIM_BONUS in early.measures
    with pytest.raises(InvalidInput) as caught:  # award older than 3 years: when did it happen?
        nantong.sanction(ver, sanctions.POST_AWARD_VIOLATION, award=won("award", 2019), decided_on=D(2024, 5, 1))
    assert "occurred_on" in caught.value.fields


# -- the cycle: cadence (第六条), stages, notices, panels, obligations ---------------------------

STAGES = ["application", "eligibility_screening", "materials_review", "on_site_review", "presentation",
          "overall_evaluation", "approval_notice"]


@shows(("2023", "第十六条", "pass"), ("2020", "第十五条", "pass"))
@pytest.mark.parametrize("version, article", [("2023", "第十六条"), ("2020", "第十五条")])
def test_yearly_cycle_through_seven_stages(nantong, version, article):
    plan = nantong.cycle_plan(v(nantong, version))
    assert plan.cadence_years == 1 and str(plan.cadence_citation) == f"nantong/{version} 第六条"
    assert list(plan.stages) == STAGES and str(plan.citation) == f"nantong/{version} {article}"


@shows(("2023", "第十八条", "pass"), ("2023", "第十八条", "fail"))
def test_2023_internal_notice_lasts_5_working_days(nantong):
    notice = next(n for n in nantong.cycle_plan(v(nantong, "2023")).notices if n.stage == "application")
    assert (notice.min_days, notice.working_days, str(notice.citation)) == (5, True, "nantong/2023 第十八条")
    calendar = WorkingDayCalendar()
    # Across National Day 2024: 27 Sep, 29 Sep (调休 Sunday), 30 Sep, then 8 and 9 Oct.
    end = calendar.notice_end(D(2024, 9, 27), notice.min_days, notice.working_days)
    assert end == D(2024, 10, 9)
    assert calendar.working_days_between(D(2024, 9, 27), D(2024, 10, 8)) < notice.min_days  # ends too early
    assert all(n.stage != "application" for n in nantong.cycle_plan(v(nantong, "2020")).notices)


@shows(("2023", "第二十四条", "pass"), ("2023", "第二十四条", "fail"),
       ("2020", "第二十二条", "pass"), ("2020", "第二十二条", "fail"))
@pytest.mark.parametrize("version, article", [("2023", "第二十四条"), ("2020", "第二十二条")])
def test_candidate_notice_10_calendar_days_without_backfill(nantong, version, article):
    notice = next(n for n in nantong.cycle_plan(v(nantong, version)).notices if n.stage == "approval_notice")
    assert (notice.min_days, notice.working_days, notice.backfill) == (10, False, False)
    assert str(notice.citation) == f"nantong/{version} {article}"
    end = WorkingDayCalendar().notice_end(D(2024, 9, 30), notice.min_days, notice.working_days)
    assert end == D(2024, 10, 9)  # holidays count as days
    assert (D(2024, 10, 8) - D(2024, 9, 30)).days + 1 < notice.min_days  # ending on 8 Oct is too short


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
@pytest.mark.parametrize("version, article, years", [("2023", "第三十三条", None), ("2020", "第二十七条", 3)])
def test_incident_report_within_30_days(nantong, version, article, years):
    report = next(o for o in nantong.cycle_plan(v(nantong, version)).obligations if o.code == "incident_report")
    assert (report.within_days, report.years, str(report.citation)) == (30, years, f"nantong/{version} {article}")
