"""The rule API's use cases: which version applies, facts schemas; the computations live in core.engine.computations."""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping, Sequence

import marshmallow as ma

from core.engine.messages import _
from core.engine.computations import (  # noqa: F401 - the rule API's use cases, re-exported for the routes
    allocate, check_eligibility, notice_dates, reward, sanction, summary, validated_settings, weighted_total,
)
from core.engine.eligibility import facts_schema
from core.errors import NotFound
from core.platform.models import Tenant
from core.engine.plugins import JurisdictionRegistry, JurisdictionRules
from core.engine.rules import RuleVersion


def version_for(registry: JurisdictionRegistry, jurisdiction: str, version_code: str | None,
                on_date: dt.date) -> tuple[JurisdictionRules, RuleVersion]:
    """The named version (404 if unknown), or the one in force on ``on_date`` (422 naming the versions)."""
    rules = registry.rules(jurisdiction)
    j = rules.jurisdiction
    if version_code is not None:
        try:
            return rules, j.version(version_code)
        except NotFound:
            raise NotFound(_("rule version of {jurisdiction} (it has: {versions})", jurisdiction=jurisdiction,
                             versions=", ".join(v.code for v in j.versions)), version_code) from None
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


def facts_json_schema_marked(rules: JurisdictionRules, version: RuleVersion, entry_kind: str) -> dict[str, Any]:
    """The JSON schema, each field the jurisdiction's rules read marked ``"x-mqa-read": true`` and the
    conditions an office confirms listed under ``x-mqa-confirmations``."""
    from core.engine.probe import facts_read

    schema = facts_json_schema(rules, version, entry_kind)
    read = facts_read(rules, version, entry_kind)
    top = {path.split(".")[0].removesuffix("[]") for path in read["fields"]}
    for name, prop in schema.get("properties", {}).items():
        prop["x-mqa-read"] = name in top
    schema["x-mqa-read-paths"] = read["fields"]
    schema["x-mqa-confirmations"] = read["confirmations"]
    return schema
