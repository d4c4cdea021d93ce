"""Logging in and out, and turning a bearer token into a :class:`Principal`.

Login throttling. Every attempt is *reserved* before its password is checked: one upsert per counter
adds the attempt and returns the new count and lock in the same statement, so parallel guesses cannot
all read "not locked yet" and all be checked. An attempt whose count is over the threshold is refused
without checking the password (nor the account's state: a locked name answers 429 whatever follows).
Counters are cleared only by a success (or a password reset), never when a lock is set, and they start
again once a lock has expired or the last attempt is older than ``lockout_minutes``.

Two counters, so that an attacker cannot use the lockout to keep someone out for ever:

* per (name, client address): ``lockout_threshold`` failures lock that pair; other addresses are not
  affected, so anonymous requests from one address cannot lock the central admin out;
* per name, from every address: ``lockout_name_threshold`` (higher) failures lock the name against
  distributed guessing, except for the addresses the name has logged in from within
  ``lockout_known_address_days``: the owner's usual machines keep working while the name is attacked.

Names are counted as typed, existing or not, so a lockout reveals nothing about which accounts exist.
A right password on a disabled account or a suspended tenant is no success: its attempt stays counted.
"""
from __future__ import annotations

import datetime as dt
import enum
import functools
import ipaddress
from dataclasses import dataclass

from sqlalchemy import and_, case, literal, null, or_, select, update
from sqlalchemy.orm import Session

from core.engine.messages import _
from core.platform import audit
from core.platform.config import Settings
from core.platform.db import UTCDateTime, dialect_insert, utcnow
from core.errors import AccountLocked, AuthenticationFailed, TenantSuspended
from core.platform.models import AuthToken, LoginThrottle, Role, Tenant, TenantStatus, User
from core.platform.permissions import Principal
from core.platform.security import hash_password, needs_rehash, new_token, token_digest, verify_password
from core.platform.tenancy import Scope, scoped

_BAD_LOGIN = _("unknown user or wrong password")
NAME_ROW = ""
"""``client_address`` of the throttle row that counts a name's attempts from every address."""
MAX_ADDRESS_LENGTH = 64


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the user does not exist, so both paths cost one argon2 check. Made on
    first use, not at import: a production-cost hash would add ~100 ms to every process start."""
    return hash_password("not-a-real-password-0000")


class RevokeReason(enum.StrEnum):
    """Why a token stopped working before it expired (``auth_tokens.revoke_reason``)."""

    LOGOUT = "logout"
    PASSWORD_CHANGED = "password_changed"
    DEACTIVATED = "deactivated"
    REVOKED = "revoked"
    """No reason given."""


_REVOKED_MESSAGES = {
    RevokeReason.LOGOUT: _("the bearer token was revoked (logged out)"),
    RevokeReason.PASSWORD_CHANGED: _("the bearer token was revoked because the password was changed; "
                                     "log in with the new password"),
    RevokeReason.DEACTIVATED: _("the bearer token was revoked because the account was deactivated"),
}


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: dt.datetime
    principal: Principal


def principal_of(user: User, tenant: Tenant | None = None) -> Principal:
    """The principal of ``user``; pass its ``tenant`` when at hand (else it is loaded)."""
    if tenant is None and user.tenant_id is not None:
        tenant = user.tenant
    return Principal(user_id=user.id, username=user.username, role=user.role, tenant_id=user.tenant_id,
                     tenant_code=tenant.code if tenant is not None else None)


def _find_user(session: Session, tenant_code: str | None, username: str) -> tuple[User, Tenant | None] | None:
    stmt = select(User, Tenant).outerjoin(Tenant, User.tenant_id == Tenant.id).where(User.username == username)
    if tenant_code is None:
        stmt = stmt.where(User.tenant_id.is_(None))
    else:
        stmt = stmt.where(Tenant.code == tenant_code)
    row = session.execute(stmt).unique().one_or_none()
    return None if row is None else (row[0], row[1])


@dataclass(frozen=True)
class _Count:
    """A throttle row after an attempt was added to it."""

    failures: int
    locked_until: dt.datetime | None
    last_success_at: dt.datetime | None


@dataclass(frozen=True)
class _Attempt:
    """A reserved attempt: the lock its failure makes effective, if it reached a threshold."""

    key: str
    address: str
    locks_on_failure: dt.datetime | None


def login(session: Session, settings: Settings, *, username: str, password: str, client_address: str,
          tenant_code: str | None = None, now: dt.datetime | None = None) -> IssuedToken:
    """Check a password and issue a token; ``client_address`` is the caller's IP address.

    A locked name answers :class:`AccountLocked` (429) before anything else, for a right password too.
    """
    now = now or utcnow()
    with scoped(session, Scope.platform()):
        attempt = _reserve(session, settings, login_key(tenant_code, username), client_address, now)
        found = _find_user(session, tenant_code, username)
        session.commit()  # no connection is held while argon2 runs
        if found is None:
            verify_password(_dummy_hash(), password)
            _refuse(session, attempt, None)
        user, tenant = found
        if not verify_password(user.password_hash, password):
            _refuse(session, attempt, user)
        if not user.is_active:
            raise AuthenticationFailed("this account is disabled")
        if tenant is not None and tenant.is_suspended:
            raise TenantSuspended(tenant.code, tenant.suspended_reason)
        _succeed(session, attempt, now)
        _note_login(session, user, password, now)
        token, digest = new_token()
        expires_at = now + dt.timedelta(minutes=settings.token_ttl_minutes)
        session.add(AuthToken(user_id=user.id, token_hash=digest, created_at=now, expires_at=expires_at))
        principal = principal_of(user, tenant)
        audit.record(session, principal, "auth.login", "user", user.id)
        session.commit()
    return IssuedToken(token=token, expires_at=expires_at, principal=principal)


def _note_login(session: Session, user: User, password: str, now: dt.datetime) -> None:
    """Record the login time (and a rehash) on the table, not through the ORM object: a login is no
    edit of the user, so it neither bumps the user's version nor fails when a parallel login or an
    admin's change came first."""
    values: dict[str, object] = {"last_login_at": now}
    if needs_rehash(user.password_hash):
        values["password_hash"] = hash_password(password)
    session.execute(update(User.__table__).where(User.__table__.c.id == user.id).values(**values))


