"""From stage results to winners: gates between review stages, the ranking by weighted total, the
quota allocation with every cut and its article, and the committee's decision on the list.

* **Gates.** A text may let only some candidates into a stage: Nantong's on-site review takes at
  most 1.5 times the planned organisation winners, ranked by the materials review (a
  :class:`~core.engine.rules.ShortlistRule`); Ji'an's defence admits to the on-site review
  (``StageRule.gate_for``); Changde's on-site list follows the materials score
  (``StageRule.entrants_ranked_by``, 差额: the office sets the cut). The rules propose the list with
  the articles; the office records who enters, and a departure from the proposal needs a reason. A
  hard cap ("不超过") is never exceeded. A panel of a gated stage reviews only recorded entrants.
* **Ranking.** Each candidate's total is its stage aggregates through the stage weights of its
  entry kind (:func:`core.engine.scoring.weighted_total`); ties are broken by the documented rule of
  :mod:`core.engine.ranking`. A candidate missing a weighted stage's score is listed as incomplete,
  not ranked.
* **Allocation.** :func:`core.engine.allocation.allocate_tiers` fills the cycle's tiers from the
  highest under the quota plan: winners, every cut with its article, re-winners outside the quota,
  "in principle" preferences reported, shortfalls.
* **Decision.** The committee's list (审定, 审议, 等额投票) is recorded with the count and the date; any
  place where it differs from the allocation needs a reason, named per application.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.engine.messages import _
from core.applications.models import Application, ApplicationStatus, Screening
from core.applications.services import find_application
from core.cycles.models import Cycle
from core.cycles.plans import get_cycle, plan_of, require_open, rules_of
from core.engine import ranking as ranking_rules
from core.engine.allocation import Candidate, allocate_tiers, shortlist_size
from core.engine.encode import citation_record
from core.engine.errors import InvalidInput, RuleNotImplemented
from core.engine.plugins import JurisdictionRegistry, JurisdictionRules
from core.engine.rules import CyclePlan, RuleVersion, StageRule
from core.engine.scoring import bonus_points, weighted_total
from core.errors import Conflict, NotFound
from core.platform import audit, clock, versioning
from core.platform.paging import DEFAULT_LIMIT, Page, keyset_page
from core.platform.permissions import Principal
from core.review.gates import gate_of, settings_of as _settings
from core.review.models import BonusCounts, CommitteeDecision, DecisionKind, StageEntrants
from core.review.results import stage_scores, stages_scores


def accepted_rows(session: Session, cycle: Cycle) -> list[Any]:
    """The cycle's accepted applications, as rows of what a ranking reads of them (never their facts)."""
    return list(session.execute(select(Application.id, Application.entry_kind, Application.category,
                                       Application.submitted_at).where(
        Application.cycle_id == cycle.id, Application.status == ApplicationStatus.ACCEPTED)
        .order_by(Application.id)).all())


# -- gates ---------------------------------------------------------------------------------------

def goes_through(rules: JurisdictionRules, version: RuleVersion, stage_rule: StageRule | None, stage: str, kind: str,
                 settings: dict[str, Any]) -> bool:
    """Whether ``kind`` goes through ``stage``: the stage rule names it, or else the plugin gives it a sheet
    there (Nantong's individuals have no on-site review, so no on-site sheet)."""
    if stage_rule is not None and stage_rule.entry_kinds:
        return kind in stage_rule.entry_kinds
    try:
        rules.score_sheet(version, stage, kind, settings)
    except RuleNotImplemented:
        return False
    return True


def _previous_review(plan: CyclePlan, stage: str) -> str | None:
    reviews = plan.stages_of_kind("review")
    index = reviews.index(stage) if stage in reviews else 0
    return reviews[index - 1] if index > 0 else None


