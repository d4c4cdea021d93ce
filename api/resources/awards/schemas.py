import marshmallow as ma

from api.paging import PageQuerySchema
from api.resources.review.schemas import ReviewCitationSchema
from api.schemas import Integer, StrictSchema
from core.awards.sanctions import REVERSAL_KINDS
from core.platform.db import MAX_ID

ID = ma.validate.Range(min=1, max=MAX_ID)
YUAN = ma.validate.Range(min=1, max=10 ** 11)


class ApprovedWinnerSchema(StrictSchema):
    application_id = Integer(required=True, validate=ID)
    tier = ma.fields.String(validate=ma.validate.Length(min=1, max=64))


class ApprovalCreateSchema(StrictSchema):
    body = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200),
                            metadata={"description": "who approved, e.g. 南通市人民政府"})
    document_number = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=100),
                                       metadata={"description": "文号"})
    approved_on = ma.fields.Date(required=True)
    winners = ma.fields.List(ma.fields.Nested(ApprovedWinnerSchema), validate=ma.validate.Length(min=1, max=500),
                             metadata={"description": "omitted: every name that passed the closed notice"})
    certificate_prefix = ma.fields.String(load_default="", validate=ma.validate.Regexp(
        r"^[A-Za-z0-9\u4e00-\u9fff〔〕()\-]{0,32}$", error="letters, digits, Chinese characters, 〔〕()- (at most 32)"))
    note = ma.fields.String(load_default="", validate=ma.validate.Length(max=2000))


class ApprovalSchema(ma.Schema):
    id = ma.fields.Integer()
    cycle_id = ma.fields.Integer()
    body = ma.fields.String()
    document_number = ma.fields.String()
    approved_on = ma.fields.Date()
    winners = ma.fields.List(ma.fields.Dict())
    notice_id = ma.fields.Integer(allow_none=True)
    note = ma.fields.String()
    recorded_at = ma.fields.DateTime()
    version = ma.fields.Integer()


class RewardLineSchema(ma.Schema):
    id = ma.fields.Integer()
    kind = ma.fields.Function(lambda line: line.kind.value)
    amount_yuan = ma.fields.Integer()
    entry_on = ma.fields.Date()
    reference = ma.fields.String()
    citation = ma.fields.Nested(ReviewCitationSchema, allow_none=True)
    sanction_id = ma.fields.Integer(allow_none=True)
    note = ma.fields.String()
    created_at = ma.fields.DateTime()


class AwardSchema(ma.Schema):
    id = ma.fields.Integer()
    subject_kind = ma.fields.String()
    name = ma.fields.String()
    uscc = ma.fields.String(allow_none=True)
    employer_name = ma.fields.String(allow_none=True)
    tier = ma.fields.String()
    entry_kind = ma.fields.String()
    category = ma.fields.String(allow_none=True)
    cycle_year = ma.fields.Integer()
    cycle_id = ma.fields.Integer(allow_none=True)
    application_id = ma.fields.Integer(allow_none=True)
    approval_id = ma.fields.Integer(allow_none=True)
    awarded_on = ma.fields.Date(allow_none=True)
    revoked_on = ma.fields.Date(allow_none=True)
    revoked_by_sanction_id = ma.fields.Integer(allow_none=True)
    certificate_number = ma.fields.String(allow_none=True)
    title = ma.fields.String(allow_none=True)
    honours = ma.fields.List(ma.fields.String())
    reward_yuan = ma.fields.Integer(allow_none=True)
    reward_citation = ma.fields.Nested(ReviewCitationSchema, allow_none=True)
    reward_explanation = ma.fields.String()
    version = ma.fields.Integer()


class AwardDetailSchema(AwardSchema):
    rewards = ma.fields.List(ma.fields.Nested(RewardLineSchema))
    balance = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer(), metadata={
        "description": "yuan by kind, outstanding (to pay) and to_recover (from the former winner)"})


class AwardQuerySchema(PageQuerySchema):
    cycle_id = Integer(validate=ID)


