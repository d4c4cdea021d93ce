"""Value types that jurisdiction plugins and the core exchange through the hooks.

They are plain frozen dataclasses: no database, no Flask. Every decision type carries a
:class:`Citation` so an office can show which article of which rule version produced it.
"""
from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Mapping, NamedTuple

from core.engine.messages import _
from core.engine.errors import NotFound, InvalidInput


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

    RECORD_KEYS = ("jurisdiction", "version", "article", "item", "note")

    def record(self) -> dict[str, Any]:
        """As kept in a stored decision (every field, and the text people read)."""
        return {**{key: getattr(self, key) for key in self.RECORD_KEYS}, "text": str(self)}

    @classmethod
    def from_record(cls, raw: Mapping[str, Any]) -> "Citation":
        return cls(**{key: raw.get(key) for key in cls.RECORD_KEYS})


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
    """A level of the award, e.g. ``award`` (市长质量奖) and ``nomination`` (提名奖). ``rank`` 1 is highest.

    ``rank`` is ``None`` for a discretionary award that stands beside the ranked ones (a special
    contribution award outside the quota): no ranking feeds it.
    """

    code: str
    name: str
    rank: int | None = None


@dataclass(frozen=True)
class EntryKind:
    """What can apply: ``organization`` (组织), ``individual`` (个人); elsewhere projects or teams."""

    code: str
    name: str


@dataclass(frozen=True)
class Category:
    """A sector or field the award is given in (经济、社会、文化、生态…), where a regulation has them.

    Applications, quotas, past awards and rewards may name a category; a jurisdiction without
    categories declares none, and then no request may name one.
    """

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
    categories: tuple[Category, ...] = ()

    def check_tier(self, tier: str, field_name: str = "tier") -> str:
        """``tier`` if the jurisdiction awards it; otherwise InvalidInput naming the field and the tiers."""
        return _one_of(tier, [t.code for t in self.tiers], field_name, f"{self.code} has tiers")

    def check_entry_kind(self, kind: str, field_name: str = "entry_kind") -> str:
        return _one_of(kind, [k.code for k in self.entry_kinds], field_name, f"{self.code} accepts")

    def check_category(self, category: str | None, field_name: str = "category") -> str | None:
        """``None`` passes (no category named); a named one must be the jurisdiction's."""
        if category is None:
            return None
        if not self.categories:
            raise InvalidInput.on(field_name, _("{code} awards no categories; leave {field_name} out",
                                                code=self.code, field_name=field_name))
        return _one_of(category, [c.code for c in self.categories], field_name, f"{self.code} has categories")

    def version(self, code: str) -> RuleVersion:
        for version in self.versions:
            if version.code == code:
                return version
        raise NotFound(_("rule version of {code}", code=self.code), code)

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
                    field_name, _("{code} has no rule version {code2!r}; it has: {version_list}",
                                  code=self.code, code2=code, version_list=self._version_list(day)))
        found = self.version_in_force(day)
        if found is None:
            raise InvalidInput.on(
                field_name,
                _("no rule version of {code} is in force on {day}; name one of: {version_list}",
                  code=self.code, day=day.isoformat(), version_list=self._version_list(day)))
        return found

    def _version_list(self, day: dt.date) -> str:
        return ", ".join(f"{v.code} ({v.status_on(day).value})" for v in self.versions)


def _one_of(value: str, allowed: list[str], field_name: str, lead: str) -> str:
    if value not in allowed:
        raise InvalidInput.on(field_name, _("{value!r} is unknown; {lead}: {items}",
                                            value=value, lead=lead, items=', '.join(allowed)))
    return value


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
    facts_used: Mapping[str, Any] = MappingProxyType({})  # immutable: the default is shared
    excludes_tier: str | None = None
    """Set when the candidate may apply but cannot win this tier (e.g. a third nomination)."""