def proposal(session: Session, registry: JurisdictionRegistry, cycle_id: int, stage: str) -> dict[str, Any]:
    """Who the rules would let into ``stage``, best first, with the cut and its article."""
    cycle = get_cycle(session, cycle_id)
    rules, version = rules_of(registry, cycle)
    plan = plan_of(registry, cycle)
    if stage not in plan.stages_of_kind("review"):
        raise InvalidInput.on("code", _("{stage!r} is not a review stage of this cycle", stage=stage))
    settings = _settings(session, cycle)
    quota_plan = rules.quota_plan(version, settings)
    gate = gate_of(plan, stage)
    shortlists = [rule for rule in quota_plan.shortlists if rule.stage == stage]
    if gate is None and shortlists:
        by = _previous_review(plan, stage)
        gate = {"kind": "shortlist", "by_stage": by, "citation": citation_record(shortlists[0].citation)}
    if gate is None:
        return {"cycle_id": cycle.id, "stage": stage, "gated": False, "gate": None, "kinds": []}
    scores = stage_scores(session, registry, cycle.id, gate["by_stage"]) if gate["by_stage"] else {}
    kinds = []
    by_kind: dict[str, list[Any]] = {}
    for application in accepted_rows(session, cycle):
        by_kind.setdefault(application.entry_kind, []).append(application)
    stage_rule = plan.stage_rule(stage)
    for kind, applications in sorted(by_kind.items()):
        if not goes_through(rules, version, stage_rule, stage, kind, settings):
            continue
        if gate["kind"] == "pass" and not goes_through(rules, version, plan.stage_rule(gate["by_stage"]),
                                                       gate["by_stage"], kind, settings):
            # the kind does not take the gating stage (Ji'an's individuals have no defence): not gated
            kinds.append({"entry_kind": kind, "limit": None, "citation": gate["citation"], "gated": False,
                          "ranked": [], "unscored": [], "proposed": [a.id for a in applications]})
            continue
        scored = [a for a in applications if a.id in scores]
        ordered = sorted(scored, key=lambda a: (-scores[a.id], a.id))
        limit = None
        citation = gate["citation"]
        rule = next((r for r in shortlists if r.entry_kind == kind), None)
        if rule is not None:
            size = shortlist_size(quota_plan, stage, kind)
            limit, citation = size.limit, citation_record(size.citation)
        proposed = [a.id for a in ordered][:limit] if limit is not None else [a.id for a in ordered]
        kinds.append({"entry_kind": kind, "limit": limit, "citation": citation, "gated": True,
                      "ranked": [{"application_id": a.id, "score": format(scores[a.id], "f")} for a in ordered],
                      "unscored": [a.id for a in applications if a.id not in scores],
                      "proposed": proposed})
    return {"cycle_id": cycle.id, "stage": stage, "gated": True, "gate": gate, "kinds": kinds}


