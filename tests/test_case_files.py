"""The case-file runner: every computation, refusals, and case files that could check nothing."""
from __future__ import annotations

import json

import pytest

from core.engine import cases


def write(tmp_path, *raw_cases, bases=None):
    path = tmp_path / "cases.json"
    path.write_text(json.dumps({"mqa_cases": 1, "jurisdiction": "nantong", "bases": bases or {},
                                "cases": list(raw_cases)}), encoding="utf-8")
    return path


def test_a_misspelled_expectation_is_refused_at_load(tmp_path):
    path = write(tmp_path, {"name": "typo", "version": "2023", "article": "第三十二条", "computation": "sanction",
                            "violation": "false_application", "decided_on": "2024-03-10",
                            "expect": {"ban_untill": "2029-03-10"}})
    with pytest.raises(ValueError, match="ban_untill"):
        cases.load_file(path)


def test_an_empty_expectation_and_an_unknown_computation_are_refused(tmp_path):
    with pytest.raises(ValueError, match="empty"):
        cases.load_file(write(tmp_path, {"name": "x", "version": "2023", "article": "第六条",
                                         "computation": "cycle", "expect": {}}))
    with pytest.raises(ValueError, match="computation must be one of"):
        cases.load_file(write(tmp_path, {"name": "x", "version": "2023", "article": "第六条",
                                         "computation": "horoscope", "expect": {"error": {}}}))


def test_each_computation_reports_its_mismatches(tmp_path, mqa_registry):
    loaded = cases.load_file(write(
        tmp_path,
        {"name": "ban", "version": "2023", "article": "第三十二条", "computation": "sanction",
         "violation": "false_application", "decided_on": "2024-03-10", "expect": {"ban_until": "2029-03-09"}},
        {"name": "refusal expected", "version": "2023", "article": "第二十六条", "computation": "reward",
         "tier": "award", "entry_kind": "organization", "expect": {"error": {"code": "invalid_input"}}},
        {"name": "wrong field", "version": "2023", "article": "第六条", "computation": "allocation",
         "tier": "gold", "ranked": [], "expect": {"error": {"code": "invalid_input", "field": "ranked"}}},
        {"name": "total", "version": "2023", "article": "第十五条", "computation": "total",
         "entry_kind": "organization",
         "stage_scores": {"materials_review": "812.5", "on_site_review": 900, "presentation": 700},
         "expect": {"total": "862.5", "citations": ["nantong/2023 第十五条"]}}))
    problems = {case.name: cases.run(case, mqa_registry).problems for case in loaded}
    assert problems["ban"] == ["ban until 2029-03-10, expected 2029-03-09"]
    assert problems["refusal expected"][0].startswith("expected a refusal")
    assert "the error names ['tier']" in problems["wrong field"][0]
    assert problems["total"] == []  # 0.2 * 812.5 + 0.7 * 900 + 0.1 * 700


def test_cycle_cases_check_stage_rules_panels_and_duties(tmp_path, mqa_registry):
    loaded = cases.load_file(write(
        tmp_path,
        {"name": "cycle", "version": "2023", "article": "第十三条", "computation": "cycle", "jurisdiction": "jian",
         "expect": {"stage_rules": {"on_site_review": {"max_days": 3}, "presentation_gate": None},
                    "panels": {"on_site_review": 5}, "obligations": ["annual_report"]}}))
    problems = cases.run(loaded[0], mqa_registry).problems
    assert problems[0] == "stage rule of on_site_review: {'max_days': 2}, expected {'max_days': 3}"
    assert problems[1] == "stage rule of presentation_gate: one, expected none"
    assert problems[2:] == ["panels {}, expected {'on_site_review': 5}", "obligations [], expected ['annual_report']"]


def test_which_way_a_case_shows_its_article(tmp_path):
    loaded = cases.load_file(write(
        tmp_path,
        {"name": "refused", "version": "2023", "article": "第六条", "computation": "allocation", "tier": "gold",
         "ranked": [], "expect": {"error": {"code": "invalid_input"}}},
        {"name": "banned", "version": "2023", "article": "第三十二条", "computation": "sanction",
         "violation": "false_application", "decided_on": "2024-03-10", "expect": {"ban_until": "2029-03-10"}},
        {"name": "paid", "version": "2023", "article": "第二十六条", "computation": "reward", "tier": "award",
         "entry_kind": "organization", "expect": {"amount_yuan": 500000}},
        {"name": "declared", "version": "2023", "article": "第二十六条", "computation": "reward", "tier": "award",
         "entry_kind": "organization", "shows": "fail", "expect": {"amount_yuan": 500000}}))
    assert [c.fails_its_article for c in loaded] == [True, True, False, True]
    assert cases.coverage(loaded, "reward") == {("2023", "第二十六条"): {"pass": 1, "fail": 1}}
