import marshmallow as ma

from api.paging import PageQuerySchema
from api.schemas import Boolean, Integer, StrictSchema

CONDITION = ma.validate.Length(min=1, max=100)
TEXT = ma.validate.Length(min=1, max=2000)


class StoredCitationSchema(ma.Schema):
    jurisdiction = ma.fields.String()
    version = ma.fields.String()
    article = ma.fields.String()
    item = ma.fields.String(allow_none=True)
    note = ma.fields.String(allow_none=True)
    text = ma.fields.String(metadata={"description": "as people read it, e.g. nantong/2023 第二十九条"})


class StoredFindingSchema(ma.Schema):
    condition = ma.fields.String()
    outcome = ma.fields.String(metadata={"description": "passed, failed or needs_attestation"})
    citation = ma.fields.Nested(StoredCitationSchema)
    explanation = ma.fields.String()
    facts_used = ma.fields.Dict()
    excludes_tier = ma.fields.String(allow_none=True)


class AttestationSchema(ma.Schema):
    id = ma.fields.Integer()
    screening_id = ma.fields.Integer()
    condition = ma.fields.String()
    holds = ma.fields.Boolean()
    note = ma.fields.String()
    citation = ma.fields.Nested(StoredCitationSchema)
    confirmed_by_id = ma.fields.Integer(allow_none=True)
    confirmed_at = ma.fields.DateTime()


class ScreeningSchema(ma.Schema):
    id = ma.fields.Integer()
    application_id = ma.fields.Integer()
    number = ma.fields.Integer(metadata={"description": "1 for the first screening; every later one is kept"})
    rule_version_code = ma.fields.String()
    facts_number = ma.fields.Integer(metadata={"description": "the version of the facts judged"})
    on_date = ma.fields.Date()
    outcome = ma.fields.Function(lambda s: s.outcome.value,
                                 metadata={"description": "eligible, ineligible or needs_attestation"})
    inputs = ma.fields.Dict(metadata={"description": "what the rules read: facts_number, history and sanctions "
                                                     "from the tenant's ledger, settings, deadline, category"})
    findings = ma.fields.List(ma.fields.Nested(StoredFindingSchema), metadata={
        "description": "the trace: every condition judged, with its article"})
    job_id = ma.fields.String(allow_none=True)
    created_by_id = ma.fields.Integer(allow_none=True)
    created_at = ma.fields.DateTime()


class ScreeningDetailSchema(ScreeningSchema):
    attestations = ma.fields.List(ma.fields.Nested(AttestationSchema))


class ScreenRequestSchema(StrictSchema):
    pass


class CycleScreenRequestSchema(StrictSchema):
    pass


class AttestationRequestSchema(StrictSchema):
    condition = ma.fields.String(required=True, validate=CONDITION, metadata={
        "description": "a condition the screening left to the office (outcome needs_attestation)"})
    holds = Boolean(required=True, metadata={"description": "true: the office confirms the condition holds"})
    note = ma.fields.String(required=True, validate=TEXT, metadata={"description": "what was checked, and how"})


class RejectReasonCitationSchema(StrictSchema):
    article = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=64),
                               metadata={"description": "e.g. 第十一条 (of the cycle's pinned rule version)"})
    item = ma.fields.String(load_default=None, allow_none=True, validate=ma.validate.Length(max=64),
                            metadata={"description": "e.g. （三）"})
    note = ma.fields.String(load_default=None, allow_none=True, validate=ma.validate.Length(max=500))


class RejectReasonSchema(StrictSchema):
    text = ma.fields.String(required=True, validate=TEXT)
    citation = ma.fields.Nested(RejectReasonCitationSchema, required=True, metadata={
        "description": "the article of the cycle's pinned rule version the reason rests on (不予受理 is reasoned)"})


class RejectRequestSchema(StrictSchema):
    reasons = ma.fields.List(ma.fields.Nested(RejectReasonSchema), load_default=list,
                             validate=ma.validate.Length(max=50), metadata={
        "description": "the office's own reasons; the failed conditions of the latest screening (with their "
                       "articles) are added first. At least one reason in all."})


class DecisionRequestSchema(StrictSchema):
    pass


class DecisionReasonSchema(ma.Schema):
    text = ma.fields.String()
    citation = ma.fields.Nested(StoredCitationSchema, allow_none=True)


class ApplicationDecisionSchema(ma.Schema):
    id = ma.fields.Integer()
    cycle_id = ma.fields.Integer()
    status = ma.fields.Function(lambda a: a.status.value)
    facts_number = ma.fields.Integer()
    decided_at = ma.fields.DateTime(allow_none=True)
    decided_by_id = ma.fields.Integer(allow_none=True)
    decision_reasons = ma.fields.List(ma.fields.Nested(DecisionReasonSchema), metadata={
        "description": "what the applicant sees on its application: each reason with its article"})
    flags = ma.fields.List(ma.fields.Dict())
    group_key = ma.fields.String(allow_none=True)
    version = ma.fields.Integer()


class CorrectionItemSchema(StrictSchema):
    field = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200),
                             metadata={"description": "the fact or attachment at fault, e.g. facts.founded_on"})
    problem = ma.fields.String(required=True, validate=TEXT)


class CorrectionRequestSchema(StrictSchema):
    items = ma.fields.List(ma.fields.Nested(CorrectionItemSchema), required=True,
                           validate=ma.validate.Length(min=1, max=100))
    deadline = ma.fields.Date(required=True, metadata={"description": "the last day included (Asia/Shanghai), "
                                                                      "today or later"})


class ExtensionRequestSchema(StrictSchema):
    deadline = ma.fields.Date(required=True, metadata={"description": "later than the current deadline"})
    reason = ma.fields.String(required=True, validate=TEXT)


class CorrectionSchema(ma.Schema):
    id = ma.fields.Integer()
    application_id = ma.fields.Integer()
    items = ma.fields.List(ma.fields.Dict())
    deadline = ma.fields.Date()
    status = ma.fields.Method("shown_status", metadata={
        "description": "open, answered, or lapsed (the deadline passed unanswered; shown so when read)"})
    extensions = ma.fields.List(ma.fields.Dict(), metadata={"description": "[{from, to, reason, by, at}]"})
    requested_by_id = ma.fields.Integer(allow_none=True)
    requested_at = ma.fields.DateTime()
    answered_at = ma.fields.DateTime(allow_none=True)
    version = ma.fields.Integer()

    def shown_status(self, correction):
        from core.applications.corrections import shown_status

        return shown_status(correction)


class GroupRequestSchema(StrictSchema):
    group = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200),
                             metadata={"description": "the group's (集团's) name"})
    application_ids = ma.fields.List(Integer(validate=ma.validate.Range(min=1, max=2**62)), required=True,
                                     validate=ma.validate.Length(min=1, max=200))


class DesignateRequestSchema(StrictSchema):
    application_id = Integer(required=True, validate=ma.validate.Range(min=1, max=2**62))


class GroupAnswerSchema(ma.Schema):
    applications = ma.fields.List(ma.fields.Nested(ApplicationDecisionSchema))


class ScreeningQuerySchema(PageQuerySchema):
    pass


class CorrectionQuerySchema(PageQuerySchema):
    pass
