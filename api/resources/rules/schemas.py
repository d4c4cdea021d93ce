import datetime as dt

import marshmallow as ma

from api.schemas import StrictSchema


class PastAwardSchema(StrictSchema):
    tier = ma.fields.String(required=True, metadata={"description": "a tier code of the jurisdiction"})
    entry_kind = ma.fields.String(load_default=None)
    awarded_on = ma.fields.Date(required=True)
    cycle_year = ma.fields.Integer(load_default=None)
    revoked_on = ma.fields.Date(load_default=None, allow_none=True)


class CitationInSchema(StrictSchema):
    jurisdiction = ma.fields.String(required=True)
    version = ma.fields.String(required=True)
    article = ma.fields.String(required=True)
    item = ma.fields.String(load_default=None, allow_none=True)


class PastSanctionSchema(StrictSchema):
    kind = ma.fields.String(required=True, metadata={"description": "e.g. false_application"})
    decided_on = ma.fields.Date(required=True)
    ban_until = ma.fields.Date(load_default=None, allow_none=True, metadata={"description": "last day of the ban"})
    citation = ma.fields.Nested(CitationInSchema, load_default=None, allow_none=True)


class EligibilityRequestSchema(StrictSchema):
    entry_kind = ma.fields.String(required=True, metadata={"description": "organization or individual"})
    facts = ma.fields.Dict(required=True, metadata={
        "description": "the candidate's facts; see the facts schema of the jurisdiction and entry kind"})
    on_date = ma.fields.Date(load_default=None, metadata={
        "description": "evaluation date (the application deadline); today in Asia/Shanghai by default"})
    history = ma.fields.List(ma.fields.Nested(PastAwardSchema), load_default=list,
                             metadata={"description": "earlier awards of the candidate in this jurisdiction"})
    sanctions = ma.fields.List(ma.fields.Nested(PastSanctionSchema), load_default=list)


class StatelessEligibilityRequestSchema(EligibilityRequestSchema):
    version = ma.fields.String(load_default=None, metadata={
        "description": "a rule version code; omitted: the version in force on on_date"})


class TenantFactsSchemaQuerySchema(StrictSchema):
    entry_kind = ma.fields.String(required=True)
    on_date = ma.fields.Date(load_default=None)


class FactsSchemaQuerySchema(TenantFactsSchemaQuerySchema):
    version = ma.fields.String(load_default=None)


def _jsonable(value):
    if isinstance(value, (dt.date,)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


class CitationSchema(ma.Schema):
    jurisdiction = ma.fields.String()
    version = ma.fields.String()
    article = ma.fields.String()
    item = ma.fields.String(allow_none=True)
    text = ma.fields.Function(str, metadata={"description": "e.g. nantong/2023 第十一条（二）"})


class FindingSchema(ma.Schema):
    condition = ma.fields.String()
    outcome = ma.fields.Function(lambda f: f.outcome.value,
                                 metadata={"description": "passed, failed or needs_attestation"})
    citation = ma.fields.Nested(CitationSchema)
    explanation = ma.fields.String()
    facts_used = ma.fields.Function(lambda f: _jsonable(dict(f.facts_used)))
    excludes_tier = ma.fields.String(allow_none=True)


class VerdictSchema(ma.Schema):
    jurisdiction = ma.fields.String()
    version = ma.fields.String()
    entry_kind = ma.fields.String()
    on_date = ma.fields.Date()
    status = ma.fields.Function(lambda v: v.status.value, metadata={
        "description": "eligible, pending_confirmation (no failure, some conditions await the office) or ineligible"})
    failed = ma.fields.List(ma.fields.Nested(FindingSchema), metadata={"description": "every failed condition"})
    pending_confirmation = ma.fields.List(ma.fields.Nested(FindingSchema), attribute="pending")
    excluded_tiers = ma.fields.List(ma.fields.String())
    trace = ma.fields.List(ma.fields.Nested(FindingSchema), attribute="findings", metadata={
        "description": "every rule that ran, on which facts, with what result"})


class _Dated(StrictSchema):
    on_date = ma.fields.Date(load_default=None, metadata={"description": "the date whose rules apply; today by default"})


class _Versioned(_Dated):
    version = ma.fields.String(load_default=None, metadata={
        "description": "a rule version code; omitted: the version in force on on_date"})


class TotalRequestSchema(_Dated):
    entry_kind = ma.fields.String(required=True)
    stage_scores = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Raw(), required=True, metadata={
        "description": "each stage's score on the regulation's scale, e.g. {\"materials\": 820}; "
                       "send decimals as strings for exactness"})
    bonus = ma.fields.Raw(load_default=0, metadata={"description": "extra points added after weighting"})
    bonus_counts = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Raw(), load_default=dict, metadata={
        "description": "units the regulation awards bonus points for, e.g. {\"talent\": 2, \"senior_talent\": 1}"})


class CandidateInSchema(StrictSchema):
    id = ma.fields.String(required=True)
    entry_kind = ma.fields.String(required=True)
    flags = ma.fields.List(ma.fields.String(), load_default=list, metadata={"description": "e.g. [\"sme\"]"})
    won_before = ma.fields.List(ma.fields.String(), load_default=list,
                                metadata={"description": "tiers won in earlier cycles (re-winners)"})
    excluded_tiers = ma.fields.List(ma.fields.String(), load_default=list)


class AllocationRequestSchema(_Dated):
    tier = ma.fields.String(required=True)
    ranked = ma.fields.List(ma.fields.Nested(CandidateInSchema), required=True,
                            metadata={"description": "candidates by comprehensive score, best first"})


class RewardRequestSchema(_Dated):
    tier = ma.fields.String(required=True)
    entry_kind = ma.fields.String(required=True)
    history = ma.fields.List(ma.fields.Nested(PastAwardSchema), load_default=list)


class SanctionRequestSchema(_Dated):
    violation = ma.fields.String(required=True, metadata={"description": "a violation code the jurisdiction knows"})
    decided_on = ma.fields.Date(required=True)
    occurred_on = ma.fields.Date(load_default=None, allow_none=True)
    award = ma.fields.Nested(PastAwardSchema, load_default=None, allow_none=True)


class SummaryQuerySchema(_Dated):
    pass


StatelessTotalSchema = type("StatelessTotalSchema", (TotalRequestSchema, _Versioned), {})
StatelessAllocationSchema = type("StatelessAllocationSchema", (AllocationRequestSchema, _Versioned), {})
StatelessRewardSchema = type("StatelessRewardSchema", (RewardRequestSchema, _Versioned), {})
StatelessSanctionSchema = type("StatelessSanctionSchema", (SanctionRequestSchema, _Versioned), {})
StatelessSummaryQuerySchema = type("StatelessSummaryQuerySchema", (_Versioned,), {})
