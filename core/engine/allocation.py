"""Winners from a ranking: a :class:`~core.engine.rules.QuotaPlan` applied tier by tier.

The allocator decides nothing the regulation leaves to people. It fills places in rank order
under every cap that covers a candidate (a per-kind cap and a combined cap may both apply), and
says, for each candidate left out, which quota cut them. "In principle" preferences and minimum
counts are *reported* (:class:`PreferenceNote`, :class:`Shortfall`); no candidate is swapped in
to satisfy them: the office decides, with the citation in front of it.

Re-winners, where the plan puts them outside the quota, win when a place was still free at their
rank (they would have won on merit) but do not use it, so the next candidate also gets in.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from typing import Iterable, Mapping, Sequence

from core.engine.messages import _
from core.engine.errors import InvalidInput
from core.engine.rules import Citation, Quota, QuotaPlan, QuotaPreference, ShortlistRule, TotalCap


@dataclass(frozen=True)
class Candidate:
    """One ranked candidate. ``flags`` are plain labels a preference can ask for (``"sme"``);
    ``won_before`` the tiers the candidate has won earlier (re-winner of those tiers);
    ``excluded_tiers`` the tiers it may not win this cycle (an eligibility finding said so);
    ``category`` the award category it applied in (per-category quotas count it there)."""

    id: str
    entry_kind: str
    flags: frozenset[str] = frozenset()
    won_before: frozenset[str] = frozenset()
    excluded_tiers: frozenset[str] = frozenset()
    category: str | None = None


@dataclass(frozen=True)
class Placement:
    candidate: Candidate
    tier: str
    within_quota: bool
    """False for a re-winner the plan puts outside the quota."""
    citation: Citation


@dataclass(frozen=True)
class QuotaCut:
    """A candidate left out of ``tier``, and the quota (with its article) that left it out."""

    candidate: Candidate
    tier: str
    reason: str
    citation: Citation
    quota: Quota | TotalCap | None = None


@dataclass(frozen=True)
class PreferenceNote:
    """How an "in principle" preference fared. When unmet, ``passed_over`` lists flagged candidates
    ranked below the winners, best first: the office may decide to prefer one, the allocator does not."""

    preference: QuotaPreference
    met: bool
    winners_with_flag: int
    passed_over: tuple[Candidate, ...]
    explanation: str


@dataclass(frozen=True)
class Shortfall:
    """Fewer winners than a quota's ``min_count`` (not enough candidates ranked)."""

    quota: Quota
    winners: int
    explanation: str


@dataclass(frozen=True)
class Allocation:
    tier: str
    winners: tuple[Placement, ...]
    cuts: tuple[QuotaCut, ...]
    preference_notes: tuple[PreferenceNote, ...] = ()
    shortfalls: tuple[Shortfall, ...] = ()

    @property
    def winner_ids(self) -> list[str]:
        return [p.candidate.id for p in self.winners]


Ranking = Sequence[Candidate] | Mapping[str, Sequence[Candidate]]


def allocate(plan: QuotaPlan, tier: str, ranked: Ranking, earlier: Sequence[Allocation] = ()) -> Allocation:
    """Fill ``tier``'s places from ``ranked`` (best first).

    ``ranked`` is one ranking across entry kinds, or a ranking per entry kind. Per-kind rankings
    are enough when every cap of the tier covers one kind; a combined cap needs one ranking across
    the kinds it covers (the order between kinds decides who gets the shared places), so it is
    refused with per-kind rankings. ``earlier`` are the allocations of other tiers this cycle: the
    plan's caps across tiers (:class:`~core.engine.rules.TotalCap`) count their winners too.
    """
    quotas = plan.quotas_for(tier)
    if not quotas:
        raise InvalidInput.on("tier", _("the quota plan has no places for {tier!r}; it has: {items}",
                                        tier=tier, items=', '.join(sorted({q.tier for q in plan.quotas}))))
    candidates = _one_ranking(quotas, ranked)
    _check_unique(candidates)
    caps: list[Quota | TotalCap] = [*quotas, *(c for c in plan.total_caps if tier in c.tiers)]
    taken = {id(q): 0 for q in caps}  # by identity: two equal caps are still two caps
    for cap in caps:
        if isinstance(cap, TotalCap):
            taken[id(cap)] = sum(1 for a in earlier for p in a.winners
                                 if p.within_quota and cap.covers(a.tier, p.candidate.entry_kind, p.candidate.category))
    winners: list[Placement] = []
    cuts: list[QuotaCut] = []
    for candidate in candidates:
        outcome = _place(plan, tier, caps, taken, candidate)
        (winners if isinstance(outcome, Placement) else cuts).append(outcome)
    return Allocation(tier, tuple(winners), tuple(cuts),
                      tuple(_preference_note(p, winners, cuts) for p in plan.preferences if p.tier == tier),
                      tuple(_shortfalls(quotas, winners)))


