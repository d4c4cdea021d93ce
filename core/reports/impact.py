"""What another rule version would change: a cycle's applications re-judged under a version other than
the one the cycle pinned, side by side with the pinned ("bound") version.

The engine is pure, so judging under version X is calling the same engine functions with X:

* **Eligibility** (:func:`core.engine.eligibility.load_facts` and :func:`~core.engine.eligibility.assess`)
  of every application the office has (drafts are the applicant's own and are left out), on the inputs
  screening reads: the facts as submitted, the applicant's earlier awards and sanctions from the
  tenant's ledger, the tenant's settings, the cycle's application deadline, and the day of the
  application's latest screening (today when it was never screened). Facts that do not fit X's facts
  schema are a finding difference (``facts_invalid`` naming every field at fault), never an error.
* **Totals** (:func:`core.engine.scoring.weighted_total`) of the accepted applications from the stored
  score sheets (:func:`core.review.results.stages_scores`, the sheets combined as X's score sheets
  say), through X's stage weights; **ranking** (:func:`core.engine.ranking.rank`) and **allocation**
  (:func:`core.engine.allocation.allocate_tiers`) under X's quota plan, every place and cut with its
  quota article. The bound side is computed by the same code as the cycle's own ranking
  (:func:`core.review.ranking.ranking`) and equals it (tests/test_impact.py checks it).
* **Rewards** (``mqa_reward`` through :meth:`~core.engine.plugins.JurisdictionRules.reward`) of each
  winner under each version, in integer yuan, with the article.

Under X, an accepted application that X would not have let through (ineligible, or facts that do not
fit X's schema) while the bound version did is kept out of X's ranking, and says why; one that only
waits for an office's confirmation under X stays in (the office would be asked, not refused). A tier an
eligibility finding excludes (a nomination bar) follows the same rule: the stored screening's exclusions,
changed only where X's findings differ from the bound version's.

A *difference* is a change of outcome: an eligibility status, a condition's outcome (or a condition one
version has and the other has not), a total, a rank, a tier, a reward's amount or honours; each carries
both versions' articles. The same outcome under a renumbered article (2020 第十四条, 2023 第十五条) is
no difference, though both articles are shown on the row.

The whole cycle is judged once per request (both versions), then a page of rows is cut from it; see
docs/impact.md for the sizes this answers directly.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.orm import Session

from core import i18n
from core.applications.models import Applicant, Application, ApplicationStatus, Screening
from core.awards import ledger
from core.cycles import plans
from core.cycles.models import Cycle, CycleStatus
from core.engine.eligibility import assess, facts_schema, load_facts
from core.engine.encode import citation_record
from core.engine.errors import InvalidInput, NotFound, RuleNotImplemented, SettingMissing
from core.engine.plugins import JurisdictionRegistry, JurisdictionRules
from core.engine.rules import Finding, RuleVersion, VersionStatus
from core.platform import clock
from core.platform.models import Tenant
from core.platform.paging import DEFAULT_LIMIT, Page, decode_cursor, encode_cursor, keyset_page
from core.platform.services import tenant_settings
from core.platform.tenancy import Scope, scoped
from core.reports import xlsx
from core.review.gates import settings_of
from core.review.ranking import accepted_rows, rank_under, tier_history  # what the cycle's own ranking reads
from core.engine.messages import Message, _

NOT_JUDGED = "not_judged"
FACTS_INVALID = "facts_invalid"
KEPT_OUT = (FACTS_INVALID, NOT_JUDGED, "ineligible")
"""Eligibility statuses under which an application would not have gone on to the review."""
UNRESOLVABLE = "unresolvable"
BINDING_STATUSES = tuple(s.value for s in VersionStatus) + (UNRESOLVABLE,)


# -- one version's judgement ------------------------------------------------------------------------------

@dataclass
class _App:
    id: int
    entry_kind: str
    status: str
    category: str | None
    facts: dict[str, Any]
    flags: list[str]
    tiers: list[str]
    name: str
    history: list[Any]
    sanctions: list[Any]
    on_date: dt.date


@dataclass
class Side:
    """Everything one version says about the cycle."""

    version: RuleVersion
    eligibility: dict[int, dict[str, Any]] = field(default_factory=dict)
    scored: bool = False
    reason: str | None = None
    """Why there are no totals and no allocation (nothing scored yet, a rule not implemented)."""
    weights: dict[str, Any] = field(default_factory=dict)
    quotas: list[dict[str, Any]] = field(default_factory=list)
    placed: dict[int, dict[str, Any]] = field(default_factory=dict)
    """Per accepted application: total, rank, tier (or None), the article that placed or cut it."""
    notes: list[dict[str, Any]] = field(default_factory=list)
    """Cycle-level allocation notes: preferences and shortfalls, with their articles."""
    rewards: dict[int, dict[str, Any]] = field(default_factory=dict)
    ranking: dict[str, Any] | None = None
    """The ranking as :func:`core.review.ranking.ranking` answers it (the bound side equals it)."""


def _finding(f: Finding) -> dict[str, Any]:
    """A finding as the report shows it: :func:`core.applications.screening.finding_json` without the facts it
    read (the report compares outcomes and articles; the facts are the application's, shown elsewhere)."""
    return {"condition": f.condition, "outcome": f.outcome.value, "citation": citation_record(f.citation),
            "explanation": f.explanation, "excludes_tier": f.excludes_tier}


def _judge(rules: JurisdictionRules, version: RuleVersion, app: _App, settings: Mapping[str, Any],
           deadline: dt.date | None, loaded: dict[tuple[int, int], Any]) -> dict[str, Any]:
    """One application's eligibility under ``version``. ``loaded`` keeps facts already validated by the same
    schema (two versions that share their facts schema validate each application once)."""
    try:
        schema = facts_schema(rules, version, app.entry_kind)
        key = (id(schema), app.id)
        if key not in loaded:
            loaded[key] = load_facts(rules, version, app.entry_kind, app.facts)
        facts = loaded[key]
    except InvalidInput as exc:
        problems = exc.fields or {"facts": [exc.message]}
        missing = sorted(k for k, reasons in problems.items()
                         if any("required" in r.lower() or "missing" in r.lower() for r in reasons))
        text = _("facts incomplete under {version}: missing field {fields}", version=version.code,
                 fields=", ".join(missing)) if missing else \
            _("facts incomplete under {version}: {problems}", version=version.code,
              problems="; ".join(f"{k}: {', '.join(v)}" for k, v in sorted(problems.items())))
        return {"status": FACTS_INVALID, "findings": [], "problems": problems, "reason": text}
    except RuleNotImplemented as exc:
        return {"status": NOT_JUDGED, "findings": [], "problems": None,
                "reason": _("not judged under {version}: {reason}", version=version.code, reason=exc.message)}
    try:
        verdict = assess(rules, version, app.entry_kind, facts, on_date=app.on_date, history=app.history,
                         sanctions=app.sanctions, settings=settings, category=app.category, deadline=deadline)
    except (InvalidInput, RuleNotImplemented, SettingMissing) as exc:
        return {"status": NOT_JUDGED, "findings": [], "problems": exc.fields or None,
                "reason": _("not judged under {version}: {reason}", version=version.code, reason=exc.message)}
    return {"status": verdict.status.value, "findings": [_finding(f) for f in verdict.findings],
            "problems": None, "reason": None}


def _excluded(finding_rows: list[dict[str, Any]]) -> frozenset[str]:
    return frozenset(f["excludes_tier"] for f in finding_rows if f.get("excludes_tier"))


class _AsIf:
    """The cycle read as if it had pinned another version: what the stage-score loaders ask of it."""

    def __init__(self, cycle: Cycle, version_code: str) -> None:
        self._cycle = cycle
        self.rule_version_code = version_code

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cycle, name)


