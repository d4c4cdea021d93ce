"""Tenant settings a regulation leaves open: validating values, and refusing work that needs an unset one.

Value types a plugin may declare in a :class:`core.rules.SettingSpec`:

* ``integer``, ``yuan`` (whole yuan, >= 0), ``decimal`` (sent as a string or number, stored as a
  string so no float rounding creeps in), ``boolean``, ``string``;
* ``weights``: an object ``{stage: percent}`` of decimals that add up to 100.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Mapping

from core.errors import InvalidInput, SettingMissing
from core.rules import SettingSpec

VALUE_TYPES = ("integer", "yuan", "decimal", "boolean", "string", "weights")


def _decimal(raw: Any) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, (int, str, float)):
        raise InvalidInput.on("value", "must be a number")
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        raise InvalidInput.on("value", f"{raw!r} is not a number") from None
    if not value.is_finite():
        raise InvalidInput.on("value", "must be a finite number")
    return value


def validate(spec: SettingSpec, raw: Any) -> Any:
    """The JSON-safe stored form of ``raw``, or InvalidInput naming ``value`` and the reason."""
    kind = spec.value_type
    if kind in ("integer", "yuan"):
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise InvalidInput.on("value", "must be a whole number" + (" of yuan" if kind == "yuan" else ""))
        if kind == "yuan" and raw < 0:
            raise InvalidInput.on("value", "an amount in yuan cannot be negative")
        return raw
    if kind == "decimal":
        return str(_decimal(raw))
    if kind == "boolean":
        if not isinstance(raw, bool):
            raise InvalidInput.on("value", "must be true or false")
        return raw
    if kind == "string":
        if not isinstance(raw, str) or not raw.strip():
            raise InvalidInput.on("value", "must be a non-empty string")
        return raw
    if kind == "weights":
        if not isinstance(raw, dict) or not raw:
            raise InvalidInput.on("value", "must be an object {stage: percent}")
        weights = {str(stage): _decimal(percent) for stage, percent in raw.items()}
        if any(w < 0 for w in weights.values()):
            raise InvalidInput.on("value", "percentages cannot be negative")
        if sum(weights.values()) != 100:
            raise InvalidInput.on("value", f"percentages must add up to 100, not {sum(weights.values())}")
        return {stage: str(w) for stage, w in weights.items()}
    raise InvalidInput.on("value", f"the plugin declares an unknown value type {kind!r}")  # pragma: no cover


def require(settings: Mapping[str, Any], spec: SettingSpec) -> Any:
    """The value of a setting a computation needs; refused, naming it and the silent article, while unset."""
    if settings.get(spec.key) is None:
        raise SettingMissing(spec.key, f"{spec.description}; {spec.citation} gives no value, so the office "
                                       f"must set it before {', '.join(spec.needed_for)}")
    return settings[spec.key]
