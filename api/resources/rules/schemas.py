import datetime as dt

import marshmallow as ma

from api.schemas import NUMBER_OR_TEXT, SETTING_VALUE, Integer, StrictSchema


YEAR = ma.validate.Range(min=1900, max=2200)
DAY = ma.validate.Range(min=dt.date(1900, 1, 1), max=dt.date(2199, 12, 31),
                        error="must be a day from 1900-01-01 to 2199-12-31")
DAY_PATTERN = r"^(19[0-9]{2}|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
COUNT = {"type": "integer", "minimum": 0}
CODE = ma.validate.Length(min=1, max=100)
"""A code the jurisdiction defines (tier, entry kind, violation, stage, ...): checked against it by the rules."""


class Day(ma.fields.Date):
    """A day from 1900-01-01 to 2199-12-31, the range every rule counts in; the OpenAPI document says so
    with a pattern."""

    def __init__(self, **kwargs):
        kwargs["metadata"] = {"pattern": DAY_PATTERN, **kwargs.get("metadata", {})}
        super().__init__(validate=DAY, **kwargs)


def code(**kwargs) -> ma.fields.String:
    return ma.fields.String(validate=CODE, **kwargs)


class PastAwardSchema(StrictSchema):
    tier = code(required=True, metadata={"description": "a tier code of the jurisdiction"})
    entry_kind = code(load_default=None, metadata={
        "description": "the kind that won it; by default the request's entry kind"})
    awarded_on = Day(load_default=None, allow_none=True, metadata={
        "description": "the award date; may be left out when cycle_year is given and the rule counts cycle years"})
    cycle_year = Integer(load_default=None, allow_none=True, validate=YEAR, metadata={
        "description": "the year (届) of the cycle it was won in; by default the year of awarded_on"})
    revoked_on = Day(load_default=None, allow_none=True)
    category = code(load_default=None, allow_none=True,
                                metadata={"description": "the award category, where the jurisdiction has them"})


class CitationInSchema(StrictSchema):
    jurisdiction = code(required=True)
    version = code(required=True)
    article = code(required=True)
    item = ma.fields.String(load_default=None, allow_none=True)


class PastSanctionSchema(StrictSchema):
    kind = code(required=True, metadata={"description": "e.g. false_application"})
    decided_on = Day(required=True)
    ban_until = Day(load_default=None, allow_none=True,
                               metadata={"description": "last day of the ban"})
    citation = ma.fields.Nested(CitationInSchema, load_default=None, allow_none=True)


CATEGORY = {"description": "an award category (sector) of the jurisdiction, where it has them; "
                           "see the summary's categories"}
SETTINGS = {"description": "values for the settings the rule version leaves open (see the summary's "
                           "tenant_settings), validated as an office's values are; a tenant's own are used "
                           "under /tenant/rules"}


class EligibilityRequestSchema(StrictSchema):
    entry_kind = code(required=True, metadata={"description": "an entry kind of the jurisdiction: "
                                                                          "organization, individual, project, ..."})
    category = code(load_default=None, allow_none=True, metadata=CATEGORY)
    deadline = Day(load_default=None, allow_none=True, metadata={
        "description": "the cycle's application deadline, for conditions the text fixes at it (credit repair); "
                       "on_date by default"})
    facts = ma.fields.Dict(required=True, metadata={
        "description": "the candidate's facts; see the facts schema of the jurisdiction and entry kind"})
    on_date = Day(load_default=None, metadata={
        "description": "evaluation date (the application deadline); today in Asia/Shanghai by default"})
    history = ma.fields.List(ma.fields.Nested(PastAwardSchema), load_default=list,
                             metadata={"description": "earlier awards of the candidate in this jurisdiction"})
    sanctions = ma.fields.List(ma.fields.Nested(PastSanctionSchema), load_default=list)


class StatelessEligibilityRequestSchema(EligibilityRequestSchema):
    version = code(load_default=None, metadata={
        "description": "a rule version code; omitted: the version in force on on_date"})
    settings = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Raw(metadata=SETTING_VALUE), load_default=dict,
                              metadata=SETTINGS)


class TenantFactsSchemaQuerySchema(StrictSchema):
    entry_kind = code(required=True)
    on_date = Day(load_default=None)


class FactsSchemaQuerySchema(TenantFactsSchemaQuerySchema):
    version = code(load_default=None)


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
    on_date = Day(load_default=None,
                             metadata={"description": "the date whose rules apply; today by default"})