def record_entrants(session: Session, registry: JurisdictionRegistry, actor: Principal, cycle_id: int, stage: str,
                    *, application_ids: list[int], reason: str = "",
                    expected_version: versioning.Expected = versioning.UNCHECKED) -> StageEntrants:
    """The office's list of who enters a gated stage. Beyond a shortlist's cap is refused (422 with
    the article); any other departure from the proposal needs a reason."""
    cycle = get_cycle(session, cycle_id)
    require_open(cycle)
    proposed = proposal(session, registry, cycle_id, stage)
    if not proposed["gated"]:
        raise Conflict(_("no article gates {stage}: every accepted application enters it", stage=stage),
                       details={"stage": stage})
    ids = list(dict.fromkeys(application_ids))
    kinds = {k["entry_kind"]: k for k in proposed["kinds"]}
    eligible = {a["application_id"]: kind for kind, k in kinds.items() for a in k["ranked"]}
    eligible |= {i: kind for kind, k in kinds.items() if not k["gated"] for i in k["proposed"]}
    problems: dict[str, list[str]] = {}
    for i, application_id in enumerate(ids):
        if application_id not in eligible:
            problems[f"application_ids.{i}"] = [_("application {application_id} has no {by_stage} result in this "
                                                  "cycle, so it cannot enter",
                                                  application_id=application_id,
                                                  by_stage=proposed['gate']['by_stage'])]
    for kind, k in kinds.items():
        chosen = [i for i in ids if eligible.get(i) == kind]
        if k["limit"] is not None and len(chosen) > k["limit"]:
            problems["application_ids"] = [_("at most {limit} {kind} entrants ({text})",
                                             limit=k['limit'], kind=kind, text=k['citation']['text'])]
    departs = sorted(set(ids) ^ {i for k in kinds.values() for i in k["proposed"]})
    if departs and not reason.strip():
        problems["reason"] = [_("the list departs from the proposal for {items}: say why",
                                items=', '.join(map(str, departs)))]
    if problems:
        raise InvalidInput("the entrants cannot be recorded", fields=problems)
    row = session.execute(select(StageEntrants).where(StageEntrants.cycle_id == cycle.id,
                                                      StageEntrants.stage == stage)).scalar_one_or_none()
    if row is not None:
        versioning.check("stage entrants", row, expected_version)
    elif expected_version not in (versioning.UNCHECKED, None, 0):
        raise versioning.StaleVersion("stage entrants", stage, 0)
    row = row or StageEntrants(cycle_id=cycle.id, stage=stage, application_ids=[], proposal={})
    with versioning.guard(session, "stage entrants", row):
        row.application_ids, row.proposal, row.reason = ids, proposed, reason.strip()
        row.decided_by_id, row.decided_at = actor.user_id, clock.now()
        session.add(row)
        session.flush()
        audit.record(session, actor, "review.entrants_recorded", "stage_entrants", row.id,
                     details={"cycle_id": cycle.id, "stage": stage, "application_ids": ids, "departs": departs,
                              "reason": row.reason, "gate": proposed["gate"]})
        session.commit()
    return row


# -- ranking and allocation ----------------------------------------------------------------------

def ranking(session: Session, registry: JurisdictionRegistry, cycle_id: int) -> dict[str, Any]:
    """Every accepted application's total, the ranking with its tie-breaks, and the allocation."""
    cycle = get_cycle(session, cycle_id)
    rules, version = rules_of(registry, cycle)
    answer, _plan = rank_under(session, registry, cycle, rules, version, _settings(session, cycle),
                               accepted_rows(session, cycle), tier_history(session, cycle.id))
    return answer


