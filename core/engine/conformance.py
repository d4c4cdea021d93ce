"""The conformance kit: invariants every installed jurisdiction must keep, whoever wrote it.

Run it as ``mqa check-jurisdiction CODE`` or from a test (:func:`check`). For every rule version:

* every eligibility finding (on the probe's sample facts) and every decision (quotas, weights,
  rewards, sanctions, notices) carries a citation of this jurisdiction and version;
* every tier has a quota (an uncapped one must say why in its note);
* decisions that wait for a tenant setting of a plain type (an integer, an amount) are checked with a
  sample value; those behind stage weights only as far as the rules answer without them;
* every tenant setting a hook reads is declared by ``mqa_tenant_settings``;
* every violation code is listed by ``mqa_violations``, every listed one is accepted, and an
  unlisted one is refused naming ``violation``;
* every notice of the cycle plan has a kind;
* every stage of the cycle plan has one kind (``STAGE_KINDS``), exactly one stage takes applications
  and at most one screens them (the core opens a cycle and decides applications by these), and a
  recommendation step cites an article;
* every entry kind has a facts schema;
* every review stage of the cycle plan has a scoring sheet (``mqa_score_sheet``) for each entry kind
  that goes through it: the kinds its ``StageRule`` names, else every kind whose stage weights include
  the stage or cannot be known without an office's setting (a plugin with review stages that does not
  implement the hook at all is one problem); each sheet answers for the stage and kind asked, cites
  articles of this jurisdiction and version, and, where the stage is one of the kind's weighted
  stages, adds up to the weights' scale, so that a stage's aggregate feeds the weighted total as it is
  (not checked where the weights wait for an unset setting);
* every expert qualification (``mqa_expert_qualifications``) cites an article of this jurisdiction and
  version, and no code is listed twice;
* the readings published as data match the ``[reading: code]`` tags in the plugin's docstrings.
"""
from __future__ import annotations

import ast
import datetime as dt
import importlib
import inspect
import pkgutil
import re
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from core.engine.errors import DomainError, InvalidInput, PluginError, RuleNotImplemented, SettingMissing
from core.engine.plugins import JurisdictionRegistry, JurisdictionRules
from core.engine.rules import Citation, CyclePlan, PastAward, RuleVersion, StageWeights

READING_TAG = re.compile(r"\[reading:\s*([A-Za-z0-9_.-]+)\s*\]")
PROBE_DAY = dt.date(2024, 6, 30)
UNLISTED_VIOLATION = "__not_a_listed_violation__"


@dataclass(frozen=True)
class Problem:
    version: str
    check: str
    message: str

    def __str__(self) -> str:
        return f"[{self.version}] {self.check}: {self.message}"


def check(registry: JurisdictionRegistry, code: str) -> list[Problem]:
    """Every conformance problem of the jurisdiction ``code``; empty when it conforms."""
    rules = registry.rules(code)
    problems: list[Problem] = []
    for version in rules.jurisdiction.versions:
        for name, probe in _CHECKS:
            try:
                problems += [Problem(version.code, name, m) for m in probe(rules, version)]
            except Exception as exc:  # noqa: BLE001 - a crash is a finding of its own, not the end of the run
                problems.append(Problem(version.code, name, f"the check crashed: {type(exc).__name__}: {exc}"))
    problems += [Problem("*", "readings", m) for m in _readings(rules)]
    return problems


# -- the checks, one version at a time ----------------------------------------------------------------

def _cited(citation: Any, rules: JurisdictionRules, version: RuleVersion, what: str) -> list[str]:
    if not isinstance(citation, Citation):
        return [f"{what} carries no citation"]
    if citation.jurisdiction != rules.jurisdiction.code or citation.version != version.code or not citation.article:
        return [f"{what} cites {citation}, not an article of {rules.jurisdiction.code}/{version.code}"]
    return []


def _findings(rules: JurisdictionRules, version: RuleVersion) -> list[str]:
    from core.engine.eligibility import facts_schema
    from core.engine.probe import sample_facts

    if not rules.implements("mqa_eligibility"):
        return []
    out = []
    for kind in rules.jurisdiction.entry_kinds:
        for facts in sample_facts(facts_schema(rules, version, kind.code)):
            try:
                findings = rules.eligibility(version=version, entry_kind=kind.code, facts=facts, history=(),
                                             sanctions=(), on_date=PROBE_DAY, settings={})
            except RuleNotImplemented:  # not written yet: nothing decided, nothing to cite
                return []
            for finding in findings:
                out += _cited(finding.citation, rules, version, f"finding {finding.condition}")
    return sorted(set(out))


def _facts_schemas(rules: JurisdictionRules, version: RuleVersion) -> list[str]:
    from core.engine.eligibility import facts_schema

    out = []
    for kind in rules.jurisdiction.entry_kinds:
        try:
            facts_schema(rules, version, kind.code)
        except RuleNotImplemented as exc:
            out.append(exc.message)
    return out