class _Versioned(_Dated):
    version = code(load_default=None, metadata={
        "description": "a rule version code; omitted: the version in force on on_date"})


class _StatelessBody(_Versioned):
    settings = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Raw(metadata=SETTING_VALUE), load_default=dict,
                              metadata=SETTINGS)


class TotalRequestSchema(_Dated):
    entry_kind = code(required=True)
    stage_scores = ma.fields.Dict(keys=code(), values=ma.fields.Raw(metadata=NUMBER_OR_TEXT), required=True, metadata={
        "description": "each stage's score on the regulation's scale, e.g. {\"materials\": 820.5}: an integer, "
                       "a JSON number (read exactly, as a decimal) or a decimal string \"820.5\""})
    bonus = ma.fields.Raw(load_default=0, metadata={**NUMBER_OR_TEXT, "description": "extra points added after weighting (a number "
                                                                   "or a decimal string)"})
    bonus_counts = ma.fields.Dict(keys=code(), values=ma.fields.Raw(metadata=COUNT), load_default=dict,
                                  metadata={
        "description": "units the regulation awards bonus points for, e.g. {\"talent\": 2, \"senior_talent\": 1}"})


class CandidateInSchema(StrictSchema):
    id = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    entry_kind = code(required=True)
    category = code(load_default=None, allow_none=True, metadata=CATEGORY)
    flags = ma.fields.List(ma.fields.String(), load_default=list, metadata={"description": "e.g. [\"sme\"]"})
    won_before = ma.fields.List(ma.fields.String(), load_default=list,
                                metadata={"description": "tiers won in earlier cycles (re-winners)"})
    excluded_tiers = ma.fields.List(ma.fields.String(), load_default=list)


class AllocationRequestSchema(_Dated):
    tier = code(load_default=None, metadata={"description": "the tier to fill (or give tiers)"})
    tiers = ma.fields.List(ma.fields.String(), load_default=None, metadata={
        "description": "several tiers to fill from one ranking, highest first, under the caps across tiers"})
    ranked = ma.fields.List(ma.fields.Nested(CandidateInSchema), required=True,
                            metadata={"description": "candidates by comprehensive score, best first"})


FACTS = {"description": "the winner's facts (the jurisdiction's facts schema), where a rule depends on who won"}
FLAGS = {"description": "plain labels about the winner a rule may read, e.g. [\"fiscal_funded\"]"}


class RewardRequestSchema(_Dated):
    tier = code(required=True)
    entry_kind = code(required=True)
    category = code(load_default=None, allow_none=True, metadata=CATEGORY)
    history = ma.fields.List(ma.fields.Nested(PastAwardSchema), load_default=list)
    facts = ma.fields.Dict(load_default=dict, metadata=FACTS)
    flags = ma.fields.List(ma.fields.String(), load_default=list, metadata=FLAGS)


class SanctionRequestSchema(_Dated):
    violation = code(required=True, metadata={
        "description": "a violation code the jurisdiction knows (the summary lists them)"})
    decided_on = Day(required=True)
    occurred_on = Day(load_default=None, allow_none=True)
    award = ma.fields.Nested(PastAwardSchema, load_default=None, allow_none=True)
    entry_kind = code(load_default=None, allow_none=True, metadata={
        "description": "the offender's entry kind, when no award names it"})
    facts = ma.fields.Dict(load_default=dict, metadata=FACTS)
    flags = ma.fields.List(ma.fields.String(), load_default=list, metadata=FLAGS)


class NoticeRequestSchema(_Dated):
    stage = code(required=True, metadata={"description": "the stage of the notice (the cycle plan's "
                                                                     "notices, listed in the summary)"})
    published_on = Day(required=True,
                                  metadata={"description": "the day the notice is published"})


class SummaryQuerySchema(_Dated):
    pass


StatelessTotalSchema = type("StatelessTotalSchema", (TotalRequestSchema, _StatelessBody), {})
StatelessAllocationSchema = type("StatelessAllocationSchema", (AllocationRequestSchema, _StatelessBody), {})
StatelessRewardSchema = type("StatelessRewardSchema", (RewardRequestSchema, _StatelessBody), {})
StatelessSanctionSchema = type("StatelessSanctionSchema", (SanctionRequestSchema, _StatelessBody), {})
StatelessNoticeSchema = type("StatelessNoticeSchema", (NoticeRequestSchema, _StatelessBody), {})
StatelessSummaryQuerySchema = type("StatelessSummaryQuerySchema", (_Versioned,), {})