def rank_under(session: Session, registry: JurisdictionRegistry, cycle: Cycle, rules: JurisdictionRules,
               version: RuleVersion, settings: dict[str, Any], applications: list[Any],
               history: dict[int, tuple[frozenset[str], frozenset[str]]], *,
               scores_of: Any = None) -> tuple[dict[str, Any], Any]:
    """:func:`ranking` of ``applications`` under ``version`` (the cycle's own, or another one asked about
    by the impact report), and the quota plan it allocated with. ``scores_of`` is what the stage-score
    loaders read the cycle as (the cycle itself by default)."""
    plan = rules.cycle_plan(version, cycle.settings_snapshot)  # as plans.plan_of reads it
    kinds = sorted({a.entry_kind for a in applications})
    weights = {kind: rules.stage_weights(version, kind, settings) for kind in kinds}
    scores = stages_scores(session, registry, scores_of or cycle, [stage for stage in plan.stages_of_kind("review")
                                                                  if any(stage in w.stages
                                                                         for w in weights.values())])
    entries, totals, incomplete = [], {}, []
    bonuses = dict(session.execute(select(BonusCounts.application_id, BonusCounts.counts).where(
        BonusCounts.cycle_id == cycle.id)).all())
    for application in applications:
        w = weights[application.entry_kind]
        mine = {stage: scores[stage][application.id] for stage in w.stages if application.id in scores.get(stage, {})}
        missing = [stage for stage in w.stages if stage not in mine]
        if missing:
            incomplete.append({"application_id": application.id, "entry_kind": application.entry_kind,
                               "missing": missing})
            continue
        points, _lines = bonus_points(w.bonus_rules, bonuses.get(application.id, {}), field="counts")
        total = weighted_total(w, mine, bonus=points)
        totals[application.id] = total
        entries.append(ranking_rules.RankEntry(application.id, total.total, mine, application.submitted_at))
    order = sorted({w.stage: w.weight for ws in weights.values() for w in ws.weights}.items(),
                   key=lambda pair: (-pair[1], pair[0]))
    ranked = ranking_rules.rank(entries, [stage for stage, _ in order])
    by_id = {a.id: a for a in applications}
    nothing = (frozenset(), frozenset())
    candidates = [Candidate(str(r.application_id), by_id[r.application_id].entry_kind,
                            won_before=history.get(r.application_id, nothing)[0],
                            excluded_tiers=history.get(r.application_id, nothing)[1],
                            category=by_id[r.application_id].category) for r in ranked]
    quota_plan = rules.quota_plan(version, settings)
    ranks = {t.code: t.rank for t in rules.jurisdiction.tiers}
    tiers = [t for t in sorted(cycle.tiers, key=lambda code: ranks.get(code) or 0) if ranks.get(t) is not None]
    allocation = allocate_tiers(quota_plan, tiers, candidates) if candidates and tiers else {}
    return {"cycle_id": cycle.id, "rule_version": version.code, "tie_breaks": list(ranking_rules.TIE_BREAKS),
            "weights": {kind: {"scale": w.scale, "citation": citation_record(w.citation),
                               "bonus_rules": [{"code": b.code, "points_per_unit": str(b.points_per_unit),
                                                "citation": citation_record(b.citation)} for b in w.bonus_rules],
                               "stages": {sw.stage: {"weight": str(sw.weight), "citation": citation_record(sw.citation)}
                                          for sw in w.weights}} for kind, w in weights.items()},
            "ranked": [{"rank": r.rank, "application_id": r.application_id,
                        "entry_kind": by_id[r.application_id].entry_kind, "total": format(r.total, "f"),
                        "tie_break": r.tie_break,
                        "points": {c.stage: {"score": format(c.score, "f"), "points": format(c.points, "f")}
                                   for c in totals[r.application_id].contributions},
                        "bonus": format(totals[r.application_id].bonus, "f")} for r in ranked],
            "incomplete": incomplete,
            "allocation": {tier: _allocation(a) for tier, a in allocation.items()}}, quota_plan


def tier_history(session: Session, cycle_id: int) -> dict[int, tuple[frozenset[str], frozenset[str]]]:
    """Per application of the cycle, the tiers won before and the tiers it may not win, from its latest
    screening (the ledger as matched then, and the findings that exclude a tier)."""
    out: dict[int, tuple[frozenset[str], frozenset[str]]] = {}
    rows = session.execute(select(Screening.application_id, Screening.inputs, Screening.findings).join(
        Application, (Application.tenant_id == Screening.tenant_id) & (Application.id == Screening.application_id))
        .where(Application.cycle_id == cycle_id, Application.status == ApplicationStatus.ACCEPTED)
        .order_by(Screening.application_id, Screening.number))
    for application_id, inputs, findings in rows:  # the latest screening of each comes last
        won = frozenset(h["tier"] for h in inputs.get("history", []) if not h.get("revoked_on"))
        excluded = frozenset(f["excludes_tier"] for f in findings if f.get("excludes_tier"))
        out[application_id] = (won, excluded)
    return out


def _allocation(allocation: Any) -> dict[str, Any]:
    cuts: dict[tuple[str, str], dict[str, Any]] = {}
    for cut in allocation.cuts:  # one line per reason and article, not per candidate
        line = cuts.setdefault((cut.reason, str(cut.citation)), {"reason": cut.reason,
                                                                  "citation": citation_record(cut.citation),
                                                                  "application_ids": []})
        line["application_ids"].append(int(cut.candidate.id))
    return {"winners": [{"application_id": int(p.candidate.id), "within_quota": p.within_quota,
                         "citation": citation_record(p.citation)} for p in allocation.winners],
            "cuts": list(cuts.values()),
            "preferences": [{"met": n.met, "explanation": n.explanation,
                             "passed_over": [int(c.id) for c in n.passed_over],
                             "citation": citation_record(n.preference.citation)} for n in allocation.preference_notes],
            "shortfalls": [{"winners": s.winners, "explanation": s.explanation,
                            "citation": citation_record(s.quota.citation)} for s in allocation.shortfalls]}


