"""The common facts vocabulary: what an office knows about an organisation or an individual.

Plugins extend these schemas with their own fields (hook ``mqa_facts_schema``). Facts are
validated once by the schema; the hooks then read plain dicts (dates are ``datetime.date``).
Unknown fields are refused, so a misspelled fact is an error, never silently ignored.

Counting conventions used by the conditions (see ``core.engine.conditions``):
"N 年以上" = at least N full years up to the evaluation date (the number itself included);
"近 N 年" = the N years ending on the evaluation date, both ends included.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Mapping

import marshmallow as ma
from marshmallow import validate

ACCIDENT_CATEGORIES = ("production_safety", "quality", "environment", "food_safety", "public_health",
                       "construction_safety", "other")
ACCIDENT_GRADES = ("general", "larger", "major", "especially_major")  # 一般 / 较大 / 重大 / 特别重大
GRADE_RANK = {grade: rank for rank, grade in enumerate(ACCIDENT_GRADES, start=1)}
"""Compare grades: ``GRADE_RANK[a["grade"]] >= GRADE_RANK["larger"]`` is "较大及以上"."""
SAFETY_CATEGORIES = frozenset({"production_safety", "construction_safety"})
"""The accident categories regulations call 生产安全 (safety) accidents."""
RECORD_KINDS = (
    "administrative_penalty",   # 行政处罚
    "dishonesty",               # 失信记录
    "spot_check_failure",       # 产品质量监督抽查/验收不合格
    "serious_violation",        # 其他严重违法违规, 被行政执法部门查处
    "service_quality_violation",
    "labour_social_security_violation",
    "tax_violation",
    "award_fraud",              # 质量奖评定中弄虚作假
    "major_quality_complaint",
    "financial_dishonesty",
)
HONOUR_KINDS = (
    "county_government_quality_award",      # 县级政府质量奖
    "city_government_quality_award",
    "provincial_government_quality_award",
    "china_quality_award",                  # 中国质量奖
    "national_quality_award",               # 全国质量奖
    "national_industry_quality_award",       # 全国行业质量奖
    "provincial_quality_credit_aaa",        # 省质量信用等级 AAA
    "luban_award",                          # 鲁班奖
    "national_quality_project_award",       # 国家优质工程奖 (国优)
    "national_may_day_labour_award",        # 全国五一劳动奖状
)
ENVIRONMENTAL_RATINGS = ("green", "blue", "yellow", "red", "black")  # best first
CONDUCT_KINDS = ("serious_illegal", "serious_violation", "serious_discipline", "dishonesty",
                 "illegal", "violation", "discipline", "minor")
"""An individual's records: 严重违法 / 严重违规 / 严重违纪 / 失信, then 违法 / 违规 / 违纪 that are
not serious, and ``minor`` (another blemish that is none of these, e.g. a warning at work)."""
SERIOUS_CONDUCT = frozenset({"serious_illegal", "serious_violation", "serious_discipline", "dishonesty"})
ILLEGAL_CONDUCT = frozenset({"serious_illegal", "illegal"})
"""Every record of unlawful conduct, serious or not (违法)."""


FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
"""Every date in facts lies in this range: a rule counts years and cycles forward from them."""


WHOLE_NUMBER = "must be a whole number: a JSON integer, without a fraction, not a string"
DECIMAL_TEXT = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
"""A number sent as text: ASCII digits and an optional fraction (``Decimal("８００")`` would read 800)."""


def number_problem(field: ma.fields.Field, value: Any) -> str | None:
    """Why ``value`` does not fit ``field`` where marshmallow would convert it loosely: an integer field
    takes JSON integers only (it would truncate ``1.9`` and read "８００" as 800), a decimal or float field
    a number or a string of ASCII digits, a boolean field ``true`` or ``false`` only (not ``0`` or
    "yes"); None when it fits, or the field is of another kind."""
    if value is None:
        return None
    if isinstance(field, ma.fields.Boolean):
        return None if value is True or value is False else "must be true or false (a JSON boolean)"
    if isinstance(field, ma.fields.Integer):
        return WHOLE_NUMBER if isinstance(value, bool) or not isinstance(value, int) else None
    if isinstance(field, ma.fields.Number):
        if isinstance(value, bool) or (isinstance(value, str) and not DECIMAL_TEXT.fullmatch(value.strip())):
            return "must be a number: a JSON number or a decimal written with the ASCII digits 0-9"
    return None


class FactsSchema(ma.Schema):
    """The base of every facts schema, the core's and the plugins': unknown fields are refused, days
    lie in :data:`FIRST_DAY` .. :data:`LAST_DAY`, and numbers are read strictly (:func:`number_problem`),
    whatever marshmallow field a plugin declares them with."""

    class Meta:
        unknown = ma.RAISE
        ordered = True

    @ma.pre_load
    def _strict_numbers(self, data: Any, **kwargs: object) -> Any:
        if not isinstance(data, Mapping):
            return data
        wrong: dict[str, Any] = {}
        for name, field in self.load_fields.items():
            key = field.data_key or name
            value = data.get(key)
            if isinstance(field, ma.fields.List) and isinstance(value, list):
                items = {i: [reason] for i, item in enumerate(value)
                         if (reason := number_problem(field.inner, item)) is not None}
                if items:
                    wrong[key] = items
            elif (reason := number_problem(field, value)) is not None:
                wrong[key] = [reason]
        if wrong:
            raise ma.ValidationError(wrong)
        return data

    @ma.validates_schema(skip_on_field_errors=False)
    def _days_in_range(self, data: dict, **kwargs: object) -> None:
        wrong = {name: [f"must be a day from {FIRST_DAY} to {LAST_DAY}"] for name, value in data.items()
                 if isinstance(value, dt.date) and not FIRST_DAY <= value <= LAST_DAY}
        if wrong:
            raise ma.ValidationError(wrong)


class AccidentSchema(FactsSchema):
    category = ma.fields.String(required=True, validate=validate.OneOf(ACCIDENT_CATEGORIES))
    grade = ma.fields.String(required=True, validate=validate.OneOf(ACCIDENT_GRADES),
                             metadata={"description": "一般 general, 较大 larger, 重大 major, 特别重大 especially_major"})
    occurred_on = ma.fields.Date(required=True)
    responsibility_pursued = ma.fields.Boolean(load_default=True, metadata={
        "description": "investigated by the regulator with responsibility found (被调查并追究责任)"})
    fatalities = ma.fields.Integer(load_default=0, validate=validate.Range(min=0))
    note = ma.fields.String(load_default="")


class RecordSchema(FactsSchema):
    kind = ma.fields.String(required=True, validate=validate.OneOf(RECORD_KINDS))
    decided_on = ma.fields.Date(required=True)
    repaired_on = ma.fields.Date(load_default=None, allow_none=True,
                                 metadata={"description": "credit repair completed (信用修复) on this date"})
    severity = ma.fields.String(load_default="ordinary", validate=validate.OneOf(("ordinary", "major")))
    note = ma.fields.String(load_default="")


class HonourSchema(FactsSchema):
    kind = ma.fields.String(required=True, validate=validate.OneOf(HONOUR_KINDS))
    awarded_on = ma.fields.Date(required=True)
    note = ma.fields.String(load_default="")


class RatingYearSchema(FactsSchema):
    year = ma.fields.Integer(required=True, validate=validate.Range(min=1900, max=2200))
    rating = ma.fields.String(required=True, validate=validate.OneOf(ENVIRONMENTAL_RATINGS))


class FinancialYearSchema(FactsSchema):
    year = ma.fields.Integer(required=True, validate=validate.Range(min=1900, max=2200))
    revenue_yuan = ma.fields.Integer(load_default=None, allow_none=True)
    profit_yuan = ma.fields.Integer(load_default=None, allow_none=True)
    tax_yuan = ma.fields.Integer(load_default=None, allow_none=True)


class ConfirmationSchema(FactsSchema):
    confirmed = ma.fields.Boolean(required=True)
    by = ma.fields.String(load_default="")
    note = ma.fields.String(load_default="")


def _list(schema: type[ma.Schema]) -> ma.fields.List:
    return ma.fields.List(ma.fields.Nested(schema), load_default=list)


class OrganizationFactsSchema(FactsSchema):
    """Facts about an applying organisation (组织)."""

    name = ma.fields.String(load_default="")
    registration_city = ma.fields.String(required=True, metadata={
        "description": "prefecture-level city of registration, e.g. 南通市 (also for a company in 如皋市)"})
    registration_county = ma.fields.String(load_default=None, allow_none=True,
                                           metadata={"description": "county-level area, e.g. 如皋市"})
    independent_legal_person = ma.fields.Boolean(required=True)
    founded_on = ma.fields.Date(required=True, metadata={"description": "start of lawful operation"})
    industry = ma.fields.String(load_default="")
    is_industrial = ma.fields.Boolean(load_default=False, metadata={"description": "工业企业"})
    is_construction = ma.fields.Boolean(load_default=False, metadata={"description": "建筑企业"})
    is_sme = ma.fields.Boolean(load_default=False, metadata={"description": "中小企业"})
    for_profit = ma.fields.Boolean(load_default=True)
    related_applications_this_cycle = ma.fields.Integer(load_default=0, validate=validate.Range(min=0), metadata={
        "description": "other parent/subsidiary companies of the same group applying in this cycle"})
    excellence_model_since = ma.fields.Date(load_default=None, allow_none=True,
                                            metadata={"description": "applies GB/T 19580 since"})
    iso9001_since = ma.fields.Date(load_default=None, allow_none=True)
    chief_quality_officer = ma.fields.Boolean(load_default=False, metadata={"description": "首席质量官 post set"})
    environmental_credit_rating = ma.fields.String(load_default=None, allow_none=True,
                                                   validate=validate.OneOf(ENVIRONMENTAL_RATINGS),
                                                   metadata={"description": "today's environmental credit rating"})
    environmental_credit_history = ma.fields.List(ma.fields.Nested(RatingYearSchema), load_default=list, metadata={
        "description": "the rating of each past year (for rules that say a rating was kept, 保持, for N years)"})
    safety_standardisation_level = ma.fields.Integer(load_default=None, allow_none=True,
                                                     validate=validate.Range(min=1, max=3),
                                                     metadata={"description": "安全生产标准化 level: 1 best, 3 lowest"})
    honours = _list(HonourSchema)
    accidents = _list(AccidentSchema)
    records = _list(RecordSchema)
    financials = _list(FinancialYearSchema)
    confirmations = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Nested(ConfirmationSchema),
                                   load_default=dict, metadata={
                                       "description": "an office's answers to conditions a machine cannot judge, "
                                                      "keyed by condition id"})


class ConductRecordSchema(FactsSchema):
    kind = ma.fields.String(required=True, validate=validate.OneOf(CONDUCT_KINDS))
    decided_on = ma.fields.Date(required=True)
    note = ma.fields.String(load_default="")


class EmployerFactsSchema(OrganizationFactsSchema):
    """The individual's employer: the same vocabulary, with registration facts optional."""

    registration_city = ma.fields.String(load_default="")
    independent_legal_person = ma.fields.Boolean(load_default=True)
    founded_on = ma.fields.Date(load_default=None, allow_none=True)


