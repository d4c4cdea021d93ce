"""Who may do what. One table, checked by the API layer before a service is called."""
from __future__ import annotations

import enum
from dataclasses import dataclass

from core.errors import PermissionDenied
from core.platform.models import Role
from core.platform.tenancy import Scope


class Permission(str, enum.Enum):
    PLATFORM_ADMIN = "platform.admin"
    JURISDICTIONS_READ = "jurisdictions.read"
    TENANT_READ = "tenant.read"
    USERS_READ = "users.read"
    USERS_MANAGE = "users.manage"
    JOBS_READ = "jobs.read"
    EXPORTS_RUN = "exports.run"
    AUDIT_READ = "audit.read"
    SETTINGS_MANAGE = "settings.manage"
    CYCLES_READ = "cycles.read"
    CYCLES_MANAGE = "cycles.manage"
    APPLICANTS_READ = "applicants.read"
    APPLICANTS_MANAGE = "applicants.manage"
    APPLICATIONS_READ = "applications.read"
    """Every application of the tenant (office, supervisors); an applicant reads its own through APPLY."""
    APPLY = "applications.apply"
    """An applicant's own drafts, submissions, change requests and attachments."""
    SCREENING = "applications.screen"
    """Recommendations, screening, attestations, corrections, acceptance and rejection, change decisions."""
    LEDGER_READ = "ledger.read"
    LEDGER_MANAGE = "ledger.manage"
    REVIEW_READ = "review.read"
    """The expert pool, panels and their draws, every sheet, results and agreement (office, supervisors)."""
    REVIEW_MANAGE = "review.manage"
    """The expert pool, panels, draws, recusals and reopening sheets (the office)."""
    SCORE = "review.score"
    """An expert's own seats, declarations and sheets."""
    AWARDS_READ = "awards.read"
    """Notices, objections (without the objector's identity), approvals, awards, rewards, duties, sanctions."""
    AWARDS_MANAGE = "awards.manage"
    """Publishing and closing notices, handling objections, the rewards ledger, winners' duties (the office)."""
    OBJECTORS_READ = "objections.identity"
    """Who objected and how to reach them (为举报人保密): the office admin and supervisors only."""


_READ_TENANT = {Permission.JURISDICTIONS_READ, Permission.TENANT_READ}

_READ_CYCLES = {Permission.CYCLES_READ, Permission.APPLICANTS_READ, Permission.APPLICATIONS_READ,
                Permission.LEDGER_READ, Permission.REVIEW_READ, Permission.AWARDS_READ}
_WORK_CYCLES = {Permission.APPLICANTS_MANAGE, Permission.SCREENING, Permission.REVIEW_MANAGE, Permission.AWARDS_MANAGE}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    # Central admins see counts of a tenant's cycles, never their contents (through /api/v1/admin).
    Role.PLATFORM_ADMIN: frozenset({Permission.PLATFORM_ADMIN, Permission.JURISDICTIONS_READ}),
    Role.OFFICE_ADMIN: frozenset(_READ_TENANT | _READ_CYCLES | _WORK_CYCLES | {
        Permission.USERS_READ, Permission.USERS_MANAGE, Permission.JOBS_READ, Permission.EXPORTS_RUN,
        Permission.AUDIT_READ, Permission.SETTINGS_MANAGE, Permission.CYCLES_MANAGE, Permission.LEDGER_MANAGE,
        Permission.OBJECTORS_READ}),
    # Office staff work the cycles the office admin opens and moves.
    Role.OFFICE_STAFF: frozenset(_READ_TENANT | _READ_CYCLES | _WORK_CYCLES | {Permission.USERS_READ,
                                                                               Permission.JOBS_READ}),
    # Discipline inspection: reads everything of its tenant, the audit trail included; changes nothing.
    Role.SUPERVISOR: frozenset(_READ_TENANT | _READ_CYCLES | {Permission.USERS_READ, Permission.JOBS_READ,
                                                              Permission.AUDIT_READ, Permission.OBJECTORS_READ}),
    # Experts see their own seats on panels, and the applications of a panel they confirmed while its stage runs.
    Role.EXPERT: frozenset(_READ_TENANT | {Permission.SCORE}),
    # Applicants see the tenant's cycles and work on their own applications only.
    Role.APPLICANT: frozenset(_READ_TENANT | {Permission.CYCLES_READ, Permission.APPLY}),
}

WRITE_PERMISSIONS = frozenset({Permission.PLATFORM_ADMIN, Permission.USERS_MANAGE, Permission.EXPORTS_RUN,
                               Permission.SETTINGS_MANAGE, Permission.CYCLES_MANAGE, Permission.APPLICANTS_MANAGE,
                               Permission.APPLY, Permission.SCREENING, Permission.LEDGER_MANAGE,
                               Permission.REVIEW_MANAGE, Permission.SCORE, Permission.AWARDS_MANAGE})


@dataclass(frozen=True)
class Principal:
    """The authenticated user of a request or job: everything an authorisation check needs."""

    user_id: int
    username: str
    role: Role
    tenant_id: int | None
    tenant_code: str | None

    @property
    def scope(self) -> Scope:
        return Scope.platform() if self.tenant_id is None else Scope.tenant(self.tenant_id)

    @property
    def is_platform_admin(self) -> bool:
        return self.role is Role.PLATFORM_ADMIN

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    def require(self, permission: Permission) -> None:
        if self.can(permission):
            return
        if permission is Permission.PLATFORM_ADMIN:
            raise PermissionDenied("only central (platform) admins may use this endpoint")
        if self.is_platform_admin:
            raise PermissionDenied("central admins act on tenants through /api/v1/admin; "
                                   "this endpoint belongs to a tenant's own users")
        raise PermissionDenied(f"role {self.role.value!r} lacks the permission {permission.value!r}")
