"""A tenant's users and their roles. Runs under the caller's tenant scope."""
from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session, load_only

from core.engine.messages import _
from core.errors import Conflict, InvalidInput, NotFound
from core.i18n import LOCALES
from core.platform import audit, versioning
from core.platform.models import Role, Tenant, User
from core.platform.paging import DEFAULT_LIMIT, Page, keyset_page
from core.platform.permissions import Principal
from core.platform.security import hash_password, password_problem
from core.platform.services.auth import RevokeReason, clear_throttle, login_key, revoke_all_tokens

USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$")
UNSET = object()
"""``update_user(locale=...)`` not given (None clears the setting)."""


def _check_password(password: str) -> None:
    problem = password_problem(password)
    if problem:
        raise InvalidInput.on("password", problem)


def create_user(session: Session, actor: Principal | None, *, username: str, password: str, role: Role,
                display_name: str = "", tenant_id: int | None = None) -> User:
    """Create a user in the session's scope. Tenant users need a tenant role; central admins the platform one."""
    if not USERNAME.match(username):
        raise InvalidInput.on("username", "use 2-64 letters, digits or . _ @ -, starting with a letter or digit")
    if tenant_id is None and actor is not None and actor.tenant_id is not None:
        tenant_id = actor.tenant_id
    if tenant_id is None and role is not Role.PLATFORM_ADMIN:
        raise InvalidInput.on("role", "users without a tenant can only be platform admins")
    if tenant_id is not None and role is Role.PLATFORM_ADMIN:
        raise InvalidInput.on("role", _("choose a tenant role: {roles}",
                                        roles=", ".join(r.value for r in Role.tenant_roles())))
    _check_password(password)
    same_name = select(func.count()).select_from(User).where(User.username == username)
    same_name = same_name.where(User.tenant_id.is_(None) if tenant_id is None else User.tenant_id == tenant_id)
    if session.scalar(same_name):
        raise Conflict(_("username {username!r} is taken",
                         username=username), fields={"username": [_("already taken")]})
    user = User(tenant_id=tenant_id, username=username, display_name=display_name, role=role,
                password_hash=hash_password(password))
    session.add(user)
    session.flush()
    audit.record(session, actor, "user.created", "user", user.id, tenant_id=tenant_id,
                 details={"username": username, "role": role.value})
    session.commit()
    return user


LISTED = (User.id, User.tenant_id, User.username, User.display_name, User.role, User.is_active,
          User.last_login_at, User.locale, User.created_at, User.version)
"""The columns a list shows: never the password hash."""


def users_page(session: Session, *, role: Role | None = None, active: bool | None = None,
               limit: int = DEFAULT_LIMIT, cursor: str | None = None) -> Page[User]:
    """A page of the scope's users in id order, served by ``(tenant_id, id)``, ``(tenant_id, role, id)``
    or, for disabled accounts, the partial ``(tenant_id, id) WHERE NOT is_active``."""
    stmt = select(User).options(load_only(*LISTED, raiseload=True))
    if role is not None:
        stmt = stmt.where(User.role == role)
    if active is not None:
        stmt = stmt.where(User.is_active == active)
    return keyset_page(session, stmt, [User.id], limit=limit, cursor=cursor)


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("user", user_id)
    return user


def update_user(session: Session, actor: Principal, user_id: int, *, display_name: str | None = None,
                role: Role | None = None, is_active: bool | None = None, password: str | None = None,
                locale: str | None | object = UNSET,
                expected_version: versioning.Expected = versioning.UNCHECKED) -> User:
    """Change a user. ``expected_version`` (the version the caller read) guards against overwriting
    a change made meanwhile (:func:`core.platform.versioning.check`)."""
    user = get_user(session, user_id)
    versioning.check("user", user, expected_version)
    with versioning.guard(session, "user", user):
        if user.id == actor.user_id and (is_active is False or (role is not None and role is not user.role)):
            # A well-formed change that the target's state forbids (it is the caller): a conflict, not bad input.
            field = "role" if role is not None else "is_active"
            reason = _("you cannot demote or deactivate yourself; ask another office admin")
            raise Conflict(_("{field}: {reason}", field=field, reason=reason), fields={field: [reason]})
        changes: dict[str, object] = {}
        if display_name is not None and display_name != user.display_name:
            changes["display_name"] = [user.display_name, display_name]
            user.display_name = display_name
        if role is not None and role is not user.role:
            if role is Role.PLATFORM_ADMIN:
                roles = ", ".join(r.value for r in Role.tenant_roles())
                raise InvalidInput.on("role", _("choose a tenant role: {roles}", roles=roles))
            changes["role"] = [user.role.value, role.value]
            user.role = role
        if is_active is not None and is_active != user.is_active:
            changes["is_active"] = [user.is_active, is_active]
            user.is_active = is_active
            if not is_active:
                revoke_all_tokens(session, user.id, reason=RevokeReason.DEACTIVATED)
        if locale is not UNSET and locale != user.locale:
            if locale is not None and locale not in LOCALES:
                raise InvalidInput.on("locale", _("choose one of: {choices}", choices=", ".join(LOCALES)))
            changes["locale"] = [user.locale, locale]
            user.locale = locale  # type: ignore[assignment]
        if password is not None:
            _check_password(password)
            user.password_hash = hash_password(password)
            clear_throttle(session, login_key(_tenant_code(session, user), user.username))
            revoke_all_tokens(session, user.id, reason=RevokeReason.PASSWORD_CHANGED)
            changes["password"] = "reset"
        if changes:
            audit.record(session, actor, "user.updated", "user", user.id, details=changes)
            session.commit()
    return user


def _tenant_code(session: Session, user: User) -> str | None:
    if user.tenant_id is None:
        return None
    return session.scalar(select(Tenant.code).where(Tenant.id == user.tenant_id))
