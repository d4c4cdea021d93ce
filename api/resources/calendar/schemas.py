import datetime as dt

import marshmallow as ma

from api.paging import PageQuerySchema
from api.schemas import Boolean, Integer, StrictSchema

FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
DAY_RANGE = ma.validate.Range(min=FIRST_DAY, max=LAST_DAY, error="must be between {min} and {max}")
DAY_PATTERN = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
"""The calendar's days (2000-01-01 .. 2100-12-31), as the OpenAPI document declares them."""
KINDS = ["working", "calendar"]


def day_field(**kwargs) -> ma.fields.Date:
    kwargs["metadata"] = {"pattern": DAY_PATTERN, **kwargs.get("metadata", {})}
    return ma.fields.Date(validate=DAY_RANGE, **kwargs)


class PeriodQuerySchema(StrictSchema):
    start = day_field(required=True, metadata={"description": "The first day, e.g. the day a notice is published "
                                                              "(YYYY-MM-DD)"})
    days = Integer(required=True, validate=ma.validate.Range(min=1, max=366),
                             metadata={"description": "The length: 5 for 不少于5个工作日, 10 for 不少于10天"})
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(KINDS), metadata={
        "description": "working (工作日: holidays skipped, adjusted working weekends counted) or calendar (天)"})


class PeriodSchema(ma.Schema):
    start = ma.fields.Date()
    days = ma.fields.Integer()
    kind = ma.fields.String()
    end = ma.fields.Date(metadata={"description": "The last day of the period, included"})


class DaySchema(ma.Schema):
    day = ma.fields.Date()
    is_working_day = ma.fields.Boolean()
    source = ma.fields.String(metadata={"description": "override (set by a central admin), chinesecalendar (the "
                                                       "official calendar package) or weekdays (Monday to Friday, "
                                                       "in a year published through overrides only)"})
    note = ma.fields.String(allow_none=True, metadata={"description": "The holiday, or the override's source"})


class OverrideQuerySchema(PageQuerySchema):
    year = Integer(validate=ma.validate.Range(min=FIRST_DAY.year, max=LAST_DAY.year))


class OverrideInputSchema(StrictSchema):
    day = day_field(required=True)
    is_working_day = Boolean(required=True, metadata={
        "description": "true for an adjusted working day (调休上班), false for a holiday"})
    note = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200),
                            metadata={"description": "The source, e.g. 2027 国务院办公厅通知"})


class OverridesSetSchema(StrictSchema):
    days = ma.fields.List(ma.fields.Nested(OverrideInputSchema), required=True,
                          validate=ma.validate.Length(min=1, max=400), metadata={
                              "description": "One entry per day; days not listed are kept. The first override in "
                                             "a year the package does not know publishes that year: send all of "
                                             "its holidays and adjusted working days together"})


class OverrideSchema(ma.Schema):
    day = ma.fields.Date()
    is_working_day = ma.fields.Boolean()
    note = ma.fields.String()
    created_at = ma.fields.DateTime()
    created_by_id = ma.fields.Integer(allow_none=True)
