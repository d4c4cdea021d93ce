"""The dashboard's shapes: a cycle's counts, and the items of its lists."""
import marshmallow as ma

from api.paging import PageQuerySchema
from api.resources.awards.schemas import ObligationSchema
from api.resources.review.schemas import ReviewCitationSchema
from api.schemas import Integer
from core.platform.db import MAX_ID

ID = ma.validate.Range(min=1, max=MAX_ID)

_COUNTS = {"keys": ma.fields.String(), "values": ma.fields.Integer()}


def _counts(description: str) -> ma.fields.Dict:
    return ma.fields.Dict(**_COUNTS, metadata={"description": description})


def _per_stage(description: str) -> ma.fields.Dict:
    return ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Dict(**_COUNTS),
                          metadata={"description": description})


class DashboardQuerySchema(PageQuerySchema):
    cycle_id = Integer(validate=ID, metadata={"description": "only this cycle's rows"})


class DashboardCycleSchema(ma.Schema):
    id = ma.fields.Integer()
    year = ma.fields.Integer()
    name = ma.fields.String()
    status = ma.fields.String(metadata={"description": "open or closed"})
    stage = ma.fields.String(metadata={"description": "the current stage's code"})
    rule_version_code = ma.fields.String()


class DashboardStageSchema(ma.Schema):
    code = ma.fields.String()
    kind = ma.fields.String(allow_none=True)
    position = ma.fields.Integer()
    current = ma.fields.Boolean()
    starts_on = ma.fields.Date(allow_none=True)
    ends_on = ma.fields.Date(allow_none=True)


class DashboardApprovalSchema(ma.Schema):
    id = ma.fields.Integer()
    body = ma.fields.String()
    document_number = ma.fields.String()
    approved_on = ma.fields.Date()
    winners = ma.fields.Integer(metadata={"description": "how many names the approval lists"})


class DashboardAwardsSchema(ma.Schema):
    total = ma.fields.Integer()
    revoked = ma.fields.Integer()
    standing = ma.fields.Integer()


class DashboardRemindersSchema(ma.Schema):
    sent = ma.fields.Integer()
    last_sent_at = ma.fields.DateTime(allow_none=True)
    by_kind = _counts("before or due: how many of each")


class DashboardSchema(ma.Schema):
    """One cycle's counts by stage and status; amounts in whole yuan."""

    cycle = ma.fields.Nested(DashboardCycleSchema)
    today = ma.fields.Date(metadata={"description": "the day (Asia/Shanghai) the counts are as of"})
    stages = ma.fields.List(ma.fields.Nested(DashboardStageSchema))
    applications = _counts("applications by status")
    screenings = _counts("each application's latest screening, by outcome")
    panels = _per_stage("panels by stage, then by status")
    panel_members = _per_stage("panel seats by stage, then by status")
    score_sheets = _per_stage("score sheets by stage, then by status")
    notices = _counts("notices by status")
    objections = _counts("objections by status, and open (received or investigating)")
    approval = ma.fields.Nested(DashboardApprovalSchema, allow_none=True)
    awards = ma.fields.Nested(DashboardAwardsSchema)
    rewards = _counts("whole yuan by ledger line kind (owed, paid, clawback, recovered, cancelled, waived), "
                      "clawed_back (= clawback), outstanding (owed - paid - cancelled) and to_recover "
                      "(clawback - recovered - waived)")
    obligations = _counts("winners' duties by status, and overdue (due, past the last day today)")
    reminders = ma.fields.Nested(DashboardRemindersSchema)


class DeadlineSchema(ma.Schema):
    kind = ma.fields.String(metadata={"description": "stage_end, notice_end or obligation_due"})
    id = ma.fields.Integer(metadata={"description": "the stage's, notice's or obligation's id"})
    due_on = ma.fields.Date(metadata={"description": "the last day (included, Asia/Shanghai)"})
    days_left = ma.fields.Integer(metadata={"description": "calendar days after today up to due_on (0: today)"})
    working_days_left = ma.fields.Integer(allow_none=True, metadata={
        "description": "working days after today up to due_on, from the working-day calendar; null where the "
                       "calendar does not know a year yet (calendar_problem says which)"})
    calendar_problem = ma.fields.String(allow_none=True)
    cycle_id = ma.fields.Integer(allow_none=True)
    stage = ma.fields.String(allow_none=True, metadata={"description": "the stage's code (stage_end, notice_end)"})
    current = ma.fields.Boolean(metadata={"description": "stage_end: the cycle's current stage"})
    notice_id = ma.fields.Integer(allow_none=True)
    obligation_id = ma.fields.Integer(allow_none=True)
    award_id = ma.fields.Integer(allow_none=True)
    title = ma.fields.String()
    citation = ma.fields.Nested(ReviewCitationSchema, allow_none=True)


class OpenObjectionSchema(ma.Schema):
    """An objection not decided yet; never the objector's identity."""

    id = ma.fields.Integer()
    status = ma.fields.String(metadata={"description": "received or investigating"})
    notice_id = ma.fields.Integer()
    notice_title = ma.fields.String()
    notice_kind = ma.fields.String()
    notice_ends_on = ma.fields.Date()
    cycle_id = ma.fields.Integer()
    entry_id = ma.fields.Integer()
    entry_name = ma.fields.String(metadata={"description": "the listed name objected to (public on the notice)"})
    application_id = ma.fields.Integer()
    filed_at = ma.fields.DateTime()
    filed_on = ma.fields.Date(metadata={"description": "the filing day, Asia/Shanghai"})
    days_since_filed = ma.fields.Integer()


class OverdueObligationSchema(ObligationSchema):
    days_overdue = ma.fields.Integer(metadata={"description": "calendar days since the last day"})