def _rank(session: Session, registry: JurisdictionRegistry, cycle: Cycle, rules: JurisdictionRules,
          version: RuleVersion, settings: dict[str, Any], accepted: list[Any], kept_out: Mapping[int, str],
          history: Mapping[int, tuple[frozenset[str], frozenset[str]]]) -> dict[str, Any]:
    """The cycle's ranking and allocation under ``version``: :func:`core.review.ranking.rank_under`, the
    cycle's own ranking with the version as a parameter, less the applications in ``kept_out``."""
    view = cycle if version.code == cycle.rule_version_code else _AsIf(cycle, version.code)
    answer, quota_plan = rank_under(session, registry, cycle, rules, version, settings,
                                    [a for a in accepted if a.id not in kept_out], dict(history), scores_of=view)
    return {**answer, "_quota_plan": quota_plan}


def _quota_lines(quota_plan: Any) -> list[dict[str, Any]]:
    return [{"tier": q.tier, "entry_kinds": list(q.entry_kinds), "max": q.max_count,
             "min": getattr(q, "min_count", 0), "citation": citation_record(q.citation)} for q in quota_plan.quotas]


def _side(session: Session, registry: JurisdictionRegistry, cycle: Cycle, rules: JurisdictionRules,
          version: RuleVersion, apps: list[_App], eligibility: dict[int, dict[str, Any]],
          kept_out: Mapping[int, str], history: Mapping[int, tuple[frozenset[str], frozenset[str]]],
          accepted: list[Any], settings: dict[str, Any]) -> Side:
    side = Side(version, eligibility)
    try:
        ranking = _rank(session, registry, cycle, rules, version, settings, accepted, kept_out, history)
    except (RuleNotImplemented, SettingMissing, InvalidInput) as exc:
        side.reason = _("no totals under {version}: {reason}", version=version.code, reason=exc.message)
        return side
    quota_plan = ranking.pop("_quota_plan")
    side.ranking = ranking
    side.weights = ranking["weights"]
    side.quotas = _quota_lines(quota_plan)
    if not ranking["ranked"]:
        if not accepted:
            side.reason = _("no accepted applications to rank")
        elif len(kept_out) == len(accepted):
            side.reason = _("no totals under {version}: it keeps out every accepted application", version=version.code)
        else:
            side.reason = _("no scores yet: no accepted application has a score at every weighted stage")
    side.scored = bool(ranking["ranked"])
    by_id = {a.id: a for a in apps}
    for row in ranking["ranked"]:
        side.placed[row["application_id"]] = {"total": row["total"], "rank": row["rank"], "tier": None,
                                              "within_quota": None, "citation": None, "cut": None,
                                              "weights_citation": ranking["weights"][row["entry_kind"]]["citation"]}
    for row in ranking["incomplete"]:
        side.placed[row["application_id"]] = {"total": None, "rank": None, "tier": None, "within_quota": None,
                                              "citation": None, "cut": None, "missing": row["missing"],
                                              "weights_citation": ranking["weights"][row["entry_kind"]]["citation"]}
    for application_id, why in kept_out.items():
        side.placed[application_id] = {"total": None, "rank": None, "tier": None, "within_quota": None,
                                       "citation": None, "cut": None, "kept_out": why, "weights_citation": None}
    for tier, allocated in ranking["allocation"].items():
        for winner in allocated["winners"]:
            placed = side.placed[winner["application_id"]]
            if placed["tier"] is None:
                placed.update(tier=tier, within_quota=winner["within_quota"], citation=winner["citation"])
        for cut in allocated["cuts"]:
            for application_id in cut["application_ids"]:
                placed = side.placed[application_id]
                if placed["tier"] is None and placed["cut"] is None:
                    placed["cut"] = {"tier": tier, "reason": cut["reason"], "citation": cut["citation"]}
        for note in allocated["preferences"]:
            if not note["met"]:
                side.notes.append({"kind": "preference", "tier": tier, "text": note["explanation"],
                                   "citation": note["citation"]})
        for shortfall in allocated["shortfalls"]:
            side.notes.append({"kind": "shortfall", "tier": tier, "text": shortfall["explanation"],
                               "citation": shortfall["citation"]})
    for application_id, placed in side.placed.items():
        if placed["tier"] is None:
            continue
        app = by_id[application_id]
        try:
            decision = rules.reward(version, placed["tier"], app.entry_kind, app.history, settings, facts=app.facts,
                                    flags=app.flags, category=app.category)
        except (RuleNotImplemented, InvalidInput, SettingMissing) as exc:
            side.rewards[application_id] = {"amount_yuan": None, "honours": [], "citation": None,
                                            "explanation": _("no reward under {version}: {reason}", version=version.code,
                                                             reason=exc.message)}
            continue
        side.rewards[application_id] = {"amount_yuan": int(decision.amount_yuan), "honours": list(decision.honours),
                                        "citation": citation_record(decision.citation),
                                        "explanation": decision.explanation}
    return side