def allocate_tiers(plan: QuotaPlan, tiers: Sequence[str], ranked: Sequence[Candidate]) -> dict[str, Allocation]:
    """Allocate ``tiers`` from highest to lowest on one ranking: whoever a tier leaves out competes
    for the next one, in the same order (gold, then silver, then bronze). A candidate excluded from
    a tier (``excluded_tiers``) skips it and is considered for the next."""
    _check_unique(ranked)
    remaining = list(ranked)
    out: dict[str, Allocation] = {}
    for tier in tiers:
        allocation = allocate(plan, tier, remaining, tuple(out.values()))
        out[tier] = allocation
        won = {p.candidate.id for p in allocation.winners}
        remaining = [c for c in remaining if c.id not in won]
    return out


def _covers(cap: Quota | TotalCap, tier: str, candidate: Candidate) -> bool:
    if isinstance(cap, TotalCap):
        return cap.covers(tier, candidate.entry_kind, candidate.category)
    return cap.covers(candidate.entry_kind, candidate.category)


def _describe(cap: Quota | TotalCap, tier: str) -> str:
    tiers = "+".join(cap.tiers) if isinstance(cap, TotalCap) else tier
    kinds, categories = "+".join(cap.entry_kinds), "+".join(cap.categories)
    if kinds and categories:
        return _("{tiers} for {kinds} in {categories}", tiers=tiers, kinds=kinds, categories=categories)
    if kinds:
        return _("{tiers} for {kinds}", tiers=tiers, kinds=kinds)
    return _("{tiers} in {categories}", tiers=tiers, categories=categories) if categories else tiers


def _place(plan: QuotaPlan, tier: str, caps: Sequence[Quota | TotalCap], taken: dict[int, int],
           candidate: Candidate) -> Placement | QuotaCut:
    quotas = [q for q in caps if isinstance(q, Quota)]
    covering = [q for q in quotas if q.covers(candidate.entry_kind, candidate.category)]
    if not covering:
        kinds = sorted({k for q in quotas for k in q.entry_kinds})
        categories = sorted({c for q in quotas if candidate.entry_kind in q.entry_kinds for c in q.categories})
        if any(candidate.entry_kind in q.entry_kinds for q in quotas):
            reason = _("{tier} has no places for {kind} in category {category} (only {categories})", tier=tier,
                       kind=candidate.entry_kind, category=candidate.category or _("(none)"),
                       categories=", ".join(categories))
        else:
            reason = _("{tier} has no places for {kind} (only {kinds})", tier=tier, kind=candidate.entry_kind,
                       kinds=", ".join(kinds))
        return QuotaCut(candidate, tier, reason, quotas[0].citation)
    if tier in candidate.excluded_tiers:
        return QuotaCut(candidate, tier, _("may not win {tier} this cycle (eligibility)", tier=tier),
                        covering[0].citation)
    counting = [c for c in caps if _covers(c, tier, candidate)]
    full = next((c for c in counting if c.max_count is not None and taken[id(c)] >= c.max_count), None)
    re_winner = (plan.re_winners_outside_quota and tier in candidate.won_before
                 and (plan.re_winner_tiers is None or tier in plan.re_winner_tiers)
                 and (plan.re_winner_entry_kinds is None or candidate.entry_kind in plan.re_winner_entry_kinds))
    if re_winner and (full is None or not plan.re_winner_needs_free_place):
        return Placement(candidate, tier, False, plan.re_winner_citation or covering[0].citation)
    if full is not None:
        return QuotaCut(candidate, tier, _("all {count} places of {scope} are taken by higher-ranked candidates",
                                           count=full.max_count, scope=_describe(full, tier)), full.citation, full)
    for cap in counting:
        taken[id(cap)] += 1
    return Placement(candidate, tier, True, covering[0].citation)


