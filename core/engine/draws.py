"""Verifiable random draws of review panels (随机抽取), which anyone can re-run.

Regulations ask for panels drawn at random from the expert pool (Nantong 2023 第二十条). A random
draw is only worth something if nobody can choose its outcome and everybody can check it, so a draw
is done in two steps:

1. **Commit.** The office freezes the pool (who may be drawn, with each expert's load in the
   cycle) and a fresh 256-bit seed from the operating system's cryptographic source. It publishes
   the SHA-256 of the pool (:func:`digest` of its canonical JSON) and the SHA-256 of the seed
   (:func:`commitment`), but not the seed.
2. **Reveal.** The draw is run with the seed, and the seed is published beside the panel.

Anyone with the pool snapshot and the seed recomputes both hashes, compares them with what was
published before the draw, and re-runs :func:`draw` to get the same panel. Nobody could pick the
seed after seeing the pool, and the pool cannot be changed after the seed is fixed.

The draw itself: every expert in the pool gets a ticket, HMAC-SHA256 keyed by the seed over
``"<salt>|<expert id>"`` (the salt names the panel and the draw, so one seed never serves two
draws alike). Experts at the cycle's load cap are left out; the rest are ordered by their load
(fewest panels first, which balances the work) and then by ticket; the first ``seats`` are drawn.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any, Sequence

from core.engine.errors import InvalidInput

ALGORITHM = "hmac-sha256-load-then-ticket/1"
"""The name stored with every draw, so a later change of algorithm cannot re-interpret an old one."""


@dataclass(frozen=True)
class PoolEntry:
    """One expert who may be drawn, with the number of panels they already sit on in this cycle."""

    expert_id: int
    load: int = 0

    def record(self) -> dict[str, int]:
        return {"expert_id": self.expert_id, "load": self.load}


@dataclass(frozen=True)
class DrawOutcome:
    drawn: tuple[int, ...]
    """The expert ids drawn, in draw order (the first is the leader where the office names none)."""
    order: tuple[tuple[int, int, str], ...]
    """Every eligible expert as (expert id, load, ticket), in the order the draw ranked them."""
    short_by: int
    """Seats the pool could not fill."""


def canonical_json(value: Any) -> bytes:
    """The one byte form that is hashed: UTF-8 JSON, keys sorted, no spaces."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def digest(value: Any) -> str:
    return hashlib.sha256(canonical_json(value)).hexdigest()


def new_seed() -> str:
    """64 hex digits from the operating system's cryptographic source."""
    return secrets.token_hex(32)


def _seed_bytes(seed: str) -> bytes:
    try:
        raw = bytes.fromhex(seed)
    except ValueError:
        raise InvalidInput.on("seed", "must be 64 hexadecimal digits") from None
    if len(raw) != 32:
        raise InvalidInput.on("seed", "must be 64 hexadecimal digits (256 bits)")
    return raw


def commitment(seed: str) -> str:
    """SHA-256 of the seed's 32 bytes: published before the draw."""
    return hashlib.sha256(_seed_bytes(seed)).hexdigest()


def ticket(seed: str, salt: str, expert_id: int) -> str:
    return hmac.new(_seed_bytes(seed), f"{salt}|{expert_id}".encode("utf-8"), hashlib.sha256).hexdigest()


def pool_record(pool: Sequence[PoolEntry]) -> list[dict[str, int]]:
    """The pool as it is stored and hashed: sorted by expert id."""
    ids = [entry.expert_id for entry in pool]
    if len(set(ids)) != len(ids):
        raise InvalidInput.on("pool", "an expert stands twice in the pool")
    return [entry.record() for entry in sorted(pool, key=lambda e: e.expert_id)]


def draw(pool: Sequence[PoolEntry], *, seed: str, salt: str, seats: int, cap: int | None = None) -> DrawOutcome:
    """Draw ``seats`` experts from ``pool``; reproducible from the same pool, seed and salt."""
    if seats < 1:
        raise InvalidInput.on("seats", "at least one seat is drawn")
    pool_record(pool)  # refuses duplicates
    eligible = [entry for entry in pool if cap is None or entry.load < cap]
    ranked = sorted(((entry.expert_id, entry.load, ticket(seed, salt, entry.expert_id)) for entry in eligible),
                    key=lambda row: (row[1], row[2]))
    drawn = tuple(expert_id for expert_id, _load, _ticket in ranked[:seats])
    return DrawOutcome(drawn, tuple(ranked), max(0, seats - len(drawn)))


def verify(*, pool: list[dict[str, int]], seed: str, salt: str, seats: int, cap: int | None, pool_hash: str,
           seed_hash: str, drawn: Sequence[int]) -> dict[str, Any]:
    """Re-run a stored draw and say, check by check, whether it holds."""
    entries = [PoolEntry(int(row["expert_id"]), int(row["load"])) for row in pool]
    again = draw(entries, seed=seed, salt=salt, seats=seats, cap=cap)
    checks = {
        "pool_hash_matches": digest(pool) == pool_hash,
        "seed_hash_matches": commitment(seed) == seed_hash,
        "same_panel": list(again.drawn) == list(drawn),
    }
    return {"holds": all(checks.values()), "checks": checks, "redrawn": list(again.drawn),
            "algorithm": ALGORITHM}
