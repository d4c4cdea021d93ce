"""A deterministic ranking of candidates by weighted total, with the documented tie-breaks.

The ranking feeds :func:`core.engine.allocation.allocate`, which fills places in rank order, so two
candidates on the same total must still be put in one order, the same on every run, and the office
must be able to say why. This is THE documented rule; candidates are ordered by:

1. the higher total;
2. on equal totals, the higher score at each stage in turn, in the order the caller gives (the
   stages from the heaviest weight down: the stage that counted most in the total decides first);
   a candidate without a score at a stage counts as the lowest there;
3. then the earlier submission; an application without a submission time comes after every one
   with one;
4. then the lower application id (the application registered first): arbitrary but fixed, so that
   no two candidates ever share a place.

Ranks are positions 1, 2, 3, ...: no two candidates share a rank. A candidate tied on total with a
neighbour carries a sentence saying which rule separated them (:attr:`Ranked.tie_break`), published
with the ranking; :data:`TIE_BREAKS` is the rule in short sentences for the API.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping, Sequence

from core.engine.messages import _
from core.engine.errors import InvalidInput
from core.engine.scoring import inexact

TIE_BREAKS: tuple[str, ...] = (
    "On equal totals, the higher score at each stage in turn decides, the most heavily weighted stage first; "
    "a missing stage score counts as the lowest.",
    "Still equal, the earlier submission ranks higher; an application without a submission time comes last.",
    "Still equal, the lower application id (the application registered first) ranks higher.",
)


@dataclass(frozen=True)
class RankEntry:
    application_id: int
    total: Decimal
    stage_scores: Mapping[str, Decimal]
    """The stage aggregates that made the total."""
    submitted_at: dt.datetime | None
    """When the application was submitted: the earlier wins a tie after the stage scores."""


@dataclass(frozen=True)
class Ranked:
    application_id: int
    rank: int
    """1-based position; no two entries share a rank (ties are broken)."""
    total: Decimal
    tie_break: str | None
    """``None`` when the total alone placed it against its neighbours; else which rule separated it
    from the entry it tied with: the entry just above where there is one on the same total (why it
    is below), otherwise the entry just below (why it is above)."""


def rank(entries: Sequence[RankEntry], stage_order: Sequence[str]) -> list[Ranked]:
    """``entries`` best first, by the rule of the module docstring; ``stage_order`` lists the stages
    heaviest weight first. Every bad entry is reported at once."""
    stages = _checked_stages(stage_order)
    checked = _checked(entries)
    ordered = sorted(checked, key=lambda entry: _order_key(entry, stages))
    ranked = []
    for position, entry in enumerate(ordered):
        above = ordered[position - 1] if position > 0 else None
        below = ordered[position + 1] if position + 1 < len(ordered) else None
        if above is not None and above.total == entry.total:
            note: str | None = _separation(entry, above, stages)
        elif below is not None and below.total == entry.total:
            note = _separation(entry, below, stages)
        else:
            note = None
        ranked.append(Ranked(entry.application_id, position + 1, Decimal(entry.total), note))
    return ranked


def _order_key(entry: RankEntry, stages: Sequence[str]) -> tuple:
    """Smaller sorts first: each part of the documented rule, best first."""
    return (-entry.total, tuple(_stage_key(entry.stage_scores.get(stage)) for stage in stages),
            _submission_key(entry.submitted_at), entry.application_id)


def _stage_key(score: Decimal | None) -> tuple:
    return (1,) if score is None else (0, -score)


def _submission_key(submitted_at: dt.datetime | None) -> tuple:
    return (1,) if submitted_at is None else (0, submitted_at)


def _separation(entry: RankEntry, other: RankEntry, stages: Sequence[str]) -> str:
    """Which rule put ``entry`` and ``other`` (equal totals) in their order, seen from ``entry``."""
    lead = f"tied on total {_text(entry.total)} with application {other.application_id}"
    for stage in stages:
        mine, theirs = entry.stage_scores.get(stage), other.stage_scores.get(stage)
        if _stage_key(mine) != _stage_key(theirs):
            if _stage_key(mine) < _stage_key(theirs):
                return f"{lead}; higher {stage} score ({_text(mine)} > {_text(theirs)})"
            return f"{lead}; lower {stage} score ({_text(mine)} < {_text(theirs)})"
    mine_at, theirs_at = entry.submitted_at, other.submitted_at
    if mine_at is not None and theirs_at is None:
        return (f"{lead}; submitted earlier ({_when(mine_at)}; "
                f"application {other.application_id} has no submission time)")
    if mine_at is None and theirs_at is not None:
        return f"{lead}; no submission time (application {other.application_id} was submitted {_when(theirs_at)})"
    if mine_at is not None and theirs_at is not None and mine_at != theirs_at:
        if mine_at < theirs_at:
            return f"{lead}; submitted earlier ({_when(mine_at)} before {_when(theirs_at)})"
        return f"{lead}; submitted later ({_when(mine_at)} after {_when(theirs_at)})"
    if entry.application_id < other.application_id:
        return f"{lead}; lower application id ({entry.application_id} < {other.application_id})"
    return f"{lead}; higher application id ({entry.application_id} > {other.application_id})"


def _text(value: Decimal | int | None) -> str:
    return "no score" if value is None else format(Decimal(value), "f")


def _when(moment: dt.datetime) -> str:
    return moment.isoformat(sep=" ")


def _checked_stages(stage_order: Sequence[str]) -> tuple[str, ...]:
    if isinstance(stage_order, str):
        raise InvalidInput.on("stage_order", "must be a list of stage codes, not one string")
    stages = tuple(stage_order)
    for stage in stages:
        if not isinstance(stage, str):
            raise InvalidInput.on("stage_order", _("stage codes are strings, not {error_type}",
                                                   error_type=type(stage).__name__))
        if stages.count(stage) > 1:
            raise InvalidInput.on("stage_order", _("names {stage!r} twice", stage=stage))
    return stages


def _checked(entries: Sequence[RankEntry]) -> list[RankEntry]:
    """The entries, or InvalidInput naming every bad one: not a RankEntry, an id that is not a whole
    number, a total or stage score that is not exact, a submission time that is not a datetime, naive
    and timezone-aware times mixed (they cannot be compared), or an application ranked twice."""
    problems: dict[str, list[str]] = {}
    seen: dict[int, int] = {}
    aware: dict[bool, int] = {}
    for index, entry in enumerate(entries):
        field = f"entries.{index}"
        if not isinstance(entry, RankEntry):
            problems[field] = [_("must be a RankEntry, not {error_type}", error_type=type(entry).__name__)]
            continue
        if isinstance(entry.application_id, bool) or not isinstance(entry.application_id, int):
            problems[f"{field}.application_id"] = [_("must be a whole number, not {error_type}",
                                                     error_type=type(entry.application_id).__name__)]
        elif entry.application_id in seen:
            problems.setdefault("entries", []).append(
                _("application {application_id} is ranked twice (entries {first} and {second})",
                  application_id=entry.application_id, first=seen[entry.application_id], second=index))
        else:
            seen[entry.application_id] = index
        if (reason := inexact(entry.total)) is not None:
            problems[f"{field}.total"] = [reason]
        if not isinstance(entry.stage_scores, Mapping):
            problems[f"{field}.stage_scores"] = [
                _("must be a mapping of stage to score, not {error_type}",
                  error_type=type(entry.stage_scores).__name__)]
        else:
            for stage, score in entry.stage_scores.items():
                if (reason := inexact(score)) is not None:
                    problems[f"{field}.stage_scores.{stage}"] = [reason]
        if entry.submitted_at is not None:
            if not isinstance(entry.submitted_at, dt.datetime):
                problems[f"{field}.submitted_at"] = [_("must be a datetime, not {error_type}",
                                                       error_type=type(entry.submitted_at).__name__)]
            else:
                is_aware = entry.submitted_at.utcoffset() is not None
                aware.setdefault(is_aware, index)
                if (not is_aware) in aware:
                    mixed = (f"has a timezone and entry {aware[False]}'s does not" if is_aware
                             else f"has no timezone and entry {aware[True]}'s has one")
                    problems[f"{field}.submitted_at"] = [_("{mixed}: give every submission time with its timezone",
                                                           mixed=mixed)]
    if problems:
        raise InvalidInput("the entries cannot be ranked", fields=problems)
    return list(entries)




__all__ = ["RankEntry", "Ranked", "TIE_BREAKS", "rank"]
