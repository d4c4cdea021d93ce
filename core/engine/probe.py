"""Which facts a jurisdiction actually reads, and which conditions wait for an office's confirmation.

The facts vocabulary is shared, so a city's schema lists many fields its rules never look at. The
probe runs the city's eligibility hook on generated sample facts (every field filled, every list
with one element, once with every flag true and once false, so both branches of a rule run) through
a mapping that records each key the rules read. It cannot see a read on a branch that neither
sample takes, so it reports what was *seen*; every read it reports is real.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping as MappingABC
from typing import Any, Iterator, Mapping

import marshmallow as ma
from marshmallow import validate

from core.engine.eligibility import facts_schema
from core.engine.plugins import JurisdictionRules
from core.engine.rules import Outcome, RuleVersion

_CACHE: dict[tuple[str, str, str], tuple[object, dict[str, list[str]]]] = {}
PROBE_DAY = dt.date(2024, 6, 30)


def facts_read(rules: JurisdictionRules, version: RuleVersion, entry_kind: str) -> dict[str, list[str]]:
    """``{"fields": [paths read], "confirmations": [condition ids an office confirms]}``, sorted.

    Nested paths are dotted; an element of a list is ``field[]`` (``accidents[].grade``).
    """
    key = (rules.jurisdiction.code, version.code, entry_kind)
    plugin = rules.installed.plugin
    cached = _CACHE.get(key)
    if cached is None or cached[0] is not plugin:  # the same code installed anew (tests) is probed anew
        cached = _CACHE[key] = (plugin, _probe(rules, version, entry_kind))
    return cached[1]


def _probe(rules: JurisdictionRules, version: RuleVersion, entry_kind: str) -> dict[str, list[str]]:
    schema = facts_schema(rules, version, entry_kind)
    seen: set[str] = set()
    confirmations: set[str] = set()
    if not rules.implements("mqa_eligibility"):
        return {"fields": [], "confirmations": []}
    for facts in sample_facts(schema):
        recorder = _Recorder(facts, "", seen)
        try:
            findings = rules.eligibility(version=version, entry_kind=entry_kind, facts=recorder, history=(),
                                         sanctions=(), on_date=PROBE_DAY, settings={})
        except Exception:  # noqa: BLE001 - a sample a rule cannot judge still tells what it read before
            continue
        confirmations.update(f.condition for f in findings if f.outcome is Outcome.NEEDS_ATTESTATION)
    seen.discard("confirmations")
    return {"fields": sorted(seen), "confirmations": sorted(confirmations)}


class _Recorder(MappingABC):
    """A read-only view of facts that notes every key looked up (iteration alone notes nothing)."""

    __slots__ = ("_data", "_prefix", "_seen")

    def __init__(self, data: Mapping[str, Any], prefix: str, seen: set[str]) -> None:
        self._data, self._prefix, self._seen = data, prefix, seen

    def _path(self, key: str) -> str:
        return f"{self._prefix}.{key}" if self._prefix else key

    def __getitem__(self, key: str) -> Any:
        path = self._path(key)
        self._seen.add(path)
        return _wrap(self._data[key], path, self._seen)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self._seen.add(self._path(key))
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


def _wrap(value: Any, path: str, seen: set[str]) -> Any:
    if isinstance(value, Mapping):
        return _Recorder(value, path, seen)
    if isinstance(value, list):
        return [_wrap(item, f"{path}[]", seen) for item in value]
    return value


def sample_facts(schema: ma.Schema) -> Iterator[dict[str, Any]]:
    """Facts the schema loads, with every field filled and every list of one element: once with every
    flag true, once false. A sample the generator cannot fill for a plugin's own field is left out."""
    for flag in (True, False):
        try:
            yield schema.load(_sample(schema, flag))
        except ma.ValidationError:
            continue


def _sample(schema: ma.Schema, flag: bool) -> dict[str, Any]:
    return {name: _value(name, field, flag) for name, field in schema.fields.items()
            if not field.dump_only and name != "confirmations"}


def _value(name: str, field: ma.fields.Field, flag: bool) -> Any:
    choices = next((v.choices for v in _validators(field) if isinstance(v, validate.OneOf)), None)
    if choices:
        choices = list(choices)
        return choices[0] if flag else choices[-1]
    if isinstance(field, ma.fields.Nested):
        return _sample(field.schema, flag)
    if isinstance(field, ma.fields.List):
        return [_value(name, field.inner, flag)]
    if isinstance(field, ma.fields.Dict):
        return {}
    if isinstance(field, ma.fields.Boolean):
        return flag
    if isinstance(field, ma.fields.Date):
        return (PROBE_DAY - dt.timedelta(days=365 * (12 if flag else 1))).isoformat()
    if isinstance(field, ma.fields.Integer):
        low, high = _range(field)
        wanted = PROBE_DAY.year - 1 if "year" in name else (3 if flag else 0)
        if low is not None:
            wanted = max(wanted, low)
        if high is not None:
            wanted = min(wanted, high)
        return wanted
    if isinstance(field, (ma.fields.Decimal, ma.fields.Float, ma.fields.Number)):
        return 1
    return "样例"


def _validators(field: ma.fields.Field) -> list[Any]:
    return list(getattr(field, "validators", ()) or ())


def _range(field: ma.fields.Field) -> tuple[Any, Any]:
    for v in _validators(field):
        if isinstance(v, validate.Range):
            return v.min, v.max
    return None, None
