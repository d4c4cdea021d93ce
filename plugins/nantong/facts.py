"""Nantong's own facts, beside the core vocabulary.

* ``group_entry`` (organisations, 2023 第十一条（七）): whether this applicant is the one entry its
  group of related parent and subsidiary companies makes this cycle. ``true``: the group names this
  applicant; ``false``: another company of the group is the entry; ``null`` (default): not stated,
  so where related companies also apply the office confirms. Read with the core fact
  ``related_applications_this_cycle`` (how many *other* related companies apply this cycle).
  The 2020 rules have no such condition and ignore it.
"""
from __future__ import annotations

import marshmallow as ma

from core.sdk import OrganizationFactsSchema


class NantongOrganizationFactsSchema(OrganizationFactsSchema):
    """The core organisation facts plus 第十一条（七）'s group entry."""

    group_entry = ma.fields.Boolean(load_default=None, allow_none=True, metadata={
        "description": "2023 第十一条（七）: this applicant is the one entry of its group of related parent/subsidiary "
                       "companies this cycle (true), another company is (false), or not stated (null)"})


SCHEMAS = {"organization": NantongOrganizationFactsSchema}
