"""Query and answer shapes of the impact report (issue 13) and the central admins' view of rule bindings."""
from __future__ import annotations

import marshmallow as ma

from api.paging import PageQuerySchema
from api.schemas import Boolean, StrictSchema, Translated, TranslatedDict
from core.reports.impact import BINDING_STATUSES

VERSION = ma.fields.String(load_default=None, validate=ma.validate.Length(min=1, max=32), metadata={
    "description": "required: the rule version to compare the cycle's pinned version with (e.g. 2023); checked "
                   "after the cycle, so another tenant's cycle is 404 whatever is asked"})


class ImpactQuerySchema(PageQuerySchema):
    version = VERSION
    changed_only = Boolean(load_default=False, metadata={"description": "only applications with a difference"})


class ImpactVersionQuerySchema(StrictSchema):
    version = VERSION


class ImpactPageSchema(ma.Schema):
    summary = TranslatedDict(required=True, metadata={
        "description": "both versions (code, title, stage, status today), counts of applications, changed "
                       "applications and differences by aspect, eligibility outcomes, totals available or why not, "
                       "winners per tier and reward totals (yuan) under each version"})
    cycle_differences = ma.fields.List(TranslatedDict(), required=True, metadata={
        "description": "what changes for the whole cycle: stage weights, quotas, allocation notes (shortfalls, "
                       "preferences), each with bound_citations and other_citations"})
    items = ma.fields.List(TranslatedDict(), required=True, metadata={
        "description": "applications by id: {application_id, applicant_name, entry_kind, status, on_date, changed, "
                       "changed_aspects, bound: {eligibility, placement, reward}, other: {...}, differences: [...]}"})
    next_cursor = ma.fields.String(allow_none=True, required=True, metadata={
        "description": "Pass as cursor for the next page; null on the last page"})


class AdminImpactSchema(ma.Schema):
    tenant = ma.fields.String()
    summary = TranslatedDict()
    differences_by_article = ma.fields.List(ma.fields.Dict(), metadata={
        "description": "[{aspect, condition, bound_articles, other_articles, bound, other, applications, "
                       "cycle_level}]: counts only, no application, no name, no fact"})


class RuleBindingQuerySchema(PageQuerySchema):
    status = ma.fields.String(validate=ma.validate.OneOf(BINDING_STATUSES), metadata={
        "description": "only the tenants whose bound version is in this state today"})


class OpenCyclesSchema(ma.Schema):
    rule_version = ma.fields.String()
    status = ma.fields.String()
    cycles = ma.fields.Integer()


class RuleBindingSchema(ma.Schema):
    tenant_id = ma.fields.Integer()
    code = ma.fields.String()
    name = ma.fields.String()
    tenant_status = ma.fields.String()
    jurisdiction = ma.fields.String()
    bound_version = ma.fields.String(allow_none=True, metadata={"description": "null: follows the version in force"})
    follows_in_force = ma.fields.Boolean()
    effective_version = ma.fields.String(allow_none=True)
    status = ma.fields.String(metadata={"description": ", ".join(BINDING_STATUSES)})
    problem = Translated(allow_none=True)
    open_cycles = ma.fields.List(ma.fields.Nested(OpenCyclesSchema), metadata={
        "description": "the versions the tenant's open cycles pinned, with their status today and how many"})
