"""Logging in and out, and turning a bearer token into a :class:`Principal`."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core import audit
from core.config import Settings
from core.db import utcnow
from core.errors import AccountLocked, AuthenticationFailed, TenantSuspended
from core.models import AuthToken, LoginThrottle, Tenant, User
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
    """Check a password and issue a token.

    Failures are counted per login name as typed, existing or not; after
    ``lockout_threshold`` of them the name is locked for ``lockout_minutes`` (429), so an
    unknown name and a real one answer alike.
    """
    now = now or utcnow()
    key = login_key(tenant_code, username)
    with scoped(session, Scope.platform()):
        _refuse_if_locked(session, key, now)
        user = _find_user(session, tenant_code, username)
        if user is None:
            verify_password(_DUMMY_HASH, password)
            _fail(session, settings, key, now, None)
        if not verify_password(user.password_hash, password):
            _fail(session, settings, key, now, user)
        if not user.is_active:
            raise AuthenticationFailed("this account is disabled")
        _check_tenant(user)
        clear_throttle(session, key)
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


def login_key(tenant_code: str | None, username: str) -> str:
    return f"{(tenant_code or '').lower()}:{username.lower()}"[:140]


def _refuse_if_locked(session: Session, key: str, now: dt.datetime) -> None:
    locked_until = session.scalar(select(LoginThrottle.locked_until).where(LoginThrottle.login_key == key))
    if locked_until is not None and locked_until > now:
        raise AccountLocked(locked_until)


def _fail(session: Session, settings: Settings, key: str, now: dt.datetime, user: User | None) -> None:
    """Count a failure atomically (parallel guesses cannot overwrite each other), maybe lock, then refuse."""
    _increment(session, key, now)
    locked_until = now + dt.timedelta(minutes=settings.lockout_minutes)
    locked = session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.login_key == key, LoginThrottle.failures >= settings.lockout_threshold)
        .values(failures=0, locked_until=locked_until)
    ).rowcount
    if user is not None:
        details = {"locked_until": locked_until.isoformat()} if locked else {}
        audit.record(session, None, "auth.login_failed", "user", user.id, tenant_id=user.tenant_id, details=details)
    session.commit()
    if locked:
        raise AccountLocked(locked_until)
    raise AuthenticationFailed(_BAD_LOGIN)


def _increment(session: Session, key: str, now: dt.datetime) -> None:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - only PostgreSQL and SQLite are supported
        raise NotImplementedError(f"login throttling needs an upsert for {dialect}")
    table = LoginThrottle.__table__
    session.execute(
        insert(table).values(login_key=key, failures=1, updated_at=now)
        .on_conflict_do_update(index_elements=[table.c.login_key],
                               set_={"failures": table.c.failures + 1, "updated_at": now})
    )


def clear_throttle(session: Session, key: str) -> None:
    """Forget failures and any lock of a login name (on success, or when an admin resets a password)."""
    session.execute(update(LoginThrottle).where(LoginThrottle.login_key == key)
                    .values(failures=0, locked_until=None))


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