class RewardLineCreateSchema(StrictSchema):
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(["paid", "recovered"]), metadata={
        "description": "paid: the reward paid out; recovered: a clawed-back amount returned"})
    amount_yuan = Integer(required=True, validate=YUAN)
    entry_on = ma.fields.Date(required=True)
    reference = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=100))
    note = ma.fields.String(load_default="", validate=ma.validate.Length(max=2000))


class EventCreateSchema(StrictSchema):
    code = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=64),
                            metadata={"description": "the event duty's code (the plan's obligation)"})
    occurred_on = ma.fields.Date(required=True, metadata={"description": "the day the situation was confirmed"})
    event = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=2000))


class ObligationSchema(ma.Schema):
    id = ma.fields.Integer()
    award_id = ma.fields.Integer()
    code = ma.fields.String()
    description = ma.fields.String()
    citation = ma.fields.Nested(ReviewCitationSchema)
    period = ma.fields.String()
    due_on = ma.fields.Date()
    due_text = ma.fields.String()
    state = ma.fields.String(metadata={"description": "due, overdue, done or cancelled, as of today"})
    event = ma.fields.String()
    report = ma.fields.String()
    submitted_at = ma.fields.DateTime(allow_none=True)
    version = ma.fields.Integer()


class ObligationQuerySchema(PageQuerySchema):
    state = ma.fields.String(validate=ma.validate.OneOf(["due", "overdue", "done", "cancelled"]),
                             metadata={"description": "as of today: due (not yet past), overdue, done, cancelled"})
    award_id = Integer(validate=ID)


class ReportSchema(StrictSchema):
    report = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=20000))


class ReminderSchema(ma.Schema):
    id = ma.fields.Integer()
    obligation_id = ma.fields.Integer()
    kind = ma.fields.String()
    due_on = ma.fields.Date()
    run_on = ma.fields.Date()
    recipients = ma.fields.Integer()
    emailed = ma.fields.Integer()
    sent_at = ma.fields.DateTime()


class ViolationCreateSchema(StrictSchema):
    violation = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=64))
    award_id = Integer(validate=ID, metadata={"description": "the award concerned (a winner's violation)"})
    applicant_id = Integer(validate=ID, metadata={"description": "or the applicant, for one who has not won"})
    decided_on = ma.fields.Date(required=True)
    occurred_on = ma.fields.Date(allow_none=True)
    evidence = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=5000))
    note = ma.fields.String(load_default="", validate=ma.validate.Length(max=2000))


class SanctionSchema(ma.Schema):
    id = ma.fields.Integer()
    subject_kind = ma.fields.String()
    name = ma.fields.String()
    uscc = ma.fields.String(allow_none=True)
    kind = ma.fields.String(metadata={"description": "the violation code"})
    decided_on = ma.fields.Date()
    occurred_on = ma.fields.Date(allow_none=True)
    ban_until = ma.fields.Date(allow_none=True)
    citation = ma.fields.Nested(ReviewCitationSchema, allow_none=True)
    award_id = ma.fields.Integer(allow_none=True)
    applicant_id = ma.fields.Integer(allow_none=True)
    measures = ma.fields.List(ma.fields.String())
    explanation = ma.fields.String()
    evidence = ma.fields.String()
    announcement = ma.fields.String()
    reversed_on = ma.fields.Date(allow_none=True)
    reversal_kind = ma.fields.String(allow_none=True)
    reversal_reason = ma.fields.String()
    version = ma.fields.Integer()


class ReversalSchema(StrictSchema):
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(REVERSAL_KINDS))
    decided_on = ma.fields.Date(required=True)
    reason = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=5000))


class NotificationSchema(ma.Schema):
    id = ma.fields.Integer()
    topic = ma.fields.String()
    subject = ma.fields.String()
    body = ma.fields.String()
    target_type = ma.fields.String(allow_none=True)
    target_id = ma.fields.String(allow_none=True)
    email_status = ma.fields.String()
    created_at = ma.fields.DateTime()
    read_at = ma.fields.DateTime(allow_none=True)


class JobRefSchema(ma.Schema):
    id = ma.fields.String()
    kind = ma.fields.String()
    status = ma.fields.Function(lambda j: j.status.value)
