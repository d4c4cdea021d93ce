"""Changde's own facts, for 第十条 (same quality-management model within 6 years of the award).

* ``quality_management_model``: the quality-management model, system or method (质量管理模式、制度、
  方法) the candidate applies with this time, e.g. "卓越绩效管理模式". ``null`` when not stated.
* ``earlier_award_models``: the candidate's earlier Changde wins with the model each was won with:
  ``[{"tier": "award"|"nomination", "awarded_on": "2019-12-01", "model": "..."}]``.

Models are compared after trimming spaces and ignoring case [reading: same_model_comparison]; two
differently worded names of the same model are not recognised as the same (the office then confirms,
see ``plugins.changde.eligibility``). A revoked award is listed like any other: it still binds for its
6 years [reading: revoked_award_still_binds].
"""
from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from core.sdk import FactsSchema, IndividualFactsSchema, OrganizationFactsSchema

TIERS = ("award", "nomination")


class EarlierAwardModelSchema(FactsSchema):
    tier = ma.fields.String(required=True, validate=validate.OneOf(TIERS),
                            metadata={"description": "award 市长质量奖, nomination 市长质量奖提名奖"})
    awarded_on = ma.fields.Date(required=True)
    model = ma.fields.String(required=True, validate=validate.Length(min=1),
                             metadata={"description": "the quality-management model/system/method the award was won with"})


def _model() -> ma.fields.String:
    return ma.fields.String(load_default=None, allow_none=True, metadata={
        "description": "第十条: the quality-management model, system or method applied with this time"})


def _earlier() -> ma.fields.List:
    return ma.fields.List(ma.fields.Nested(EarlierAwardModelSchema), load_default=list, metadata={
        "description": "第十条: earlier Changde wins and the model each was won with"})


class ChangdeOrganizationFactsSchema(OrganizationFactsSchema):
    """The core organisation facts plus the 第十条 model fields."""

    quality_management_model = _model()
    earlier_award_models = _earlier()


class ChangdeIndividualFactsSchema(IndividualFactsSchema):
    """The core individual facts plus the 第十条 model fields."""

    quality_management_model = _model()
    earlier_award_models = _earlier()


SCHEMAS = {"organization": ChangdeOrganizationFactsSchema, "individual": ChangdeIndividualFactsSchema}