def _quotas(rules: JurisdictionRules, version: RuleVersion) -> list[str]:
    plan = _answer(lambda: rules.quota_plan(version, _sample_settings(rules, version)))
    if plan is None:
        return []
    out = []
    for tier in rules.jurisdiction.tiers:
        quotas = plan.quotas_for(tier.code)
        if not quotas:
            out.append(f"tier {tier.code} has no quota (give one; max_count=None with a note if it is uncapped)")
        out += [f"tier {tier.code} is uncapped without a note saying why" for q in quotas if q.unlimited and not q.note]
    for quota in plan.quotas:
        out += _cited(quota.citation, rules, version, f"quota {quota.tier}/{'+'.join(quota.entry_kinds)}")
    for cap in plan.total_caps:
        out += _cited(cap.citation, rules, version, f"total cap {'+'.join(cap.tiers)}")
    return out


def _decisions(rules: JurisdictionRules, version: RuleVersion) -> list[str]:
    j, out = rules.jurisdiction, []
    settings = _sample_settings(rules, version)
    for kind in j.entry_kinds:
        weights = _answer(lambda: rules.stage_weights(version, kind.code, settings))
        if weights is not None:
            out += _cited(weights.citation, rules, version, f"stage weights of {kind.code}")
        for tier in j.tiers:
            decision = _answer(lambda: rules.reward(version, tier.code, kind.code, (), settings))
            if decision is not None:
                out += _cited(decision.citation, rules, version, f"reward {tier.code}/{kind.code}")
    plan = _answer(lambda: rules.cycle_plan(version, settings))
    if plan is not None:
        out += _cited(plan.citation, rules, version, "cycle plan")
        for notice in plan.notices:
            out += _cited(notice.citation, rules, version, f"notice {notice.stage}")
            if notice.kind is None:
                out.append(f"notice {notice.stage} has no kind (one of core.engine.rules.NOTICE_KINDS)")
        out += _stage_rules(rules, version, plan)
    return out


def _stage_rules(rules: JurisdictionRules, version: RuleVersion, plan: Any) -> list[str]:
    j, out = rules.jurisdiction, []
    kinds, tiers = {k.code for k in j.entry_kinds}, {t.code for t in j.tiers}
    order = {stage: i for i, stage in enumerate(plan.stages)}
    for rule in plan.stage_rules:
        what = f"stage rule {rule.stage}"
        out += _cited(rule.citation, rules, version, what)
        if rule.stage not in order:
            out.append(f"{what} names a stage the plan does not have")
            continue
        out += [f"{what} names an unknown entry kind {k}" for k in rule.entry_kinds if k not in kinds]
        out += [f"{what} names an unknown tier {t}" for t in rule.tiers if t not in tiers]
        if rule.gate_for is not None and order.get(rule.gate_for, -1) <= order[rule.stage]:
            out.append(f"{what} is a gate for {rule.gate_for}, which is not a later stage")
        if rule.entrants_ranked_by is not None and order.get(rule.entrants_ranked_by, 1 << 30) >= order[rule.stage]:
            out.append(f"{what} ranks its entrants by {rule.entrants_ranked_by}, which is not an earlier stage")
    stages = [rule.stage for rule in plan.stage_rules]
    out += [f"stage {s} has two stage rules" for s in sorted({s for s in stages if stages.count(s) > 1})]
    return out


def _stage_kinds(rules: JurisdictionRules, version: RuleVersion) -> list[str]:
    """A cycle needs to know which stage takes applications (its dates bound submissions) and which
    one decides them; a plan that leaves a stage without a kind cannot be run."""
    if not rules.implements("mqa_cycle_plan"):
        return []
    plan = _answer(lambda: rules.cycle_plan(version, _sample_settings(rules, version)))
    if plan is None:
        return []
    out = []
    named = [stage for stage, _ in plan.stage_kinds]
    out += [f"stage {s} is given more than one kind" for s in sorted({s for s in named if named.count(s) > 1})]
    out += [f"stage {s} has no kind (one of core.engine.rules.STAGE_KINDS)" for s in plan.stages if s not in named]
    applications, screenings = plan.stages_of_kind("application"), plan.stages_of_kind("screening")
    if len(applications) != 1:
        out.append(f"the plan has {len(applications)} stages of kind application "
                   f"({', '.join(applications) or 'none'}); exactly one takes the applications")
    if len(screenings) > 1:
        out.append(f"stages {', '.join(screenings)} are all of kind screening; at most one screens the applications")
    if plan.recommendation is not None:
        out += _cited(plan.recommendation, rules, version, "the recommendation step")
    return out


