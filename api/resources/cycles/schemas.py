import datetime as dt

import marshmallow as ma

from api.paging import PageQuerySchema
from api.schemas import Integer, StrictSchema
from core.cycles.models import CycleStatus, MoveDirection

CODE = ma.validate.Length(min=1, max=64)
DAY = ma.validate.Range(min=dt.date(1990, 1, 1), max=dt.date(2100, 12, 31),
                        error="must be a day from 1990-01-01 to 2100-12-31")
YEAR_HELP = "the cycle's year, or its 届 number where the regulation counts 届 (1990-2100); one cycle a year"


def codes_field(what: str, *, min_count: int, **kwargs) -> ma.fields.List:
    return ma.fields.List(ma.fields.String(validate=CODE), validate=ma.validate.Length(min=min_count, max=50),
                          metadata={"description": f"codes of the jurisdiction's {what} (default: all of them)"},
                          **kwargs)


class CycleCreateSchema(StrictSchema):
    year = Integer(required=True, validate=ma.validate.Range(min=1990, max=2100), metadata={"description": YEAR_HELP})
    name = ma.fields.String(validate=ma.validate.Length(min=1, max=200),
                            metadata={"description": "default: <year>年度<the award's name>"})
    tiers = codes_field("tiers", min_count=1)
    categories = codes_field("categories", min_count=0)
    entry_kinds = codes_field("entry kinds", min_count=1)
    rule_version = ma.fields.String(validate=CODE, metadata={
        "description": "a version named on purpose (drafts allowed); default: the tenant's pinned version, else "
                       "the version in force today. Pinned for good at opening."})


class CycleUpdateSchema(StrictSchema):
    name = ma.fields.String(validate=ma.validate.Length(min=1, max=200))
    tiers = codes_field("tiers", min_count=1)
    categories = codes_field("categories", min_count=0)


class StageUpdateSchema(StrictSchema):
    starts_on = ma.fields.Date(allow_none=True, validate=DAY,
                               metadata={"description": "first day, 1990-01-01..2100-12-31 (null clears it)"})
    ends_on = ma.fields.Date(allow_none=True, validate=DAY,
                             metadata={"description": "last day, included; 1990-01-01..2100-12-31 (null clears it)"})
    note = ma.fields.String(validate=ma.validate.Length(max=2000))


class MoveBackSchema(StrictSchema):
    reason = ma.fields.String(required=True, validate=ma.validate.Length(min=5, max=2000),
                              metadata={"description": "why the cycle goes back (on record)"})


class CycleQuerySchema(PageQuerySchema):
    status = ma.fields.Enum(CycleStatus, by_value=True)


class CycleCitationSchema(ma.Schema):
    jurisdiction = ma.fields.String()
    version = ma.fields.String()
    article = ma.fields.String()
    item = ma.fields.String(allow_none=True)
    note = ma.fields.String(allow_none=True)
    text = ma.fields.String()


class CycleNoticeSchema(ma.Schema):
    kind = ma.fields.String(allow_none=True)
    min_days = ma.fields.Integer(allow_none=True)
    working_days = ma.fields.Boolean()
    backfill = ma.fields.Boolean(allow_none=True)
    citation = ma.fields.Nested(CycleCitationSchema)
    earliest_last_day = ma.fields.Date(allow_none=True, metadata={
        "description": "the notice's earliest last day when published on the stage's first day (the day of "
                       "publication not counted; a calendar-day period ending on a rest day runs to the next "
                       "working day); null until the stage's starts_on is set"})
    problem = ma.fields.String(allow_none=True)


class CyclePanelSchema(ma.Schema):
    min_experts = ma.fields.Integer(allow_none=True)
    random_draw = ma.fields.Boolean()
    leader_responsible = ma.fields.Boolean()
    citation = ma.fields.Nested(CycleCitationSchema)


