"""Yuncheng's own facts: 第十一条（四） city industry ranks of the previous year.

``city_industry_ranks_last_year``: ``{"year": 2023, "revenue": 2, "profit_and_tax": null,
"asset_contribution_rate": 5}``: the organisation's rank in its industry within 运城市 for operating
revenue (经营收入), total profit and tax (利税总额) and total-asset contribution rate (总资产贡献率), for
``year``. A rank not known or not ranked is ``null``. Ranks start at 1. The year wanted is the one
before the year of the cycle's application deadline (see ``eligibility``).
"""
from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from core.sdk import FactsSchema, OrganizationFactsSchema

RANK_FIELDS = ("revenue", "profit_and_tax", "asset_contribution_rate")


def _rank(description: str) -> ma.fields.Integer:
    return ma.fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=1),
                             metadata={"description": description})


class CityIndustryRanksSchema(FactsSchema):
    year = ma.fields.Integer(required=True, validate=validate.Range(min=1900, max=2200),
                             metadata={"description": "the year the ranks refer to"})
    revenue = _rank("经营收入 rank in the city's industry")
    profit_and_tax = _rank("利税总额 rank in the city's industry")
    asset_contribution_rate = _rank("总资产贡献率 rank in the city's industry")


class YunchengOrganizationFactsSchema(OrganizationFactsSchema):
    """The core organisation facts plus 第十一条（四） ranks."""

    city_industry_ranks_last_year = ma.fields.Nested(CityIndustryRanksSchema, load_default=None, allow_none=True,
                                                     metadata={"description": "第十一条（四）: ranks in the "
                                                                              "city's industry, previous year"})
