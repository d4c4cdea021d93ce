"""The API side of paging (see :mod:`core.platform.paging`): the query arguments and the page envelope."""
from __future__ import annotations

import marshmallow as ma

from api.schemas import Integer, StrictSchema
from core.platform.paging import DEFAULT_LIMIT, MAX_CURSOR_LENGTH, MAX_LIMIT


CURSOR_PATTERN = "^[A-Za-z0-9_-]+$"
"""A cursor's alphabet (base64url without padding): what a client can know of an opaque value."""


class PageQuerySchema(StrictSchema):
    """Inherit from this for a list's query string; add the list's own filters."""

    limit = Integer(load_default=DEFAULT_LIMIT, validate=ma.validate.Range(min=1, max=MAX_LIMIT),
                    metadata={"description": f"Rows per page (1-{MAX_LIMIT}, default {DEFAULT_LIMIT})"})
    cursor = ma.fields.String(validate=ma.validate.Length(min=1, max=MAX_CURSOR_LENGTH), metadata={
        "description": "next_cursor of the previous page; omit for the first", "pattern": CURSOR_PATTERN})


_PAGE_SCHEMAS: dict[type[ma.Schema], type[ma.Schema]] = {}


def page_of(item_schema: type[ma.Schema]) -> type[ma.Schema]:
    """The envelope ``{"items": [...], "next_cursor": str | null}`` for an item schema (one class each,
    so OpenAPI names it ``<Item>Page``)."""
    if item_schema not in _PAGE_SCHEMAS:
        name = item_schema.__name__.removesuffix("Schema") + "PageSchema"
        _PAGE_SCHEMAS[item_schema] = type(name, (ma.Schema,), {
            "items": ma.fields.List(ma.fields.Nested(item_schema), required=True),
            "next_cursor": ma.fields.String(allow_none=True, required=True, metadata={
                "description": "Pass as cursor for the next page; null on the last page"}),
        })
    return _PAGE_SCHEMAS[item_schema]