class CycleStageSchema(ma.Schema):
    code = ma.fields.String()
    kind = ma.fields.String(allow_none=True)
    position = ma.fields.Integer()
    current = ma.fields.Boolean()
    starts_on = ma.fields.Date(allow_none=True)
    ends_on = ma.fields.Date(allow_none=True, metadata={"description": "the last day, included"})
    note = ma.fields.String()
    entered_at = ma.fields.DateTime(allow_none=True)
    version = ma.fields.Integer(metadata={"description": 'send as If-Match: "<version>" to date the stage'})
    citation = ma.fields.Nested(CycleCitationSchema)
    max_days = ma.fields.Integer(allow_none=True, metadata={"description": "the stage lasts at most this many "
                                                                           "days, counted inclusively"})
    notices = ma.fields.List(ma.fields.Nested(CycleNoticeSchema))
    panels = ma.fields.List(ma.fields.Nested(CyclePanelSchema))


class CycleStageRowSchema(ma.Schema):
    """A stage as stored (the answer to dating it)."""

    code = ma.fields.String()
    kind = ma.fields.String(allow_none=True)
    position = ma.fields.Integer()
    starts_on = ma.fields.Date(allow_none=True)
    ends_on = ma.fields.Date(allow_none=True)
    note = ma.fields.String(attribute="dates_note")
    entered_at = ma.fields.DateTime(allow_none=True)
    version = ma.fields.Integer()


class CycleRuleVersionSchema(ma.Schema):
    code = ma.fields.String()
    title = ma.fields.String()
    stage = ma.fields.String(metadata={"description": "draft or adopted"})


class CycleSchema(ma.Schema):
    id = ma.fields.Integer()
    year = ma.fields.Integer()
    name = ma.fields.String()
    jurisdiction_code = ma.fields.String()
    rule_version_code = ma.fields.String(metadata={"description": "pinned at opening, never changed"})
    version_pinned_on = ma.fields.Date()
    version_named = ma.fields.Boolean()
    tiers = ma.fields.List(ma.fields.String())
    categories = ma.fields.List(ma.fields.String())
    entry_kinds = ma.fields.List(ma.fields.String())
    status = ma.fields.Enum(CycleStatus, by_value=True)
    stage = ma.fields.String(metadata={"description": "the current stage's code"})
    opened_at = ma.fields.DateTime()
    closed_at = ma.fields.DateTime(allow_none=True)
    version = ma.fields.Integer(metadata={"description": 'send as If-Match: "<version>" to change the cycle'})


class CycleDetailSchema(CycleSchema):
    rule_version = ma.fields.Nested(CycleRuleVersionSchema)
    settings_snapshot = ma.fields.Dict(metadata={"description": "the tenant settings the plan read at opening"})
    opened_by_id = ma.fields.Integer(allow_none=True)
    stages = ma.fields.List(ma.fields.Nested(CycleStageSchema))
    application_deadline = ma.fields.Date(allow_none=True, metadata={
        "description": "the application stage's last day (included, Asia/Shanghai)"})
    application_deadline_citation = ma.fields.Nested(CycleCitationSchema, allow_none=True)
    recommendation = ma.fields.Nested(CycleCitationSchema, allow_none=True, metadata={
        "description": "set where applications need a recommending unit's recommendation, with the article"})
    cycle_citation = ma.fields.Nested(CycleCitationSchema, metadata={"description": "the procedure article"})


class CycleCheckSchema(ma.Schema):
    condition = ma.fields.String()
    holds = ma.fields.Boolean()
    explanation = ma.fields.String()
    citation = ma.fields.Nested(CycleCitationSchema, allow_none=True)


class CycleMoveSchema(ma.Schema):
    id = ma.fields.Integer()
    from_stage = ma.fields.String(allow_none=True, metadata={"description": "null for the opening"})
    to_stage = ma.fields.String(allow_none=True, metadata={"description": "null for closing after the last stage"})
    direction = ma.fields.Enum(MoveDirection, by_value=True)
    reason = ma.fields.String()
    checks = ma.fields.List(ma.fields.Nested(CycleCheckSchema))
    moved_by_id = ma.fields.Integer(allow_none=True)
    moved_at = ma.fields.DateTime()


class AdminCycleSchema(ma.Schema):
    """What central admins see of a cycle: counts, not contents."""

    id = ma.fields.Integer()
    year = ma.fields.Integer()
    status = ma.fields.Enum(CycleStatus, by_value=True)
    stage = ma.fields.String()
    jurisdiction_code = ma.fields.String()
    rule_version_code = ma.fields.String()
    applications = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer(), metadata={
        "description": "how many applications are in each status"})


class CyclePageOnlyQuerySchema(PageQuerySchema):
    pass
