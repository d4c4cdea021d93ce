"""Schemas and fields shared by several resources."""
from __future__ import annotations

import re
from contextvars import ContextVar
from typing import Any

import marshmallow as ma

from api.i18n import render
from core.engine.messages import N_, Message

READING_TEXT: ContextVar[bool] = ContextVar("mqa_reading_text", default=False)
"""True while the parser loads a query string or a path, where every value arrives as text; a JSON body
carries real numbers, so an integer written there as a string is refused (see :class:`Integer`)."""

ASCII_INTEGER = re.compile(r"-?[0-9]{1,18}")
"""An integer written as text: ASCII digits only (``\\d`` would also match "８００" or "٨٠٠"), no sign but
minus, no fraction, no separators, short enough that no conversion is costly."""


class StrictSchema(ma.Schema):
    """Unknown fields are refused, not dropped: nothing a user sends vanishes silently."""

    class Meta:
        unknown = ma.RAISE
        ordered = True


class Integer(ma.fields.Integer):
    """A whole number, the project's only integer input field: a JSON integer in a body (never ``1.9``,
    ``1.0``, ``true`` or ``"800"``), ASCII digits in a query string or a path (never "８００")."""

    default_error_messages = {
        "invalid": N_("must be a whole number: a JSON integer, without a fraction, not a string"),
        "invalid_text": N_("must be a whole number written with the ASCII digits 0-9"),
    }

    def _validated(self, value: Any) -> int:
        if value is True or value is False:
            raise self.make_error("invalid", input=value)
        if isinstance(value, int):
            return value
        if isinstance(value, str) and READING_TEXT.get():
            if not ASCII_INTEGER.fullmatch(value):
                raise self.make_error("invalid_text", input=value)
            return int(value)
        raise self.make_error("invalid", input=value)


NUMBER_OR_TEXT: dict[str, Any] = {"oneOf": [{"type": "number"}, {"type": "string", "pattern": r"^[+-]?[0-9]+(\.[0-9]+)?$"}]}
"""OpenAPI for a quantity read exactly: a JSON number or a decimal in ASCII digits ("812.5")."""
SETTING_VALUE: dict[str, Any] = {"oneOf": [{"type": "number"}, {"type": "string", "minLength": 1}, {"type": "boolean"},
                                           {"type": "object", "additionalProperties": NUMBER_OR_TEXT}]}
"""OpenAPI for the value of a tenant setting: its declared value type decides which of these it must be."""


class Boolean(ma.fields.Boolean):
    """True or false, the project's only boolean input field: a JSON ``true``/``false`` in a body (never
    ``0``, ``1`` or ``"yes"``), the words ``true``/``false`` in a query string."""

    default_error_messages = {"invalid": N_("must be true or false (a JSON boolean)")}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if value is True or value is False:
            return value
        if isinstance(value, str) and READING_TEXT.get() and value in ("true", "false"):
            return value == "true"
        raise self.make_error("invalid", input=value)


class Translated(ma.fields.String):
    """Text a person reads in an answer, rendered in the request's language (:func:`api.i18n.render`): a
    :class:`~core.engine.messages.Message` by its msgid and values, plain text by catalogue lookup (untranslated
    text, e.g. a name or the regulation's own Chinese, stays as it is). Only for texts the code writes."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        if value is None:
            return None
        return render(value)


def rendered(value: Any) -> Any:
    """``value`` with every :class:`~core.engine.messages.Message` inside it (dicts, lists) rendered in the
    request's language; plain strings are left as they are (stored texts, citations, codes)."""
    if isinstance(value, Message):
        return render(value)
    if isinstance(value, dict):
        return {k: rendered(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [rendered(v) for v in value]
    return value


class TranslatedDict(ma.fields.Dict):
    """A free-form mapping whose messages (the English texts the code wrote as :class:`Message`) are rendered
    in the request's language, at any depth (see :func:`rendered`)."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return rendered(super()._serialize(value, attr, obj, **kwargs))


class ErrorSchema(ma.Schema):
    status = ma.fields.Integer(metadata={"description": "HTTP status"})
    code = ma.fields.String(metadata={"description": "Stable machine-readable error code, e.g. validation_error"})
    message = ma.fields.String(metadata={"description": "What went wrong, in words"})
    errors = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.List(ma.fields.String()), metadata={
        "description": "Reasons per field at fault, named by dotted path: {\"history.0.awarded_on\": [reason, ...]}; "
                       "_body names the request body as a whole"})
    details = ma.fields.Dict(metadata={"description": "Extra facts, e.g. locked_until"})


def limit_field() -> Integer:
    return Integer(load_default=100, validate=ma.validate.Range(min=1, max=1000),
                   metadata={"description": "At most this many rows (1-1000)"})