@dataclass(frozen=True)
class PastAward:
    """An award the candidate won before (for cooldowns, re-winner rules, rewards).

    ``awarded_on`` may be unknown (``None``) where only the cycle year is on record; a rule that
    counts from the exact date then asks for it (:func:`core.sdk.award_date`), a rule that counts
    cycle years uses ``cycle_year``.
    """

    tier: str
    entry_kind: str
    awarded_on: dt.date | None
    cycle_year: int
    revoked_on: dt.date | None = None
    category: str | None = None
    cycle_year_from_date: bool = False
    """True when the client gave no cycle year and ``cycle_year`` is the award date's year: a rule for
    which the cycle (评选年) and the award year may differ asks for it instead."""
    field: str | None = None
    """Where the award stands in the request (``history.2``, ``award``), so an error names it."""


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
class BonusRule:
    """Extra points per counted unit, added after weighting (e.g. 5 points per talent hired).

    ``code`` names the count (``counts[code]`` in :func:`core.engine.scoring.bonus_points`).
    """

    code: str
    description: str
    points_per_unit: Decimal
    citation: Citation


@dataclass(frozen=True)
class StageWeights:
    """How stage scores combine into a total for one entry kind, out of ``scale`` points.

    Each stage is scored on the same ``0..scale`` range; its contribution is ``score * weight``.
    The weights are positive and add up to exactly 1 (a plugin error otherwise, caught when built).
    """

    entry_kind: str
    weights: tuple[StageWeight, ...]
    scale: int
    citation: Citation
    bonus_rules: tuple[BonusRule, ...] = ()
    """Bonus points a regulation adds on top of the weighted total (none by default)."""

    def __post_init__(self) -> None:
        stages = [w.stage for w in self.weights]
        if len(set(stages)) != len(stages):
            raise ValueError(f"stage weights name a stage twice: {stages}")
        if any(w.weight <= 0 for w in self.weights) or sum(w.weight for w in self.weights) != 1:
            raise ValueError(f"stage weights must be positive and add up to 1: {[str(w.weight) for w in self.weights]}")
        if self.scale <= 0:
            raise ValueError("the scale of a total score must be positive")

    @property
    def stages(self) -> tuple[str, ...]:
        return tuple(w.stage for w in self.weights)


@dataclass(frozen=True)
class Quota:
    """At most ``max_count`` winners of ``tier`` across ``entry_kinds`` (several kinds = a combined cap)
    and ``categories`` (none named: the cap counts across every category; one: a per-category cap;
    several: a cap shared by them).

    ``max_count`` ``None`` is no cap (a special award outside the quota); ``note`` then says why.
    ``min_count`` is how many winners the text asks for at least (2020 Nantong: "获奖个人1个"); the
    core never invents a winner to reach it, it reports the shortfall for the office to decide.
    """

    tier: str
    entry_kinds: tuple[str, ...]
    max_count: int | None
    citation: Citation
    note: str = ""
    min_count: int = 0
    categories: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.entry_kinds:
            raise ValueError(f"a quota of {self.tier!r} names no entry kind")
        if self.min_count < 0 or (self.max_count is not None and self.min_count > self.max_count):
            raise ValueError(f"quota of {self.tier!r}: need 0 <= min_count <= max_count")

    def covers(self, entry_kind: str, category: str | None = None) -> bool:
        return entry_kind in self.entry_kinds and (not self.categories or category in self.categories)

    @property
    def unlimited(self) -> bool:
        return self.max_count is None


@dataclass(frozen=True)
class TotalCap:
    """A cap across tiers (and optionally kinds and categories): "获奖总数不超过30个" over gold,
    silver and bronze. Applied by :func:`core.engine.allocation.allocate_tiers` on top of each tier's quotas.
    Empty ``entry_kinds`` or ``categories`` mean all of them."""

    tiers: tuple[str, ...]
    max_count: int
    citation: Citation
    entry_kinds: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    note: str = ""

    def __post_init__(self) -> None:
        if not self.tiers or self.max_count < 0:
            raise ValueError("a total cap names its tiers and a count of 0 or more")

    def covers(self, tier: str, entry_kind: str, category: str | None) -> bool:
        return (tier in self.tiers and (not self.entry_kinds or entry_kind in self.entry_kinds)
                and (not self.categories or category in self.categories))