class IndividualFactsSchema(FactsSchema):
    """Facts about an applying individual (个人)."""

    name = ma.fields.String(load_default="")
    quality_work_since = ma.fields.Date(load_default=None, allow_none=True,
                                        metadata={"description": "in quality or quality-related work since"})
    quality_work_in_jurisdiction_since = ma.fields.Date(load_default=None, allow_none=True, metadata={
        "description": "in quality work within this jurisdiction since"})
    conduct_records = _list(ConductRecordSchema)
    employer = ma.fields.Nested(EmployerFactsSchema, load_default=dict)
    confirmations = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Nested(ConfirmationSchema),
                                   load_default=dict)


class ProjectFactsSchema(FactsSchema):
    """Facts about an applying project (项目): a work, a programme or a product line, and who runs it."""

    name = ma.fields.String(load_default="")
    location_city = ma.fields.String(load_default="", metadata={"description": "where the project is, e.g. 南通市"})
    started_on = ma.fields.Date(load_default=None, allow_none=True)
    completed_on = ma.fields.Date(load_default=None, allow_none=True,
                                  metadata={"description": "completed (or accepted, 竣工验收) on"})
    investment_yuan = ma.fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0))
    owner = ma.fields.Nested(EmployerFactsSchema, load_default=dict,
                             metadata={"description": "the organisation responsible for the project"})
    honours = _list(HonourSchema)
    accidents = _list(AccidentSchema)
    records = _list(RecordSchema)
    confirmations = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Nested(ConfirmationSchema),
                                   load_default=dict)


class TeamFactsSchema(FactsSchema):
    """Facts about an applying team (团队, 班组): its members and the organisation it works in."""

    name = ma.fields.String(load_default="")
    formed_on = ma.fields.Date(load_default=None, allow_none=True)
    members = ma.fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=1))
    leader = ma.fields.String(load_default="")
    conduct_records = _list(ConductRecordSchema)
    employer = ma.fields.Nested(EmployerFactsSchema, load_default=dict)
    honours = _list(HonourSchema)
    confirmations = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Nested(ConfirmationSchema),
                                   load_default=dict)


CORE_SCHEMAS: dict[str, type[FactsSchema]] = {
    "organization": OrganizationFactsSchema,
    "individual": IndividualFactsSchema,
    "project": ProjectFactsSchema,
    "team": TeamFactsSchema,
}
