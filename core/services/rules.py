"""The stateless rule API's use cases: which version applies, facts schemas, eligibility checks."""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping, Sequence

import marshmallow as ma

from core.eligibility import Verdict, assess, facts_schema, load_facts
from core.errors import InvalidInput, NotFound
from core.models import Tenant
from core.plugins import JurisdictionRegistry, JurisdictionRules
from core.rules import Citation, PastAward, PastSanction, RuleVersion


def version_for(registry: JurisdictionRegistry, jurisdiction: str, version_code: str | None,
                on_date: dt.date) -> tuple[JurisdictionRules, RuleVersion]:
    """The named version (404 if unknown), or the one in force on ``on_date`` (422 naming the versions)."""
    rules = registry.rules(jurisdiction)
    j = rules.jurisdiction
    if version_code is not None:
        try:
            return rules, j.version(version_code)
        except NotFound:
            raise NotFound(f"rule version of {jurisdiction} (it has: {', '.join(v.code for v in j.versions)})",
                           version_code) from None
    return rules, j.resolve_version(None, on_date, field_name="on_date")


def tenant_version(registry: JurisdictionRegistry, tenant: Tenant, on_date: dt.date,
                   version_code: str | None = None) -> tuple[JurisdictionRules, RuleVersion]:
    """A tenant's rules: its pinned version, else the version in force on ``on_date``."""
    return version_for(registry, tenant.jurisdiction_code, version_code or tenant.rule_version_code, on_date)


def facts_json_schema(rules: JurisdictionRules, version: RuleVersion, entry_kind: str) -> dict[str, Any]:
    from apispec import APISpec
    from apispec.ext.marshmallow import MarshmallowPlugin

    plugin = MarshmallowPlugin()
    APISpec("facts", "1", "3.0.3", plugins=[plugin])
    schema = facts_schema(rules, version, entry_kind)
    assert plugin.converter is not None
    body = plugin.converter.schema2jsonschema(schema)
    nested: dict[str, Any] = {}
    _inline_nested(schema, plugin, nested)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"{rules.jurisdiction.code}/{version.code} {entry_kind} facts", **body,
            "definitions": nested}


def _inline_nested(schema: ma.Schema, plugin: Any, out: dict[str, Any]) -> None:
    for field in schema.fields.values():
        inner = field.inner if isinstance(field, ma.fields.List) else field
        target = getattr(inner, "schema", None)
        name = type(target).__name__.removesuffix("Schema")
        if isinstance(inner, ma.fields.Nested) and target is not None and name not in out:
            out[name] = plugin.converter.schema2jsonschema(target)
            _inline_nested(target, plugin, out)


def check_eligibility(rules: JurisdictionRules, version: RuleVersion, *, entry_kind: str,
                      raw_facts: Mapping[str, Any], on_date: dt.date, history: Sequence[Mapping[str, Any]] = (),
                      sanctions: Sequence[Mapping[str, Any]] = (), settings: Mapping[str, Any] | None = None) -> Verdict:
    """Validate the facts against the jurisdiction's schema, then judge every condition."""
    facts = load_facts(rules, version, entry_kind, raw_facts)
    past = [_past_award(rules, award, entry_kind, f"history.{index}") for index, award in enumerate(history)]
    bans = [PastSanction(s["kind"], s["decided_on"], s.get("ban_until"),
                         Citation(**s["citation"]) if s.get("citation") else None) for s in sanctions]
    return assess(rules, version, entry_kind, facts, on_date=on_date, history=past, sanctions=bans,
                  settings=settings)


# -- computations beyond eligibility ---------------------------------------------------------------

def _past_award(rules: JurisdictionRules, award: Mapping[str, Any], entry_kind: str, field: str) -> PastAward:
    """An earlier award as sent by a client; its tier must be one of the jurisdiction's."""
    tiers = {t.code for t in rules.jurisdiction.tiers}
    if award["tier"] not in tiers:
        raise InvalidInput.on(f"{field}.tier", f"{rules.jurisdiction.code} has tiers: {', '.join(sorted(tiers))}")
    return PastAward(award["tier"], award.get("entry_kind") or entry_kind, award["awarded_on"],
                     award.get("cycle_year") or award["awarded_on"].year, award.get("revoked_on"))


