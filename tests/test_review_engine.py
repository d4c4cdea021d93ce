"""core.engine.aggregation and core.engine.ranking: stage scores from experts' sheets, panel
agreement, and the documented ranking with its tie-breaks. Pure: no database, no app."""
from __future__ import annotations

import datetime as dt
import itertools
import random
from decimal import Decimal

import pytest

from core.engine.aggregation import (
    Sheet, SheetLine, aggregate, agreement, icc_2_1, kendalls_w, normalise, stage_results)
from core.engine.errors import InvalidInput
from core.engine.ranking import TIE_BREAKS, RankEntry, rank
from core.engine.rules import AGGREGATIONS

D = Decimal


def sheets_of(table: dict[int, dict[int, int | Decimal]]) -> list[Sheet]:
    """``{application_id: {expert_id: score}}`` as sheets."""
    return [Sheet(expert, application, D(score)) for application, row in table.items() for expert, score in row.items()]


# --------------------------------------------------------------------------------------------
# aggregate
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("method, scores, expected", [
    ("mean", [80, 85, 91], D("85.3333")),            # 256 / 3 = 85.3333...
    ("median", [91, 80, 85], D("85.0000")),           # sorted 80 85 91: the middle one
    ("median", [80, 91, 85, 90], D("87.5000")),       # sorted 80 85 90 91: (85 + 90) / 2
    ("trimmed_mean", [70, 99, 80, 85], D("82.5000")),  # drop 99 and 70: (80 + 85) / 2
    ("trimmed_mean", [90, 90, 80, 70], D("85.0000")),  # drop ONE 90 and 70: (90 + 80) / 2
    ("trimmed_mean", [60, 75, 90], D("75.0000")),     # three sheets: only the middle one is left
])
def test_each_method_on_hand_worked_scores(method, scores, expected):
    result = aggregate([D(s) for s in scores], method)
    assert result == expected
    assert result.as_tuple().exponent == -4


def test_the_aggregate_is_rounded_to_four_places_half_to_even():
    assert aggregate([D("1.00005"), D("1.00005")], "mean") == D("1.0000")  # the 5 goes to the even 0
    assert aggregate([D("1.00015")], "mean") == D("1.0002")                 # ... and here to the even 2
    assert str(aggregate([1, 2], "mean")) == "1.5000"


def test_trimmed_mean_needs_three_sheets_and_says_how_many_there_are():
    with pytest.raises(InvalidInput) as caught:
        aggregate([D(80), D(90)], "trimmed_mean")
    assert list(caught.value.fields) == ["aggregation"]
    reason = caught.value.fields["aggregation"][0]
    assert "at least 3" in reason and "there are 2 sheets" in reason and "去掉一个最高分和一个最低分" in reason


def test_no_scores_an_unknown_method_and_a_float_are_refused():
    with pytest.raises(InvalidInput) as empty:
        aggregate([], "mean")
    assert list(empty.value.fields) == ["sheets"]
    with pytest.raises(InvalidInput) as unknown:
        aggregate([D(1)], "mode")
    assert all(name in unknown.value.fields["aggregation"][0] for name in AGGREGATIONS)
    with pytest.raises(InvalidInput) as floating:
        aggregate([D(80), 85.5, 90], "mean")  # type: ignore[list-item]
    assert list(floating.value.fields) == ["scores.1"]


# --------------------------------------------------------------------------------------------
# stage_results
# --------------------------------------------------------------------------------------------

def test_stage_results_one_per_application_with_every_sheet_beside_the_aggregate():
    sheets = sheets_of({9: {3: 70, 1: 80, 2: 95}, 4: {2: 60, 1: 62, 3: 61}})
    results = stage_results(sheets, method="median", threshold=D(20))
    assert [r.application_id for r in results] == [4, 9]
    nine = results[1]
    assert nine.sheets == (SheetLine(1, D(80), D(80)), SheetLine(2, D(95), D(95)), SheetLine(3, D(70), D(70)))
    assert (nine.score, nine.spread, nine.disagreement) == (D("80.0000"), D("25.0000"), True)  # 95 - 70 = 25 > 20
    assert (results[0].score, results[0].spread, results[0].disagreement) == (D("61.0000"), D("2.0000"), False)
    assert results[0].method == "median" and results[0].normalised is False


