"""统一社会信用代码 (unified social credit code), GB 32100-2015.

18 characters: registration authority (1), organisation kind (1), administrative division (6,
GB/T 2260), the organisation's body code (9), and a check character (1). Characters come from
the 31 of the standard's alphabet (digits and capitals without I, O, Z, S, V). The check character
is ``31 - (Σ value(c_i) × w_i mod 31)``, with weights ``w_i = 3^i mod 31`` and 31 written as 0.
"""
from __future__ import annotations

from core.engine.messages import _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {c: i for i, c in enumerate(ALPHABET)}
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
LENGTH = 18
PATTERN = "^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$"
"""The shape of a code (for OpenAPI): the division is digits, the rest from the standard's alphabet."""


def check_character(first17: str) -> str:
    """The check character for the first 17 characters of a code."""
    total = sum(VALUES[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def problem(code: str) -> str | None:
    """Why ``code`` is not a valid 统一社会信用代码, or None when it is."""
    if len(code) != LENGTH:
        return _("a 统一社会信用代码 has {length} characters; this one has {count}", length=LENGTH, count=len(code))
    wrong = sorted({c for c in code if c not in VALUES})
    if wrong:
        return _("characters {characters} are not in GB 32100-2015's alphabet (digits and capital letters except I, "
                 "O, Z, S, V)", characters=", ".join(repr(c) for c in wrong))
    if not code[2:8].isdigit():
        return _("characters 3 to 8 are the administrative division code (GB/T 2260): digits only")
    expected = check_character(code[:17])
    if code[17] != expected:
        return _("the check character (GB 32100-2015) should be {expected}, not {given}: a character is mistyped",
                 expected=repr(expected), given=repr(code[17]))
    return None


def complete(first17: str) -> str:
    """A full code from its first 17 characters (for examples and tests)."""
    return first17 + check_character(first17)
