"""Value types that jurisdiction plugins and the core exchange through the hooks.

They are plain frozen dataclasses: no database, no Flask. Every decision type carries a
:class:`Citation` so an office can show which article of which rule version produced it.
"""
from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Mapping, NamedTuple

from core.errors import NotFound, InvalidInput


# --------------------------------------------------------------------------------------------
# Citations and rule versions
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Citation:
    """Where a rule comes from: ``nantong/2023 第十一条（四）2``."""

    jurisdiction: str
    version: str
    article: str
    item: str | None = None
    note: str | None = None

    def __str__(self) -> str:
        return f"{self.jurisdiction}/{self.version} {self.article}{self.item or ''}"

    def as_dict(self) -> dict[str, Any]:
        return {"jurisdiction": self.jurisdiction, "version": self.version, "article": self.article,
                "item": self.item, "text": str(self)}


class VersionStage(str, enum.Enum):
    """How far a regulation text has come: a draft for comment, or adopted and published."""

    DRAFT = "draft"
    ADOPTED = "adopted"


class VersionStatus(str, enum.Enum):
    """The state of a rule version on a given day."""

    DRAFT = "draft"
    NOT_YET_IN_FORCE = "not_yet_in_force"
    IN_FORCE = "in_force"
    EXPIRED = "expired"


@dataclass(frozen=True)
class RuleVersion:
    """One dated text of a regulation.

    ``effective_from`` may be ``None`` for an adopted text whose start date the source does
    not give: it is then in force from before any date we know of, until ``effective_until``
    (inclusive) if set.
    """

    code: str
    title: str
    stage: VersionStage
    document_number: str | None = None
    issued_on: dt.date | None = None
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    replaces: str | None = None
    notes: str = ""

    def status_on(self, day: dt.date) -> VersionStatus:
        if self.stage is VersionStage.DRAFT:
            return VersionStatus.DRAFT
        if self.effective_from is not None and day < self.effective_from:
            return VersionStatus.NOT_YET_IN_FORCE
        if self.effective_until is not None and day > self.effective_until:
            return VersionStatus.EXPIRED
        return VersionStatus.IN_FORCE


@dataclass(frozen=True)
class Tier:
    """A level of the award, e.g. ``award`` (市长质量奖) and ``nomination`` (提名奖). ``rank`` 1 is highest."""

    code: str
    name: str
    rank: int


@dataclass(frozen=True)
class EntryKind:
    """What can apply: ``organization`` (组织), ``individual`` (个人); elsewhere projects or teams."""

    code: str
    name: str


@dataclass(frozen=True)
class Jurisdiction:
    """A regulation-issuing government, as one plugin describes it."""

    code: str
    name: str
    name_en: str
    award_name: str
    versions: tuple[RuleVersion, ...]
    tiers: tuple[Tier, ...]
    entry_kinds: tuple[EntryKind, ...]
    level: str = "city"
    parent: str | None = None

    def version(self, code: str) -> RuleVersion:
        for version in self.versions:
            if version.code == code:
                return version
        raise NotFound(f"rule version of {self.code}", code)

    def version_in_force(self, day: dt.date) -> RuleVersion | None:
        """The version in force on ``day``; when two overlap, the one that started last wins."""
        live = [v for v in self.versions if v.status_on(day) is VersionStatus.IN_FORCE]
        if not live:
            return None
        return max(live, key=lambda v: v.effective_from or dt.date.min)

    def resolve_version(self, code: str | None, day: dt.date, *, field_name: str = "rule_version") -> RuleVersion:
        """The named version, or the one in force on ``day``; a clear error when there is none."""
        if code is not None:
            try:
                return self.version(code)
            except NotFound:
                raise InvalidInput.on(
                    field_name, f"{self.code} has no rule version {code!r}; it has: {self._version_list(day)}")
        found = self.version_in_force(day)
        if found is None:
            raise InvalidInput.on(
                field_name,
                f"no rule version of {self.code} is in force on {day.isoformat()}; "
                f"name one of: {self._version_list(day)}")
        return found

    def _version_list(self, day: dt.date) -> str:
        return ", ".join(f"{v.code} ({v.status_on(day).value})" for v in self.versions)


