"""Every rule computation on plain request data, one mechanism for the rule API and the case files.

Inputs are what a client sends, already parsed (dates are ``datetime.date``): facts, earlier awards,
rankings, settings. Each function checks the names a client can get wrong against the
jurisdiction (tier, entry kind, category, setting keys) and refuses them with
:class:`~core.errors.InvalidInput` naming the field and listing the jurisdiction's values, then
calls the plugin through :class:`~core.engine.plugins.JurisdictionRules`. Nothing here touches a database.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Iterable, Mapping, Sequence

from core.engine.messages import _
from core.engine import periods, settings as setting_rules
from core.engine.allocation import Allocation, Candidate, allocate as fill, allocate_tiers
from core.engine.eligibility import Verdict, assess, load_facts
from core.engine.errors import DomainError, InvalidInput, RuleNotImplemented, SettingMissing
from core.engine.plugins import JurisdictionRules
from core.engine.rules import Citation, NoticeRule, PastAward, PastSanction, RewardDecision, RuleVersion, SanctionDecision
from core.engine.scoring import bonus_points, weighted_total as combine

MAX_SCORE_DIGITS = 12
"""A score has at most this many significant digits; more is not a score but an attack or a typo."""
DECIMAL_TEXT = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
"""How a score is written as text: digits, an optional fraction; no exponent, no separators."""


# -- names a client can get wrong ------------------------------------------------------------------

def validated_settings(rules: JurisdictionRules, version: RuleVersion, raw: Mapping[str, Any] | None,
                       field: str = "settings") -> dict[str, Any]:
    """Settings sent with a stateless request, validated exactly as an office's values are: an unknown
    key or a bad value is refused naming ``settings.<key>``; every problem is reported at once."""
    if not raw:
        return {}
    declared = {spec.key: spec for spec in rules.tenant_settings(version)}
    out: dict[str, Any] = {}
    problems: dict[str, list[str]] = {}
    for key, value in raw.items():
        spec = declared.get(key)
        if spec is None:
            problems[f"{field}.{key}"] = [_("{code}/{code2} declares no such setting; it declares: {items}",
                                            code=rules.jurisdiction.code, code2=version.code,
                                            items=', '.join(sorted(declared)) or 'none')]
            continue
        try:
            out[key] = setting_rules.validate(spec, value)
        except InvalidInput as exc:
            problems[f"{field}.{key}"] = [reason for reasons in exc.fields.values() for reason in reasons]
    if not problems:
        for key in out:
            reasons = setting_problems(rules, version, out, key)
            if reasons:
                problems[f"{field}.{key}"] = reasons
    if problems:
        summary = "; ".join(f"{key}: {' '.join(reasons)}" for key, reasons in problems.items())
        raise InvalidInput(_("the settings cannot be used: {summary}", summary=summary), fields=problems)
    return out


def setting_problems(rules: JurisdictionRules, version: RuleVersion, settings: Mapping[str, Any],
                     key: str) -> list[str]:
    """What the plugin's rules say is wrong with the value of ``key`` in ``settings`` (a stage it does not
    score, a share of 0): every computation that reads settings is tried, and each refusal that names
    ``settings.<key>`` is returned. A value of the right type can still be one the regulation cannot use;
    an office learns it when it sets the value, not when a later computation fails."""
    reasons: list[str] = []
    for call in settings_readers(rules, version, settings):
        try:
            call()
        except InvalidInput as exc:
            reasons += [r for r in exc.fields.get(f"settings.{key}", ()) if r not in reasons]
        except DomainError:
            continue  # another setting unset, a rule not written, a pair the text does not award
    return reasons


def settings_readers(rules: JurisdictionRules, version: RuleVersion,
                     settings: Mapping[str, Any]) -> list[Callable[[], Any]]:
    """Every decision of a version that may read tenant settings, each as a call with ``settings``: the
    quota plan, the cycle plan, each kind's stage weights and each tier and kind's reward."""
    j = rules.jurisdiction
    calls: list[Callable[[], Any]] = [lambda: rules.quota_plan(version, settings),
                                      lambda: rules.cycle_plan(version, settings)]
    calls += [lambda k=k.code: rules.stage_weights(version, k, settings) for k in j.entry_kinds]
    calls += [lambda t=t.code, k=k.code: rules.reward(version, t, k, (), settings)
              for t in j.tiers for k in j.entry_kinds]
    return calls


def past_award(rules: JurisdictionRules, raw: Mapping[str, Any], entry_kind: str | None, field: str) -> PastAward:
    """An earlier award as a client sends it: its tier, kind and category must be the jurisdiction's;
    an exact date, or only the cycle year where the rule counts cycle years."""
    j = rules.jurisdiction
    tier = j.check_tier(raw["tier"], f"{field}.tier")
    kind = raw["entry_kind"] if raw.get("entry_kind") is not None else entry_kind
    if kind is None:
        if len(j.entry_kinds) != 1:
            raise InvalidInput.on(f"{field}.entry_kind", _("say which entry kind won it; {code} accepts: {items}",
                                                           code=j.code,
                                                           items=', '.join((k.code for k in j.entry_kinds))))
        kind = j.entry_kinds[0].code
    j.check_entry_kind(kind, f"{field}.entry_kind")
    category = j.check_category(raw.get("category"), f"{field}.category")
    awarded_on = raw.get("awarded_on")
    cycle_year = raw.get("cycle_year")
    revoked_on = raw.get("revoked_on")
    if awarded_on is None and cycle_year is None:
        raise InvalidInput.on(f"{field}.awarded_on", "give the award date, or at least its cycle_year")
    if revoked_on is not None and awarded_on is not None and revoked_on < awarded_on:
        raise InvalidInput.on(f"{field}.revoked_on", _("{revoked_on} is before the award ({awarded_on})",
                                                       revoked_on=revoked_on, awarded_on=awarded_on))
    derived = cycle_year is None
    return PastAward(tier, kind, awarded_on, awarded_on.year if derived else cycle_year, revoked_on, category,
                     cycle_year_from_date=derived, field=field)


def past_awards(rules: JurisdictionRules, raw: Sequence[Mapping[str, Any]], entry_kind: str | None,
                field: str = "history") -> tuple[PastAward, ...]:
    return tuple(past_award(rules, award, entry_kind, f"{field}.{i}") for i, award in enumerate(raw))


def past_sanctions(raw: Sequence[Mapping[str, Any]]) -> tuple[PastSanction, ...]:
    return tuple(PastSanction(s["kind"], s["decided_on"], s.get("ban_until"),
                              Citation(**s["citation"]) if s.get("citation") else None) for s in raw)


def exact_number(value: Any, field: str) -> Decimal | int:
    """A score as sent: an integer, a decimal string ("812.5") or a JSON number read exactly
    (the API parses JSON numbers as ``Decimal``); a Python float is taken at its shortest repr."""
    if isinstance(value, bool):
        raise InvalidInput.on(field, "must be a number, not true or false")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, str):
        if not DECIMAL_TEXT.fullmatch(value.strip()):
            raise InvalidInput.on(field, _("{value!r} is not a decimal number such as \"812.5\" (ASCII digits)",
                                           value=value))
        value = Decimal(value.strip())
    if not isinstance(value, Decimal):
        raise InvalidInput.on(field, "must be a number or a decimal string such as \"812.5\"")
    if not value.is_finite() or len(value.as_tuple().digits) > MAX_SCORE_DIGITS or abs(value.adjusted()) > 9:
        raise InvalidInput.on(field, _("{value} is not a finite score of at most {MAX_SCORE_DIGITS} digits",
                                       value=value, MAX_SCORE_DIGITS=MAX_SCORE_DIGITS))
    return Decimal(format(value, "f")) + 0  # plain notation (1E+2 -> 100), and -0 -> 0


# -- computations ----------------------------------------------------------------------------------

def check_eligibility(rules: JurisdictionRules, version: RuleVersion, *, entry_kind: str,
                      raw_facts: Mapping[str, Any], on_date: dt.date, history: Sequence[Mapping[str, Any]] = (),
                      sanctions: Sequence[Mapping[str, Any]] = (), settings: Mapping[str, Any] | None = None,
                      category: str | None = None, deadline: dt.date | None = None) -> Verdict:
    """Validate the facts against the jurisdiction's schema, then judge every condition."""
    category = rules.jurisdiction.check_category(category)
    facts = load_facts(rules, version, entry_kind, raw_facts)
    return assess(rules, version, entry_kind, facts, on_date=on_date, history=past_awards(rules, history, entry_kind),
                  sanctions=past_sanctions(sanctions), settings=settings, category=category, deadline=deadline)


