"""Case files: a regulation's expected decisions, as data, run the same way for every city.

A case file is JSON, in a folder named ``cases`` inside a jurisdiction package, with
``"mqa_cases": 1`` at the top. The pytest plugin in :mod:`core.testing` collects each case as
a test, so a third-party city gets the same runner by installing this package. Every case names
its ``version`` and ``article``, and a ``computation`` (``eligibility`` when left out); it runs
through :mod:`core.engine.computations`, the very functions behind the rule API::

    {"mqa_cases": 1, "jurisdiction": "nantong",
     "bases": {"org": {...facts...}},
     "cases": [{"name": "operating 4 years", "version": "2023", "article": "第十一条",
                "entry_kind": "organization", "base": "org", "facts": {"founded_on": "2020-06-01"},
                "on_date": "2024-05-01", "history": [], "sanctions": [],
                "expect": {"status": "ineligible", "failed": ["org.operating_years"],
                           "citations": ["nantong/2023 第十一条（二）"]}}]}

Inputs and expectations per computation (dates ISO strings, money integers, scores strings):

* ``eligibility``: ``entry_kind``, ``facts`` (merged over ``base``: top-level keys replace the
  base's), ``on_date``, optional ``deadline``, ``category``, ``history``, ``sanctions``. Conditions
  that need an office's confirmation are confirmed unless ``"confirm": false``. ``expect``:
  ``status``; ``failed`` (the exact set of failed conditions); ``citations`` (each must cite a
  failed finding, or any finding when none failed); optional ``pending``, ``passed``,
  ``excluded_tiers``.
* ``total``: ``entry_kind``, ``stage_scores``, optional ``bonus``, ``bonus_counts``.
  ``expect``: ``total`` (compared as a decimal), ``citations`` (of the contributions or bonus lines).
* ``allocation``: ``tier`` (or ``tiers``, filled in order), ``ranked`` (``id``, ``entry_kind``,
  optional ``category``, ``flags``, ``won_before``, ``excluded_tiers``). ``expect``: ``winners``
  (ids in order; ``{tier: ids}`` with ``tiers``), ``outside_quota`` (ids), ``cuts``
  (``{id: citation}``), ``preferences_met`` (bool).
* ``reward``: ``tier``, ``entry_kind``, optional ``category``, ``history``, ``facts``, ``flags``.
  ``expect``: ``amount_yuan``, ``honours``, ``citation``.
* ``sanction``: ``violation``, ``decided_on``, optional ``occurred_on``, ``award``, ``entry_kind``,
  ``facts``, ``flags``. ``expect``: ``ban_until`` (``null`` for none), ``measures`` (each must be
  among the decision's) or ``measures_exactly`` (the whole set, ``[]`` for none), ``citation``.
* ``notice``: ``stage``, ``published_on``. ``expect``: ``ends_on``, ``kind``, ``citation``
  (working days from the installed calendar; the publication day is not counted).
* ``cycle``: no input. ``expect``: ``cadence_years``, ``stages``, ``notice_kinds``, ``citation``,
  ``stage_rules`` (``{stage: {field: value}}``, ``null`` for a stage without one), ``panels``
  (``{stage: min_experts}``), ``obligations`` (codes), ``backfill`` (``{notice stage: value}``).

Any computation may give ``settings`` (validated as an office's values are) and may expect a
refusal instead: ``"expect": {"error": {"code": "invalid_input", "field": "entry_kind"}}`` (the
field must be among those the error names; ``contains`` checks the message).

``"shows": "pass"|"fail"`` says which way a case shows its article where the runner cannot tell:
by default a case *fails* its article when it expects an error, an ineligible verdict citing the
article, a cut citing it or a ban; otherwise it *passes* it.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.engine import computations
from core.engine.errors import DomainError
from core.engine.plugins import JurisdictionRegistry

EXPECTATIONS = {
    "eligibility": {"status", "failed", "citations", "pending", "passed", "excluded_tiers"},
    "total": {"total", "citations"},
    "allocation": {"winners", "outside_quota", "cuts", "preferences_met"},
    "reward": {"amount_yuan", "honours", "citation"},
    "sanction": {"ban_until", "measures", "measures_exactly", "citation"},
    "notice": {"ends_on", "kind", "citation"},
    "cycle": {"cadence_years", "stages", "notice_kinds", "citation", "stage_rules", "panels", "obligations",
              "backfill"},
}
"""What a case of each computation may expect (besides ``error``): a misspelled key would check nothing."""
COMPUTATIONS = tuple(EXPECTATIONS)
_DATE_KEYS = frozenset({"on_date", "deadline", "decided_on", "occurred_on", "published_on", "awarded_on",
                        "revoked_on", "ban_until"})


@dataclass(frozen=True)
class Case:
    name: str
    jurisdiction: str
    version: str
    article: str
    computation: str
    inputs: dict[str, Any]
    expect: dict[str, Any]
    confirm: bool = True
    shows: str | None = None
    source: str = ""

    @property
    def entry_kind(self) -> str | None:
        return self.inputs.get("entry_kind")

    @property
    def fails_its_article(self) -> bool:
        """A failing case of its article (see the module docstring), or as declared with ``shows``."""
        if self.shows is not None:
            return self.shows == "fail"
        expect = self.expect
        if "error" in expect:
            return True
        if self.computation == "eligibility":
            return expect.get("status") == "ineligible" and any(self.article in c for c in expect.get("citations", []))
        if self.computation == "allocation":
            return any(self.article in str(c) for c in (expect.get("cuts") or {}).values())
        if self.computation == "sanction":
            return expect.get("ban_until") is not None
        return False


@dataclass
class CaseResult:
    decision: Any
    problems: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> Any:  # the name the eligibility report uses
        return self.decision


def load_file(path: Path) -> list[Case]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("mqa_cases") != 1:
        raise ValueError(f"{path}: not a case file (needs \"mqa_cases\": 1)")
    bases = data.get("bases", {})
    cases = []
    for raw in data["cases"]:
        computation = raw.get("computation", "eligibility")
        if computation not in COMPUTATIONS:
            raise ValueError(f"{path}: case {raw.get('name')!r}: computation must be one of {', '.join(COMPUTATIONS)}")
        unknown = set(raw["expect"]) - EXPECTATIONS[computation] - {"error"}
        if not raw["expect"] or unknown:
            raise ValueError(f"{path}: case {raw.get('name')!r}: expect nothing checkable "
                             f"({sorted(unknown) or 'empty'}); a {computation} case may expect: "
                             f"{', '.join(sorted(EXPECTATIONS[computation]))} or error")
        inputs = {k: v for k, v in raw.items()
                  if k not in ("name", "jurisdiction", "version", "article", "computation", "expect", "confirm",
                               "shows", "base", "facts")}
        if "facts" in raw or "base" in raw:
            base = bases.get(raw["base"], {}) if raw.get("base") else {}
            if raw.get("base") and raw["base"] not in bases:
                raise ValueError(f"{path}: case {raw['name']!r} names an unknown base {raw['base']!r}")
            inputs["facts"] = {**base, **raw.get("facts", {})}
        cases.append(Case(
            name=raw["name"], jurisdiction=raw.get("jurisdiction", data["jurisdiction"]), version=raw["version"],
            article=raw["article"], computation=computation, inputs=_parse_dates(inputs), expect=raw["expect"],
            confirm=raw.get("confirm", True), shows=raw.get("shows"), source=str(path)))
    return cases


def _parse_dates(value: Any, key: str | None = None, inside_facts: bool = False) -> Any:
    """ISO dates of the computation's own inputs become dates; facts stay raw (their schema loads them)."""
    if isinstance(value, dict):
        return {k: (v if k == "facts" else _parse_dates(v, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_parse_dates(v, key) for v in value]
    if key in _DATE_KEYS and isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


def run(case: Case, registry: JurisdictionRegistry) -> CaseResult:
    rules = registry.rules(case.jurisdiction)
    version = rules.jurisdiction.version(case.version)
    inputs = dict(case.inputs)
    try:
        settings = computations.validated_settings(rules, version, inputs.pop("settings", None))
        decision = _RUNNERS[case.computation](rules, version, inputs, settings, case)
    except DomainError as exc:
        return CaseResult(exc, _compare_error(case, exc))
    if "error" in case.expect:
        return CaseResult(decision, [f"expected a refusal ({case.expect['error']}), got a decision"])
    return CaseResult(decision, _COMPARERS[case.computation](case.expect, decision))


# -- running ---------------------------------------------------------------------------------------

def _eligibility(rules: Any, version: Any, inputs: dict[str, Any], settings: dict[str, Any], case: Case) -> Any:
    def judge(facts: dict[str, Any]) -> Any:
        return computations.check_eligibility(
            rules, version, entry_kind=inputs["entry_kind"], raw_facts=facts, on_date=inputs["on_date"],
            history=inputs.get("history", ()), sanctions=inputs.get("sanctions", ()), settings=settings,
            category=inputs.get("category"), deadline=inputs.get("deadline"))

    facts = inputs.get("facts", {})
    verdict = judge(facts)
    if case.confirm and verdict.pending:
        confirmations = {**facts.get("confirmations", {}),
                         **{f.condition: {"confirmed": True, "by": "case"} for f in verdict.pending}}
        verdict = judge({**facts, "confirmations": confirmations})
    return verdict


def _notice(rules: Any, version: Any, inputs: dict[str, Any], settings: dict[str, Any], case: Case) -> Any:
    from core.engine.calendar import WorkingDayCalendar

    return computations.notice_dates(rules, version, stage=inputs["stage"], published_on=inputs["published_on"],
                                     is_working_day=WorkingDayCalendar().is_working_day, settings=settings)


_RUNNERS = {
    "eligibility": _eligibility,
    "total": lambda rules, version, i, s, c: computations.weighted_total(
        rules, version, entry_kind=i["entry_kind"], stage_scores=i["stage_scores"], bonus=i.get("bonus", 0),
        bonus_counts=i.get("bonus_counts"), settings=s),
    "allocation": lambda rules, version, i, s, c: computations.allocate(
        rules, version, tier=i.get("tier"), tiers=i.get("tiers"), ranked=i["ranked"], settings=s),
    "reward": lambda rules, version, i, s, c: computations.reward(
        rules, version, tier=i["tier"], entry_kind=i["entry_kind"], history=i.get("history", ()), settings=s,
        facts=i.get("facts"), flags=i.get("flags", ()), category=i.get("category")),
    "sanction": lambda rules, version, i, s, c: computations.sanction(
        rules, version, violation=i["violation"], decided_on=i["decided_on"], occurred_on=i.get("occurred_on"),
        award=i.get("award"), entry_kind=i.get("entry_kind"), settings=s, facts=i.get("facts"),
        flags=i.get("flags", ())),
    "notice": _notice,
    "cycle": lambda rules, version, i, s, c: rules.cycle_plan(version, s),
}


# -- comparing -------------------------------------------------------------------------------------

def _compare_error(case: Case, exc: DomainError) -> list[str]:
    wanted = case.expect.get("error")
    if wanted is None:
        return [f"refused: {exc.code}: {exc.message}"]
    problems = []
    if "code" in wanted and exc.code != wanted["code"]:
        problems.append(f"error code {exc.code}, expected {wanted['code']} ({exc.message})")
    if "field" in wanted and wanted["field"] not in exc.fields:
        problems.append(f"the error names {sorted(exc.fields)}, expected {wanted['field']} ({exc.message})")
    if "contains" in wanted and wanted["contains"] not in exc.message:
        problems.append(f"the message does not contain {wanted['contains']!r}: {exc.message}")
    return problems


def _compare_verdict(expect: dict[str, Any], verdict: Any) -> list[str]:
    problems = []
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


def _compare_total(expect: dict[str, Any], answer: dict[str, Any]) -> list[str]:
    result, problems = answer["result"], []
    if "total" in expect and Decimal(str(expect["total"])) != result.total:
        problems.append(f"total {result.total}, expected {expect['total']}")
    cited = {str(c.citation) for c in result.contributions} | {str(line.citation) for line in answer["bonus_lines"]}
    problems += [f"nothing cites {c}; cited: {sorted(cited)}" for c in expect.get("citations", []) if c not in cited]
    return problems


def _compare_allocation(expect: dict[str, Any], answer: Any) -> list[str]:
    allocations = answer if isinstance(answer, dict) else {answer.tier: answer}
    problems = []
    if "winners" in expect:
        wanted = expect["winners"] if isinstance(expect["winners"], dict) else {answer.tier: expect["winners"]}
        got = {tier: a.winner_ids for tier, a in allocations.items()}
        if got != wanted:
            problems.append(f"winners {got}, expected {wanted}")
    outside = sorted(p.candidate.id for a in allocations.values() for p in a.winners if not p.within_quota)
    if "outside_quota" in expect and outside != sorted(expect["outside_quota"]):
        problems.append(f"outside the quota {outside}, expected {sorted(expect['outside_quota'])}")
    if "cuts" in expect:
        final = {c.candidate.id: str(c.citation) for a in allocations.values() for c in a.cuts}
        winners = {i for a in allocations.values() for i in a.winner_ids}
        cuts = {i: c for i, c in final.items() if i not in winners}
        if cuts != expect["cuts"]:
            problems.append(f"cuts {cuts}, expected {expect['cuts']}")
    if "preferences_met" in expect:
        met = all(n.met for a in allocations.values() for n in a.preference_notes)
        if met != expect["preferences_met"]:
            problems.append(f"preferences met: {met}, expected {expect['preferences_met']}")
    return problems


def _compare_reward(expect: dict[str, Any], decision: Any) -> list[str]:
    problems = []
    if "amount_yuan" in expect and decision.amount_yuan != expect["amount_yuan"]:
        problems.append(f"amount {decision.amount_yuan} yuan, expected {expect['amount_yuan']}")
    if "honours" in expect and sorted(decision.honours) != sorted(expect["honours"]):
        problems.append(f"honours {sorted(decision.honours)}, expected {sorted(expect['honours'])}")
    return problems + _compare_citation(expect, decision.citation)


def _compare_sanction(expect: dict[str, Any], decision: Any) -> list[str]:
    problems = []
    if "ban_until" in expect and decision.ban_until != (wanted := _date(expect["ban_until"])):
        problems.append(f"ban until {decision.ban_until}, expected {wanted}")
    missing = [m for m in expect.get("measures", []) if m not in decision.measures]
    if missing:
        problems.append(f"measures {list(decision.measures)} lack {missing}")
    if "measures_exactly" in expect and sorted(decision.measures) != sorted(expect["measures_exactly"]):
        problems.append(f"measures {sorted(decision.measures)}, expected exactly {sorted(expect['measures_exactly'])}")
    return problems + _compare_citation(expect, decision.citation)


def _compare_notice(expect: dict[str, Any], dates: Any) -> list[str]:
    problems = []
    if "ends_on" in expect and dates.ends_on != (wanted := _date(expect["ends_on"])):
        problems.append(f"ends on {dates.ends_on}, expected {wanted}")
    if "kind" in expect and dates.kind != expect["kind"]:
        problems.append(f"kind {dates.kind}, expected {expect['kind']}")
    return problems + _compare_citation(expect, dates.citation)


def _compare_cycle(expect: dict[str, Any], plan: Any) -> list[str]:
    problems = []
    if "cadence_years" in expect and plan.cadence_years != expect["cadence_years"]:
        problems.append(f"cadence {plan.cadence_years} years, expected {expect['cadence_years']}")
    if "stages" in expect and list(plan.stages) != expect["stages"]:
        problems.append(f"stages {list(plan.stages)}, expected {expect['stages']}")
    kinds = [n.kind for n in plan.notices]
    if "notice_kinds" in expect and kinds != expect["notice_kinds"]:
        problems.append(f"notice kinds {kinds}, expected {expect['notice_kinds']}")
    cited = {str(plan.citation)} | ({str(plan.cadence_citation)} if plan.cadence_citation else set())
    if "citation" in expect and expect["citation"] not in cited:
        problems.append(f"cites {sorted(cited)}, expected {expect['citation']}")
    for stage, wanted in expect.get("stage_rules", {}).items():
        rule = plan.stage_rule(stage)
        if rule is None or wanted is None:
            if (rule is None) != (wanted is None):
                problems.append(f"stage rule of {stage}: {'none' if rule is None else 'one'}, "
                                f"expected {'none' if wanted is None else wanted}")
            continue
        got = {key: _plain(getattr(rule, key)) for key in wanted}
        if got != wanted:
            problems.append(f"stage rule of {stage}: {got}, expected {wanted}")
    panels = {p.stage: p.min_experts for p in plan.panels}
    if "panels" in expect and panels != expect["panels"]:
        problems.append(f"panels {panels}, expected {expect['panels']}")
    obligations = sorted(o.code for o in plan.obligations)
    if "obligations" in expect and obligations != sorted(expect["obligations"]):
        problems.append(f"obligations {obligations}, expected {sorted(expect['obligations'])}")
    backfill = {n.stage: n.backfill for n in plan.notices}
    if "backfill" in expect and {s: backfill.get(s) for s in expect["backfill"]} != expect["backfill"]:
        problems.append(f"backfill {backfill}, expected {expect['backfill']}")
    return problems


def _plain(value: Any) -> Any:
    """A stage rule's value as a case file writes it (tuples as lists, citations as text)."""
    if isinstance(value, tuple):
        return list(value)
    return value


def _date(value: Any) -> dt.date | None:
    """An expected date as written in a case file (ISO text, or ``null`` for none)."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _compare_citation(expect: dict[str, Any], citation: Any) -> list[str]:
    if "citation" in expect and str(citation) != expect["citation"]:
        return [f"cites {citation}, expected {expect['citation']}"]
    return []


_COMPARERS = {
    "eligibility": _compare_verdict, "total": _compare_total, "allocation": _compare_allocation,
    "reward": _compare_reward, "sanction": _compare_sanction, "notice": _compare_notice, "cycle": _compare_cycle,
}


def coverage(cases: list[Case], computation: str | None = None) -> dict[tuple[str, str], dict[str, int]]:
    """``{(version, article): {"pass": n, "fail": n}}``: is each article shown both ways?
    ``computation`` limits the table to one kind of case."""
    table: dict[tuple[str, str], dict[str, int]] = {}
    for case in cases:
        if computation is not None and case.computation != computation:
            continue
        counts = table.setdefault((case.version, case.article), {"pass": 0, "fail": 0})
        counts["fail" if case.fails_its_article else "pass"] += 1
    return table
