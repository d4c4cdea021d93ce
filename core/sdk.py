"""The one import surface for jurisdiction plugin authors (and their tests).

A plugin imports every core name it uses from here, never from the engine's modules, so the
core can move its insides without breaking a city::

    from core.sdk import Citation, Jurisdiction, Judge, hookimpl, period_last_day

Everything listed in ``__all__`` is documented in ``docs/plugin_hooks.md``; a test fails when a
plugin under ``plugins/`` imports a core name that is not exported here, and another when a name
here is missing from the documentation.
"""
from __future__ import annotations

import datetime as dt

from core.engine.messages import _
from core.engine.allocation import Allocation, Candidate, allocate, allocate_tiers, shortlist_size
from core.engine.calendar import WorkingDayCalendar
from core.engine.cases import coverage, load_file
from core.engine.conformance import check as conformance_problems
from core.engine.conditions import Judge, by_kind, full_years, in_last_years, period_end, recent, years_after, years_before
from core.engine.errors import InvalidInput, PluginError, RuleNotImplemented, SettingMissing
from core.engine.facts import (
    ACCIDENT_CATEGORIES, ACCIDENT_GRADES, CONDUCT_KINDS, ENVIRONMENTAL_RATINGS, GRADE_RANK, HONOUR_KINDS,
    ILLEGAL_CONDUCT, RECORD_KINDS, SAFETY_CATEGORIES, SERIOUS_CONDUCT, AccidentSchema, ConductRecordSchema,
    ConfirmationSchema, EmployerFactsSchema, FactsSchema, FinancialYearSchema, HonourSchema, IndividualFactsSchema,
    OrganizationFactsSchema, ProjectFactsSchema, RatingYearSchema, RecordSchema, TeamFactsSchema,
)
from core.engine.hookspecs import hookimpl
from core.engine.periods import (
    CIVIL_CODE, deadline, first_day_after, notice_last_day, period_last_day, shift_months, shift_years, window_start,
    within_years, working_days_last_day,
)
from core.engine.plugins import JurisdictionRegistry, JurisdictionRules
from core.engine.rules import (
    AGGREGATIONS, EXPERT_TITLES, INDIVIDUAL, NOTICE_KINDS, ORGANIZATION, PROJECT, QUALIFICATION_KINDS, TEAM, BonusRule,
    Category, Citation, CyclePlan, EntryKind, ExpertQualification, Finding, Jurisdiction, NoticeRule, ObligationRule,
    GBT_19580_2012, MEASURE_EFFECTS, Outcome, PanelRule, PastAward, PastSanction, Quota, QuotaPlan, QuotaPreference, Reading, RewardDecision,
    RuleVersion, SanctionDecision, ScoreItem, ScoreSheet, SettingSpec, ShortlistRule, STAGE_KINDS, StageRule,
    StageWeight, StageWeights, Tier, TotalCap, VersionStage, ViolationKind, standard_items,
)
from core.engine.scoring import bonus_points, weighted_total
from core.engine.settings import require, stage_percents


def award_date(award: PastAward, rule: str, field: str | None = None) -> dt.date:
    """The exact date of an earlier award, for a rule that counts from it (``rule`` says which and how,
    e.g. "nantong/2023 第二十九条 counts 5 years from the award"); refused when only the cycle year is
    on record, naming ``field`` or where the award stands in the request (``history.2.awarded_on``)."""
    if award.awarded_on is None:
        where = field or (f"{award.field}.awarded_on" if award.field else "history.awarded_on")
        raise InvalidInput.on(where, _("the date of the {tier} won in the {cycle_year} cycle is needed: {rule}",
                                       tier=award.tier, cycle_year=award.cycle_year, rule=rule))
    return award.awarded_on


def unknown_violation(violation: str, known: list[str] | tuple[str, ...]) -> InvalidInput:
    """The error for a violation code the sanction hook does not know, listing the codes it does."""
    return InvalidInput.on("violation", _("unknown violation {violation!r}; known: {items}",
                                          violation=violation, items=', '.join(known)))


__all__ = [
    # hooks and descriptions
    "hookimpl", "Jurisdiction", "RuleVersion", "VersionStage", "Tier", "EntryKind", "Category", "Citation",
    "ORGANIZATION", "INDIVIDUAL", "PROJECT", "TEAM", "Reading", "ViolationKind", "SettingSpec",
    # eligibility
    "Judge", "Finding", "Outcome", "PastAward", "PastSanction", "award_date",
    "by_kind", "recent", "full_years", "in_last_years", "years_after", "years_before", "period_end",
    # the legal period convention
    "CIVIL_CODE", "period_last_day", "first_day_after", "shift_years", "shift_months", "window_start",
    "within_years", "deadline", "working_days_last_day", "notice_last_day",
    # facts vocabulary
    "FactsSchema", "OrganizationFactsSchema", "IndividualFactsSchema", "EmployerFactsSchema", "ProjectFactsSchema",
    "TeamFactsSchema", "ConfirmationSchema", "AccidentSchema", "RecordSchema", "HonourSchema", "ConductRecordSchema",
    "FinancialYearSchema", "RatingYearSchema", "ACCIDENT_CATEGORIES", "ACCIDENT_GRADES", "GRADE_RANK",
    "SAFETY_CATEGORIES", "RECORD_KINDS", "HONOUR_KINDS", "ENVIRONMENTAL_RATINGS", "CONDUCT_KINDS",
    "SERIOUS_CONDUCT", "ILLEGAL_CONDUCT",
    # scoring, quotas, rewards, sanctions, cycle
    "StageWeight", "StageWeights", "BonusRule", "Quota", "QuotaPlan", "QuotaPreference", "ShortlistRule",
    "TotalCap", "RewardDecision", "SanctionDecision", "MEASURE_EFFECTS", "CyclePlan", "StageRule", "STAGE_KINDS", "NoticeRule", "NOTICE_KINDS",
    "PanelRule",
    "ObligationRule",
    # review: the expert pool and the scoring sheets
    "ExpertQualification", "EXPERT_TITLES", "QUALIFICATION_KINDS", "ScoreItem", "ScoreSheet", "AGGREGATIONS",
    "GBT_19580_2012", "standard_items",
    # settings and errors
    "require", "stage_percents", "InvalidInput", "SettingMissing", "RuleNotImplemented", "PluginError",
    "unknown_violation",
    # for a plugin's tests
    "JurisdictionRegistry", "JurisdictionRules", "Candidate", "Allocation", "allocate", "allocate_tiers",
    "shortlist_size", "weighted_total", "bonus_points", "WorkingDayCalendar", "coverage", "load_file",
    "conformance_problems",
]
