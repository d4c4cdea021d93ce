"""core.engine.allocation: caps per kind and combined, preferences reported (never swapped), re-winners
outside the quota, shortfalls, shortlists, and a three-tier plan from a throwaway plugin."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.engine.allocation import Candidate, allocate, allocate_tiers, shortlist_size
from core.errors import InvalidInput, RuleNotImplemented
from core.engine.hookspecs import hookimpl
from core.engine.plugins import JurisdictionRegistry
from core.engine.rules import (
    Citation, EntryKind, Jurisdiction, Quota, QuotaPlan, QuotaPreference, RuleVersion, ShortlistRule, Tier,
    VersionStage,
)

Q = Citation("testcity", "1", "第五条")
RE = Citation("testcity", "1", "第二十条")
SL = Citation("testcity", "1", "第十二条")


def org(i: str, **kw) -> Candidate:
    return Candidate(i, "organization", **kw)


def person(i: str, **kw) -> Candidate:
    return Candidate(i, "individual", **kw)


PER_KIND = QuotaPlan(
    quotas=(Quota("award", ("organization",), 2, Q), Quota("award", ("individual",), 1, Q, min_count=1)),
    preferences=(QuotaPreference("award", "organization", "原则上含1家中小企业", Q, flag="sme"),),
    re_winners_outside_quota=True, re_winner_citation=RE,
    shortlists=(ShortlistRule("visit", "organization", Decimal("1.5"), SL),),
)


def test_per_kind_caps_fill_in_rank_order_and_cite_each_cut():
    result = allocate(PER_KIND, "award", [org("a"), person("p1"), org("b"), org("c"), person("p2")])
    assert result.winner_ids == ["a", "p1", "b"]
    assert [(c.candidate.id, str(c.citation)) for c in result.cuts] == [("c", "testcity/1 第五条"),
                                                                        ("p2", "testcity/1 第五条")]
    assert result.cuts[0].quota.entry_kinds == ("organization",)


def test_rankings_per_kind_are_accepted_when_no_cap_is_shared():
    result = allocate(PER_KIND, "award", {"organization": [org("a"), org("b"), org("c")], "individual": [person("p")]})
    assert result.winner_ids == ["a", "b", "p"]


def test_combined_cap_across_two_kinds_takes_the_best_of_both():
    plan = QuotaPlan((Quota("award", ("organization", "individual"), 3, Q),))
    result = allocate(plan, "award", [person("p1"), org("a"), person("p2"), org("b")])
    assert result.winner_ids == ["p1", "a", "p2"]
    assert [c.candidate.id for c in result.cuts] == ["b"]
    assert "organization+individual" in result.cuts[0].reason


def test_combined_cap_and_per_kind_cap_both_bind():
    plan = QuotaPlan((Quota("award", ("organization", "individual"), 3, Q), Quota("award", ("individual",), 1, RE)))
    result = allocate(plan, "award", [person("p1"), person("p2"), org("a"), org("b"), org("c")])
    assert result.winner_ids == ["p1", "a", "b"]
    assert [(c.candidate.id, str(c.citation)) for c in result.cuts] == [("p2", "testcity/1 第二十条"),
                                                                        ("c", "testcity/1 第五条")]


def test_combined_cap_refuses_separate_rankings_per_kind():
    plan = QuotaPlan((Quota("award", ("organization", "individual"), 3, Q),))
    with pytest.raises(InvalidInput) as caught:
        allocate(plan, "award", {"organization": [org("a")], "individual": [person("p")]})
    assert "ranked" in caught.value.fields


def test_unmet_sme_preference_is_reported_with_the_passed_over_sme_not_swapped():
    result = allocate(PER_KIND, "award", [org("a"), org("b"), org("c"), org("small", flags=frozenset({"sme"}))])
    assert result.winner_ids == ["a", "b"]
    note, = result.preference_notes
    assert not note.met and [c.id for c in note.passed_over] == ["small"]
    assert str(note.preference.citation) == "testcity/1 第五条" and "不自动替换" in note.explanation


def test_met_preference_is_reported_as_met():
    note, = allocate(PER_KIND, "award", [org("a", flags=frozenset({"sme"})), org("b")]).preference_notes
    assert note.met and note.winners_with_flag == 1


def test_re_winner_within_the_places_wins_without_taking_one():
    again = org("again", won_before=frozenset({"award"}))
    result = allocate(PER_KIND, "award", [org("a"), again, org("b"), org("c")])
    assert result.winner_ids == ["a", "again", "b"]
    placed = {p.candidate.id: p for p in result.winners}
    assert not placed["again"].within_quota and str(placed["again"].citation) == "testcity/1 第二十条"
    assert [c.candidate.id for c in result.cuts] == ["c"]


def test_re_winner_ranked_after_the_places_are_gone_is_cut():
    result = allocate(PER_KIND, "award", [org("a"), org("b"), org("again", won_before=frozenset({"award"}))])
    assert result.winner_ids == ["a", "b"] and result.cuts[0].candidate.id == "again"


def test_re_winner_takes_a_place_when_the_plan_says_so():
    plan = QuotaPlan((Quota("award", ("organization",), 1, Q),))
    result = allocate(plan, "award", [org("again", won_before=frozenset({"award"})), org("b")])
    assert result.winner_ids == ["again"]


def test_min_count_not_reached_is_a_shortfall_not_an_invented_winner():
    result = allocate(PER_KIND, "award", [org("a")])
    shortfall, = result.shortfalls
    assert shortfall.quota.entry_kinds == ("individual",) and shortfall.winners == 0


def test_kind_without_places_in_the_tier_and_unknown_tier_and_duplicates():
    plan = QuotaPlan((Quota("nomination", ("organization",), 2, Q),))
    result = allocate(plan, "nomination", [person("p"), org("a")])
    assert result.winner_ids == ["a"] and "no places for individual" in result.cuts[0].reason
    with pytest.raises(InvalidInput) as caught:
        allocate(plan, "award", [org("a")])
    assert "tier" in caught.value.fields
    with pytest.raises(InvalidInput):
        allocate(plan, "nomination", [org("a"), org("a")])


@pytest.mark.parametrize("planned, limit", [(None, 3), (5, 7), (4, 6), (0, 0)])
def test_shortlist_is_the_floor_of_ratio_times_planned(planned, limit):
    size = shortlist_size(PER_KIND, "visit", "organization", planned)
    assert size.limit == limit and size.citation == SL


def test_shortlist_for_an_unknown_stage_is_refused():
    with pytest.raises(InvalidInput) as caught:
        shortlist_size(PER_KIND, "pitch", "organization")
    assert "stage" in caught.value.fields


# -- a throwaway three-tier city, to show the core is not two-tier shaped ------------------------

class ThreeTierCity:
    V = RuleVersion("2024", "丽水市质量奖办法", VersionStage.ADOPTED, effective_from=dt.date(2024, 1, 1))

    @hookimpl
    def mqa_jurisdiction(self):
        return Jurisdiction("lishui", "丽水市", "Lishui", "丽水市质量奖", (self.V,),
                            (Tier("gold", "金奖", 1), Tier("silver", "银奖", 2), Tier("bronze", "铜奖", 3)),
                            (EntryKind("project", "项目"),))

    @hookimpl
    def mqa_quota_plan(self, version):
        c = Citation("lishui", version.code, "第七条")
        return QuotaPlan(tuple(Quota(t, ("project",), n, c) for t, n in (("gold", 1), ("silver", 2), ("bronze", 3))))


class SilentCity(ThreeTierCity):
    @hookimpl
    def mqa_jurisdiction(self):
        return Jurisdiction("silent", "无名市", "Silent", "质量奖", (self.V,), (Tier("award", "奖", 1),),
                            (EntryKind("project", "项目"),))

    @hookimpl
    def mqa_quota_plan(self, version):
        return None


@pytest.fixture(scope="module")
def registry() -> JurisdictionRegistry:
    return JurisdictionRegistry.discover(entry_points=False,
                                         extra_plugins=[("lishui", ThreeTierCity()), ("silent", SilentCity())])


def test_three_tiers_cascade_from_gold_to_bronze(registry):
    rules = registry.rules("lishui")
    plan = rules.quota_plan(rules.jurisdiction.version("2024"))
    ranked = [Candidate(f"p{i}", "project", excluded_tiers=frozenset({"silver"}) if i == 2 else frozenset())
              for i in range(1, 9)]
    result = allocate_tiers(plan, ["gold", "silver", "bronze"], ranked)
    assert result["gold"].winner_ids == ["p1"]
    assert result["silver"].winner_ids == ["p3", "p4"]
    assert result["bronze"].winner_ids == ["p2", "p5", "p6"]
    assert [c.candidate.id for c in result["bronze"].cuts] == ["p7", "p8"]
    assert str(result["bronze"].cuts[0].citation) == "lishui/2024 第七条"


def test_facade_refuses_a_hook_the_city_does_not_implement_or_answer(registry):
    lishui, silent = registry.rules("lishui"), registry.rules("silent")
    version = lishui.jurisdiction.version("2024")
    with pytest.raises(RuleNotImplemented, match="mqa_reward"):
        lishui.reward(version, "gold", "project")
    with pytest.raises(RuleNotImplemented, match="mqa_stage_weights"):
        lishui.stage_weights(version, "project")
    with pytest.raises(RuleNotImplemented, match="mqa_cycle_plan"):
        lishui.cycle_plan(version)
    with pytest.raises(RuleNotImplemented, match="mqa_sanction"):
        lishui.sanction(version, "fraud", decided_on=dt.date(2024, 5, 1))
    with pytest.raises(RuleNotImplemented, match="gave no answer"):
        silent.quota_plan(version)


def test_re_winners_outside_the_quota_only_in_the_tiers_the_plan_names():
    """Ji'an 第五条 and Rugao 第二十四条 exempt award re-winners only: a nomination re-winner takes a place."""
    from core.engine.allocation import Candidate, allocate
    from core.engine.rules import Citation, Quota, QuotaPlan

    cite = Citation("x", "1", "第四条")
    plan = QuotaPlan((Quota("award", ("organization",), 1, cite), Quota("nomination", ("organization",), 1, cite)),
                     re_winners_outside_quota=True, re_winner_citation=Citation("x", "1", "第五条"),
                     re_winner_tiers=("award",))
    again = Candidate("again", "organization", won_before=frozenset({"award", "nomination"}))
    other = Candidate("other", "organization")
    award = allocate(plan, "award", [again, other])
    assert [p.candidate.id for p in award.winners] == ["again", "other"]
    assert award.winners[0].within_quota is False and str(award.winners[0].citation) == "x/1 第五条"
    nomination = allocate(plan, "nomination", [again, other])
    assert [p.candidate.id for p in nomination.winners] == ["again"]
    assert [c.candidate.id for c in nomination.cuts] == ["other"]


def test_re_winners_outside_the_quota_only_of_the_kinds_the_plan_names():
    """Rugao 第二十四条 names organisations: an individual who won before competes for a place."""
    from core.engine.allocation import Candidate, allocate
    from core.engine.rules import Citation, Quota, QuotaPlan

    c = Citation("t", "1", "第五条")
    plan = QuotaPlan((Quota("award", ("organization",), 1, c), Quota("award", ("individual",), 1, c)),
                     re_winners_outside_quota=True, re_winner_citation=Citation("t", "1", "第二十四条"),
                     re_winner_entry_kinds=("organization",))
    ranked = [Candidate("org-again", "organization", won_before=frozenset({"award"})),
              Candidate("org-new", "organization"),
              Candidate("ind-again", "individual", won_before=frozenset({"award"})),
              Candidate("ind-new", "individual")]
    result = allocate(plan, "award", ranked)
    assert result.winner_ids == ["org-again", "org-new", "ind-again"]
    assert [p.within_quota for p in result.winners] == [False, True, True]
    assert [cut.candidate.id for cut in result.cuts] == ["ind-new"]