@dataclass(frozen=True)
class QuotaPreference:
    """An "in principle" wish (e.g. one SME among the winners): ranked, never forced silently.

    ``flag`` names the candidate flag the wish is about (``"sme"``); ``min_count`` winners of
    ``tier`` and ``entry_kind`` should carry it.
    """

    tier: str
    entry_kind: str
    description: str
    citation: Citation
    flag: str | None = None
    min_count: int = 1


@dataclass(frozen=True)
class ShortlistRule:
    """How many candidates may enter ``stage``: at most ``ratio`` times the planned winners of
    ``entry_kind`` (in ``tiers``; all tiers when empty). Nantong 2023: on-site review <= 1.5 x."""

    stage: str
    entry_kind: str
    ratio: Decimal
    citation: Citation
    tiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuotaPlan:
    quotas: tuple[Quota, ...]
    preferences: tuple[QuotaPreference, ...] = ()
    re_winners_outside_quota: bool = False
    re_winner_citation: Citation | None = None
    shortlists: tuple[ShortlistRule, ...] = ()
    re_winner_tiers: tuple[str, ...] | None = None
    """The tiers whose re-winners sit outside the quota; ``None``: every tier."""
    total_caps: tuple[TotalCap, ...] = ()
    re_winner_needs_free_place: bool = True
    """Whether a re-winner outside the quota wins only when a place is still free at its rank
    (``True``), or whatever the quota's state (``False``: it "takes no place" at all)."""
    re_winner_entry_kinds: tuple[str, ...] | None = None
    """The entry kinds whose re-winners sit outside the quota; ``None``: every kind."""

    def quotas_for(self, tier: str, entry_kind: str | None = None) -> tuple[Quota, ...]:
        return tuple(q for q in self.quotas if q.tier == tier and (entry_kind is None or q.covers(entry_kind)))


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


MEASURE_EFFECTS: dict[str, str] = {
    "revoke_award": "revoke", "revoke_title": "revoke", "cancel_award": "revoke", "revoke_eligibility": "revoke",
    "recover_bonus": "recover_reward", "reclaim_bonus": "recover_reward",
    "reclaim_certificate": "recover_item", "reclaim_plaque": "recover_item", "reclaim_trophy": "recover_item",
    "reclaim_plaque_or_medal": "recover_item",
    "public_announcement": "announce", "application_ban": "ban",
}
"""What the core does with a :class:`SanctionDecision`'s measure codes when an office records a violation:
``revoke`` the award concerned (撤销/取消, ``revoked_on`` set, its duties cancelled), ``recover_reward``
(a claw-back line in the rewards ledger for what was paid), ``recover_item`` (the certificate, plaque or
trophy to be returned, listed on the sanction), ``announce`` (a public announcement on the board),
``ban`` (``ban_until`` read by later eligibility checks). Any other code (a warning, a credit record, a
referral) is kept on the sanction for the office to carry out."""


@dataclass(frozen=True)
class ViolationKind:
    """A violation the sanction hook knows (the code an office sends), with the article that sanctions it."""

    code: str
    description: str
    citation: Citation


@dataclass(frozen=True)
class Reading:
    """A judgement call the regulation's text forced on the plugin: the article, the reading taken,
    and the alternative an office might prefer. Published in the rule summary for review.

    ``code`` ties the data to the prose: the module docstring that explains the reading carries the
    tag ``[reading: <code>]`` beside it, and the conformance kit checks that tags and data match.
    """

    code: str
    citation: Citation
    reading: str
    alternative: str = ""


