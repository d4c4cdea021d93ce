"""Eligibility verdicts: every condition judged, every failure listed with its citation."""
from __future__ import annotations

import datetime as dt
import enum
import functools
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import marshmallow as ma

from core.engine.messages import _
from core.engine.errors import InvalidInput, RuleNotImplemented
from core.engine.facts import CORE_SCHEMAS
from core.engine.plugins import JurisdictionRules
from core.engine.rules import Finding, Outcome, PastAward, PastSanction, RuleVersion


class VerdictStatus(str, enum.Enum):
    ELIGIBLE = "eligible"
    PENDING_CONFIRMATION = "pending_confirmation"
    """No condition failed, but some need an office's confirmation first."""
    INELIGIBLE = "ineligible"


@dataclass(frozen=True)
class Verdict:
    jurisdiction: str
    version: str
    entry_kind: str
    on_date: dt.date
    findings: tuple[Finding, ...]

    @property
    def failed(self) -> list[Finding]:
        return [f for f in self.findings if f.outcome is Outcome.FAILED]

    @property
    def pending(self) -> list[Finding]:
        return [f for f in self.findings if f.outcome is Outcome.NEEDS_ATTESTATION]

    @property
    def excluded_tiers(self) -> list[str]:
        return sorted({f.excludes_tier for f in self.findings if f.excludes_tier})

    @property
    def status(self) -> VerdictStatus:
        outcomes = {f.outcome for f in self.findings}
        if Outcome.FAILED in outcomes:
            return VerdictStatus.INELIGIBLE
        if Outcome.NEEDS_ATTESTATION in outcomes:
            return VerdictStatus.PENDING_CONFIRMATION
        return VerdictStatus.ELIGIBLE


def facts_schema(rules: JurisdictionRules, version: RuleVersion, entry_kind: str) -> ma.Schema:
    """The facts schema the jurisdiction names for ``version`` and ``entry_kind``: one shared instance
    per schema class, built on first use. The hook still answers every call (a plugin installed anew,
    or an overlay, is honoured); only the construction (~0.7 ms of copying and binding fields) is
    saved. Shared instances are safe: :meth:`marshmallow.Schema.load` keeps its per-call options
    (``partial``, ``unknown``) in its arguments, and nothing here sets state on a schema."""
    rules.jurisdiction.check_entry_kind(entry_kind)
    schema_class = rules.facts_schema(version, entry_kind) or CORE_SCHEMAS.get(entry_kind)
    if schema_class is None:
        raise RuleNotImplemented(_("{code} publishes no facts schema for {entry_kind}",
                                   code=rules.jurisdiction.code, entry_kind=entry_kind))
    return _instance(schema_class)


@functools.lru_cache(maxsize=256)
def _instance(schema_class: type[ma.Schema]) -> ma.Schema:
    return schema_class()


PLACE_FIELDS = frozenset({"registration_city", "registration_county", "location_city"})
"""Facts that name a place: a jurisdiction's code (``nantong``) is accepted for its name (南通市)."""


def load_facts(rules: JurisdictionRules, version: RuleVersion, entry_kind: str,
               raw: Mapping[str, Any]) -> dict[str, Any]:
    """Validate raw facts; every field at fault is named (``facts.<path>``). A place given as an
    installed jurisdiction's code is read as that jurisdiction's name."""
    try:
        facts = facts_schema(rules, version, entry_kind).load(raw)
    except ma.ValidationError as exc:
        raise InvalidInput("the facts do not fit the jurisdiction's facts schema",
                           fields=_prefixed("facts", exc.normalized_messages())) from None
    return _named_places(facts, rules.place_names)


def _named_places(facts: dict[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    for key, value in facts.items():
        if key in PLACE_FIELDS and isinstance(value, str) and value in names:
            facts[key] = names[value]
        elif isinstance(value, dict):
            _named_places(value, names)
    return facts


def _prefixed(prefix: str, messages: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            out.update(_prefixed(f"{prefix}.{key}", value))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        out[prefix] = list(messages)
    elif isinstance(messages, list):
        for index, value in enumerate(messages):
            out.update(_prefixed(f"{prefix}.{index}", value))
    else:
        out[prefix] = [str(messages)]
    return out


def assess(rules: JurisdictionRules, version: RuleVersion, entry_kind: str, facts: Mapping[str, Any], *,
           on_date: dt.date, history: Sequence[PastAward] = (), sanctions: Sequence[PastSanction] = (),
           settings: Mapping[str, Any] | None = None, category: str | None = None,
           deadline: dt.date | None = None) -> Verdict:
    """Judge already-validated facts. Refuses a jurisdiction that implements no eligibility rules.
    ``deadline`` is the cycle's application deadline (``on_date`` when not given)."""
    if not rules.implements("mqa_eligibility"):
        raise RuleNotImplemented(_("{code} implements no eligibility rules yet",
                                   code=rules.jurisdiction.code))
    findings = rules.eligibility(version=version, entry_kind=entry_kind, facts=facts, history=history,
                                 sanctions=sanctions, on_date=on_date, settings=settings or {},
                                 category=category, deadline=deadline or on_date)
    return Verdict(rules.jurisdiction.code, version.code, entry_kind, on_date, tuple(findings))
