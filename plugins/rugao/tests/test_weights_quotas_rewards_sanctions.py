"""Rugao's scoring (第十条), quotas (第五条, 第二十四条), rewards (第二十一条), sanctions (第二十三条,
第二十九条) and cycle (第五条, 第十一条, 第十七条, 第二十条, 第二十三条), article by article."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Callable

import pytest

from core.sdk import (
    Candidate, InvalidInput, JurisdictionRegistry, JurisdictionRules, PastAward, WorkingDayCalendar,
    allocate, allocate_tiers, conformance_problems, weighted_total,
)
from plugins.rugao import readings, sanctions

D = dt.date
SHOWN: set[tuple[str, str, str]] = set()
V = "2021"


def shows(*marks: tuple[str, str]) -> Callable:
    def record(test: Callable) -> Callable:
        SHOWN.update((V, article, way) for article, way in marks)
        return test
    return record


@pytest.fixture(scope="module")
def rugao() -> JurisdictionRules:
    return JurisdictionRegistry.discover().rules("rugao")


@pytest.fixture(scope="module")
def ver(rugao):
    return rugao.jurisdiction.version(V)


def test_rugao_implements_every_rule_hook():
    hooks = JurisdictionRegistry.discover().get("rugao").hooks
    assert set(hooks) >= {"mqa_jurisdiction", "mqa_eligibility", "mqa_stage_weights", "mqa_quota_plan", "mqa_reward",
                          "mqa_sanction", "mqa_cycle_plan", "mqa_violations", "mqa_readings", "mqa_facts_schema"}


def test_rugao_conforms_to_the_contract():
    problems = conformance_problems(JurisdictionRegistry.discover(), "rugao")
    assert not problems, "\n".join(str(p) for p in problems)


def test_readings_are_unique_cite_rugao_2021_and_give_an_alternative(rugao, ver):
    published = rugao.readings(ver)
    codes = [r.code for r in published]
    assert len(codes) == len(set(codes)) and codes == [r.code for r in readings.readings("2021")]
    assert all(r.citation.jurisdiction == "rugao" and r.citation.version == "2021" for r in published)
    assert all(r.reading and r.alternative for r in published)
    assert readings.readings("1999") == ()


def test_violations_listed_with_their_articles(rugao, ver):
    listed = {v.code: str(v.citation) for v in rugao.violations(ver)}
    assert listed == {"false_application": "rugao/2021 第二十九条", "post_award_violation": "rugao/2021 第二十三条",
                      "post_award_major_matter": "rugao/2021 第二十三条"}


# -- 第十条: stage weights -----------------------------------------------------------------------

@shows(("第十条", "pass"))
def test_organisation_total_is_30_percent_materials_70_percent_on_site(rugao, ver):
    weights = rugao.stage_weights(ver, "organization")
    assert [(w.stage, w.weight) for w in weights.weights] == [("materials_review", Decimal("0.3")),
                                                               ("on_site_review", Decimal("0.7"))]
    total = weighted_total(weights, {"materials_review": 800, "on_site_review": 900})
    assert total.total == Decimal("240") + Decimal("630")
    assert weights.scale == 1000 and str(total.citation) == "rugao/2021 第十条"
    assert all(str(w.citation) == "rugao/2021 第十条" for w in weights.weights)


@shows(("第十条", "pass"))
def test_individual_total_is_the_materials_score(rugao, ver):
    weights = rugao.stage_weights(ver, "individual")
    assert weights.stages == ("materials_review",) and str(weights.citation) == "rugao/2021 第十条"
    assert weighted_total(weights, {"materials_review": 876}).total == 876


@shows(("第十条", "fail"))
def test_individual_has_no_on_site_score_and_unknown_kinds_are_refused(rugao, ver):
    with pytest.raises(InvalidInput) as caught:
        weighted_total(rugao.stage_weights(ver, "individual"), {"materials_review": 1001, "on_site_review": 900})
    assert set(caught.value.fields) == {"stage_scores.materials_review", "stage_scores.on_site_review"}
    with pytest.raises(InvalidInput) as caught:
        rugao.stage_weights(ver, "project")
    assert "entry_kind" in caught.value.fields


# -- 第五条 / 第二条: quotas; 第二十四条: re-winners outside the quota ----------------------------

def orgs(n: int, won_before: dict[int, set[str]] | None = None) -> list[Candidate]:
    won_before = won_before or {}
    return [Candidate(f"o{i}", "organization", won_before=frozenset(won_before.get(i, ()))) for i in range(1, n + 1)]


def people(n: int) -> list[Candidate]:
    return [Candidate(f"p{i}", "individual") for i in range(1, n + 1)]


@shows(("第五条", "pass"), ("第五条", "fail"))
def test_award_caps_two_organisations_and_one_individual(rugao, ver):
    plan = rugao.quota_plan(ver)
    award = allocate(plan, "award", orgs(4) + people(2))
    assert award.winner_ids == ["o1", "o2", "p1"]
    assert {c.candidate.id for c in award.cuts} == {"o3", "o4", "p2"}
    assert all(str(c.citation) == "rugao/2021 第五条" for c in award.cuts)
    empty = allocate(plan, "award", orgs(1))
    assert empty.winner_ids == ["o1"] and empty.shortfalls == ()  # caps only: places may stay empty


@shows(("第五条", "pass"), ("第五条", "fail"))
def test_nomination_is_for_two_organisations_and_no_individual(rugao, ver):
    plan = rugao.quota_plan(ver)
    nomination = allocate(plan, "nomination", people(1) + orgs(3))
    assert nomination.winner_ids == ["o1", "o2"]
    cut = {c.candidate.id: c for c in nomination.cuts}
    assert set(cut) == {"p1", "o3"}
    assert "no places for individual" in cut["p1"].reason and cut["p1"].quota is None
    assert str(cut["p1"].citation) == "rugao/2021 第五条" and "第二条" in cut["p1"].citation.note
    assert plan.quotas_for("nomination", "individual") == ()


@shows(("第五条", "pass"))
def test_tiers_in_order_the_award_losers_compete_for_the_nomination(rugao, ver):
    result = allocate_tiers(rugao.quota_plan(ver), ["award", "nomination"], orgs(5) + people(2))
    assert result["award"].winner_ids == ["o1", "o2", "p1"]
    assert result["nomination"].winner_ids == ["o3", "o4"]


@shows(("第二十四条", "pass"), ("第二十四条", "fail"))
def test_re_winner_does_not_take_a_place(rugao, ver):
    plan = rugao.quota_plan(ver)
    assert plan.re_winner_tiers == ("award",) and plan.re_winner_needs_free_place
    award = allocate(plan, "award", orgs(4, won_before={1: {"award"}}))
    assert award.winner_ids == ["o1", "o2", "o3"]
    again = award.winners[0]
    assert not again.within_quota and str(again.citation) == "rugao/2021 第二十四条"
    assert [str(c.citation) for c in award.cuts] == ["rugao/2021 第五条"]  # o4: both places taken


@shows(("第二十四条", "pass"))
def test_nomination_after_an_award_takes_a_nomination_place(rugao, ver):
    plan = rugao.quota_plan(ver)
    result = allocate_tiers(plan, ["award", "nomination"], orgs(5, won_before={3: {"award"}}))
    assert result["award"].winner_ids == ["o1", "o2"]  # o3 ranks below the award's places
    assert result["nomination"].winner_ids == ["o3", "o4"]
    assert all(p.within_quota for p in result["nomination"].winners)
    reward = rugao.reward(ver, "nomination", "organization", [won("award", 2019)])
    assert reward.amount_yuan == 0 and str(reward.citation) == "rugao/2021 第二十四条"
    assert "占用" in reward.explanation and "不占" not in reward.explanation


# -- 第二十一条: rewards; 第二十四条: no bonus for re-winners -------------------------------------

def won(tier: str, year: int, revoked: bool = False) -> PastAward:
    return PastAward(tier, "organization", D(year, 12, 1), year, D(year + 1, 6, 1) if revoked else None)


@shows(("第二十一条", "pass"))
def test_first_time_organisations_get_200000_or_100000(rugao, ver):
    award = rugao.reward(ver, "award", "organization")
    assert award.amount_yuan == 200_000 and isinstance(award.amount_yuan, int)
    assert award.honours == ("title", "public_commendation", "plaque", "certificate")
    assert str(award.citation) == "rugao/2021 第二十一条"
    nomination = rugao.reward(ver, "nomination", "organization")
    assert nomination.amount_yuan == 100_000 and str(nomination.citation) == "rugao/2021 第二十一条"
    # first time in the award tier after a nomination; a revoked award does not count
    assert rugao.reward(ver, "award", "organization", [won("nomination", 2020)]).amount_yuan == 200_000
    assert rugao.reward(ver, "award", "organization", [won("award", 2015, revoked=True)]).amount_yuan == 200_000


@shows(("第二十一条", "fail"), ("第二十四条", "fail"))
def test_individuals_and_re_winners_get_no_money(rugao, ver):
    person = rugao.reward(ver, "award", "individual")
    assert person.amount_yuan == 0 and set(person.honours) >= {"public_commendation", "plaque", "certificate"}
    assert str(person.citation) == "rugao/2021 第二十一条"
    again = rugao.reward(ver, "award", "organization", [won("award", 2019)])
    assert (again.amount_yuan, again.honours, str(again.citation)) == (0, ("title",), "rugao/2021 第二十四条")
    second_nomination = rugao.reward(ver, "nomination", "organization", [won("nomination", 2019)])
    assert second_nomination.amount_yuan == 0 and str(second_nomination.citation) == "rugao/2021 第二十一条"
    with pytest.raises(InvalidInput) as caught:
        rugao.reward(ver, "nomination", "individual")
    assert "tier" in caught.value.fields
    with pytest.raises(InvalidInput) as caught:
        rugao.reward(ver, "gold", "organization")
    assert "tier" in caught.value.fields


# -- 第二十九条: false applications --------------------------------------------------------------

@shows(("第二十九条", "pass"))
def test_false_application_warns_or_revokes_and_bans_3_years(rugao, ver):
    applicant = rugao.sanction(ver, sanctions.FALSE_APPLICATION, decided_on=D(2024, 5, 1))
    assert applicant.measures == (sanctions.WARNING_OR_REVOKE, sanctions.CREDIT_RECORD, sanctions.PUBLIC_ANNOUNCEMENT,
                                  sanctions.APPLICATION_BAN)
    # decided 2024-05-01: the decision day is not counted, the 3 years end on the corresponding day
    assert applicant.ban_until == D(2027, 5, 1) and str(applicant.citation) == "rugao/2021 第二十九条"
    winner = rugao.sanction(ver, sanctions.FALSE_APPLICATION, award=won("award", 2023), decided_on=D(2024, 5, 1))
    assert {sanctions.RECLAIM_PLAQUE, sanctions.RECLAIM_BONUS, sanctions.CREDIT_RECORD,
            sanctions.PUBLIC_ANNOUNCEMENT} <= set(winner.measures)
    assert sanctions.RECLAIM_CERTIFICATE not in winner.measures  # the article names plaque and bonus only


@shows(("第二十九条", "pass"))
def test_false_application_names_organisations_only(rugao, ver):
    person = PastAward("award", "individual", D(2022, 12, 1), 2022)
    for decision in (rugao.sanction(ver, sanctions.FALSE_APPLICATION, award=person, decided_on=D(2024, 5, 1)),
                     rugao.sanction(ver, sanctions.FALSE_APPLICATION, decided_on=D(2024, 5, 1),
                                    entry_kind="individual")):
        assert decision.measures == () and decision.ban_until is None
        assert str(decision.citation) == "rugao/2021 第二十九条" and "第二十三条" in decision.explanation


@shows(("第二十九条", "fail"), ("第二十三条", "fail"))
def test_unknown_violation_is_refused_listing_the_known_codes(rugao, ver):
    with pytest.raises(InvalidInput) as caught:
        rugao.sanction(ver, "bribery", decided_on=D(2024, 5, 1))
    reason, = caught.value.fields["violation"]
    assert all(code in reason for code in sanctions.VIOLATIONS)


# -- 第二十三条: serious matters after the award --------------------------------------------------

@shows(("第二十三条", "pass"), ("第二十三条", "fail"))
def test_post_award_violation_revokes_without_a_ban(rugao, ver):
    inside = rugao.sanction(ver, sanctions.POST_AWARD_VIOLATION, award=won("award", 2022), decided_on=D(2024, 5, 1))
    assert inside.measures == (sanctions.REVOKE_TITLE, sanctions.RECLAIM_PLAQUE, sanctions.RECLAIM_CERTIFICATE,
                               sanctions.RECLAIM_BONUS, sanctions.PUBLIC_ANNOUNCEMENT)
    assert inside.ban_until is None and str(inside.citation) == "rugao/2021 第二十三条"
    late = rugao.sanction(ver, sanctions.POST_AWARD_VIOLATION, award=won("award", 2019), decided_on=D(2024, 5, 1),
                          occurred_on=D(2023, 6, 1))
    assert late.measures == () and late.ban_until is None
    # awarded 2021-12-01: the window runs from 2021-12-02 through 2024-12-01
    last_day = rugao.sanction(ver, sanctions.POST_AWARD_VIOLATION, award=won("award", 2021), decided_on=D(2025, 3, 1),
                              occurred_on=D(2024, 12, 1))
    day_after = rugao.sanction(ver, sanctions.POST_AWARD_VIOLATION, award=won("award", 2021), decided_on=D(2025, 3, 1),
                               occurred_on=D(2024, 12, 2))
    assert sanctions.REVOKE_TITLE in last_day.measures and day_after.measures == ()
    with pytest.raises(InvalidInput) as caught:  # on the award day itself: not "after the award"
        rugao.sanction(ver, sanctions.POST_AWARD_VIOLATION, award=won("award", 2021), decided_on=D(2022, 3, 1),
                       occurred_on=D(2021, 12, 1))
    assert "occurred_on" in caught.value.fields
    with pytest.raises(InvalidInput) as caught:  # organisation's award older than 3 years: when did it happen?
        rugao.sanction(ver, sanctions.POST_AWARD_VIOLATION, award=won("award", 2019), decided_on=D(2024, 5, 1))
    assert "occurred_on" in caught.value.fields
    with pytest.raises(InvalidInput) as caught:
        rugao.sanction(ver, sanctions.POST_AWARD_VIOLATION, decided_on=D(2024, 5, 1))
    assert "award" in caught.value.fields


@shows(("第二十三条", "pass"))
def test_individual_misconduct_and_major_matters_have_no_window(rugao, ver):
    person = PastAward("award", "individual", D(2015, 12, 1), 2015)
    decision = rugao.sanction(ver, sanctions.POST_AWARD_VIOLATION, award=person, decided_on=D(2024, 5, 1))
    assert sanctions.REVOKE_TITLE in decision.measures and sanctions.RECLAIM_BONUS not in decision.measures
    assert decision.ban_until is None and str(decision.citation) == "rugao/2021 第二十三条"
    matter = rugao.sanction(ver, sanctions.POST_AWARD_MAJOR_MATTER, award=won("award", 2015), decided_on=D(2024, 5, 1))
    assert sanctions.RECLAIM_BONUS in matter.measures and matter.ban_until is None


# -- the cycle ------------------------------------------------------------------------------------

@shows(("第十一条", "pass"), ("第五条", "pass"))
def test_yearly_cycle_through_the_stages_of_article_11(rugao, ver):
    plan = rugao.cycle_plan(ver)
    assert plan.cadence_years == 1 and str(plan.cadence_citation) == "rugao/2021 第五条"
    assert list(plan.stages) == ["application", "eligibility_screening", "materials_review", "on_site_review",
                                 "overall_evaluation", "decision", "public_notice", "approval"]
    assert str(plan.citation) == "rugao/2021 第十一条"


@shows(("第十五条", "pass"), ("第十六条", "pass"))
def test_every_stage_has_a_kind_and_applications_come_recommended(rugao, ver):
    plan = rugao.cycle_plan(ver)
    assert [plan.kind_of(stage) for stage in plan.stages] == [
        "application", "screening", "review", "review", "evaluation", "evaluation", "notice", "approval"]
    # 第十五条: dated applications; 第十六条: the office's eligibility check is the one screening
    assert plan.stages_of_kind("application") == ("application",)
    assert plan.stages_of_kind("screening") == ("eligibility_screening",)
    # 审定 proposes the list (第十九条), the government approves it (第二十条): one approval
    assert plan.stages_of_kind("approval") == ("approval",)
    assert str(plan.recommendation) == "rugao/2021 第十五条"


@shows(("第二十条", "pass"), ("第二十条", "fail"))
def test_notice_of_proposed_winners_lasts_5_working_days(rugao, ver):
    notice, = rugao.cycle_plan(ver).notices
    assert (notice.stage, notice.min_days, notice.working_days, notice.backfill) == ("public_notice", 5, True, None)
    assert notice.kind == "recommended" and str(notice.citation) == "rugao/2021 第二十条"
    calendar = WorkingDayCalendar()
    # published Friday 2024-09-27 (not counted): 9-29 (adjusted Sunday), 9-30, 10-8, 10-9, 10-10
    end = calendar.notice_end(D(2024, 9, 27), notice.min_days, notice.working_days)
    assert end == D(2024, 10, 10)
    assert calendar.working_days_between(D(2024, 9, 28), D(2024, 10, 9)) < notice.min_days


@shows(("第十七条", "pass"))
def test_expert_group_reviews_materials_and_on_site(rugao, ver):
    panels = {p.stage: p for p in rugao.cycle_plan(ver).panels}
    assert set(panels) == {"materials_review", "on_site_review"}
    assert all(p.min_experts is None and str(p.citation) == "rugao/2021 第十七条" for p in panels.values())


@shows(("第二十三条", "pass"))
def test_written_report_within_30_days(rugao, ver):
    duties = {o.code: o for o in rugao.cycle_plan(ver).obligations}
    assert set(duties) == {"incident_report", "misconduct_report", "major_matter_report"}
    assert all(o.within_days == 30 and str(o.citation) == "rugao/2021 第二十三条" for o in duties.values())
    assert (duties["incident_report"].entry_kinds, duties["incident_report"].years) == (("organization",), 3)
    assert (duties["misconduct_report"].entry_kinds, duties["misconduct_report"].years) == (("individual",), None)
    assert duties["major_matter_report"].years is None