# -- the report -----------------------------------------------------------------------------------------

@dataclass
class Report:
    cycle: Cycle
    bound: Side
    other: Side
    rows: list[dict[str, Any]]
    differences: list[dict[str, Any]]
    summary: dict[str, Any]


def other_version(registry: JurisdictionRegistry, cycle: Cycle, code: str | None) -> RuleVersion:
    """The version to compare with; 422 naming ``version`` when the jurisdiction has no such version."""
    j = registry.jurisdiction(cycle.jurisdiction_code)
    if not code:
        raise InvalidInput.on("version", _("name the rule version to compare with; {jurisdiction} has: {versions}",
                                           jurisdiction=j.code, versions=", ".join(v.code for v in j.versions)))
    try:
        return j.version(code)
    except NotFound:
        today = clock.today()
        raise InvalidInput.on("version", _("{jurisdiction} has no rule version {code}; it has: {versions}",
                                           jurisdiction=j.code, code=repr(code),
                                           versions=", ".join(f"{v.code} ({v.status_on(today).value})"
                                                              for v in j.versions))) from None


def _applications(session: Session, cycle: Cycle) -> list[_App]:
    rows = session.execute(select(Application, Applicant).join(Applicant, Applicant.id == Application.applicant_id)
                           .where(Application.cycle_id == cycle.id, Application.status != ApplicationStatus.DRAFT)
                           .order_by(Application.id)).all()
    days = dict(session.execute(
        select(Screening.application_id, Screening.on_date).join(
            Application, (Application.tenant_id == Screening.tenant_id) & (Application.id == Screening.application_id))
        .where(Application.cycle_id == cycle.id).order_by(Screening.application_id, Screening.number)).all())
    today = clock.today()
    out = []
    ledgers: dict[int, tuple[list[Any], list[Any]]] = {}
    for application, applicant in rows:
        if applicant.id not in ledgers:
            ledgers[applicant.id] = ledger.history_for(session, applicant)
        history, sanctions = ledgers[applicant.id]
        flags = [str(f.get("code")) for f in application.flags or () if isinstance(f, dict) and f.get("code")]
        out.append(_App(application.id, application.entry_kind, application.status.value, application.category,
                        dict(application.facts or {}), flags, list(application.tiers or []), applicant.name,
                        history, sanctions, days.get(application.id, today)))
    return out


