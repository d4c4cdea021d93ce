"""Rugao's own facts: which kind of inspection a failed product-quality record comes from.

第十三条（二）bars an organisation for failed product-quality *spot checks* (抽查) of the last 3
years, at national, industry, provincial or city level. The core record kind
``spot_check_failure`` covers both failed spot checks and failed acceptance inspections (验收), and a
record's free-text ``note`` cannot be relied on to tell them apart, so Rugao adds one typed field to
every record of an organisation:

* ``inspection``: ``"spot_check"`` (监督抽查) or ``"acceptance"`` (验收). It is REQUIRED on a record
  of kind ``spot_check_failure`` (a record without it is refused, naming
  ``facts.records.<i>.inspection``: the rule cannot be judged without it) and ignored on the other
  kinds. Only ``spot_check`` records count under 第十三条（二）. [reading: spot_checks_not_acceptance]

Individuals use the core facts unchanged (第十四条 reads no record of this kind).
"""
from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import validate

from core.sdk import OrganizationFactsSchema

SPOT_CHECK, ACCEPTANCE = "spot_check", "acceptance"
INSPECTIONS = (SPOT_CHECK, ACCEPTANCE)
QUALITY_INSPECTION_FAILURE = "spot_check_failure"
"""The core record kind that covers both kinds of failed inspection."""

CoreRecordSchema: type[ma.Schema] = (
    OrganizationFactsSchema().fields["records"].inner.nested)  # type: ignore[attr-defined]
"""The core's record schema (not exported by core.sdk), reached through the organisation schema so its
validation of kinds and dates is kept, not copied."""


class RugaoRecordSchema(CoreRecordSchema):  # type: ignore[misc, valid-type]
    """A core record plus ``inspection``."""

    inspection = ma.fields.String(load_default=None, allow_none=True, validate=validate.OneOf(INSPECTIONS), metadata={
        "description": "第十三条（二）: for a spot_check_failure record, whether the failed inspection was a "
                       "spot check (spot_check, 抽查) or an acceptance inspection (acceptance, 验收); required there"})

    @ma.validates_schema
    def _inspection_named(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("kind") == QUALITY_INSPECTION_FAILURE and data.get("inspection") is None:
            raise ma.ValidationError("rugao 第十三条（二）counts failed spot checks (抽查) only: say whether this "
                                     "failure was a spot_check or an acceptance inspection", "inspection")


class RugaoOrganizationFactsSchema(OrganizationFactsSchema):
    """The core organisation facts, whose records carry ``inspection``."""

    records = ma.fields.List(ma.fields.Nested(RugaoRecordSchema), load_default=list)


SCHEMAS: dict[str, type[ma.Schema]] = {"organization": RugaoOrganizationFactsSchema}