# --------------------------------------------------------------------------------------------
# Decisions (the hooks of later stages return these; each carries its citation)
# --------------------------------------------------------------------------------------------

class Outcome(str, enum.Enum):
    PASSED = "passed"
    FAILED = "failed"
    NEEDS_ATTESTATION = "needs_attestation"
    """A condition no machine can judge (political stance, industry leadership): an office confirms it."""


class Finding(NamedTuple):
    """The result of one eligibility condition on one candidate.

    A named tuple rather than a frozen dataclass: a verdict builds one per condition, and
    screening a cycle builds hundreds of thousands (see benchmarks/eligibility.py).
    """

    condition: str
    outcome: Outcome
    citation: Citation
    explanation: str
    facts_used: Mapping[str, Any] = {}
    excludes_tier: str | None = None
    """Set when the candidate may apply but cannot win this tier (e.g. a third nomination)."""


@dataclass(frozen=True)
class PastAward:
    """An award the candidate won before (for cooldowns, re-winner rules, rewards)."""

    tier: str
    entry_kind: str
    awarded_on: dt.date
    cycle_year: int
    revoked_on: dt.date | None = None


@dataclass(frozen=True)
class PastSanction:
    """A sanction on the candidate's record (ban periods are counted from these)."""

    kind: str
    decided_on: dt.date
    ban_until: dt.date | None = None
    citation: Citation | None = None


@dataclass(frozen=True)
class StageWeight:
    stage: str
    weight: Decimal
    citation: Citation


@dataclass(frozen=True)
class StageWeights:
    """How stage scores combine into a total for one entry kind, out of ``scale`` points."""

    entry_kind: str
    weights: tuple[StageWeight, ...]
    scale: int
    citation: Citation


@dataclass(frozen=True)
class Quota:
    """At most ``max_count`` winners of ``tier`` across ``entry_kinds`` (several kinds = a combined cap)."""

    tier: str
    entry_kinds: tuple[str, ...]
    max_count: int
    citation: Citation
    note: str = ""


@dataclass(frozen=True)
class QuotaPreference:
    """An "in principle" wish (e.g. one SME among the winners): ranked, never forced silently."""

    tier: str
    entry_kind: str
    description: str
    citation: Citation


@dataclass(frozen=True)
class QuotaPlan:
    quotas: tuple[Quota, ...]
    preferences: tuple[QuotaPreference, ...] = ()
    re_winners_outside_quota: bool = False
    re_winner_citation: Citation | None = None


@dataclass(frozen=True)
class RewardDecision:
    """What a winner receives. ``amount_yuan`` is an integer number of yuan (never float)."""

    amount_yuan: int
    honours: tuple[str, ...]
    citation: Citation
    explanation: str


@dataclass(frozen=True)
class SanctionDecision:
    """Measures for a violation, and until when the offender may not apply."""

    measures: tuple[str, ...]
    ban_until: dt.date | None
    citation: Citation
    explanation: str


@dataclass(frozen=True)
class SettingSpec:
    """A tenant setting a plugin needs because the regulation is silent (no default is invented)."""

    key: str
    value_type: str
    description: str
    needed_for: tuple[str, ...]
    citation: Citation


@dataclass(frozen=True)
class NoticeRule:
    """A public notice (公示) and its minimum length, in working days or calendar days."""

    stage: str
    min_days: int
    working_days: bool
    citation: Citation


@dataclass(frozen=True)
class CyclePlan:
    """How a cycle runs: how often, through which stages, with which notices."""

    cadence_years: int | None
    stages: tuple[str, ...]
    notices: tuple[NoticeRule, ...]
    citation: Citation


# The two entry kinds the core facts vocabulary knows; plugins may declare others.
ORGANIZATION = EntryKind("organization", "组织")
INDIVIDUAL = EntryKind("individual", "个人")