def build(session: Session, registry: JurisdictionRegistry, cycle_id: int, version_code: str | None) -> Report:
    """The whole report of a cycle of the session's tenant against ``version_code``."""
    cycle = plans.get_cycle(session, cycle_id)
    other_v = other_version(registry, cycle, version_code)
    rules, bound_v = plans.rules_of(registry, cycle)
    apps = _applications(session, cycle)
    screening_settings = tenant_settings.values(session)
    deadline = plans.application_deadline(session, cycle)
    loaded: dict[tuple[int, int], Any] = {}
    bound_e = {a.id: _judge(rules, bound_v, a, screening_settings, deadline, loaded) for a in apps}
    if other_v.code == bound_v.code:
        other_e = bound_e
    else:
        other_e = {a.id: _judge(rules, other_v, a, screening_settings, deadline, loaded) for a in apps}
    stored = tier_history(session, cycle.id)
    accepted = accepted_rows(session, cycle)
    settings = settings_of(session, cycle)
    kept_out: dict[int, str] = {}
    other_history: dict[int, tuple[frozenset[str], frozenset[str]]] = {}
    for row in accepted:
        b, o = bound_e[row.id], other_e[row.id]
        if o["status"] in KEPT_OUT and b["status"] not in KEPT_OUT:
            kept_out[row.id] = o["reason"] or _("{status} under {version}", status=o["status"], version=other_v.code)
        won, excluded = stored.get(row.id, (frozenset(), frozenset()))
        fresh_b, fresh_o = _excluded(b["findings"]), _excluded(o["findings"])
        other_history[row.id] = (won, frozenset((excluded | (fresh_o - fresh_b)) - (fresh_b - fresh_o)))
    for application_id in list(kept_out):
        failed = [f for f in other_e[application_id]["findings"] if f["outcome"] == "failed"]
        if failed:
            kept_out[application_id] = _("ineligible under {version}: {findings}", version=other_v.code,
                                         findings="；".join(f"{f['citation']['text']} {f['explanation']}" for f in failed))
    bound = _side(session, registry, cycle, rules, bound_v, apps, bound_e, {}, stored, accepted, settings)
    other = _side(session, registry, cycle, rules, other_v, apps, other_e, kept_out, other_history, accepted,
                  settings)
    rows, differences = _compare(apps, bound, other)
    differences = _cycle_differences(bound, other) + differences
    summary = _summary(cycle, rules, bound, other, rows, differences)
    return Report(cycle, bound, other, rows, differences, summary)


def _short(c: Mapping[str, Any] | None) -> str | None:
    return c.get("text") if c else None


