"""Decisions to JSON, one way for the whole product: dataclasses and named tuples to objects, enums to
their values, money and scores as exact strings (Decimal), dates in ISO form, and citations either as
the rule API shows them (:meth:`Citation.as_dict`) or as records keep them (:meth:`Citation.record`,
with the note, which :meth:`Citation.from_record` reads back)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Callable

from core.engine.rules import Citation


def to_json(value: Any, citation: Callable[[Citation], Any] = Citation.as_dict) -> Any:
    """``value`` as JSON-ready data; ``citation`` says how a :class:`Citation` is written."""
    def encode(item: Any) -> Any:
        if isinstance(item, Citation):
            return citation(item)
        if dataclasses.is_dataclass(item) and not isinstance(item, type):
            return {f.name: encode(getattr(item, f.name)) for f in dataclasses.fields(item)}
        if isinstance(item, tuple) and hasattr(item, "_fields"):
            return {name: encode(getattr(item, name)) for name in item._fields}
        if isinstance(item, enum.Enum):
            return item.value
        if isinstance(item, Decimal):
            return str(item)
        if isinstance(item, (dt.date, dt.datetime)):
            return item.isoformat()
        if isinstance(item, Mapping):
            return {str(k): encode(v) for k, v in item.items()}
        if isinstance(item, (set, frozenset)):
            return sorted(encode(v) for v in item)
        if isinstance(item, (list, tuple)):
            return [encode(v) for v in item]
        return item

    return encode(value)


def record(value: Any) -> Any:
    """``value`` as stored in a record (a screening's inputs and trace, a move's checks): citations whole."""
    return to_json(value, Citation.record)


def citation_record(citation: Citation | None) -> dict[str, Any] | None:
    return citation.record() if citation is not None else None