def test_disagreement_is_strictly_greater_than_the_threshold_and_off_without_one():
    sheets = sheets_of({1: {1: 70, 2: 90}})
    assert stage_results(sheets, method="mean", threshold=D(20))[0].disagreement is False  # spread 20, not > 20
    assert stage_results(sheets, method="mean", threshold=D("19.99"))[0].disagreement is True
    assert stage_results(sheets, method="mean")[0].disagreement is False


def test_a_float_score_is_named_by_its_place_and_a_second_sheet_of_one_expert_is_refused():
    with pytest.raises(InvalidInput) as floating:
        stage_results([Sheet(1, 1, D(80)), Sheet(2, 1, 79.5)], method="mean")  # type: ignore[arg-type]
    assert list(floating.value.fields) == ["sheets.1.score"]
    with pytest.raises(InvalidInput) as twice:
        stage_results([Sheet(1, 1, D(80)), Sheet(2, 1, D(70)), Sheet(1, 1, D(85))], method="mean")
    assert list(twice.value.fields) == ["sheets"]
    assert "expert 1 has two sheets for application 1" in twice.value.fields["sheets"][0]


def test_trimmed_mean_names_every_application_with_too_few_sheets():
    sheets = sheets_of({1: {1: 80, 2: 70, 3: 90}, 2: {1: 80, 2: 70}, 3: {1: 75}})
    with pytest.raises(InvalidInput) as caught:
        stage_results(sheets, method="trimmed_mean")
    reasons = caught.value.fields["aggregation"]
    assert len(reasons) == 2
    assert reasons[0].startswith("application 2:") and "there are 2 sheets" in reasons[0]
    assert reasons[1].startswith("application 3:") and "there is 1 sheet" in reasons[1]


def test_a_bad_threshold_or_method_is_refused_before_the_sheets_are_read():
    with pytest.raises(InvalidInput) as negative:
        stage_results([], method="mean", threshold=D(-1))
    assert list(negative.value.fields) == ["threshold"]
    with pytest.raises(InvalidInput) as unknown:
        stage_results([], method="average")
    assert list(unknown.value.fields) == ["aggregation"]
    assert stage_results([], method="mean") == []


def test_normalised_stage_results_aggregate_the_normalised_scores():
    # Expert 1: 80, 90 (mean 85, sd 5); expert 2: 60, 80 (mean 70, sd 10): each z is -1 then +1.
    # Stage: 80 90 60 80, mean 77.5, squared deviations 6.25 + 156.25 + 306.25 + 6.25 = 475,
    # sd = sqrt(475 / 4) = sqrt(118.75) = 10.8972473588...; used = 77.5 -/+ 10.8972 = 66.6028 / 88.3972.
    sheets = sheets_of({1: {1: 80, 2: 60}, 2: {1: 90, 2: 80}})
    first, second = stage_results(sheets, method="mean", normalised=True, threshold=D(1))
    assert first.sheets == (SheetLine(1, D(80), D("66.6028")), SheetLine(2, D(60), D("66.6028")))
    assert (first.score, first.spread, first.disagreement) == (D("66.6028"), D("0.0000"), False)
    assert second.score == D("88.3972") and second.normalised is True
    raw = stage_results(sheets, method="mean", threshold=D(1))
    assert (raw[0].score, raw[0].spread, raw[0].disagreement) == (D("70.0000"), D("20.0000"), True)


# --------------------------------------------------------------------------------------------
# normalise
# --------------------------------------------------------------------------------------------

def test_normalise_maps_each_experts_z_scores_onto_the_stages_scale():
    # Stage: 80 90 70, mean 80, sd = sqrt((0 + 100 + 100) / 3) = 8.1649658092...
    # Expert 1 (80, 90; mean 85, sd 5): z = -1, +1 -> 80 -/+ 8.1650 = 71.8350 / 88.1650.
    # Expert 3 has one sheet: the shift only, 70 - 70 + 80 = 80.
    used = normalise([Sheet(1, 1, D(80)), Sheet(1, 2, D(90)), Sheet(3, 3, D(70))])
    assert used == {(1, 1): D("71.8350"), (1, 2): D("88.1650"), (3, 3): D("80.0000")}


