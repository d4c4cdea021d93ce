"""Password hashing (argon2id) and opaque bearer tokens (random, stored as SHA-256 digests)."""
from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

from core.engine.messages import _

_hasher = PasswordHasher()


def use_cheapest_hashing_for_tests() -> None:
    """Test suites only: argon2's cheapest parameters, so creating many users stays fast."""
    global _hasher
    _hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256  # the login form accepts no more, and argon2 need not hash megabytes


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def new_token() -> tuple[str, str]:
    """Return ``(token, digest)``: the token goes to the client, the digest to the database."""
    token = secrets.token_urlsafe(32)
    return token, token_digest(token)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def random_password() -> str:
    return secrets.token_urlsafe(15)


def password_problem(password: str) -> str | None:
    """A reason the password is unacceptable, or ``None``."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("must be at least {count} characters", count=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        return _("must be at most {count} characters", count=MAX_PASSWORD_LENGTH)
    if password.strip() != password:
        return _("must not start or end with whitespace")
    return None
