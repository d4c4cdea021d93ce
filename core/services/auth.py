"""Logging in and out, and turning a bearer token into a :class:`Principal`."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.config import Settings
from core.db import utcnow
from core.errors import AccountLocked, AuthenticationFailed, TenantSuspended
from core.models import AuthToken, Tenant, User
from core.permissions import Principal
from core.security import hash_password, needs_rehash, new_token, token_digest, verify_password
from core.tenancy import Scope, scoped

# Verified against when the user does not exist, so both paths cost one argon2 check.
_DUMMY_HASH = hash_password("not-a-real-password-0000")
_BAD_LOGIN = "unknown user or wrong password"


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: dt.datetime
    principal: Principal


def principal_of(user: User) -> Principal:
    return Principal(user_id=user.id, username=user.username, role=user.role, tenant_id=user.tenant_id,
                     tenant_code=user.tenant.code if user.tenant else None)


def _find_user(session: Session, tenant_code: str | None, username: str) -> User | None:
    stmt = select(User).where(User.username == username)
    if tenant_code is None:
        stmt = stmt.where(User.tenant_id.is_(None))
    else:
        stmt = stmt.join(Tenant, User.tenant_id == Tenant.id).where(Tenant.code == tenant_code)
    return session.scalars(stmt).unique().one_or_none()


def _check_tenant(user: User) -> None:
    if user.tenant is not None and user.tenant.is_suspended:
        raise TenantSuspended(user.tenant.code, user.tenant.suspended_reason)


def login(session: Session, settings: Settings, *, username: str, password: str,
          tenant_code: str | None = None, now: dt.datetime | None = None) -> IssuedToken:
    """Check a password and issue a token. Repeated failures lock the account for a while."""
    now = now or utcnow()
    with scoped(session, Scope.platform()):
        user = _find_user(session, tenant_code, username)
        if user is None:
            verify_password(_DUMMY_HASH, password)
            raise AuthenticationFailed(_BAD_LOGIN)
        if user.locked_until is not None and user.locked_until > now:
            raise AccountLocked(user.locked_until)
        if not verify_password(user.password_hash, password):
            _count_failure(session, settings, user, now)
            session.commit()
            if user.locked_until is not None and user.locked_until > now:
                raise AccountLocked(user.locked_until)
            raise AuthenticationFailed(_BAD_LOGIN)
        if not user.is_active:
            raise AuthenticationFailed("this account is disabled")
        _check_tenant(user)
        user.failed_logins = 0
        user.locked_until = None
        user.last_login_at = now
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        token, digest = new_token()
        expires_at = now + dt.timedelta(minutes=settings.token_ttl_minutes)
        session.add(AuthToken(user_id=user.id, token_hash=digest, created_at=now, expires_at=expires_at))
        principal = principal_of(user)
        audit.record(session, principal, "auth.login", "user", user.id)
        session.commit()
    return IssuedToken(token=token, expires_at=expires_at, principal=principal)


def _count_failure(session: Session, settings: Settings, user: User, now: dt.datetime) -> None:
    user.failed_logins += 1
    details = {"failed_logins": user.failed_logins}
    if user.failed_logins >= settings.lockout_threshold:
        user.locked_until = now + dt.timedelta(minutes=settings.lockout_minutes)
        user.failed_logins = 0
        details["locked_until"] = user.locked_until.isoformat()
    audit.record(session, None, "auth.login_failed", "user", user.id, tenant_id=user.tenant_id,
                 details=details)


def authenticate(session: Session, token: str, *, now: dt.datetime | None = None) -> Principal:
    """The principal behind a bearer token, or an error saying why there is none."""
    now = now or utcnow()
    with scoped(session, Scope.platform()):
        row = session.execute(
            select(AuthToken, User).join(User, AuthToken.user_id == User.id)
            .where(AuthToken.token_hash == token_digest(token))
        ).unique().one_or_none()
        if row is None:
            raise AuthenticationFailed("the bearer token is not valid")
        stored, user = row
        if stored.revoked_at is not None:
            raise AuthenticationFailed("the bearer token was revoked (logged out)")
        if stored.expires_at <= now:
            raise AuthenticationFailed("the bearer token has expired; log in again")
        if not user.is_active:
            raise AuthenticationFailed("this account is disabled")
        _check_tenant(user)
        principal = principal_of(user)
    session.expunge_all()  # nothing loaded under the platform scope outlives it
    return principal


def logout(session: Session, token: str, *, now: dt.datetime | None = None) -> None:
    now = now or utcnow()
    with scoped(session, Scope.platform()):
        stored = session.scalars(select(AuthToken).where(AuthToken.token_hash == token_digest(token))).one_or_none()
        if stored is not None and stored.revoked_at is None:
            stored.revoked_at = now
            session.commit()


def revoke_all_tokens(session: Session, user_id: int, *, now: dt.datetime | None = None) -> int:
    """Revoke every live token of a user (deactivation, password change). Caller commits."""
    now = now or utcnow()
    tokens = session.scalars(select(AuthToken).where(AuthToken.user_id == user_id, AuthToken.revoked_at.is_(None)))
    count = 0
    for stored in tokens:
        stored.revoked_at = now
        count += 1
    return count