def _violations(rules: JurisdictionRules, version: RuleVersion) -> list[str]:
    if not rules.implements("mqa_sanction"):
        return []
    out = []
    try:
        rules.sanction(version, UNLISTED_VIOLATION, decided_on=PROBE_DAY, settings=_ReadAll())
        out.append("an unlisted violation code is accepted")
    except RuleNotImplemented:
        return []  # not written yet
    except InvalidInput as exc:
        if "violation" not in exc.fields:
            out.append(f"an unlisted violation code is refused without naming the field violation: {exc.message}")
    except DomainError:
        pass
    listed = rules.violations(version)
    if not listed:
        return [*out, "mqa_sanction is implemented but mqa_violations lists no violation code"]
    award = PastAward(rules.jurisdiction.tiers[0].code, rules.jurisdiction.entry_kinds[0].code, PROBE_DAY,
                      PROBE_DAY.year)
    for violation in listed:
        out += _cited(violation.citation, rules, version, f"violation {violation.code}")
        for past in (award, None):
            try:
                decision = rules.sanction(version, violation.code, decided_on=PROBE_DAY + dt.timedelta(days=30),
                                          award=past, occurred_on=PROBE_DAY + dt.timedelta(days=10),
                                          settings=_ReadAll())
            except InvalidInput as exc:
                if "violation" in exc.fields:
                    out.append(f"listed violation {violation.code} is refused: {exc.message}")
                continue
            except DomainError:
                continue
            out += _cited(decision.citation, rules, version, f"sanction {violation.code}")
    return out


def _settings(rules: JurisdictionRules, version: RuleVersion) -> list[str]:
    declared = {spec.key for spec in rules.tenant_settings(version)}
    from core.engine.computations import settings_readers

    reads = _ReadAll()
    calls = settings_readers(rules, version, reads)
    for violation in (rules.violations(version) if rules.implements("mqa_sanction") else ()):
        calls.append(lambda v=violation: rules.sanction(version, v.code, decided_on=PROBE_DAY, settings=reads))
    calls += [lambda stage=stage, kind=kind: rules.score_sheet(version, stage, kind, reads)
              for stage, kind in _review_stages(rules, version)]
    for call in calls:
        try:
            _answer(call)
        except PluginError:  # a wrong answer is the score sheets' check to report
            pass
    undeclared = sorted(reads.keys_read - declared)
    return [f"a hook reads the setting {key!r}, which mqa_tenant_settings does not declare" for key in undeclared]


def _score_sheets(rules: JurisdictionRules, version: RuleVersion) -> list[str]:
    """A sheet for every review stage and every kind that goes through it, answering the question asked,
    cited, and out of the weights' scale where the stage is weighted."""
    settings = _sample_settings(rules, version)
    weights = _weights(rules, version, settings)
    asked = _review_stages(rules, version, weights=weights)
    if not asked:
        return []
    if not rules.implements("mqa_score_sheet"):
        stages = sorted({stage for stage, _ in asked})
        return [f"the plan has review stages ({', '.join(stages)}) but mqa_score_sheet is not implemented"]
    out = []
    for stage, kind in asked:
        what = f"score sheet of {stage}/{kind}"
        try:
            sheet = rules.score_sheet(version, stage, kind, settings)
        except RuleNotImplemented:
            out.append(f"{what}: none given, but {kind} goes through the review stage {stage}")
            continue
        except SettingMissing:  # waits for a setting with no sample value: nothing to check yet
            continue
        except DomainError as exc:
            out.append(f"{what}: refused: {getattr(exc, 'message', exc)}")
            continue
        except PluginError as exc:  # answered for another stage or kind, or not a ScoreSheet
            out.append(f"{what}: {exc}")
            continue
        out += _cited(sheet.citation, rules, version, what)
        for item in sheet.items:
            out += _cited(item.citation, rules, version, f"{what}, item {item.code}")
        if sheet.aggregation_citation is not None:
            out += _cited(sheet.aggregation_citation, rules, version, f"{what}, its aggregation")
        kind_weights = weights.get(kind)
        if kind_weights is not None and stage in kind_weights.stages and sheet.scale != kind_weights.scale:
            out.append(f"{what} adds up to {sheet.scale} points, but the stage weights of {kind} score every stage "
                       f"out of {kind_weights.scale}")
    return out


def _qualifications(rules: JurisdictionRules, version: RuleVersion) -> list[str]:
    if not rules.implements("mqa_expert_qualifications"):
        return []  # a text that states no qualification lists none
    try:
        listed = rules.expert_qualifications(version)
    except RuleNotImplemented:  # not written yet
        return []
    except PluginError as exc:  # a code listed twice, or not an ExpertQualification
        return [str(exc)]
    out = []
    for qualification in listed:
        out += _cited(qualification.citation, rules, version, f"expert qualification {qualification.code}")
    return out


