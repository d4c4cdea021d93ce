"""The plugin contract: every hook a jurisdiction plugin can implement.

A jurisdiction plugin is a module (or object) registered under the entry-point group
``mqa.jurisdictions``; the entry-point name is the jurisdiction code. It implements
:func:`mqa_jurisdiction` and any of the rule hooks below, decorated with
:data:`hookimpl`. Plugins import every core name from :mod:`core.sdk`, the one import surface::

    from core.sdk import hookimpl

    @hookimpl
    def mqa_jurisdiction():
        return Jurisdiction(code="lishui", ...)

Calls are dispatched per jurisdiction: a tenant bound to ``nantong`` reaches Nantong's
implementations only, plus any cross-cutting plugin (one that does not implement
``mqa_jurisdiction``, e.g. a national overlay), which sees every call. Cross-cutting plugins
should use ``hookwrapper=True``/``wrapper=True`` or ``tryfirst``/``trylast`` on purpose.

Implementations may accept fewer arguments than the spec lists (pluggy passes only the
ones named), so specs can grow without breaking plugins.

The reference for plugin authors is ``docs/plugin_hooks.md``; a test keeps it in step
with the signatures here.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Sequence

import pluggy

if TYPE_CHECKING:
    import datetime as dt

    from marshmallow import Schema

    from core.engine.rules import (
        CyclePlan, ExpertQualification, Finding, Jurisdiction, PastAward, PastSanction, QuotaPlan, Reading,
        RewardDecision, RuleVersion, SanctionDecision, ScoreSheet, SettingSpec, StageWeights, ViolationKind,
    )

PROJECT = "mqa"
ENTRY_POINT_GROUP = "mqa.jurisdictions"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


# --------------------------------------------------------------------------------------------
# Description
# --------------------------------------------------------------------------------------------

@hookspec(firstresult=True)
def mqa_jurisdiction() -> Jurisdiction:
    """Describe the jurisdiction this plugin implements.

    Called once at start-up, when plugins are discovered. Required of every jurisdiction
    plugin: a plugin without it is treated as cross-cutting.

    :returns: a :class:`core.engine.rules.Jurisdiction` whose ``code`` equals the entry-point
        name, with every rule version (dated, with its document number and stage), the
        award tiers and the entry kinds. First non-None answer wins.

    Example: ``Jurisdiction(code="nantong", name="南通市", versions=(RuleVersion("2020", ...),
    RuleVersion("2023", ...)), tiers=(Tier("award", "市长质量奖", 1), ...), ...)``.
    """


@hookspec
def mqa_tenant_settings(version: RuleVersion) -> Sequence[SettingSpec]:
    """Declare tenant settings the regulation leaves open.

    Called when a tenant's settings are listed or validated. Where a regulation is silent
    (no stage weights, no bonus amount) the plugin must not invent a number: it declares a
    setting with no default, and every computation that needs it is refused, naming the
    setting, until the office sets it.

    :param version: the rule version the tenant is bound to.
    :returns: a list of :class:`core.engine.rules.SettingSpec`; lists of all implementations are
        concatenated (an overlay may add settings).

    A hook reads a setting with :func:`core.sdk.require` (raises :class:`core.errors.SettingMissing`
    naming it while unset); the conformance kit checks that every key a hook reads is declared here.
    """


@hookspec
def mqa_violations(version: RuleVersion) -> Sequence[ViolationKind]:
    """List the violation codes :func:`mqa_sanction` accepts, each with its description and article.

    Published in the rule summary so an office knows what to send; the conformance kit checks that
    every listed code is accepted and that an unlisted one is refused. Lists are concatenated.
    """


@hookspec
def mqa_readings(version: RuleVersion) -> Sequence[Reading]:
    """List the judgement calls the text forced on the plugin: the article, the reading taken and
    the alternative (:class:`core.engine.rules.Reading`). Published in the rule summary for an office to
    review; keep them beside the code that applies them. Lists are concatenated.
    """


@hookspec(firstresult=True)
def mqa_facts_schema(version: RuleVersion, entry_kind: str) -> type[Schema] | None:
    """Return the marshmallow schema of the facts this jurisdiction needs for ``entry_kind``.

    Called to validate an application's facts and to publish them (OpenAPI, JSON schema).
    The schema should extend the core facts vocabulary and add only the jurisdiction's
    own fields. First non-None answer wins.
    """


# --------------------------------------------------------------------------------------------
# Eligibility
# --------------------------------------------------------------------------------------------

@hookspec
def mqa_eligibility(
    version: RuleVersion,
    entry_kind: str,
    facts: Mapping[str, Any],
    history: Sequence[PastAward],
    sanctions: Sequence[PastSanction],
    on_date: dt.date,
    settings: Mapping[str, Any],
    category: str | None,
    deadline: dt.date,
) -> Sequence[Finding]:
    """Judge every eligibility condition of ``version`` for one candidate on ``on_date``.

    Called for each application at screening (资格审查), and for self-assessment before an
    applicant applies. Must judge EVERY condition, not stop at the first failure: the
    candidate is told every reason.

    :param facts: the candidate's facts, already validated by :func:`mqa_facts_schema`.
    :param category: the award category applied for (``None`` where the jurisdiction has none).
    :param deadline: the cycle's application deadline, for conditions the text fixes at the
        deadline (credit repair "在申报截止日前"); ``on_date`` when the caller gives none.
    :param history: the candidate's earlier awards in this jurisdiction (cooldowns,
        re-application bans, the two-nominations rule).
    :param sanctions: the candidate's earlier sanctions (ban periods).
    :returns: a list of :class:`core.engine.rules.Finding` (passed, failed or needs attestation),
        each with its citation. Lists of all implementations are concatenated, so an
        overlay can add national checks. The candidate is eligible when no finding failed;
        attestations must be confirmed by an office.
    """


# --------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------

@hookspec(firstresult=True)
def mqa_stage_weights(version: RuleVersion, entry_kind: str, settings: Mapping[str, Any]) -> StageWeights | None:
    """Return how stage scores (materials, on-site, presentation, ...) weigh into the total.

    Called when a total score is computed (:func:`core.engine.scoring.weighted_total`). Each stage is
    scored on ``0..scale``; its contribution is ``score * weight``; weights add up to 1. Where the
    regulation gives no weights, read them from ``settings`` with :func:`core.sdk.require` (or
    :func:`core.sdk.stage_percents`), which raise :class:`core.errors.SettingMissing` naming the
    setting while it is unset. Raise :class:`core.errors.InvalidInput` naming ``entry_kind`` for a
    kind the regulation does not score. First non-None answer wins.

    Example: ``StageWeights("organization", (StageWeight("materials_review", Decimal("0.2"), c), ...),
    scale=1000, citation=c)``.
    """


# --------------------------------------------------------------------------------------------
# Review: the expert pool and the scoring sheets
# --------------------------------------------------------------------------------------------

@hookspec
def mqa_expert_qualifications(version: RuleVersion) -> Sequence[ExpertQualification]:
    """List the conditions a member of the expert pool (专家库) must meet, each with its article.

    Called when the office adds or changes an expert, and before every panel draw (an expert who no
    longer qualifies on the day is not drawn). Each :class:`core.engine.rules.ExpertQualification`
    names how it is judged (``kind``: years of practice, age, title, or an office's attestation for
    what no machine can judge) and whether it is ``strict`` (refused) or softened by the text ("一般
    不超过65周岁": flagged with the article, not refused). Lists of all implementations are
    concatenated; a jurisdiction whose text states no qualification lists none.

    Example: ``ExpertQualification("practice_years", "5年以上质量管理实践经验", c, "practice_years", 5)``.
    """


@hookspec(firstresult=True)
def mqa_score_sheet(version: RuleVersion, stage: str, entry_kind: str,
                    settings: Mapping[str, Any]) -> ScoreSheet | None:
    """Return the scoring sheet experts fill in at review ``stage`` for ``entry_kind``.

    Called when an expert opens or submits a sheet and when a stage's scores are aggregated. The
    sheet lists the items (GB/T 19580's seven categories with their points, a city's own criteria,
    or one score for the stage), each with its article; the sheet's score is their sum. Say how the
    experts' sheets combine (``aggregation``, cited) only where the text does; the office's setting
    decides where it is silent. Answer for every review stage the entry kind goes through; answer
    ``None`` for a stage the kind does not go through. Where the text gives the points of a stage
    only through settings, read them with :func:`core.sdk.require`. First non-None answer wins.

    Example: ``ScoreSheet("materials_review", "organization", (ScoreItem("leadership", "领导", 110, c),
    ...), citation=c)``.
    """


# --------------------------------------------------------------------------------------------
# Quotas
# --------------------------------------------------------------------------------------------

@hookspec(firstresult=True)
def mqa_quota_plan(version: RuleVersion, settings: Mapping[str, Any]) -> QuotaPlan | None:
    """Return the winner caps per tier, entry kind and category for one cycle.

    Called before winners are allocated (:func:`core.engine.allocation.allocate`) and when a stage's
    shortlist is sized. Caps may be per kind or combined across kinds (one :class:`Quota` naming
    several kinds); a ``min_count`` is reported when not reached, never forced; "in principle"
    wishes (one SME) are :class:`QuotaPreference` entries, reported to the office, never applied by
    swapping; re-winners may sit outside the quota (``re_winners_outside_quota`` with its
    citation); :class:`ShortlistRule` entries cap how many enter a stage; :class:`TotalCap` entries
    cap winners across tiers or categories; a quota with ``max_count=None`` is uncapped (say why in
    its ``note``). Every tier should have a quota (the conformance kit checks it). First non-None
    answer wins.
    """


# --------------------------------------------------------------------------------------------
# Rewards
# --------------------------------------------------------------------------------------------

@hookspec(firstresult=True)
def mqa_reward(
    version: RuleVersion,
    tier: str,
    entry_kind: str,
    history: Sequence[PastAward],
    settings: Mapping[str, Any],
    facts: Mapping[str, Any],
    flags: frozenset[str],
    category: str | None,
) -> RewardDecision | None:
    """Return what a winner of ``tier`` receives, given earlier awards (first-time or not).

    Called when the winners of a cycle are approved. ``history`` holds the winner's earlier
    awards (revoked ones included, with ``revoked_on``). ``facts`` are the winner's facts as
    validated by :func:`mqa_facts_schema` (empty when the caller has none), ``flags`` plain labels
    (``"fiscal_funded"``), ``category`` the award category; a rule may depend on who won ("财政
    拨款单位不予奖励"). Amounts are integers in yuan (0 where the regulation gives none); honours
    are codes (``"plaque"``, ``"certificate"``, ...). Raise :class:`core.errors.InvalidInput` naming
    ``tier`` or ``entry_kind`` when unknown. First non-None answer wins.
    """


# --------------------------------------------------------------------------------------------
# Sanctions
# --------------------------------------------------------------------------------------------

@hookspec(firstresult=True)
def mqa_sanction(
    version: RuleVersion,
    violation: str,
    award: PastAward | None,
    decided_on: dt.date,
    occurred_on: dt.date | None,
    settings: Mapping[str, Any],
    facts: Mapping[str, Any],
    flags: frozenset[str],
    entry_kind: str | None,
) -> SanctionDecision | None:
    """Return the measures for ``violation`` (false materials, fraudulent win, accident after
    the award, ...) and the end of the ban it triggers, counted in years or in cycles.

    Called when an office records a confirmed violation. ``award`` is the award concerned
    (``None`` when the offender has not won); ``decided_on`` the date of the decision, from which
    bans run; ``occurred_on`` when the facts happened, where a rule depends on it (a window after
    the award); ``facts`` and ``flags`` describe the offender, as for :func:`mqa_reward`;
    ``entry_kind`` is the offender's kind (the award's, or the one the caller names; ``None`` when
    neither says).
    Violation codes are the plugin's own, listed by :func:`mqa_violations`; an unknown code must
    raise :class:`core.errors.InvalidInput` naming ``violation`` and listing the known codes.
    ``ban_until`` is the last day of the ban, inclusive, counted by :mod:`core.engine.periods` (the
    decision day is not counted: 5 years from 2024-03-10 end on 2029-03-10). First non-None
    answer wins.
    """


# --------------------------------------------------------------------------------------------
# Cycle
# --------------------------------------------------------------------------------------------

@hookspec(firstresult=True)
def mqa_cycle_plan(version: RuleVersion, settings: Mapping[str, Any]) -> CyclePlan | None:
    """Return how a cycle of this version runs: cadence, stages in order, public notices
    (each with its kind, minimum days where the text gives them, working or calendar, whether a
    struck-off candidate is replaced), review
    panels (minimum size, random draw, leader) and winners' later obligations. First non-None
    answer wins.
    """