def _preference_note(pref: QuotaPreference, winners: Sequence[Placement], cuts: Sequence[QuotaCut]) -> PreferenceNote:
    def matches(c: Candidate) -> bool:
        return c.entry_kind == pref.entry_kind and (pref.flag is None or pref.flag in c.flags)

    count = sum(1 for p in winners if matches(p.candidate))
    if count >= pref.min_count:
        return PreferenceNote(pref, True, count, (), f"已满足：{pref.description}（{count}名）")
    passed_over = tuple(cut.candidate for cut in cuts if matches(cut.candidate) and cut.quota is not None)
    if passed_over:
        text = (f"未满足：{pref.description}。排名靠后的{'、'.join(c.id for c in passed_over)}符合该条件，"
                f"是否调整由办公室决定，系统不自动替换")
    elif count:
        text = f"未满足：{pref.description}（{count}名）。排名中没有更多符合该条件的候选者"
    else:
        text = f"未满足：{pref.description}。排名中没有符合该条件的候选者"
    return PreferenceNote(pref, False, count, passed_over, text)


def _shortfalls(quotas: Iterable[Quota], winners: Sequence[Placement]) -> list[Shortfall]:
    out = []
    for quota in quotas:
        count = sum(1 for p in winners if p.within_quota and quota.covers(p.candidate.entry_kind, p.candidate.category))
        if count < quota.min_count:
            out.append(Shortfall(quota, count, f"{quota.tier}（{'+'.join(quota.entry_kinds)}）应有{quota.min_count}名，"
                                               f"实际{count}名，由办公室决定"))
    return out


def _one_ranking(quotas: Sequence[Quota], ranked: Ranking) -> list[Candidate]:
    if not isinstance(ranked, Mapping):
        return list(ranked)
    combined = [q for q in quotas if len(set(q.entry_kinds) & set(ranked)) > 1]
    if combined:
        raise InvalidInput.on("ranked", _("the cap of {tier} is shared by {items}: give one ranking across them",
                                          tier=combined[0].tier, items=', '.join(combined[0].entry_kinds)))
    for kind, candidates in ranked.items():
        for index, candidate in enumerate(candidates):
            if candidate.entry_kind != kind:
                raise InvalidInput.on(f"ranked.{kind}.{index}", _("{id} is a {entry_kind}",
                                                                  id=candidate.id, entry_kind=candidate.entry_kind))
    return [c for candidates in ranked.values() for c in candidates]


def _check_unique(candidates: Sequence[Candidate]) -> None:
    seen: set[str] = set()
    for candidate in candidates:
        if candidate.id in seen:
            raise InvalidInput.on("ranked", _("{id} is ranked twice", id=candidate.id))
        seen.add(candidate.id)


# --------------------------------------------------------------------------------------------
# Shortlists
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ShortlistSize:
    stage: str
    entry_kind: str
    limit: int
    """At most this many may enter the stage: ``floor(ratio * planned)``."""
    planned: int
    ratio: Decimal
    citation: Citation


def shortlist_size(plan: QuotaPlan, stage: str, entry_kind: str, planned: int | None = None) -> ShortlistSize:
    """How many candidates of ``entry_kind`` may enter ``stage``.

    ``planned`` is the number of winners the office plans this cycle; by default the caps of the
    plan (every quota of the rule's tiers that covers the kind). A fraction of a place is dropped,
    as the text caps the number ("不超过").
    """
    rule = _shortlist_rule(plan, stage, entry_kind)
    if planned is None:
        capped = [q for q in plan.quotas if entry_kind in q.entry_kinds and (not rule.tiers or q.tier in rule.tiers)]
        if any(q.max_count is None for q in capped):
            raise InvalidInput.on("planned", "a tier of this shortlist has no cap: say how many winners are planned")
        planned = sum(q.max_count for q in capped if q.max_count is not None)
    if planned < 0:
        raise InvalidInput.on("planned", "cannot be negative")
    limit = int((rule.ratio * planned).to_integral_value(rounding=ROUND_FLOOR))
    return ShortlistSize(stage, entry_kind, limit, planned, rule.ratio, rule.citation)


def _shortlist_rule(plan: QuotaPlan, stage: str, entry_kind: str) -> ShortlistRule:
    for rule in plan.shortlists:
        if rule.stage == stage and rule.entry_kind == entry_kind:
            return rule
    known = ", ".join(f"{r.stage}/{r.entry_kind}" for r in plan.shortlists) or "none"
    raise InvalidInput.on("stage", _("no shortlist rule for {stage}/{entry_kind}; the plan has: {known}",
                                     stage=stage, entry_kind=entry_kind, known=known))


__all__ = ["Allocation", "Candidate", "PreferenceNote", "Placement", "QuotaCut", "Shortfall", "ShortlistSize",
           "allocate", "allocate_tiers", "shortlist_size"]