def test_an_expert_who_gives_everyone_the_same_score_keeps_the_shift_only():
    # Stage: 75 75 60 90, mean 75, sd > 0. Expert 4 (75, 75; sd 0): 75 - 75 + 75 = 75 each.
    # Expert 5 (60, 90; mean 75, sd 15): z = -1, +1; stage sd = sqrt((0 + 0 + 225 + 225) / 4) = 10.6066...
    used = normalise([Sheet(4, 1, D(75)), Sheet(4, 2, D(75)), Sheet(5, 1, D(60)), Sheet(5, 2, D(90))])
    assert used[(4, 1)] == used[(4, 2)] == D("75.0000")
    assert (used[(5, 1)], used[(5, 2)]) == (D("64.3934"), D("85.6066"))


def test_when_every_sheet_is_equal_everything_maps_to_the_stage_mean():
    assert set(normalise(sheets_of({1: {1: 80, 2: 80}, 2: {1: 80, 3: 80}})).values()) == {D("80.0000")}
    assert normalise([]) == {}


def test_normalisation_removes_a_lenient_experts_level():
    # Two experts on disjoint applications, one 10 points more lenient with the same spread: after
    # normalisation their sheets coincide, so whoever drew the lenient expert gains nothing.
    strict = {1: {1: 70}, 2: {1: 80}, 3: {1: 90}}
    lenient = {4: {2: 80}, 5: {2: 90}, 6: {2: 100}}
    used = normalise(sheets_of({**strict, **lenient}))
    assert [used[(1, a)] for a in (1, 2, 3)] == [used[(2, a)] for a in (4, 5, 6)]
    assert used[(1, 1)] < used[(1, 2)] < used[(1, 3)]


@pytest.mark.parametrize("seed", range(20))
def test_normalisation_keeps_each_experts_order_and_the_stage_mean(seed):
    draw = random.Random(seed)
    sheets = [Sheet(expert, application, D(draw.randint(0, 1000)) / 2)
              for expert in range(1, draw.randint(2, 5) + 1)
              for application in draw.sample(range(1, 30), draw.randint(1, 8))]
    used = normalise(sheets)
    assert len(used) == len(sheets)
    for expert in {s.expert_id for s in sheets}:
        own = sorted((s for s in sheets if s.expert_id == expert), key=lambda s: s.score)
        for lower, higher in itertools.pairwise(own):
            if lower.score == higher.score:
                assert used[(expert, lower.application_id)] == used[(expert, higher.application_id)]
            else:
                assert used[(expert, lower.application_id)] <= used[(expert, higher.application_id)]
    # Every expert's normalised sheets average to the stage mean (z averages 0; the shift-only rule too),
    # so the mean over all sheets is kept, up to the 4-place rounding of each sheet.
    stage_mean = sum(s.score for s in sheets) / len(sheets)
    assert abs(sum(used.values()) / len(used) - stage_mean) <= D("0.00005")


# --------------------------------------------------------------------------------------------
# Kendall's W and ICC(2,1)
# --------------------------------------------------------------------------------------------

def test_kendalls_w_of_siegels_textbook_example():
    # Siegel, Nonparametric Statistics (1956), ch. 9: three executives rank six job applicants.
    # Rows are applicants, columns executives X, Y, Z. Rank sums 8 14 11 11 11 8, mean 10.5,
    # S = 6.25 + 12.25 + 0.25 + 0.25 + 0.25 + 6.25 = 25.5, W = 12 * 25.5 / (9 * (216 - 6)) = 306 / 1890
    # = 0.161904..., published as .16.
    table = [[1, 1, 6], [6, 5, 3], [3, 6, 2], [2, 4, 5], [5, 2, 4], [4, 3, 1]]
    assert kendalls_w(table) == D("0.1619")


