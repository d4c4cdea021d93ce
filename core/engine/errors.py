"""The rules engine's errors; the platform adds its own in :mod:`core.errors`, which re-exports these.

Each has a stable ``code``; the API layer maps classes to HTTP statuses.

``fields`` names the inputs at fault, as ``{"field": ["reason", ...]}``.

Messages and reasons are English :class:`core.engine.messages.Message` strings (a plain ``str`` is
taken as its own msgid); the API renders them in the reader's language (:mod:`core.i18n`).
"""
from __future__ import annotations

from typing import Any

from core.engine.messages import Message, _, message as as_message


class DomainError(Exception):
    code = "domain_error"

    def __init__(self, message: str, *, fields: dict[str, list[str]] | None = None,
                 details: dict[str, Any] | None = None) -> None:
        message = as_message(message)
        super().__init__(message)
        self.message: Message = message
        self.fields = {name: [as_message(reason) if isinstance(reason, str) else reason for reason in reasons]
                       if isinstance(reasons, (list, tuple)) else reasons for name, reasons in (fields or {}).items()}
        self.details = details or {}


class InvalidInput(DomainError):
    code = "invalid_input"

    @classmethod
    def on(cls, field: str, reason: str) -> "InvalidInput":
        reason = as_message(reason)
        return cls(_("{field}: {reason}", field=field, reason=reason), fields={field: [reason]})


class NotFound(DomainError):
    code = "not_found"

    def __init__(self, entity: str, key: object) -> None:
        super().__init__(_("{entity} {key!r} does not exist", entity=as_message(entity), key=key))
        self.entity = entity


class Conflict(DomainError):
    code = "conflict"


class SettingMissing(DomainError):
    """A computation needs a tenant setting the regulation leaves open and the office has not set."""

    code = "setting_missing"

    def __init__(self, key: str, why: str) -> None:
        super().__init__(_("the office has not set {key!r}: {why}", key=key, why=as_message(why)),
                         fields={f"settings.{key}": [_("not set")]},
                         details={"setting": key})


class RuleNotImplemented(DomainError):
    """The jurisdiction's plugin does not (yet) implement the rule a request needs."""

    code = "rule_not_implemented"


class PluginError(Exception):
    """A jurisdiction plugin cannot be loaded or answered nonsense. Raised at start-up."""


class CalendarUnknown(DomainError):
    """The working-day calendar has no data for a year: neither the ``chinesecalendar`` package
    nor an admin's overrides cover it, and guessing could shorten a legally required notice."""

    code = "calendar_unknown"

    def __init__(self, year: int) -> None:
        super().__init__(
            _("the working-day calendar does not know the year {year}: a central admin must add that year's "
              "official holidays and adjusted working days (调休) as calendar overrides, or the chinesecalendar "
              "package must be upgraded", year=year),
            details={"year": year},
        )
        self.year = year