def _weights(rules: JurisdictionRules, version: RuleVersion,
             settings: dict[str, Any]) -> dict[str, StageWeights | None]:
    """Each kind's stage weights, or None where they wait for a setting (or are not written)."""
    return {kind.code: _answer(lambda k=kind.code: rules.stage_weights(version, k, settings))
            for kind in rules.jurisdiction.entry_kinds}


def _review_stages(rules: JurisdictionRules, version: RuleVersion,
                   weights: dict[str, StageWeights | None] | None = None) -> list[tuple[str, str]]:
    """The (review stage, entry kind) pairs a sheet is asked for: the kinds the stage's rule names; without
    one, every kind whose stage weights include the stage or are not known (``weights`` None: every kind)."""
    if not rules.implements("mqa_cycle_plan"):
        return []
    plan = _answer(lambda: rules.cycle_plan(version, _sample_settings(rules, version)))
    if not isinstance(plan, CyclePlan):
        return []
    known = weights or {}
    pairs = []
    for stage in plan.stages_of_kind("review"):
        rule = plan.stage_rule(stage)
        for kind in (k.code for k in rules.jurisdiction.entry_kinds):
            if rule is not None and rule.entry_kinds:
                goes = kind in rule.entry_kinds
            else:
                kind_weights = known.get(kind)
                goes = kind_weights is None or stage in kind_weights.stages
            if goes:
                pairs.append((stage, kind))
    return pairs


_CHECKS: tuple[tuple[str, Callable[[JurisdictionRules, RuleVersion], list[str]]], ...] = (
    ("citations of findings", _findings),
    ("facts schemas", _facts_schemas),
    ("quotas", _quotas),
    ("citations of decisions", _decisions),
    ("stage kinds", _stage_kinds),
    ("violations", _violations),
    ("settings", _settings),
    ("score sheets", _score_sheets),
    ("expert qualifications", _qualifications),
)


_SAMPLE_VALUES = {"integer": 1, "yuan": 100000, "decimal": "1", "boolean": True, "string": "样例"}


def _sample_settings(rules: JurisdictionRules, version: RuleVersion) -> dict[str, Any]:
    """A value for every declared setting of a plain type, so that the checks see the decisions that
    wait for one (a cycle plan behind ``cycle_years``, rewards behind a bonus amount). Stage weights
    name the plugin's own stages and stay unset: what needs them is checked where the rules allow."""
    from core.engine.settings import validate

    return {spec.key: validate(spec, _SAMPLE_VALUES[spec.value_type]) for spec in rules.tenant_settings(version)
            if spec.value_type in _SAMPLE_VALUES}


def _answer(call: Callable[[], Any]) -> Any:
    """A hook's answer, or ``None`` where it is refused for a reason the rules allow (not implemented,
    a setting not set, a tier/kind pair the regulation does not award)."""
    try:
        return call()
    except DomainError:
        return None


class _ReadAll(MappingABC):
    """Settings with no value, which note every key a hook asks for."""

    def __init__(self) -> None:
        self.keys_read: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.keys_read.add(key)
        raise KeyError(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.keys_read.add(key)
        return default

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self.keys_read.add(key)
        return False

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


# -- readings ----------------------------------------------------------------------------------------

def _readings(rules: JurisdictionRules) -> list[str]:
    data: dict[str, Any] = {}
    out = []
    for version in rules.jurisdiction.versions:
        for reading in rules.readings(version):
            out += _cited(reading.citation, rules, version, f"reading {reading.code}")
            data[reading.code] = reading
    tags = docstring_tags(rules.installed.plugin)
    out += [f"reading {code} is published as data but no docstring carries [reading: {code}]"
            for code in sorted(set(data) - tags)]
    out += [f"a docstring tags [reading: {code}] but no version publishes that reading"
            for code in sorted(tags - set(data))]
    return out


def docstring_tags(plugin: object) -> set[str]:
    """The ``[reading: code]`` tags in the docstrings of a plugin's modules (tests excluded): module,
    class and function docstrings and the string literals that document a constant."""
    tags: set[str] = set()
    for module in _modules(plugin):
        for text in _docstrings(module):
            tags.update(READING_TAG.findall(text))
    return tags


def _modules(plugin: object) -> list[Any]:
    modules = [plugin]
    path = getattr(plugin, "__path__", None)
    if path is not None:
        for info in pkgutil.walk_packages(path, prefix=f"{plugin.__name__}."):  # type: ignore[attr-defined]
            if ".tests" in info.name or info.name.endswith(".conftest"):
                continue
            modules.append(importlib.import_module(info.name))
    return modules


def _docstrings(module: Any) -> Iterator[str]:
    try:
        source = inspect.getsource(module)
    except (OSError, TypeError):  # no source on disk: the module's own docstring is all there is
        if module.__doc__:
            yield module.__doc__
        return
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            yield node.value.value
