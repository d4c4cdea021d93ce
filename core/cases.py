"""Case files: a regulation's expected verdicts, as data, run the same way for every city.

A case file is JSON, in a folder named ``cases`` inside a jurisdiction package, with
``"mqa_cases": 1`` at the top. The pytest plugin in :mod:`core.testing` collects each case as
a test, so a third-party city gets the same runner by installing this package::

    {"mqa_cases": 1, "jurisdiction": "nantong",
     "bases": {"org": {...facts...}},
     "cases": [{"name": "operating 4 years", "version": "2023", "article": "第十一条",
                "entry_kind": "organization", "base": "org", "facts": {"founded_on": "2020-06-01"},
                "on_date": "2024-05-01", "history": [], "sanctions": [],
                "expect": {"status": "ineligible", "failed": ["org.operating_years"],
                           "citations": ["nantong/2023 第十一条（二）"]}}]}

* ``facts`` are merged over the named base (top-level keys replace the base's).
* Conditions that need an office's confirmation are confirmed unless ``"confirm": false``;
  a case then sees only the computable rules, or checks the attestations themselves.
* ``"shows": "pass"|"fail"`` says which way a case shows its article, where the citations
  cannot (a definition such as "以上 includes the number" shows through other articles).
* ``expect.failed`` is the exact set of failed conditions (a verdict lists every failure);
  ``expect.citations`` must each cite a failed finding (or any finding when none failed);
  ``expect.pending``, ``expect.passed`` and ``expect.excluded_tiers`` are optional.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.eligibility import Verdict, assess, load_facts
from core.plugins import JurisdictionRegistry
from core.rules import Citation, PastAward, PastSanction


@dataclass(frozen=True)
class Case:
    name: str
    jurisdiction: str
    version: str
    article: str
    entry_kind: str
    facts: dict[str, Any]
    on_date: dt.date
    expect: dict[str, Any]
    history: tuple[PastAward, ...] = ()
    sanctions: tuple[PastSanction, ...] = ()
    confirm: bool = True
    shows: str | None = None
    source: str = ""

    @property
    def fails_its_article(self) -> bool:
        """A failing case of its article: ineligible, citing it (or declared with ``"shows": "fail"``)."""
        if self.shows is not None:
            return self.shows == "fail"
        return self.expect.get("status") == "ineligible" and any(
            self.article in c for c in self.expect.get("citations", []))


@dataclass
class CaseResult:
    verdict: Verdict
    problems: list[str] = field(default_factory=list)


def load_file(path: Path) -> list[Case]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("mqa_cases") != 1:
        raise ValueError(f"{path}: not a case file (needs \"mqa_cases\": 1)")
    bases = data.get("bases", {})
    cases = []
    for raw in data["cases"]:
        facts = {**bases.get(raw.get("base"), {}), **raw.get("facts", {})} if raw.get("base") else raw.get("facts", {})
        cases.append(Case(
            name=raw["name"], jurisdiction=raw.get("jurisdiction", data["jurisdiction"]), version=raw["version"],
            article=raw["article"], entry_kind=raw["entry_kind"], facts=facts,
            on_date=dt.date.fromisoformat(raw["on_date"]), expect=raw["expect"],
            history=tuple(PastAward(a["tier"], a.get("entry_kind", raw["entry_kind"]),
                                    dt.date.fromisoformat(a["awarded_on"]), a.get("cycle_year", 0),
                                    dt.date.fromisoformat(a["revoked_on"]) if a.get("revoked_on") else None)
                          for a in raw.get("history", [])),
            sanctions=tuple(PastSanction(s["kind"], dt.date.fromisoformat(s["decided_on"]),
                                         dt.date.fromisoformat(s["ban_until"]) if s.get("ban_until") else None,
                                         Citation(**s["citation"]) if s.get("citation") else None)
                            for s in raw.get("sanctions", [])),
            confirm=raw.get("confirm", True), shows=raw.get("shows"), source=str(path)))
    return cases


def run(case: Case, registry: JurisdictionRegistry) -> CaseResult:
    rules = registry.rules(case.jurisdiction)
    version = rules.jurisdiction.version(case.version)
    facts = load_facts(rules, version, case.entry_kind, case.facts)
    verdict = _assess(rules, version, case, facts)
    if case.confirm and verdict.pending:
        confirmations = {**facts.get("confirmations", {}),
                         **{f.condition: {"confirmed": True, "by": "case", "note": ""} for f in verdict.pending}}
        verdict = _assess(rules, version, case, {**facts, "confirmations": confirmations})
    return CaseResult(verdict, _compare(case, verdict))


def _assess(rules: Any, version: Any, case: Case, facts: dict[str, Any]) -> Verdict:
    return assess(rules, version, case.entry_kind, facts, on_date=case.on_date, history=case.history,
                  sanctions=case.sanctions)


def _compare(case: Case, verdict: Verdict) -> list[str]:
    expect, problems = case.expect, []
    if "status" in expect and verdict.status.value != expect["status"]:
        problems.append(f"status {verdict.status.value}, expected {expect['status']}")
    failed = sorted(f.condition for f in verdict.failed)
    if "failed" in expect and failed != sorted(expect["failed"]):
        problems.append(f"failed conditions {failed}, expected {sorted(expect['failed'])}")
    pending = sorted(f.condition for f in verdict.pending)
    if "pending" in expect and pending != sorted(expect["pending"]):
        problems.append(f"pending conditions {pending}, expected {sorted(expect['pending'])}")
    passed = {f.condition for f in verdict.findings if f.outcome.value == "passed"}
    for condition in expect.get("passed", []):
        if condition not in passed:
            problems.append(f"{condition} did not pass")
    cited = {str(f.citation) for f in (verdict.failed or verdict.findings)}
    for citation in expect.get("citations", []):
        if citation not in cited:
            problems.append(f"no {'failed ' if verdict.failed else ''}finding cites {citation}; cited: {sorted(cited)}")
    if "excluded_tiers" in expect and verdict.excluded_tiers != sorted(expect["excluded_tiers"]):
        problems.append(f"excluded tiers {verdict.excluded_tiers}, expected {expect['excluded_tiers']}")
    return problems


def coverage(cases: list[Case]) -> dict[tuple[str, str], dict[str, int]]:
    """``{(version, article): {"pass": n, "fail": n}}``: is each article shown both ways?"""
    table: dict[tuple[str, str], dict[str, int]] = {}
    for case in cases:
        counts = table.setdefault((case.version, case.article), {"pass": 0, "fail": 0})
        counts["fail" if case.fails_its_article else "pass"] += 1
    return table