def throttle_address(address: str) -> str:
    """What is counted as one address: an IPv4 address, or the /64 network of an IPv6 one (a single
    host is given a whole /64, so counting its addresses one by one would count nothing)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6 and ip.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip.ipv4_mapped or ip) if ip.version == 6 else str(ip)


def login_key(tenant_code: str | None, username: str) -> str:
    return f"{(tenant_code or '').lower()}:{username.lower()}"[:140]


def _reserve(session: Session, settings: Settings, key: str, client_address: str, now: dt.datetime) -> _Attempt:
    """Count the attempt before its password is checked, and refuse it (429) once over a threshold.

    Committed at once, in its own short transaction, so that a parallel attempt sees it.
    """
    address = throttle_address(client_address)[:MAX_ADDRESS_LENGTH] or "unknown"
    pair = _count(session, key, address, settings.lockout_threshold, settings.lockout_minutes, now)
    if pair.failures > settings.lockout_threshold:
        session.commit()
        raise AccountLocked(pair.locked_until or now)
    locks = [pair.locked_until] if pair.failures == settings.lockout_threshold else []
    name = _count(session, key, NAME_ROW, settings.lockout_name_threshold, settings.lockout_minutes, now)
    session.commit()
    known_since = now - dt.timedelta(days=settings.lockout_known_address_days)
    if pair.last_success_at is None or pair.last_success_at <= known_since:  # the name lock applies
        if name.failures > settings.lockout_name_threshold:
            raise AccountLocked(name.locked_until or now)
        if name.failures == settings.lockout_name_threshold:
            locks.append(name.locked_until)
    return _Attempt(key, address, max((lock for lock in locks if lock is not None), default=None))


def _count(session: Session, key: str, address: str, threshold: int, minutes: int, now: dt.datetime) -> _Count:
    """Add one attempt to a throttle row in one statement, returning the row as it now is.

    The count starts again when the row's lock has expired, or when it has no lock and its last
    attempt is older than ``minutes``; the attempt that reaches ``threshold`` sets the lock.
    """
    table = LoginThrottle.__table__
    c = table.c
    lock = literal(now + dt.timedelta(minutes=minutes), UTCDateTime())
    first_lock = lock if threshold <= 1 else null()
    stale = or_(c.locked_until <= now,
                and_(c.locked_until.is_(None), c.updated_at <= now - dt.timedelta(minutes=minutes)))
    insert = dialect_insert(session)
    stmt = (
        insert(table)
        .values(login_key=key, client_address=address, failures=1, locked_until=first_lock, updated_at=now)
        .on_conflict_do_update(
            index_elements=[c.login_key, c.client_address],
            set_={
                "failures": case((stale, 1), else_=c.failures + 1),
                "locked_until": case((stale, first_lock), (c.locked_until > now, c.locked_until),
                                     (c.failures + 1 >= threshold, lock), else_=null()),
                "updated_at": now,
            })
        .returning(c.failures, c.locked_until, c.last_success_at)
    )
    row = session.execute(stmt).one()
    return _Count(row.failures, row.locked_until, row.last_success_at)


def _refuse(session: Session, attempt: _Attempt, user: User | None) -> None:
    """A wrong password: the attempt stays counted. 429 if it was the one that reached a threshold."""
    if user is not None:
        details = {"locked_until": attempt.locks_on_failure.isoformat()} if attempt.locks_on_failure else {}
        audit.record(session, None, "auth.login_failed", "user", user.id, tenant_id=user.tenant_id, details=details)
        session.commit()
    if attempt.locks_on_failure is not None:
        raise AccountLocked(attempt.locks_on_failure)
    raise AuthenticationFailed(_BAD_LOGIN)


def _succeed(session: Session, attempt: _Attempt, now: dt.datetime) -> None:
    """Clear the address's count and remember its success; give back the attempt counted on the name."""
    c = LoginThrottle.__table__.c
    session.execute(update(LoginThrottle)
                    .where(LoginThrottle.login_key == attempt.key, LoginThrottle.client_address == attempt.address)
                    .values(failures=0, locked_until=None, last_success_at=now, updated_at=now))
    session.execute(update(LoginThrottle)
                    .where(LoginThrottle.login_key == attempt.key, LoginThrottle.client_address == NAME_ROW)
                    .values(failures=case((c.failures > 0, c.failures - 1), else_=0), updated_at=now))


