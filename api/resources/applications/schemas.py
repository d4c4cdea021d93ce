import marshmallow as ma

from api.paging import PageQuerySchema
from api.schemas import Integer, StrictSchema
from core.applications.models import ApplicationStatus, RequestStatus
from core.platform.db import MAX_ID

CODE = ma.validate.Length(min=1, max=64)
FACTS_HELP = ("The facts the jurisdiction's facts schema asks for (GET /api/v1/tenant/rules/facts-schema); "
              "a draft may be half-filled: every field given is checked, each fault named facts.<path>")


def _tiers(**kwargs) -> ma.fields.List:
    return ma.fields.List(ma.fields.String(validate=ma.validate.Length(min=1, max=32)),
                          validate=ma.validate.Length(min=1, max=10),
                          metadata={"description": "The tier(s) applied for, among the cycle's"}, **kwargs)


def _category(**kwargs) -> ma.fields.String:
    return ma.fields.String(allow_none=True, validate=CODE, metadata={
        "description": "Required where the cycle awards by category; otherwise absent or null"}, **kwargs)


class ApplicationCreateSchema(StrictSchema):
    cycle_id = Integer(required=True, validate=ma.validate.Range(min=1, max=MAX_ID))
    entry_kind = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=32),
                                  metadata={"description": "organization, individual, ... among the cycle's"})
    tiers = _tiers(required=True)
    category = _category(load_default=None)
    facts = ma.fields.Dict(keys=ma.fields.String(validate=ma.validate.Length(min=1, max=100)),
                           load_default=dict, metadata={"description": FACTS_HELP})


class ApplicationUpdateSchema(StrictSchema):
    tiers = _tiers()
    category = _category()
    facts = ma.fields.Dict(keys=ma.fields.String(validate=ma.validate.Length(min=1, max=100)), metadata={
        "description": "Replaces the stored facts as a whole (checked as far as filled)"})


class ApplicationQuerySchema(PageQuerySchema):
    cycle_id = Integer(validate=ma.validate.Range(min=1, max=MAX_ID))
    status = ma.fields.Enum(ApplicationStatus, by_value=True, metadata={
        "description": "The office's list leaves drafts out unless status=draft is asked"})


class ChangeRequestCreateSchema(StrictSchema):
    facts = ma.fields.Dict(keys=ma.fields.String(validate=ma.validate.Length(min=1, max=100)), required=True,
                           metadata={"description": "The complete new facts (checked completely)"})
    reason = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=2000))


class ChangeApprovalSchema(StrictSchema):
    note = ma.fields.String(load_default="", validate=ma.validate.Length(max=2000))


class ChangeRefusalSchema(StrictSchema):
    note = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=2000),
                            metadata={"description": "Why the change is refused (told to the applicant)"})


class ApplicationDeadlinesSchema(ma.Schema):
    application_stage_ends_on = ma.fields.Date(allow_none=True, metadata={
        "description": "Last day (included, Asia/Shanghai) of the cycle's application stage"})
    extended_to = ma.fields.Date(allow_none=True, metadata={"description": "An extension for this application"})
    submission = ma.fields.Date(allow_none=True, metadata={"description": "The later of the two: submit by then"})
    correction = ma.fields.Date(allow_none=True, metadata={
        "description": "Answer the open request for corrections by then"})


class ApplicationItemSchema(ma.Schema):
    id = ma.fields.Integer()
    cycle_id = ma.fields.Integer()
    applicant_id = ma.fields.Integer()
    entry_kind = ma.fields.String()
    tiers = ma.fields.List(ma.fields.String())
    category = ma.fields.String(allow_none=True)
    status = ma.fields.Function(lambda a: a.status.value, metadata={"enum": [s.value for s in ApplicationStatus]})
    facts_number = ma.fields.Integer(metadata={"description": "The kept version the facts are (0: never submitted)"})
    submitted_at = ma.fields.DateTime(allow_none=True)
    submission_deadline = ma.fields.Date(allow_none=True, metadata={"description": "An extension the office granted"})
    decided_at = ma.fields.DateTime(allow_none=True)
    created_at = ma.fields.DateTime()
    updated_at = ma.fields.DateTime()
    version = ma.fields.Integer(metadata={"description": 'Send as If-Match: "<version>" to change it'})


class ApplicationSchema(ApplicationItemSchema):
    facts = ma.fields.Dict()
    group_key = ma.fields.String(allow_none=True)
    flags = ma.fields.List(ma.fields.Dict())
    decision_reasons = ma.fields.List(ma.fields.Dict(), metadata={"description": "[{text, citation}]"})
    deadlines = ma.fields.Nested(ApplicationDeadlinesSchema)


class ApplicationVersionSchema(ma.Schema):
    id = ma.fields.Integer()
    number = ma.fields.Integer()
    facts = ma.fields.Dict()
    entry_kind = ma.fields.String()
    tiers = ma.fields.List(ma.fields.String())
    category = ma.fields.String(allow_none=True)
    reason = ma.fields.String(metadata={"description": "submission, change_request or correction"})
    change_request_id = ma.fields.Integer(allow_none=True)
    created_at = ma.fields.DateTime()


class ChangeRequestSchema(ma.Schema):
    id = ma.fields.Integer()
    application_id = ma.fields.Integer()
    facts = ma.fields.Dict()
    reason = ma.fields.String()
    status = ma.fields.Function(lambda c: c.status.value, metadata={
        "enum": [s.value for s in RequestStatus]})
    requested_at = ma.fields.DateTime()
    decided_at = ma.fields.DateTime(allow_none=True)
    decision_note = ma.fields.String()
    version = ma.fields.Integer()


class ChangeAppliedToSchema(ma.Schema):
    id = ma.fields.Integer()
    status = ma.fields.String()
    facts_number = ma.fields.Integer()
    version = ma.fields.Integer()
    rescreening = ma.fields.Boolean(metadata={
        "description": "true: the application was accepted and goes back to submitted to be screened again"})


class ChangeDecisionSchema(ChangeRequestSchema):
    applied_to = ma.fields.Nested(ChangeAppliedToSchema, metadata={"description": "The application after the decision"})