# -- bonus points --------------------------------------------------------------------------------

def record_bonus(session: Session, registry: JurisdictionRegistry, actor: Principal, application_id: int, *,
                 counts: dict[str, int], note: str = "",
                 expected_version: versioning.Expected = versioning.UNCHECKED) -> BonusCounts:
    """Record the units the office verified for an application's bonus points (talents hired), checked
    against the bonus rules of its entry kind (unknown codes and negative counts refused by name)."""
    application = find_application(session, application_id)
    cycle = get_cycle(session, application.cycle_id)
    require_open(cycle)
    rules, version = rules_of(registry, cycle)
    weights = rules.stage_weights(version, application.entry_kind, _settings(session, cycle))
    if not weights.bonus_rules:
        raise Conflict(_("{jurisdiction_code}/{rule_version_code} adds no bonus points for {entry_kind}s",
                         jurisdiction_code=cycle.jurisdiction_code, rule_version_code=cycle.rule_version_code,
                         entry_kind=application.entry_kind), details={"entry_kind": application.entry_kind})
    bonus_points(weights.bonus_rules, counts, field="counts")  # refuses unknown codes and bad counts by name
    row = session.execute(select(BonusCounts).where(BonusCounts.application_id == application.id)).scalar_one_or_none()
    if row is not None:
        versioning.check("bonus counts", row, expected_version)
    elif expected_version not in (versioning.UNCHECKED, None, 0):
        raise versioning.StaleVersion("bonus counts", application.id, 0)
    before = dict(row.counts) if row is not None else None
    row = row or BonusCounts(cycle_id=cycle.id, application_id=application.id, counts={})
    with versioning.guard(session, "bonus counts", row):
        row.counts, row.note = dict(counts), note
        row.recorded_by_id, row.recorded_at = actor.user_id, clock.now()
        session.add(row)
        session.flush()
        audit.record(session, actor, "review.bonus_recorded", "application", application.id,
                     details={"before": before, "after": row.counts, "note": note,
                              "rules": [citation_record(r.citation) for r in weights.bonus_rules][:1]})
        session.commit()
    return row


def get_bonus(session: Session, application_id: int) -> BonusCounts:
    application = find_application(session, application_id)
    row = session.execute(select(BonusCounts).where(BonusCounts.application_id == application.id)).scalar_one_or_none()
    if row is None:
        raise NotFound("bonus counts of application", application_id)
    return row


# -- the committee's decision ----------------------------------------------------------------------