@dataclass(frozen=True)
class SettingSpec:
    """A tenant setting a plugin needs because the regulation is silent (no default is invented)."""

    key: str
    value_type: str
    description: str
    needed_for: tuple[str, ...]
    citation: Citation
    choices: tuple[str, ...] = ()
    """For a ``string`` setting: the only values it takes (empty: any non-empty text)."""
    bounds: tuple[int, int] | None = None
    """For an ``integer`` setting: the least and the greatest value it takes (both included)."""


NOTICE_KINDS = ("internal", "county", "acceptance", "candidate", "recommended", "winners", "other")
"""What a notice publishes: the applicant's own organisation (内部公示), a county or department
(县区/部门公示), the accepted applications (受理名单), the candidates (候选名单), the recommended
winners (拟表彰/建议名单), the approved winners; ``other`` for anything else."""


@dataclass(frozen=True)
class NoticeRule:
    """A public notice (公示) and its minimum length, in working days or calendar days.

    ``kind`` is one of :data:`NOTICE_KINDS` (``None`` only in plugins written before contract v2; the
    conformance kit refuses it). ``min_days`` is ``None`` where the text gives no length
    (the office then sets the period). ``backfill`` says whether a candidate struck off after an
    objection is replaced by the next one (``None``: the regulation does not say).
    """

    stage: str
    min_days: int | None
    working_days: bool
    citation: Citation
    backfill: bool | None = None
    kind: str | None = None

    def __post_init__(self) -> None:
        if self.kind is not None and self.kind not in NOTICE_KINDS:
            raise ValueError(f"notice of {self.stage!r}: kind must be one of {', '.join(NOTICE_KINDS)}")
        if self.min_days is not None and self.min_days < 1:
            raise ValueError(f"notice of {self.stage!r}: min_days must be at least 1 or None")


@dataclass(frozen=True)
class PanelRule:
    """Who reviews at ``stage``: at least ``min_experts``, drawn at random or not, led by a leader.

    ``third_party``: the article that lets a body outside the office (a commissioned review
    organisation, Yuncheng 第十八条) form the panel instead of a draw from the pool; ``None`` where
    the text allows none.
    """

    stage: str
    min_experts: int | None
    random_draw: bool
    leader_responsible: bool
    citation: Citation
    third_party: Citation | None = None


EXPERT_TITLES = ("none", "junior", "intermediate", "vice_senior", "senior")
"""Professional titles (职称) from lowest to highest: none, 初级, 中级, 副高级, 正高级. "高级以上职称"
is ``vice_senior`` or above (副高级 and 正高级 are both 高级职称)."""

QUALIFICATION_KINDS = ("practice_years", "max_age", "min_title", "attested")
"""How a qualification is judged: ``practice_years`` (at least ``value`` full years of practice on the
day, 以上 includes the number), ``max_age`` (at most ``value`` full years of age, 不超过 includes it),
``min_title`` (a title of at least ``value``, one of :data:`EXPERT_TITLES`), ``attested`` (no machine
can judge it: conduct, knowledge of the law; the office confirms it)."""


@dataclass(frozen=True)
class ExpertQualification:
    """One condition a member of the expert pool (专家库) must meet, with its article.

    ``strict=False`` for a condition the text softens ("一般不超过65周岁"): an expert who fails it is
    flagged to the office with the article, not refused.
    """

    code: str
    description: str
    citation: Citation
    kind: str
    value: int | str | None = None
    strict: bool = True

    def __post_init__(self) -> None:
        if self.kind not in QUALIFICATION_KINDS:
            raise ValueError(f"qualification {self.code!r}: kind must be one of {', '.join(QUALIFICATION_KINDS)}")
        if self.kind in ("practice_years", "max_age") and (isinstance(self.value, bool)
                                                          or not isinstance(self.value, int) or self.value < 0):
            raise ValueError(f"qualification {self.code!r}: {self.kind} needs a whole number of years")
        if self.kind == "min_title" and self.value not in EXPERT_TITLES:
            raise ValueError(f"qualification {self.code!r}: min_title must be one of {', '.join(EXPERT_TITLES)}")
        if self.kind == "attested" and self.value is not None:
            raise ValueError(f"qualification {self.code!r}: an attested condition takes no value")


