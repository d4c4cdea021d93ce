"""Every error the domain raises, in one import for the platform, the lifecycle packages and the API.

The rules engine's own errors live in :mod:`core.engine.errors` (the engine imports nothing of the
rest of core) and are re-exported here; the platform's (logins, tenancy, queues) are defined here.
Each has a stable ``code``; the API layer maps classes to HTTP statuses.
"""
from __future__ import annotations

import datetime as dt

from core.engine.errors import (  # noqa: F401  (re-exported)
    CalendarUnknown, Conflict, DomainError, InvalidInput, NotFound, PluginError, RuleNotImplemented, SettingMissing,
)
from core.engine.messages import _


class AuthenticationFailed(DomainError):
    code = "authentication_failed"


class AccountLocked(DomainError):
    code = "account_locked"

    def __init__(self, until: dt.datetime) -> None:
        super().__init__(
            _("too many failed logins; the account is locked until {until}", until=until.isoformat()),
            details={"locked_until": until.isoformat()},
        )
        self.until = until


class PermissionDenied(DomainError):
    code = "permission_denied"


class TenantSuspended(DomainError):
    code = "tenant_suspended"

    def __init__(self, tenant_code: str, reason: str | None) -> None:
        text = _("tenant {code!r} is suspended: {reason}; its data is kept and access returns when a central admin "
                 "resumes it", code=tenant_code, reason=reason) if reason else \
            _("tenant {code!r} is suspended; its data is kept and access returns when a central admin resumes it",
              code=tenant_code)
        super().__init__(text, details={"tenant": tenant_code, "reason": reason})


class ServiceUnavailable(DomainError):
    """A service the request needs (the job queue) cannot be reached; nothing was changed."""

    code = "service_unavailable"


class TenancyViolation(DomainError):
    """A query or write tried to cross the tenant wall. Always a programming error."""

    code = "tenancy_violation"