def _finding_view(f: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if f is None:
        return None
    return {"outcome": f["outcome"], "explanation": f["explanation"], "citation": f["citation"]}


def _elig_view(e: Mapping[str, Any]) -> dict[str, Any]:
    return {"status": e["status"], "reason": e["reason"], "problems": e["problems"], "findings": e["findings"]}


def _placement_view(side: Side, application_id: int) -> dict[str, Any] | None:
    """The application's total, rank and place; None where the side has no totals (see ``Side.reason``), unless
    the version keeps the application out, which is said."""
    placed = side.placed.get(application_id)
    if placed is None or not (side.scored or placed.get("kept_out")):
        return None
    return dict(placed)


def _compare(apps: list[_App], bound: Side, other: Side) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rows, differences = [], []
    for app in apps:
        changes: list[dict[str, Any]] = []
        b_e, o_e = bound.eligibility[app.id], other.eligibility[app.id]

        def diff(aspect: str, b_value: Any, o_value: Any, b_cite: Iterable[Any], o_cite: Iterable[Any],
                 condition: str | None = None, note: str | None = None, app: _App = app,
                 changes: list[dict[str, Any]] = changes) -> None:
            changes.append({"application_id": app.id, "entry_kind": app.entry_kind, "aspect": aspect,
                            "condition": condition, "bound": b_value, "other": o_value,
                            "bound_citations": [c for c in b_cite if c], "other_citations": [c for c in o_cite if c],
                            "note": note})

        if b_e["status"] != o_e["status"]:
            changed = _changed_findings(b_e, o_e)
            diff("eligibility", b_e["status"], o_e["status"],
                 [f["citation"] for f, _ in changed if f], [f["citation"] for _, f in changed if f],
                 note=o_e["reason"] or b_e["reason"])
        for b_f, o_f in _changed_findings(b_e, o_e):
            diff("finding", _finding_view(b_f), _finding_view(o_f), [b_f and b_f["citation"]],
                 [o_f and o_f["citation"]], condition=(b_f or o_f)["condition"])
        if o_e["status"] == FACTS_INVALID and b_e["status"] != FACTS_INVALID:
            diff("facts", "valid", FACTS_INVALID, [], [], note=o_e["reason"])
        elif b_e["status"] == FACTS_INVALID and o_e["status"] != FACTS_INVALID:
            diff("facts", FACTS_INVALID, "valid", [], [], note=b_e["reason"])
        b_p, o_p = _placement_view(bound, app.id), _placement_view(other, app.id)
        if (bound.scored or other.scored) and (b_p or o_p):
            b_p, o_p = b_p or {}, o_p or {}
            if b_p.get("total") != o_p.get("total"):
                diff("total", b_p.get("total"), o_p.get("total"), [b_p.get("weights_citation")],
                     [o_p.get("weights_citation")], note=o_p.get("kept_out"))
            if b_p.get("rank") != o_p.get("rank"):
                diff("rank", b_p.get("rank"), o_p.get("rank"), [b_p.get("weights_citation")],
                     [o_p.get("weights_citation")])
            if b_p.get("tier") != o_p.get("tier"):
                diff("allocation", b_p.get("tier"), o_p.get("tier"),
                     [b_p.get("citation") or (b_p.get("cut") or {}).get("citation")],
                     [o_p.get("citation") or (o_p.get("cut") or {}).get("citation")],
                     note=o_p.get("kept_out") or ((o_p.get("cut") or {}).get("reason"))
                     or ((b_p.get("cut") or {}).get("reason")))
            b_r, o_r = bound.rewards.get(app.id), other.rewards.get(app.id)
            b_amount = b_r["amount_yuan"] if b_r else None
            o_amount = o_r["amount_yuan"] if o_r else None
            b_honours = b_r["honours"] if b_r else []
            o_honours = o_r["honours"] if o_r else []
            if b_amount != o_amount or b_honours != o_honours:
                diff("reward", {"amount_yuan": b_amount, "honours": b_honours},
                     {"amount_yuan": o_amount, "honours": o_honours},
                     [b_r and b_r["citation"]], [o_r and o_r["citation"]],
                     note=(o_r or b_r or {}).get("explanation"))
        rows.append({"application_id": app.id, "applicant_name": app.name, "entry_kind": app.entry_kind,
                     "status": app.status, "on_date": app.on_date, "changed": bool(changes),
                     "changed_aspects": sorted({c["aspect"] for c in changes}),
                     "bound": {"eligibility": _elig_view(b_e), "placement": _placement_view(bound, app.id),
                               "reward": bound.rewards.get(app.id)},
                     "other": {"eligibility": _elig_view(o_e), "placement": _placement_view(other, app.id),
                               "reward": other.rewards.get(app.id)},
                     "differences": changes})
        differences.extend(changes)
    return rows, differences


def _changed_findings(b_e: Mapping[str, Any], o_e: Mapping[str, Any]) -> list[tuple[Any, Any]]:
    b = {f["condition"]: f for f in b_e["findings"]}
    o = {f["condition"]: f for f in o_e["findings"]}
    if b_e["status"] in (FACTS_INVALID, NOT_JUDGED) or o_e["status"] in (FACTS_INVALID, NOT_JUDGED):
        return []  # one side judged nothing: the status and the facts say it
    out = []
    for condition in list(b) + [c for c in o if c not in b]:
        b_f, o_f = b.get(condition), o.get(condition)
        if b_f is None or o_f is None or b_f["outcome"] != o_f["outcome"] \
                or b_f.get("excludes_tier") != o_f.get("excludes_tier"):
            out.append((b_f, o_f))
    return out


def _cycle_differences(bound: Side, other: Side) -> list[dict[str, Any]]:
    """Rules that change for the whole cycle: stage weights, quotas, and the allocation's notes."""
    out: list[dict[str, Any]] = []

    def add(aspect: str, condition: str, b_value: Any, o_value: Any, b_cite: Any, o_cite: Any,
            note: str | None = None) -> None:
        out.append({"application_id": None, "entry_kind": None, "aspect": aspect, "condition": condition,
                    "bound": b_value, "other": o_value, "bound_citations": [c for c in [b_cite] if c],
                    "other_citations": [c for c in [o_cite] if c], "note": note})

    for kind in sorted(set(bound.weights) & set(other.weights)):
        b_stages, o_stages = bound.weights[kind]["stages"], other.weights[kind]["stages"]
        for stage in list(b_stages) + [s for s in o_stages if s not in b_stages]:
            b_w, o_w = b_stages.get(stage), o_stages.get(stage)
            if (b_w or {}).get("weight") != (o_w or {}).get("weight"):
                add("weights", f"{kind}.{stage}", (b_w or {}).get("weight"), (o_w or {}).get("weight"),
                    (b_w or {}).get("citation"), (o_w or {}).get("citation"))
    b_q = {(q["tier"], tuple(q["entry_kinds"])): q for q in bound.quotas}
    o_q = {(q["tier"], tuple(q["entry_kinds"])): q for q in other.quotas}
    for key in list(b_q) + [k for k in o_q if k not in b_q]:
        b, o = b_q.get(key), o_q.get(key)
        b_value = {"min": b["min"], "max": b["max"]} if b else None
        o_value = {"min": o["min"], "max": o["max"]} if o else None
        if b_value != o_value:
            add("quota", f"{key[0]}.{'+'.join(key[1])}", b_value, o_value, b and b["citation"], o and o["citation"])
    b_notes = {(n["kind"], n["tier"], n["text"]): n for n in bound.notes}
    o_notes = {(n["kind"], n["tier"], n["text"]): n for n in other.notes}
    for key, note in b_notes.items():
        if key not in o_notes:
            add(f"allocation.{note['kind']}", note["tier"], note["text"], None, note["citation"], None)
    for key, note in o_notes.items():
        if key not in b_notes:
            add(f"allocation.{note['kind']}", note["tier"], None, note["text"], None, note["citation"])
    return out


def _version_json(version: RuleVersion, jurisdiction: str, today: dt.date) -> dict[str, Any]:
    return {"jurisdiction": jurisdiction, "code": version.code, "title": version.title, "stage": version.stage.value,
            "status": version.status_on(today).value}


def _summary(cycle: Cycle, rules: JurisdictionRules, bound: Side, other: Side, rows: list[dict[str, Any]],
             differences: list[dict[str, Any]]) -> dict[str, Any]:
    today = clock.today()
    j = rules.jurisdiction.code

    def counts(side_key: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for row in rows:
            status = row[side_key]["eligibility"]["status"]
            out[status] = out.get(status, 0) + 1
        return dict(sorted(out.items()))

    def winners(side: Side) -> dict[str, int] | None:
        if not side.scored:
            return None
        out = {tier: 0 for tier in side.ranking["allocation"]}
        for placed in side.placed.values():
            if placed["tier"]:
                out[placed["tier"]] += 1
        return out

    def money(side: Side) -> int | None:
        if not side.scored:
            return None
        return sum(r["amount_yuan"] or 0 for r in side.rewards.values())

    aspects: dict[str, int] = {}
    for d in differences:
        aspects[d["aspect"]] = aspects.get(d["aspect"], 0) + 1
    return {
        "cycle_id": cycle.id, "cycle_year": cycle.year, "jurisdiction": j,
        "bound_version": _version_json(bound.version, j, today),
        "other_version": _version_json(other.version, j, today),
        "same_version": bound.version.code == other.version.code,
        "applications": len(rows), "changed_applications": sum(1 for r in rows if r["changed"]),
        "differences": len(differences), "differences_by_aspect": dict(sorted(aspects.items())),
        "eligibility": {"bound": counts("bound"), "other": counts("other")},
        "totals": {"bound": {"available": bound.scored, "reason": bound.reason},
                   "other": {"available": other.scored, "reason": other.reason}},
        "winners": {"bound": winners(bound), "other": winners(other)},
        "reward_yuan": {"bound": money(bound), "other": money(other)},
    }


# -- what the API answers -----------------------------------------------------------------------------

CURSOR_COLUMNS = [Application.id]


def page(session: Session, registry: JurisdictionRegistry, cycle_id: int, *, version: str | None,
         changed_only: bool = False, limit: int = DEFAULT_LIMIT, cursor: str | None = None) -> dict[str, Any]:
    """The summary, the cycle-level differences, and a page of applications by id (``changed_only``: only those
    with a difference)."""
    after = decode_cursor(cursor, CURSOR_COLUMNS)[0] if cursor else None
    report = build(session, registry, cycle_id, version)
    rows = [r for r in report.rows if (after is None or r["application_id"] > after)
            and (r["changed"] or not changed_only)]
    items = [{**r, "on_date": r["on_date"].isoformat()} for r in rows[:limit]]
    more = len(rows) > limit
    return {"summary": report.summary,
            "cycle_differences": [d for d in report.differences if d["application_id"] is None],
            "items": items, "next_cursor": encode_cursor([items[-1]["application_id"]]) if more else None}


def by_article(differences: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The differences counted by aspect, condition and the pair of articles: no application, no name, no fact."""
    grouped: dict[tuple[Any, ...], dict[str, Any]] = {}
    for d in differences:
        b = tuple(sorted({_short(c) for c in d["bound_citations"] if c}))
        o = tuple(sorted({_short(c) for c in d["other_citations"] if c}))
        outcome = (_plain(d["bound"]), _plain(d["other"])) if d["aspect"] in ("eligibility", "allocation", "facts") \
            else (None, None)
        key = (d["aspect"], d["condition"], b, o, outcome)
        line = grouped.setdefault(key, {"aspect": d["aspect"], "condition": d["condition"],
                                        "bound_articles": list(b), "other_articles": list(o),
                                        "bound": outcome[0], "other": outcome[1], "applications": 0,
                                        "cycle_level": d["application_id"] is None})
        if d["application_id"] is not None:
            line["applications"] += 1
    return sorted(grouped.values(), key=lambda x: (x["aspect"], x["condition"] or "", x["bound_articles"]))


def _plain(value: Any) -> Any:
    return value if isinstance(value, (str, int)) or value is None else None


def admin_summary(session: Session, registry: JurisdictionRegistry, tenant_code: str, cycle_id: int,
                  version: str | None) -> dict[str, Any]:
    """For central admins: a tenant's cycle's summary counts and differences by article, never contents."""
    with scoped(session, Scope.platform()):
        tenant_id = session.scalar(select(Tenant.id).where(Tenant.code == tenant_code))
    if tenant_id is None:
        raise NotFound("tenant", tenant_code)
    with scoped(session, Scope.tenant(tenant_id)):
        report = build(session, registry, cycle_id, version)
    return {"tenant": tenant_code, "summary": report.summary, "differences_by_article": by_article(report.differences)}


# -- the workbook -----------------------------------------------------------------------------------------

STATUS_NAMES = {"eligible": "符合", "pending_confirmation": "待确认", "ineligible": "不符合",
                FACTS_INVALID: "申报信息不全", NOT_JUDGED: "无法判定"}
ASPECT_NAMES = {"eligibility": "资格结论", "finding": "资格条件", "facts": "申报信息", "total": "总分",
                "rank": "名次", "allocation": "奖项分配", "reward": "奖励", "weights": "分值权重", "quota": "名额",
                "allocation.shortfall": "名额不足", "allocation.preference": "原则性要求"}


def _articles(citations: Iterable[Any]) -> str:
    return "；".join(dict.fromkeys(_short(c) for c in citations if c))


def _shown(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict):
        if "outcome" in value:
            return f"{value['outcome']}：{value['explanation']}"
        if "amount_yuan" in value:
            amount = value["amount_yuan"]
            return f"{amount if amount is not None else '—'}元；{'、'.join(value['honours']) or '无'}"
        return "，".join(f"{k}={v}" for k, v in value.items())
    return STATUS_NAMES.get(str(value), str(value))


def _chinese(text: Any) -> Any:
    """A reason the report wrote (a :class:`~core.engine.messages.Message`) in the workbook's language, Chinese."""
    return i18n.render(text, i18n.ZH_CN) if isinstance(text, Message) else text


def workbook(session: Session, registry: JurisdictionRegistry, cycle_id: int, version: str | None) -> tuple[bytes, Report]:
    """The report as a workbook: 概要, 差异 (each with both articles), 全部申报 (side by side)."""
    report = build(session, registry, cycle_id, version)
    s = report.summary
    b_code, o_code = s["bound_version"]["code"], s["other_version"]["code"]
    book = xlsx.new_book()
    summary_rows: list[list[Any]] = [
        ["规则版本", f"{s['jurisdiction']}/{b_code}（{s['bound_version']['title']}，{s['bound_version']['status']}）",
         f"{s['jurisdiction']}/{o_code}（{s['other_version']['title']}，{s['other_version']['status']}）", None],
        ["申报数", None, None, s["applications"]],
        ["有变化的申报数", None, None, s["changed_applications"]],
        ["差异条数", None, None, s["differences"]],
    ]
    for status in sorted(set(s["eligibility"]["bound"]) | set(s["eligibility"]["other"])):
        summary_rows.append([f"资格审查：{STATUS_NAMES.get(status, status)}", s["eligibility"]["bound"].get(status, 0),
                             s["eligibility"]["other"].get(status, 0), None])
    for side_key, label in (("bound", b_code), ("other", o_code)):
        if not s["totals"][side_key]["available"]:
            summary_rows.append([f"总分（{label}）", _chinese(s["totals"][side_key]["reason"]), None, None])
    tiers = sorted(set(s["winners"]["bound"] or {}) | set(s["winners"]["other"] or {}))
    for tier in tiers:
        summary_rows.append([f"获奖数：{tier}", (s["winners"]["bound"] or {}).get(tier), (s["winners"]["other"] or {}).get(tier),
                             None])
    summary_rows.append(["奖金合计（元）", s["reward_yuan"]["bound"], s["reward_yuan"]["other"], None])
    xlsx.add_sheet(book, "概要", [xlsx.Column("项目"), xlsx.Column(f"绑定版本 {b_code}", wrap=True),
                                 xlsx.Column(f"对比版本 {o_code}", wrap=True), xlsx.Column("数量", "int")],
                   [[label, _cell(b), _cell(o), n] for label, b, o, n in summary_rows])
    names = {r["application_id"]: r["applicant_name"] for r in report.rows}
    xlsx.add_sheet(book, "差异", [
        xlsx.Column("申报编号", "int"), xlsx.Column("申报单位或个人"), xlsx.Column("方面"), xlsx.Column("条件或事项"),
        xlsx.Column(f"{b_code}结果", wrap=True), xlsx.Column(f"{b_code}条款"),
        xlsx.Column(f"{o_code}结果", wrap=True), xlsx.Column(f"{o_code}条款"), xlsx.Column("说明", wrap=True)],
        ([d["application_id"], names.get(d["application_id"]), ASPECT_NAMES.get(d["aspect"], d["aspect"]),
          d["condition"], _shown(d["bound"]), _articles(d["bound_citations"]), _shown(d["other"]),
          _articles(d["other_citations"]), _chinese(d["note"])] for d in report.differences))

    def placement(side: dict[str, Any]) -> tuple[Any, Any, Any, Any]:
        p = side["placement"] or {}
        total = Decimal(p["total"]) if p.get("total") is not None else None
        article = _short(p.get("citation") or (p.get("cut") or {}).get("citation"))
        return total, p.get("rank"), p.get("tier"), article

    def reward(side: dict[str, Any]) -> tuple[Any, Any]:
        r = side["reward"] or {}
        return r.get("amount_yuan"), _short(r.get("citation"))

    xlsx.add_sheet(book, "全部申报", [
        xlsx.Column("申报编号", "int"), xlsx.Column("申报单位或个人"), xlsx.Column("申报类别"), xlsx.Column("申报状态"),
        xlsx.Column("判定日期", "date"),
        xlsx.Column(f"资格（{b_code}）"), xlsx.Column(f"资格（{o_code}）"),
        xlsx.Column(f"总分（{b_code}）", "decimal"), xlsx.Column(f"总分（{o_code}）", "decimal"),
        xlsx.Column(f"名次（{b_code}）", "int"), xlsx.Column(f"名次（{o_code}）", "int"),
        xlsx.Column(f"奖项（{b_code}）"), xlsx.Column(f"奖项（{o_code}）"),
        xlsx.Column(f"名额条款（{b_code}）"), xlsx.Column(f"名额条款（{o_code}）"),
        xlsx.Column(f"奖金（{b_code}）", "money"), xlsx.Column(f"奖金（{o_code}）", "money"),
        xlsx.Column(f"奖励条款（{b_code}）"), xlsx.Column(f"奖励条款（{o_code}）"),
        xlsx.Column("有变化", "bool")],
        ([r["application_id"], r["applicant_name"], r["entry_kind"], r["status"], r["on_date"],
          STATUS_NAMES.get(r["bound"]["eligibility"]["status"]), STATUS_NAMES.get(r["other"]["eligibility"]["status"]),
          placement(r["bound"])[0], placement(r["other"])[0], placement(r["bound"])[1], placement(r["other"])[1],
          placement(r["bound"])[2], placement(r["other"])[2], placement(r["bound"])[3], placement(r["other"])[3],
          reward(r["bound"])[0], reward(r["other"])[0], reward(r["bound"])[1], reward(r["other"])[1],
          r["changed"]] for r in report.rows))
    return xlsx.to_bytes(book), report


def _cell(value: Any) -> Any:
    return None if value is None else str(value)


# -- central admins: who is bound to what -------------------------------------------------------------------

def _status_of(registry: JurisdictionRegistry, jurisdiction: str, code: str | None, today: dt.date) -> tuple[
        str, str | None, str | None]:
    """(status today, the effective version's code, the problem) of a binding."""
    try:
        j = registry.jurisdiction(jurisdiction)
    except NotFound:
        return UNRESOLVABLE, None, _("no jurisdiction {jurisdiction} is installed", jurisdiction=repr(jurisdiction))
    if code is None:
        found = j.version_in_force(today)
        if found is None:
            return UNRESOLVABLE, None, _("no rule version of {jurisdiction} is in force on {today}",
                                        jurisdiction=jurisdiction, today=today)
        return VersionStatus.IN_FORCE.value, found.code, None
    try:
        return j.version(code).status_on(today).value, code, None
    except NotFound:
        return UNRESOLVABLE, None, _("{jurisdiction} has no rule version {code}", jurisdiction=jurisdiction,
                                     code=repr(code))


def _status_filter(registry: JurisdictionRegistry, status: str, today: dt.date) -> Any:
    """The tenants whose binding has ``status`` today, as a condition on (jurisdiction_code, rule_version_code)."""
    pairs, follows = [], []
    for code in registry.codes():
        j = registry.jurisdiction(code)
        pairs += [(code, v.code) for v in j.versions if v.status_on(today).value == status]
        live = j.version_in_force(today) is not None
        if (status == VersionStatus.IN_FORCE.value and live) or (status == UNRESOLVABLE and not live):
            follows.append(code)
    terms = [and_(Tenant.jurisdiction_code == j, Tenant.rule_version_code == v) for j, v in pairs]
    if follows:
        terms.append(and_(Tenant.rule_version_code.is_(None), Tenant.jurisdiction_code.in_(follows)))
    if status == UNRESOLVABLE:
        installed = registry.codes()
        terms.append(Tenant.jurisdiction_code.not_in(installed))
        for code in installed:
            known = [v.code for v in registry.jurisdiction(code).versions]
            terms.append(and_(Tenant.jurisdiction_code == code, Tenant.rule_version_code.is_not(None),
                              Tenant.rule_version_code.not_in(known)))
    return or_(*terms) if terms else false()


def rule_bindings_page(session: Session, registry: JurisdictionRegistry, *, today: dt.date,
                       status: str | None = None, limit: int = DEFAULT_LIMIT,
                       cursor: str | None = None) -> Page[dict[str, Any]]:
    """Every tenant with its binding, the bound version's status today and the versions its open cycles
    pinned (counts only), by tenant id; ``status`` keeps the bindings in that state."""
    with scoped(session, Scope.platform()):
        stmt = select(Tenant)
        if status is not None:
            stmt = stmt.where(_status_filter(registry, status, today))
        found = keyset_page(session, stmt, [Tenant.id], limit=limit, cursor=cursor)
    items = []
    for tenant in found.items:
        state, effective, problem = _status_of(registry, tenant.jurisdiction_code, tenant.rule_version_code, today)
        with scoped(session, Scope.tenant(tenant.id)):
            pinned = session.execute(select(Cycle.rule_version_code, func.count()).where(
                Cycle.status == CycleStatus.OPEN).group_by(Cycle.rule_version_code)
                .order_by(Cycle.rule_version_code)).all()
        items.append({
            "tenant_id": tenant.id, "code": tenant.code, "name": tenant.name, "tenant_status": tenant.status.value,
            "jurisdiction": tenant.jurisdiction_code, "bound_version": tenant.rule_version_code,
            "follows_in_force": tenant.rule_version_code is None, "effective_version": effective,
            "status": state, "problem": problem,
            "open_cycles": [{"rule_version": code, "status": _status_of(registry, tenant.jurisdiction_code, code,
                                                                         today)[0], "cycles": n}
                            for code, n in pinned]})
    return Page(items, found.next_cursor)