AGGREGATIONS = ("mean", "median", "trimmed_mean")
"""How the experts' sheets of one application at one stage become its stage score: the mean, the
median, or the mean after dropping one highest and one lowest sheet (``trimmed_mean``, which needs at
least three sheets)."""


@dataclass(frozen=True)
class ScoreItem:
    """One criterion of a scoring sheet and its maximum points (GB/T 19580's 领导 110, ...)."""

    code: str
    name: str
    max_points: int
    citation: Citation

    def __post_init__(self) -> None:
        if isinstance(self.max_points, bool) or not isinstance(self.max_points, int) or self.max_points < 1:
            raise ValueError(f"score item {self.code!r}: max_points must be a whole number of at least 1")


GBT_19580_2012 = (("leadership", "领导", 110), ("strategy", "战略", 90), ("customers_and_market", "顾客与市场", 90),
                  ("resources", "资源", 130), ("process_management", "过程管理", 100),
                  ("measurement_analysis_improvement", "测量、分析与改进", 80), ("results", "结果", 400))
"""GB/T 19580-2012《卓越绩效评价准则》: its seven categories as (code, name, points), 1000 points in all.
A plugin whose text adopts the standard builds its sheet items from it with :func:`standard_items`."""


def standard_items(categories: tuple[tuple[str, str, int], ...], citation: Citation) -> tuple["ScoreItem", ...]:
    """Sheet items from a standard's categories, each citing the article that adopts the standard."""
    return tuple(ScoreItem(code, name, points, citation) for code, name, points in categories)


@dataclass(frozen=True)
class ScoreSheet:
    """What an expert scores at ``stage`` for ``entry_kind``: the items, each out of its points.

    The sheet's score is the sum of its items, out of :attr:`scale`. ``aggregation`` is one of
    :data:`AGGREGATIONS` where the text says how the experts' sheets combine (cite it in
    ``aggregation_citation``); ``None`` where it is silent, and the office's setting decides.
    ``pass_mark``: for a stage that only gates a later one (Ji'an's defence), the aggregate score at
    or above which a candidate passes, where the text gives one; ``None`` otherwise.
    """

    stage: str
    entry_kind: str
    items: tuple[ScoreItem, ...]
    citation: Citation
    aggregation: str | None = None
    aggregation_citation: Citation | None = None
    pass_mark: Decimal | None = None

    def __post_init__(self) -> None:
        if not self.items:
            raise ValueError(f"score sheet of {self.stage!r}: at least one item")
        codes = [item.code for item in self.items]
        if len(set(codes)) != len(codes):
            raise ValueError(f"score sheet of {self.stage!r}: item codes must be unique")
        if self.aggregation is not None and self.aggregation not in AGGREGATIONS:
            raise ValueError(f"score sheet of {self.stage!r}: aggregation must be one of {', '.join(AGGREGATIONS)}")
        if (self.aggregation is None) != (self.aggregation_citation is None):
            raise ValueError(f"score sheet of {self.stage!r}: an aggregation is given with its citation")

    @property
    def scale(self) -> int:
        return sum(item.max_points for item in self.items)


@dataclass(frozen=True)
class ObligationRule:
    """A duty of winners after the award (annual reports, incident reports).

    ``years``: for how many years after the award (``None``: not limited by the text).
    ``due_month_day``: the yearly deadline, as (month, day) of the year after the reported year.
    ``within_days``: a deadline counted in calendar days from the triggering event.
    ``due``: the deadline as the text words it, for people.
    """

    code: str
    description: str
    citation: Citation
    entry_kinds: tuple[str, ...] = ()
    years: int | None = None
    due_month_day: tuple[int, int] | None = None
    within_days: int | None = None
    due: str = ""


