"""Schemas shared by several resources."""
from __future__ import annotations

import marshmallow as ma


class StrictSchema(ma.Schema):
    """Unknown fields are refused, not dropped: nothing a user sends vanishes silently."""

    class Meta:
        unknown = ma.RAISE
        ordered = True


class ErrorSchema(ma.Schema):
    status = ma.fields.Integer(metadata={"description": "HTTP status"})
    code = ma.fields.String(metadata={"description": "Stable machine-readable error code, e.g. validation_error"})
    message = ma.fields.String(metadata={"description": "What went wrong, in words"})
    errors = ma.fields.Dict(metadata={"description": "Reasons per field at fault: {field: [reason, ...]}"})
    details = ma.fields.Dict(metadata={"description": "Extra facts, e.g. locked_until"})


def limit_field() -> ma.fields.Integer:
    return ma.fields.Integer(load_default=100, validate=ma.validate.Range(min=1, max=1000),
                             metadata={"description": "At most this many rows (1-1000)"})
