"""Applicants: the organisations and people who apply, each acting through one applicant user of the tenant.

An applicant either registers itself for an open cycle (an inactive user and a ``pending`` applicant,
until the office approves the account) or is invited by the office (an active user, ``approved`` at
once). An organisation is known by its 统一社会信用代码, checked against GB 32100-2015's check
character; an individual by name and employer.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, load_only

from core.engine.messages import _
from core.applications import uscc as uscc_check
from core.applications.models import Applicant, ApplicantKind, ApplicantOrigin, ApplicantStatus
from core.cycles.models import Cycle, CycleStatus
from core.errors import Conflict, InvalidInput, NotFound
from core.platform import audit, clock, versioning
from core.platform.models import Role, Tenant, TenantStatus, User
from core.platform.paging import DEFAULT_LIMIT, Page, keyset_page
from core.platform.permissions import Principal
from core.platform.security import hash_password, password_problem
from core.platform.services.users import USERNAME
from core.platform.tenancy import Scope, scoped, set_scope

ENTRY_KINDS_OF: dict[ApplicantKind, frozenset[str]] = {
    ApplicantKind.ORGANIZATION: frozenset({"organization", "project", "team"}),
    ApplicantKind.INDIVIDUAL: frozenset({"individual"}),
}
"""The entry kinds each kind of applicant may apply as: an organisation for itself, its projects and
teams; a person only as an individual."""

CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email")
IDENTITY_FIELDS = ("name", "uscc", "employer_name", "employer_uscc")


def _uscc_problems(values: dict[str, Any]) -> dict[str, list[str]]:
    problems = {}
    for field in ("uscc", "employer_uscc"):
        code = values.get(field)
        if code is not None and (problem := uscc_check.problem(code)) is not None:
            problems[field] = [problem]
    return problems


def _check_identity(kind: ApplicantKind, values: dict[str, Any]) -> None:
    """An organisation needs its code and no employer; a person an employer and no code of its own.
    Every field at fault is named at once."""
    problems = _uscc_problems(values)
    if kind is ApplicantKind.ORGANIZATION:
        if not values.get("uscc"):
            problems.setdefault("uscc", ["an organisation is identified by its 统一社会信用代码; give it"])
        for field in ("employer_name", "employer_uscc"):
            if values.get(field):
                problems[field] = [_("only individuals name an employer; leave it out")]
    else:
        if not values.get("employer_name"):
            problems["employer_name"] = [_("an individual is identified by name and employer; give the employer")]
        if values.get("uscc"):
            problems["uscc"] = [_("an individual has no 统一社会信用代码 of its own; put the employer's in employer_uscc")]
    if problems:
        raise InvalidInput(_("the applicant's identity is incomplete or wrong: {fields}",
                             fields=", ".join(sorted(problems))), fields=problems)


def _check_unique(session: Session, tenant_id: int, *, username: str | None, code: str | None,
                  except_id: int | None = None) -> None:
    """409 naming the field when the username or the 统一社会信用代码 is already in the tenant (named
    explicitly: the ORM wall scopes entities, not a count over a table)."""
    if username is not None and session.scalar(select(func.count()).select_from(User).where(
            User.tenant_id == tenant_id, User.username == username)):
        raise Conflict(_("username {username!r} is taken",
                         username=username), fields={"username": [_("already taken")]})
    if code is not None:
        stmt = select(Applicant.id).where(Applicant.tenant_id == tenant_id, Applicant.uscc == code)
        if except_id is not None:
            stmt = stmt.where(Applicant.id != except_id)
        if session.scalar(stmt.limit(1)) is not None:
            raise Conflict(_("an applicant with 统一社会信用代码 {code} is already registered with this office",
                             code=code),
                           fields={"uscc": [_("already registered")]})


def _check_username(username: str) -> None:
    if not USERNAME.match(username):
        raise InvalidInput.on("username", "use 2-64 letters, digits or . _ @ -, starting with a letter or digit")


def _new_applicant(session: Session, *, username: str, password: str, display_name: str, kind: ApplicantKind,
                   active: bool, status: ApplicantStatus, origin: ApplicantOrigin, fields: dict[str, Any],
                   tenant_id: int) -> Applicant:
    _check_username(username)
    if (problem := password_problem(password)) is not None:
        raise InvalidInput.on("password", problem)
    _check_identity(kind, fields)
    _check_unique(session, tenant_id, username=username, code=fields.get("uscc"))
    user = User(tenant_id=tenant_id, username=username, display_name=display_name or fields["name"],
                role=Role.APPLICANT, password_hash=hash_password(password), is_active=active)
    session.add(user)
    session.flush()
    applicant = Applicant(user_id=user.id, kind=kind, status=status, origin=origin,
                          **{k: v for k, v in fields.items() if v is not None})
    session.add(applicant)
    session.flush()
    return applicant


def register(session: Session, *, tenant: str, cycle_id: int, username: str, password: str, kind: ApplicantKind,
             name: str, display_name: str = "", **fields: Any) -> Applicant:
    """Self-registration for an open cycle, without a token: an inactive applicant user and a
    ``pending`` applicant the office approves. The tenant comes from the body (as at login); a
    tenant that does not exist or is suspended, and a cycle that is not open in that tenant, are
    refused alike by the field, so nothing of other tenants is revealed."""
    with scoped(session, Scope.platform()):
        found = session.execute(select(Tenant.id, Tenant.status).where(Tenant.code == tenant)).one_or_none()
    if found is None or found.status is TenantStatus.SUSPENDED:
        raise InvalidInput.on("tenant", "no office with this code takes registrations")
    tenant_id = found.id
    set_scope(session, Scope.tenant(tenant_id))
    cycle = session.execute(select(Cycle).where(Cycle.id == cycle_id)).scalar_one_or_none()
    if cycle is None or cycle.status is not CycleStatus.OPEN:
        raise InvalidInput.on("cycle_id", "not an open cycle of this office; registrations name an open cycle")
    values = {"name": name, **fields}
    applicant = _new_applicant(session, username=username, password=password, display_name=display_name,
                               kind=kind, active=False, status=ApplicantStatus.PENDING,
                               origin=ApplicantOrigin.SELF_REGISTERED,
                               fields={**values, "registered_for_cycle_id": cycle.id}, tenant_id=tenant_id)
    audit.record(session, None, "applicant.registered", "applicant", applicant.id, tenant_id=tenant_id,
                 details={"username": username, "kind": kind.value, "name": name, "cycle_id": cycle.id,
                          "uscc": values.get("uscc")})
    session.commit()
    return applicant


def invite(session: Session, actor: Principal, *, username: str, password: str, kind: ApplicantKind, name: str,
           display_name: str = "", **fields: Any) -> Applicant:
    """The office creates an applicant with an active user and the password it hands over: approved at once."""
    assert actor.tenant_id is not None
    applicant = _new_applicant(session, username=username, password=password, display_name=display_name,
                               kind=kind, active=True, status=ApplicantStatus.APPROVED,
                               origin=ApplicantOrigin.INVITED, fields={"name": name, **fields},
                               tenant_id=actor.tenant_id)
    applicant.reviewed_by_id = actor.user_id
    applicant.reviewed_at = clock.now()
    audit.record(session, actor, "applicant.invited", "applicant", applicant.id,
                 details={"username": username, "kind": kind.value, "name": name, "uscc": fields.get("uscc")})
    session.commit()
    return applicant


LISTED = (Applicant.id, Applicant.tenant_id, Applicant.user_id, Applicant.kind, Applicant.name, Applicant.uscc,
          Applicant.employer_name, Applicant.employer_uscc, Applicant.contact_name, Applicant.contact_phone,
          Applicant.contact_email, Applicant.status, Applicant.origin, Applicant.registered_for_cycle_id,
          Applicant.reviewed_at, Applicant.review_note, Applicant.created_at, Applicant.version)


def applicants_page(session: Session, *, status: ApplicantStatus | None = None, limit: int = DEFAULT_LIMIT,
                    cursor: str | None = None) -> Page[Applicant]:
    """The tenant's applicants in id order, served by the key ``(tenant_id, id)`` or by
    ``(tenant_id, status, id)`` when filtered (the office's queue of pending registrations)."""
    stmt = select(Applicant).options(load_only(*LISTED, raiseload=True))
    if status is not None:
        stmt = stmt.where(Applicant.status == status)
    return keyset_page(session, stmt, [Applicant.id], limit=limit, cursor=cursor)


def get_applicant(session: Session, applicant_id: int) -> Applicant:
    applicant = session.execute(select(Applicant).where(Applicant.id == applicant_id)).scalar_one_or_none()
    if applicant is None:
        raise NotFound("applicant", applicant_id)
    return applicant


def applicant_of(session: Session, principal: Principal) -> Applicant:
    """The caller's own applicant (404 for a user who acts for none)."""
    applicant = session.execute(select(Applicant).where(Applicant.user_id == principal.user_id)).scalar_one_or_none()
    if applicant is None:
        raise NotFound("applicant of user", principal.username)
    return applicant


def review(session: Session, actor: Principal, applicant_id: int, *, approve: bool, note: str = "",
           expected_version: versioning.Expected = versioning.UNCHECKED) -> Applicant:
    """Approve a registration (its user may log in from now on) or refuse it with a note (the user
    stays disabled). A pending or refused applicant may be approved; only a pending one refused."""
    applicant = get_applicant(session, applicant_id)
    versioning.check("applicant", applicant, expected_version)
    allowed = (ApplicantStatus.PENDING, ApplicantStatus.REFUSED) if approve else (ApplicantStatus.PENDING,)
    if applicant.status not in allowed:
        verb = "approved" if approve else "refused"
        raise Conflict(_("applicant {id} is {status} and cannot be {verb}",
                         id=applicant.id, status=applicant.status.value, verb=verb),
                       details={"status": applicant.status.value})
    if not approve and not note.strip():
        raise InvalidInput.on("note", "say why the registration is refused; the applicant is told")
    with versioning.guard(session, "applicant", applicant):
        applicant.status = ApplicantStatus.APPROVED if approve else ApplicantStatus.REFUSED
        applicant.reviewed_by_id = actor.user_id
        applicant.reviewed_at = clock.now()
        applicant.review_note = note
        if approve:
            user = session.get(User, applicant.user_id)
            if user is not None and not user.is_active:
                user.is_active = True
        action = "applicant.approved" if approve else "applicant.refused"
        audit.record(session, actor, action, "applicant", applicant.id,
                     details={"note": note, "user_id": applicant.user_id})
        session.commit()
    return applicant


def update_applicant(session: Session, actor: Principal, applicant: Applicant, *,
                     expected_version: versioning.Expected, **changes: Any) -> Applicant:
    """Change the name, the identity or the contact fields; a new 统一社会信用代码 is checked again
    (GB 32100-2015 and unique in the tenant). Only the fields sent change; null clears an optional one."""
    versioning.check("applicant", applicant, expected_version)
    merged = {field: getattr(applicant, field) for field in IDENTITY_FIELDS}
    merged.update({k: v for k, v in changes.items() if k in IDENTITY_FIELDS})
    if any(k in changes for k in IDENTITY_FIELDS):
        _check_identity(applicant.kind, merged)
    if changes.get("uscc") and changes["uscc"] != applicant.uscc:
        _check_unique(session, applicant.tenant_id, username=None, code=changes["uscc"], except_id=applicant.id)
    with versioning.guard(session, "applicant", applicant):
        diff: dict[str, list[Any]] = {}
        for field, value in changes.items():
            if field in CONTACT_FIELDS and value is None:
                value = ""
            if getattr(applicant, field) != value:
                diff[field] = [getattr(applicant, field), value]
                setattr(applicant, field, value)
        if diff:
            audit.record(session, actor, "applicant.updated", "applicant", applicant.id, details=diff)
            session.commit()
    return applicant