@dataclass(frozen=True)
class StageRule:
    """What a text says about one stage beyond its place in the order.

    ``entry_kinds``: only these kinds go through the stage (Changde's customer survey: organisations);
    empty, every kind. ``tiers``: only candidates for these tiers. ``max_days``: the stage lasts at
    most this many days (Ji'an's on-site review: 2). ``gate_for``: a later stage that only those who
    pass this one enter (Ji'an's defence admits organisations to the on-site review; its score is no
    part of the total). ``entrants_ranked_by``: an earlier stage whose score orders who enters this one
    (Changde: the on-site list by materials score). ``by_third_party``: carried out by a body outside
    the office's panels (a tendered survey, a third-party review).
    """

    stage: str
    citation: Citation
    entry_kinds: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    max_days: int | None = None
    gate_for: str | None = None
    entrants_ranked_by: str | None = None
    by_third_party: bool = False
    note: str = ""

    def __post_init__(self) -> None:
        if self.max_days is not None and self.max_days < 1:
            raise ValueError(f"stage {self.stage!r}: max_days must be at least 1 or None")


STAGE_KINDS = ("publication", "application", "recommendation", "screening", "review", "evaluation", "notice",
               "approval", "award")
"""What the core does at a stage of a cycle plan, whatever the city calls it: publish the call
(``publication``, 发布通知), take applications (``application``, 申报: the window the office dates;
submissions after its last day are refused), record local or departmental recommendations
(``recommendation``, 推荐/部门初审), screen and accept (``screening``, 资格审查/形式审查/受理), review by
panels or third parties (``review``, 材料/现场/陈述/测评), rank and deliberate (``evaluation``,
综合评价/审议/投票), publish a list (``notice``, 公示), approve (``approval``, 审定/批准/公告), award
(``award``, 表彰)."""


@dataclass(frozen=True)
class CyclePlan:
    """How a cycle runs: how often, through which stages, with which notices, panels and duties."""

    cadence_years: int | None
    stages: tuple[str, ...]
    notices: tuple[NoticeRule, ...]
    citation: Citation
    panels: tuple[PanelRule, ...] = ()
    obligations: tuple[ObligationRule, ...] = ()
    cadence_citation: Citation | None = None
    stage_rules: tuple[StageRule, ...] = ()
    """What the text says of particular stages (who goes through, how long, what they decide)."""
    stage_kinds: tuple[tuple[str, str], ...] = ()
    """(stage, kind) for every stage, kind one of :data:`STAGE_KINDS`: how the core runs the stage.
    A plan without them cannot run a cycle (the conformance kit says so); exactly one stage is
    ``application`` and at most one is ``screening``."""
    recommendation: Citation | None = None
    """Set where applications reach the office only with a recommending unit's recommendation (推荐),
    citing the article (e.g. Nantong 2023 第十八条); the office records it before accepting."""

    def __post_init__(self) -> None:
        for stage, kind in self.stage_kinds:
            if stage not in self.stages:
                raise ValueError(f"stage_kinds names {stage!r}, which is not a stage of the plan")
            if kind not in STAGE_KINDS:
                raise ValueError(f"stage {stage!r}: kind must be one of {', '.join(STAGE_KINDS)}")

    def stage_rule(self, stage: str) -> StageRule | None:
        return next((rule for rule in self.stage_rules if rule.stage == stage), None)

    def kind_of(self, stage: str) -> str | None:
        """The kind of ``stage`` (:data:`STAGE_KINDS`), or None where the plan does not say."""
        return next((kind for name, kind in self.stage_kinds if name == stage), None)

    def stages_of_kind(self, kind: str) -> tuple[str, ...]:
        return tuple(stage for stage in self.stages if self.kind_of(stage) == kind)


# The entry kinds the core facts vocabulary knows; plugins may declare others.
ORGANIZATION = EntryKind("organization", "组织")
INDIVIDUAL = EntryKind("individual", "个人")
PROJECT = EntryKind("project", "项目")
TEAM = EntryKind("team", "团队")