def weighted_total(rules: JurisdictionRules, version: RuleVersion, *, entry_kind: str,
                   stage_scores: Mapping[str, Any], bonus: Any = 0, bonus_counts: Mapping[str, int] | None = None,
                   settings: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The weighted total, plus the regulation's bonus points for counted units (e.g. talents hired),
    each line with its article; ``bonus`` adds points the office awards by hand."""
    import dataclasses

    from core.scoring import bonus_points, weighted_total as combine

    weights = rules.stage_weights(version, entry_kind, settings)
    from_counts, lines = bonus_points(weights.bonus_rules, bonus_counts or {}, field="bonus_counts")
    total = combine(weights, stage_scores, bonus=bonus)  # validates the scores and the manual bonus
    if from_counts:
        total = dataclasses.replace(total, bonus=total.bonus + from_counts, total=total.total + from_counts)
    return {"result": total, "bonus_lines": lines}


def allocate(rules: JurisdictionRules, version: RuleVersion, *, tier: str, ranked: Sequence[Mapping[str, Any]],
             settings: Mapping[str, Any] | None = None):
    """Winners of ``tier`` from one ranking (best first), with every cut and its quota article."""
    from core.allocation import Candidate, allocate as fill

    tiers = {t.code for t in rules.jurisdiction.tiers}
    if tier not in tiers:
        raise InvalidInput.on("tier", f"{rules.jurisdiction.code} has tiers: {', '.join(sorted(tiers))}")
    candidates = [Candidate(str(c["id"]), c["entry_kind"], frozenset(c.get("flags", ())),
                            frozenset(c.get("won_before", ())), frozenset(c.get("excluded_tiers", ())))
                  for c in ranked]
    return fill(rules.quota_plan(version, settings), tier, candidates)


def reward(rules: JurisdictionRules, version: RuleVersion, *, tier: str, entry_kind: str,
           history: Sequence[Mapping[str, Any]] = (), settings: Mapping[str, Any] | None = None):
    past = [_past_award(rules, award, entry_kind, f"history.{index}") for index, award in enumerate(history)]
    return rules.reward(version, tier, entry_kind, past, settings)


def sanction(rules: JurisdictionRules, version: RuleVersion, *, violation: str, decided_on: dt.date,
             occurred_on: dt.date | None = None, award: Mapping[str, Any] | None = None,
             settings: Mapping[str, Any] | None = None):
    past = _past_award(rules, award, award.get("entry_kind") or "organization", "award") if award else None
    return rules.sanction(version, violation, decided_on=decided_on, award=past, occurred_on=occurred_on,
                          settings=settings)


def summary(rules: JurisdictionRules, version: RuleVersion, on_date: dt.date,
            settings: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Everything a version decides, each part with its citations; a part the plugin does not
    implement, or that waits for an unset tenant setting, says so instead of failing the whole."""
    from core.errors import RuleNotImplemented, SettingMissing

    j = rules.jurisdiction

    def part(compute):
        try:
            return compute()
        except (RuleNotImplemented, SettingMissing) as exc:
            return {"unavailable": exc.message, "code": exc.code}

    def reward_of(tier: str, kind: str):
        try:
            return rules.reward(version, tier, kind, (), settings)
        except InvalidInput as exc:  # the regulation gives this tier nothing for this kind (e.g. no such award)
            return {"not_awarded": exc.message, "code": exc.code}

    def rewards():
        return {f"{t.code}/{k.code}": reward_of(t.code, k.code) for t in j.tiers for k in j.entry_kinds}

    return {
        "jurisdiction": j.code, "version": version, "status": version.status_on(on_date),
        "tiers": j.tiers, "entry_kinds": j.entry_kinds,
        "cycle": part(lambda: rules.cycle_plan(version, settings)),
        "quotas": part(lambda: rules.quota_plan(version, settings)),
        "stage_weights": {k.code: part(lambda k=k: rules.stage_weights(version, k.code, settings))
                          for k in j.entry_kinds},
        "first_time_rewards": part(rewards),
        "eligibility": {"implemented": rules.implements("mqa_eligibility"),
                        "facts_schema": f"/api/v1/rules/{j.code}/facts-schema?version={version.code}&entry_kind="},
        "tenant_settings": rules.tenant_settings(version),
    }