def record_decision(session: Session, registry: JurisdictionRegistry, actor: Principal, cycle_id: int, *,
                    kind: str, body: str, decided_on: dt.date, winners: list[dict[str, Any]],
                    departures: dict[str, str] | None = None, members_present: int | None = None,
                    votes_for: int | None = None, votes_against: int | None = None,
                    abstentions: int | None = None, document: str = "", note: str = "") -> CommitteeDecision:
    """Record the committee's list, compared with the current allocation: every application whose
    place differs (in or out, or in another tier) is named in ``departures`` with the reason."""
    cycle = get_cycle(session, cycle_id)
    require_open(cycle)
    problems: dict[str, list[str]] = {}
    if decided_on > clock.today():
        problems["decided_on"] = [_("a decision taken, not planned: on or before {today}",
                                    today=clock.today().isoformat())]
    if kind == DecisionKind.VOTE.value and votes_for is None:
        problems["votes_for"] = [_("a vote is recorded with its count")]
    counted = [v for v in (votes_for, votes_against, abstentions) if v is not None]
    if members_present is not None and sum(counted) > members_present:
        problems["members_present"] = [_("{sum} votes counted from {members_present} members present",
                                         sum=sum(counted), members_present=members_present)]
    current = ranking(session, registry, cycle.id)
    accepted = {a.id for a in accepted_rows(session, cycle)}
    decided: dict[int, str] = {}
    for i, winner in enumerate(winners):
        application_id, tier = winner["application_id"], winner["tier"]
        if application_id not in accepted:
            problems[f"winners.{i}.application_id"] = [_("application {application_id} is not an accepted "
                                                         "application of this cycle",
                                                         application_id=application_id)]
        if tier not in cycle.tiers:
            problems[f"winners.{i}.tier"] = [_("this cycle awards: {items}", items=', '.join(cycle.tiers))]
        if application_id in decided:
            problems[f"winners.{i}.application_id"] = [_("application {application_id} is listed twice",
                                                         application_id=application_id)]
        decided[application_id] = tier
    computed = {w["application_id"]: tier for tier, a in current["allocation"].items() for w in a["winners"]}
    reasons: dict[int, str] = {}
    for key, text in (departures or {}).items():
        if not (key.isascii() and key.isdigit() and len(key) <= 10):
            problems[f"departures.{key}"] = [_("name an application by its id (digits)")]
        else:
            reasons[int(key)] = text.strip()
    for application_id in sorted(a for a in reasons if decided.get(a) == computed.get(a)):
        problems[f"departures.{application_id}"] = [_("application {application_id} is placed the same by the "
                                                      "allocation and the decision: no departure to explain",
                                                      application_id=application_id)]
    rows = []
    for application_id in sorted(set(decided) | set(computed)):
        if decided.get(application_id) == computed.get(application_id):
            continue
        if not reasons.get(application_id):
            problems[f"departures.{application_id}"] = [
                _("the allocation places application {application_id} in {computed}, the decision in {decided}: give "
                  "the reason",
                  application_id=application_id, computed=computed.get(application_id) or "no tier",
                  decided=decided.get(application_id) or "no tier")]
        rows.append({"application_id": application_id, "ranking": computed.get(application_id),
                     "decided": decided.get(application_id), "reason": reasons.get(application_id, "")})
    if problems:
        raise InvalidInput("the decision cannot be recorded", fields=problems)
    row = CommitteeDecision(cycle_id=cycle.id, kind=DecisionKind(kind), body=body, decided_on=decided_on,
                            members_present=members_present, votes_for=votes_for, votes_against=votes_against,
                            abstentions=abstentions, winners=[{"application_id": a, "tier": t}
                                                              for a, t in decided.items()],
                            ranking=current, departures=rows, document=document, note=note,
                            recorded_by_id=actor.user_id)
    session.add(row)
    session.flush()
    audit.record(session, actor, "review.decision_recorded", "committee_decision", row.id,
                 details={"cycle_id": cycle.id, "kind": kind, "body": body, "decided_on": decided_on.isoformat(),
                          "winners": row.winners, "departures": rows,
                          "votes": {"for": votes_for, "against": votes_against, "abstentions": abstentions,
                                    "present": members_present}})
    session.commit()
    return row


def decisions_page(session: Session, cycle_id: int, *, limit: int = DEFAULT_LIMIT,
                   cursor: str | None = None) -> Page[CommitteeDecision]:
    cycle = get_cycle(session, cycle_id)
    return keyset_page(session, select(CommitteeDecision).where(CommitteeDecision.cycle_id == cycle.id),
                       [CommitteeDecision.id], limit=limit, cursor=cursor)


def get_decision(session: Session, decision_id: int) -> CommitteeDecision:
    row = session.execute(select(CommitteeDecision).where(CommitteeDecision.id == decision_id)).scalar_one_or_none()
    if row is None:
        raise NotFound("committee decision", decision_id)
    return row