def test_kendalls_w_uses_average_ranks_and_the_tie_correction():
    # Expert A scores 10 10 5 -> ranks 2.5 2.5 1 (one tie group of 2: T = 2^3 - 2 = 6);
    # expert B scores 9 8 7 -> ranks 3 2 1. Rank sums 5.5 4.5 2, mean m(n+1)/2 = 4,
    # S = 2.25 + 0.25 + 4 = 6.5; W = 12 * 6.5 / (2^2 * (27 - 3) - 2 * 6) = 78 / 84 = 0.928571...
    assert kendalls_w([[10, 9], [10, 8], [5, 7]]) == D("0.9286")
    # Both tie the same way: rank sums 5 5 2, S = 6, W = 72 / (96 - 2 * 12) = 1.
    assert kendalls_w([[10, 10], [10, 10], [5, 5]]) == D("1.0000")
    # Opposite orders of two applications: rank sums 3 3, S = 0.
    assert kendalls_w([[1, 2], [2, 1]]) == D("0.0000")


def test_kendalls_w_is_none_without_an_order_to_agree_on():
    assert kendalls_w([[80, 70, 60]]) is None                    # one application
    assert kendalls_w([[80], [70]]) is None                      # one expert
    assert kendalls_w([[80, 70], [80, 70]]) is None              # every expert ties everything


def test_icc_of_shrout_and_fleiss_textbook_example():
    # Shrout & Fleiss (1979), Intraclass correlations, Table 2: six targets, four judges.
    # BMS 11.24, JMS 32.49, EMS 1.02: ICC(2,1) = (11.24 - 1.02) / (11.24 + 3 * 1.02 + 4 * (32.49 - 1.02) / 6)
    # = .29 as published (exactly 10.2222 / 35.2778 = 0.28976...).
    table = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    assert icc_2_1(table) == D("0.2898")
    panel = agreement(sheets_of({a + 1: {j + 1: s for j, s in enumerate(row)} for a, row in enumerate(table)})).panels
    assert [(p.expert_ids, p.application_ids, p.icc) for p in panel] == [
        ((1, 2, 3, 4), (1, 2, 3, 4, 5, 6), D("0.2898"))]


def test_icc_measures_absolute_agreement_so_a_constant_offset_lowers_it():
    # [[1, 2], [3, 4]]: grand mean 2.5, row means 1.5 3.5 -> MSR = 2 * (1 + 1) / 1 = 4;
    # column means 2 3 -> MSC = 2 * (0.25 + 0.25) / 1 = 1; SST = 5, SSE = 5 - 4 - 1 = 0.
    # ICC = (4 - 0) / (4 + 0 + 2 * (1 - 0) / 2) = 0.8 (a consistency ICC would be 1).
    assert icc_2_1([[1, 2], [3, 4]]) == D("0.8000")
    assert icc_2_1([[1, 1], [3, 3]]) == D("1.0000")
    assert icc_2_1([[5, 5], [5, 5]]) is None  # every score equal: zero denominator
    assert icc_2_1([[5, 6]]) is None


# --------------------------------------------------------------------------------------------
# agreement
# --------------------------------------------------------------------------------------------

def test_leniency_spreads_and_panels_on_a_hand_worked_stage():
    # Applications 1 and 2 are scored by experts 1, 2, 3; application 3 by expert 4 alone.
    # Expert 1: 80 - (70 + 75) / 2 = 7.5 and 90 - 82.5 = 7.5 -> 7.5; expert 2: -7.5; expert 3: 0.
    # Mean differences 7.5, -7.5, 0: mean 0, sd = sqrt(112.5 / 3) = 6.1237243...; z = +-1.2247, 0.
    # ICC: rows (80 70 75), (90 80 85); grand 80; MSR = 3 * (25 + 25) / 1 = 150;
    # MSC = 2 * (25 + 25 + 0) / 2 = 50; SSE = 250 - 150 - 100 = 0; ICC = 150 / (150 + 3 * 50 / 2) = 0.6667.
    report = agreement(sheets_of({1: {1: 80, 2: 70, 3: 75}, 2: {1: 90, 2: 80, 3: 85}, 3: {4: 60}}))
    assert [(e.expert_id, e.sheets, e.mean_difference, e.z) for e in report.experts] == [
        (1, 2, D("7.5000"), D("1.2247")), (2, 2, D("-7.5000"), D("-1.2247")), (3, 2, D("0.0000"), D("0.0000")),
        (4, 1, None, None)]
    assert report.spreads == ((1, D("10.0000")), (2, D("10.0000")), (3, D("0.0000")))
    block, alone = report.panels
    assert (block.expert_ids, block.application_ids, block.kendalls_w, block.icc) == (
        (1, 2, 3), (1, 2), D("1.0000"), D("0.6667"))
    assert (alone.expert_ids, alone.application_ids, alone.kendalls_w, alone.icc) == ((4,), (3,), None, None)