def weighted_total(rules: JurisdictionRules, version: RuleVersion, *, entry_kind: str,
                   stage_scores: Mapping[str, Any], bonus: Any = 0, bonus_counts: Mapping[str, int] | None = None,
                   settings: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The weighted total, plus the regulation's bonus points for counted units (e.g. talents hired),
    each line with its article; ``bonus`` adds points the office awards by hand. Scores may be
    decimals (strings, or JSON numbers read exactly)."""
    rules.jurisdiction.check_entry_kind(entry_kind)
    problems: dict[str, list[str]] = {}
    scores: dict[str, Any] = {}
    for stage, raw in stage_scores.items():
        try:
            scores[stage] = exact_number(raw, f"stage_scores.{stage}")
        except InvalidInput as exc:
            problems.update(exc.fields)
    try:
        bonus = exact_number(bonus, "bonus")
    except InvalidInput as exc:
        problems.update(exc.fields)
    if problems:
        raise InvalidInput("the scores are not exact numbers", fields=problems)
    weights = rules.stage_weights(version, entry_kind, settings)
    from_counts, lines = bonus_points(weights.bonus_rules, bonus_counts or {}, field="bonus_counts")
    total = combine(weights, scores, bonus=bonus)  # validates the stages and the scale
    if from_counts:
        total = dataclasses.replace(total, bonus=total.bonus + from_counts, total=total.total + from_counts)
    return {"result": total, "bonus_lines": lines}


def candidates(rules: JurisdictionRules, ranked: Sequence[Mapping[str, Any]], field: str = "ranked") -> list[Candidate]:
    """A ranking as sent, each entry kind, category and tier named checked against the jurisdiction."""
    j = rules.jurisdiction
    out = []
    for index, c in enumerate(ranked):
        at = f"{field}.{index}"
        kind = j.check_entry_kind(c["entry_kind"], f"{at}.entry_kind")
        category = j.check_category(c.get("category"), f"{at}.category")
        won = frozenset(j.check_tier(t, f"{at}.won_before") for t in c.get("won_before", ()))
        excluded = frozenset(j.check_tier(t, f"{at}.excluded_tiers") for t in c.get("excluded_tiers", ()))
        out.append(Candidate(str(c["id"]), kind, frozenset(c.get("flags", ())), won, excluded, category))
    return out


def allocate(rules: JurisdictionRules, version: RuleVersion, *, tier: str | None = None,
             tiers: Sequence[str] | None = None, ranked: Sequence[Mapping[str, Any]],
             settings: Mapping[str, Any] | None = None) -> Allocation | dict[str, Allocation]:
    """Winners of ``tier`` from one ranking (best first), with every cut and its quota article; or, with
    ``tiers``, of each tier from highest to lowest, under the plan's caps across tiers too."""
    j = rules.jurisdiction
    if (tier is None) == (tiers is None):
        raise InvalidInput.on("tier", "name one tier, or the tiers to fill in order")
    people = candidates(rules, ranked)
    plan = rules.quota_plan(version, settings)
    if tier is not None:
        return fill(plan, j.check_tier(tier), people)
    named = [j.check_tier(t, f"tiers.{i}") for i, t in enumerate(tiers or ())]
    if not named:
        raise InvalidInput.on("tiers", "name at least one tier")
    ranks = {t.code: t.rank for t in j.tiers}
    for i, code in enumerate(named):
        if code in named[:i]:
            raise InvalidInput.on(f"tiers.{i}", _("{code} is named twice", code=code))
        if ranks[code] is None and len(named) > 1:
            raise InvalidInput.on(f"tiers.{i}", _("{code} is awarded outside the ranking: allocate it on its own",
                                                  code=code))
    if named != sorted(named, key=lambda code: ranks[code] or 0):
        raise InvalidInput.on("tiers", _("fill the tiers from the highest: {items}",
                                         items=', '.join(sorted(named, key=ranks.get))))
    return allocate_tiers(plan, named, people)


def reward(rules: JurisdictionRules, version: RuleVersion, *, tier: str, entry_kind: str,
           history: Sequence[Mapping[str, Any]] = (), settings: Mapping[str, Any] | None = None,
           facts: Mapping[str, Any] | None = None, flags: Iterable[str] = (),
           category: str | None = None) -> RewardDecision:
    """What a winner receives; the winner's facts (validated by the facts schema) and flags reach the rule."""
    j = rules.jurisdiction
    j.check_tier(tier)
    j.check_entry_kind(entry_kind)
    category = j.check_category(category)
    loaded = load_facts(rules, version, entry_kind, facts) if facts else {}
    return rules.reward(version, tier, entry_kind, past_awards(rules, history, entry_kind), settings,
                        facts=loaded, flags=flags, category=category)


def sanction(rules: JurisdictionRules, version: RuleVersion, *, violation: str, decided_on: dt.date,
             occurred_on: dt.date | None = None, award: Mapping[str, Any] | None = None,
             entry_kind: str | None = None, settings: Mapping[str, Any] | None = None,
             facts: Mapping[str, Any] | None = None, flags: Iterable[str] = ()) -> SanctionDecision:
    """Measures and ban end for a violation. The offender's entry kind comes from the award or the
    request, or is the jurisdiction's only kind; it is never guessed."""
    j = rules.jurisdiction
    if entry_kind is not None:
        j.check_entry_kind(entry_kind)
    if occurred_on is not None and occurred_on > decided_on:
        raise InvalidInput.on("occurred_on", _("{occurred_on} is after the decision ({decided_on})",
                                               occurred_on=occurred_on, decided_on=decided_on))
    past = past_award(rules, award, entry_kind, "award") if award else None
    if past is not None and entry_kind is not None and past.entry_kind != entry_kind:
        raise InvalidInput.on("entry_kind", _("{entry_kind} differs from the award's entry kind {entry_kind2}",
                                              entry_kind=entry_kind, entry_kind2=past.entry_kind))
    kind = past.entry_kind if past else entry_kind
    loaded: Mapping[str, Any] = {}
    if facts:
        if kind is None:
            raise InvalidInput.on("entry_kind", _("say what the facts describe; {code} accepts: {items}",
                                                  code=j.code, items=', '.join((k.code for k in j.entry_kinds))))
        loaded = load_facts(rules, version, kind, facts)
    return rules.sanction(version, violation, decided_on=decided_on, award=past, occurred_on=occurred_on,
                          settings=settings, facts=loaded, flags=flags, entry_kind=kind)


@dataclasses.dataclass(frozen=True)
class NoticeDates:
    """When a notice published on ``starts_on`` may end at the earliest (``None``: the text gives no length)."""

    stage: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date | None
    min_days: int | None
    working_days: bool
    citation: Citation
    convention: str = periods.CIVIL_CODE


def notice_dates(rules: JurisdictionRules, version: RuleVersion, *, stage: str, published_on: dt.date,
                 is_working_day: Any, settings: Mapping[str, Any] | None = None) -> NoticeDates:
    """The earliest last day of the notice of ``stage`` published on ``published_on``, by
    :func:`core.engine.periods.notice_last_day`; working days come from the calendar service."""
    plan = rules.cycle_plan(version, settings)
    notice = _notice(plan.notices, stage)
    end = None
    if notice.min_days is not None:
        end = periods.notice_last_day(published_on, notice.min_days, notice.working_days, is_working_day)
    return NoticeDates(notice.stage, notice.kind, published_on, end, notice.min_days, notice.working_days,
                       notice.citation)


def _notice(notices: Sequence[NoticeRule], stage: str) -> NoticeRule:
    for notice in notices:
        if notice.stage == stage:
            return notice
    raise InvalidInput.on("stage", _("no notice at {stage!r}; notices: {items}",
                                     stage=stage, items=', '.join((n.stage for n in notices)) or 'none'))


def summary(rules: JurisdictionRules, version: RuleVersion, on_date: dt.date,
            settings: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Everything a version decides, each part with its citations; a part the plugin does not
    implement, or that waits for an unset tenant setting, says so instead of failing the whole."""
    from core.engine.probe import facts_read

    j = rules.jurisdiction

    def part(compute):
        try:
            return compute()
        except (RuleNotImplemented, SettingMissing) as exc:
            return {"unavailable": exc.message, "code": exc.code}
        except InvalidInput as exc:  # a setting the office stored before its rules could check it
            if not any(name.startswith("settings.") for name in exc.fields):
                raise
            return {"unavailable": exc.message, "code": exc.code, "errors": exc.fields}

    def reward_of(tier: str, kind: str):
        try:
            return rules.reward(version, tier, kind, (), settings)
        except InvalidInput as exc:  # the regulation gives this tier nothing for this kind (e.g. no such award)
            return {"not_awarded": exc.message, "code": exc.code}

    def rewards():
        return {f"{t.code}/{k.code}": reward_of(t.code, k.code) for t in j.tiers for k in j.entry_kinds}

    def notice_kinds():
        return [{"stage": n.stage, "kind": n.kind, "min_days": n.min_days, "working_days": n.working_days,
                 "citation": n.citation} for n in rules.cycle_plan(version, settings).notices]

    def reads(kind: str):
        try:
            return facts_read(rules, version, kind)
        except DomainError as exc:
            return {"unavailable": exc.message, "code": exc.code}

    return {
        "jurisdiction": j.code, "version": version, "status": version.status_on(on_date),
        "tiers": j.tiers, "entry_kinds": j.entry_kinds, "categories": j.categories,
        "cycle": part(lambda: rules.cycle_plan(version, settings)),
        "notices": part(notice_kinds),
        "quotas": part(lambda: rules.quota_plan(version, settings)),
        "stage_weights": {k.code: part(lambda k=k: rules.stage_weights(version, k.code, settings))
                          for k in j.entry_kinds},
        "first_time_rewards": part(rewards),
        "violations": rules.violations(version),
        "readings": rules.readings(version),
        "eligibility": {"implemented": rules.implements("mqa_eligibility"),
                        "facts_read": {k.code: reads(k.code) for k in j.entry_kinds},
                        "facts_schema": f"/api/v1/rules/{j.code}/facts-schema?version={version.code}&entry_kind="},
        "tenant_settings": rules.tenant_settings(version),
        "period_convention": periods.CIVIL_CODE,
    }