def clear_throttle(session: Session, key: str) -> None:
    """Forget the failures and locks of a login name from every address (an admin reset its password).
    The addresses it logged in from stay known."""
    session.execute(update(LoginThrottle).where(LoginThrottle.login_key == key)
                    .values(failures=0, locked_until=None))


def prune_throttles(session: Session, settings: Settings, *, now: dt.datetime | None = None) -> int:
    """Delete the throttle rows that no longer count: no lock in force, no attempt within
    ``lockout_minutes``, and no success within ``lockout_known_address_days``. For a periodic task
    (each guessed name and address leaves a row). Caller commits."""
    now = now or utcnow()
    c = LoginThrottle.__table__.c
    return session.execute(
        LoginThrottle.__table__.delete().where(
            or_(c.locked_until.is_(None), c.locked_until <= now),
            c.updated_at <= now - dt.timedelta(minutes=settings.lockout_minutes),
            or_(c.last_success_at.is_(None),
                c.last_success_at <= now - dt.timedelta(days=settings.lockout_known_address_days)))
    ).rowcount


def authenticate(session: Session, token: str, *, now: dt.datetime | None = None) -> Principal:
    """The principal behind a bearer token, or an error saying why there is none.

    One SELECT: the token with its user and the user's tenant, as plain columns (no ORM objects, so no
    relationship load can follow).
    """
    return authenticate_with_locale(session, token, now=now)[0]


def authenticate_with_locale(session: Session, token: str, *,
                             now: dt.datetime | None = None) -> tuple[Principal, str | None]:
    """:func:`authenticate`, with the user's stored ``locale`` (None: the request's Accept-Language
    decides) read by the same SELECT."""
    now = now or utcnow()
    with scoped(session, Scope.platform()):
        row = session.execute(
            select(AuthToken.revoked_at, AuthToken.revoke_reason, AuthToken.expires_at, User.id, User.username,
                   User.role, User.tenant_id, User.is_active, Tenant.code, Tenant.status, Tenant.suspended_reason,
                   User.locale)
            .join(User, AuthToken.user_id == User.id)
            .outerjoin(Tenant, User.tenant_id == Tenant.id)
            .where(AuthToken.token_hash == token_digest(token))
        ).one_or_none()
    if row is None:
        raise AuthenticationFailed("the bearer token is not valid")
    (revoked_at, reason, expires_at, user_id, username, role, tenant_id, is_active,
     tenant_code, tenant_status, suspended_reason, locale) = row
    if not is_active:
        raise AuthenticationFailed("this account is disabled")
    if tenant_status is TenantStatus.SUSPENDED:
        raise TenantSuspended(tenant_code, suspended_reason)
    if revoked_at is not None:
        raise AuthenticationFailed(_revoked_message(reason))
    if expires_at <= now:
        raise AuthenticationFailed("the bearer token has expired; log in again")
    return Principal(user_id=user_id, username=username, role=Role(role), tenant_id=tenant_id,
                     tenant_code=tenant_code), locale


def _revoked_message(reason: str | None) -> str:
    try:
        return _REVOKED_MESSAGES[RevokeReason(reason)]
    except (KeyError, ValueError):
        return _("the bearer token was revoked; log in again")


def logout(session: Session, token: str, *, now: dt.datetime | None = None) -> None:
    now = now or utcnow()
    with scoped(session, Scope.platform()):
        stored = session.scalars(select(AuthToken).where(AuthToken.token_hash == token_digest(token))).one_or_none()
        if stored is not None and stored.revoked_at is None:
            stored.revoked_at = now
            stored.revoke_reason = RevokeReason.LOGOUT.value
            session.commit()


def revoke_all_tokens(session: Session, user_id: int, *, now: dt.datetime | None = None,
                      reason: RevokeReason = RevokeReason.REVOKED) -> int:
    """Revoke every live token of a user (deactivation, password change), saying why. Caller commits."""
    now = now or utcnow()
    return session.execute(
        update(AuthToken).where(AuthToken.user_id == user_id, AuthToken.revoked_at.is_(None))
        .values(revoked_at=now, revoke_reason=RevokeReason(reason).value)
    ).rowcount