def test_panels_are_the_blocks_of_identical_expert_sets_ordered_by_their_smallest_application():
    report = agreement(sheets_of({
        5: {1: 80, 2: 82}, 2: {1: 70, 2: 75},          # experts 1 and 2
        7: {3: 60, 4: 65}, 1: {3: 90, 4: 85},          # experts 3 and 4
        3: {1: 88, 2: 90, 3: 70},                      # experts 1, 2, 3: a block of its own
    }))
    assert [(p.expert_ids, p.application_ids) for p in report.panels] == [
        ((3, 4), (1, 7)), ((1, 2), (2, 5)), ((1, 2, 3), (3,))]
    # Experts 3 and 4 put 1 above 7: W 1. The one-application block has no W.
    assert [p.kendalls_w for p in report.panels] == [D("1.0000"), D("1.0000"), None]


def test_equal_mean_differences_give_z_zero_and_no_sheets_give_an_empty_report():
    both_agree = agreement(sheets_of({1: {1: 80, 2: 80}, 2: {1: 60, 2: 60}}))
    assert [(e.mean_difference, e.z) for e in both_agree.experts] == [(D("0.0000"), D("0.0000"))] * 2
    assert agreement([]).experts == () and agreement([]).panels == ()


def test_agreement_refuses_a_float_score():
    with pytest.raises(InvalidInput) as caught:
        agreement([Sheet(1, 1, D(80)), Sheet(1, 2, 0.5)])  # type: ignore[arg-type]
    assert list(caught.value.fields) == ["sheets.1.score"]


# --------------------------------------------------------------------------------------------
# ranking
# --------------------------------------------------------------------------------------------

STAGES = ("on_site_review", "materials_review")
MARCH_1 = dt.datetime(2024, 3, 1, 9, 0)
MARCH_2 = dt.datetime(2024, 3, 2, 9, 0)


def entry(application_id: int, total: str, submitted_at: dt.datetime | None = None,
          **stage_scores: int | str) -> RankEntry:
    return RankEntry(application_id, D(total), {stage: D(score) for stage, score in stage_scores.items()}, submitted_at)


def test_a_higher_total_ranks_first_and_needs_no_tie_break():
    ranked = rank([entry(3, "700"), entry(1, "812.5"), entry(2, "800")], STAGES)
    assert [(r.application_id, r.rank, r.total, r.tie_break) for r in ranked] == [
        (1, 1, D("812.5"), None), (2, 2, D("800"), None), (3, 3, D("700"), None)]


def test_equal_totals_are_separated_by_the_heaviest_stage_first_and_both_say_so():
    ranked = rank([entry(7, "812.5", on_site_review=640, materials_review=900),
                   entry(9, "812.5", on_site_review=650, materials_review=100)], STAGES)
    assert [r.application_id for r in ranked] == [9, 7]
    assert ranked[0].tie_break == "tied on total 812.5 with application 7; higher on_site_review score (650 > 640)"
    assert ranked[1].tie_break == "tied on total 812.5 with application 9; lower on_site_review score (640 < 650)"
    # The caller's stage order is the rule: materials first reverses them.
    assert [r.application_id for r in rank([entry(7, "812.5", on_site_review=640, materials_review=900),
                                             entry(9, "812.5", on_site_review=650, materials_review=100)],
                                            ("materials_review", "on_site_review"))] == [7, 9]


def test_the_next_stage_decides_when_the_first_is_equal_and_a_missing_score_is_lowest():
    ranked = rank([entry(1, "800", on_site_review=600), entry(2, "800", on_site_review=600, materials_review=0)],
                  STAGES)
    assert [r.application_id for r in ranked] == [2, 1]
    assert ranked[0].tie_break == "tied on total 800 with application 1; higher materials_review score (0 > no score)"
    assert ranked[1].tie_break == "tied on total 800 with application 2; lower materials_review score (no score < 0)"


def test_then_the_earlier_submission_with_no_time_last():
    ranked = rank([entry(1, "800", None, on_site_review=600), entry(2, "800", MARCH_2, on_site_review=600),
                   entry(3, "800", MARCH_1, on_site_review=600)], STAGES)
    assert [r.application_id for r in ranked] == [3, 2, 1]
    assert [r.tie_break for r in ranked] == [
        "tied on total 800 with application 2; submitted earlier (2024-03-01 09:00:00 before 2024-03-02 09:00:00)",
        "tied on total 800 with application 3; submitted later (2024-03-02 09:00:00 after 2024-03-01 09:00:00)",
        "tied on total 800 with application 2; no submission time (application 2 was submitted 2024-03-02 09:00:00)"]


def test_then_the_lower_application_id():
    ranked = rank([entry(12, "800", MARCH_1), entry(4, "800", MARCH_1), entry(8, "799")], STAGES)
    assert [(r.application_id, r.rank) for r in ranked] == [(4, 1), (12, 2), (8, 3)]
    assert ranked[0].tie_break == "tied on total 800 with application 12; lower application id (4 < 12)"
    assert ranked[1].tie_break == "tied on total 800 with application 4; higher application id (12 > 4)"
    assert ranked[2].tie_break is None


def test_totals_compare_as_numbers_not_as_text():
    ranked = rank([entry(1, "812.50", on_site_review=1), entry(2, "812.5", on_site_review=2)], STAGES)
    assert [r.application_id for r in ranked] == [2, 1] and ranked[0].tie_break is not None


@pytest.mark.parametrize("seed", range(10))
def test_the_ranking_does_not_depend_on_the_input_order(seed):
    draw = random.Random(seed)
    entries = [entry(i, str(draw.choice([700, 750, 800])), draw.choice([None, MARCH_1, MARCH_2]),
                     on_site_review=draw.choice([600, 650]), materials_review=draw.choice([80, 90]))
               for i in range(1, 13)]
    expected = rank(entries, STAGES)
    shuffled = entries[:]
    draw.shuffle(shuffled)
    assert rank(shuffled, STAGES) == expected
    assert [r.rank for r in expected] == list(range(1, 13))
    assert all(a.total >= b.total for a, b in itertools.pairwise(expected))


def test_bad_entries_are_named_at_once():
    with pytest.raises(InvalidInput) as caught:
        rank([entry(1, "800"), entry(1, "700"),
              RankEntry(2, 812.5, {}, None),  # type: ignore[arg-type]
              RankEntry(3, D(800), {"on_site_review": 650.0}, None)], STAGES)  # type: ignore[dict-item]
    fields = caught.value.fields
    assert set(fields) == {"entries", "entries.2.total", "entries.3.stage_scores.on_site_review"}
    assert "application 1 is ranked twice" in fields["entries"][0]


def test_naive_and_timezone_aware_submission_times_cannot_be_mixed():
    aware = dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with pytest.raises(InvalidInput) as caught:
        rank([entry(1, "800", MARCH_1), entry(2, "800", aware)], STAGES)
    assert list(caught.value.fields) == ["entries.1.submitted_at"]


def test_stage_order_must_be_a_list_of_distinct_stages():
    with pytest.raises(InvalidInput):
        rank([entry(1, "800")], "on_site_review")
    with pytest.raises(InvalidInput):
        rank([entry(1, "800")], ("on_site_review", "on_site_review"))


def test_the_published_tie_breaks_follow_the_order_applied():
    assert len(TIE_BREAKS) == 3
    assert "stage" in TIE_BREAKS[0] and "submission" in TIE_BREAKS[1] and "application id" in TIE_BREAKS[2]
