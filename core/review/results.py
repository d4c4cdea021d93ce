"""A stage's results from the stored sheets: the aggregate per application with every expert's sheet
beside it, and the agreement report (leniency, spread, Kendall's W, ICC).

Only submitted sheets of experts who hold a confirmed seat count: a recused expert's sheets are kept
but do not count. How sheets combine comes from the plugin's sheet where the text says so, from the
office's ``review_aggregation`` setting where it is silent (refused, naming the setting, while unset).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable

from sqlalchemy import BigInteger, Numeric, cast, func, select
from sqlalchemy.orm import Session

from core.engine.messages import _
from core.applications.models import Application
from core.cycles.plans import get_cycle, plan_of
from core.engine.aggregation import Sheet, aggregate, aggregate_sum, agreement, stage_results
from core.engine.encode import citation_record
from core.engine.errors import InvalidInput, SettingMissing
from core.engine.plugins import JurisdictionRegistry
from core.engine.settings import REVIEW_AGGREGATION, REVIEW_DISAGREEMENT, REVIEW_NORMALISE
from core.platform.services import tenant_settings
from core.review.models import MemberStatus, Panel, PanelApplication, PanelMember, ScoreSheetRow, SheetStatus
from core.review.scores import sheet_for


_SEAT = ((PanelMember.tenant_id == ScoreSheetRow.tenant_id) & (PanelMember.panel_id == ScoreSheetRow.panel_id)
         & (PanelMember.expert_id == ScoreSheetRow.expert_id))
"""A sheet's seat: its expert's membership of the panel it was filled in for."""


def counted_sheets(session: Session, cycle_id: int, stages: Iterable[str]) -> dict[str, list[Sheet]]:
    """The sheets that count at each of ``stages``: submitted, by an expert on a confirmed seat. One
    statement for every stage, reading only the three columns a stage score needs."""
    found: dict[str, list[Sheet]] = {stage: [] for stage in stages}
    rows = session.execute(select(ScoreSheetRow.stage, ScoreSheetRow.expert_id, ScoreSheetRow.application_id,
                                  ScoreSheetRow.score).join(
        PanelMember, _SEAT)
        .where(ScoreSheetRow.cycle_id == cycle_id, ScoreSheetRow.stage.in_(list(found)),
               ScoreSheetRow.status == SheetStatus.SUBMITTED, PanelMember.status == MemberStatus.CONFIRMED)
        .order_by(ScoreSheetRow.application_id, ScoreSheetRow.expert_id))
    for stage, expert_id, application_id, score in rows:
        found[stage].append(Sheet(expert_id, application_id, Decimal(score)))
    return found


def _method(session: Session, registry: JurisdictionRegistry, cycle: Any, stage: str, entry_kinds: set[str],
            settings: dict[str, Any]) -> tuple[str, dict[str, Any] | None]:
    methods = set()
    citation = None
    for kind in sorted(entry_kinds):
        sheet = sheet_for(session, registry, cycle, stage, kind)
        if sheet.aggregation is not None:
            methods.add(sheet.aggregation)
            citation = citation_record(sheet.aggregation_citation)
    if len(methods) > 1:
        raise InvalidInput.on("stage", _("the sheets of {stage} combine in different ways per entry kind",
                                         stage=stage))
    if methods:
        return methods.pop(), citation
    if settings.get(REVIEW_AGGREGATION) is None:
        raise SettingMissing(REVIEW_AGGREGATION, f"{cycle.jurisdiction_code}/{cycle.rule_version_code} does not say "
                                                 "how the experts' scores combine; the office chooses")
    return settings[REVIEW_AGGREGATION], None


def _computed(session: Session, registry: JurisdictionRegistry, cycle: Any, stage: str) -> dict[str, Any]:
    sheets = counted_sheets(session, cycle.id, [stage])[stage]
    kinds = _kinds(session, cycle.id)
    settings = tenant_settings.values(session)
    scored_kinds = {kinds[sheet.application_id] for sheet in sheets}
    method, citation, normalised, threshold = _how(session, registry, cycle, stage, scored_kinds, settings)
    computed = stage_results(sheets, method=method, normalised=normalised, threshold=threshold) if sheets else []
    return {"method": method or None, "method_citation": citation, "normalised": normalised,
            "disagreement_threshold": settings.get(REVIEW_DISAGREEMENT), "kinds": kinds, "computed": computed}


def _kinds(session: Session, cycle_id: int) -> dict[int, str]:
    return dict(session.execute(select(Application.id, Application.entry_kind).where(
        Application.cycle_id == cycle_id)).all())


def _how(session: Session, registry: JurisdictionRegistry, cycle: Any, stage: str, kinds: set[str],
         settings: dict[str, Any]) -> tuple[str, dict[str, Any] | None, bool, Decimal | None]:
    """How the sheets of ``stage`` combine: the method (and its article), normalisation, the threshold."""
    method, citation = _method(session, registry, cycle, stage, kinds, settings) if kinds else ("", None)
    raw_threshold = settings.get(REVIEW_DISAGREEMENT)
    return (method, citation, bool(settings.get(REVIEW_NORMALISE)),
            Decimal(raw_threshold) if raw_threshold is not None else None)


def stages_scores(session: Session, registry: JurisdictionRegistry, cycle: Any,
                  stages: Iterable[str]) -> dict[str, dict[int, Decimal]]:
    """Each scored application's aggregate at each of ``stages``: what gates and totals read.

    A plain mean (the common case) is summed by the database: sheet scores have at most two decimal
    places (:mod:`core.review.scores`), so each is a whole number of hundredths and the sums are exact
    integers on every backend; the division is a Decimal's, rounded as :func:`aggregate` rounds. Other
    methods, and normalisation, read every counted sheet."""
    settings = tenant_settings.values(session)
    out: dict[str, dict[int, Decimal]] = {}
    how = {}
    for stage in stages:
        try:
            how[stage] = _how(session, registry, cycle, stage, _stage_kinds(session, cycle.id, stage), settings)
        except SettingMissing:
            if counted_sheets(session, cycle.id, [stage])[stage]:
                raise
            out[stage] = {}  # nothing scored yet: nothing to combine, so no choice is needed
    summed = [stage for stage, (method, _c, normalised, _t) in how.items() if method == "mean" and not normalised]
    for stage in summed:
        out[stage] = {}
    for stage, application_id, hundredths, count in _sums(session, cycle.id, summed) if summed else ():
        out[stage][application_id] = aggregate_sum(Decimal(hundredths) / 100, count)
    for stage, (method, _citation, normalised, _threshold) in how.items():
        if stage in out:
            continue
        sheets = counted_sheets(session, cycle.id, [stage])[stage]
        if normalised:
            out[stage] = {r.application_id: r.score for r in stage_results(sheets, method=method, normalised=True)}
            continue
        grouped: dict[int, list[Decimal]] = {}
        for sheet in sheets:
            grouped.setdefault(sheet.application_id, []).append(sheet.score)
        out[stage] = {application_id: aggregate(scores, method) for application_id, scores in grouped.items()}
    return out


def _stage_kinds(session: Session, cycle_id: int, stage: str) -> set[str]:
    """The entry kinds of the applications the stage's panels review."""
    return set(session.execute(select(Application.entry_kind).distinct().join(
        PanelApplication, (PanelApplication.tenant_id == Application.tenant_id)
        & (PanelApplication.application_id == Application.id)).join(
        Panel, (Panel.tenant_id == PanelApplication.tenant_id) & (Panel.id == PanelApplication.panel_id))
        .where(Panel.cycle_id == cycle_id, Panel.stage == stage)).scalars())


def _sums(session: Session, cycle_id: int, stages: list[str]) -> list[tuple[str, int, int, int]]:
    """(stage, application id, sum of the counted scores in hundredths, number of counted sheets), in one
    statement for all ``stages``."""
    hundredths = cast(func.round(cast(ScoreSheetRow.score, Numeric) * 100), BigInteger)
    return list(session.execute(select(ScoreSheetRow.stage, ScoreSheetRow.application_id, func.sum(hundredths),
                                       func.count()).join(
        PanelMember, _SEAT)
        .where(ScoreSheetRow.cycle_id == cycle_id, ScoreSheetRow.stage.in_(stages),
               ScoreSheetRow.status == SheetStatus.SUBMITTED, PanelMember.status == MemberStatus.CONFIRMED)
        .group_by(ScoreSheetRow.stage, ScoreSheetRow.application_id)).all())


def _review_stage(registry: JurisdictionRegistry, cycle: Any, stage: str) -> None:
    if stage not in plan_of(registry, cycle).stages_of_kind("review"):
        raise InvalidInput.on("code", _("{stage!r} is not a review stage of this cycle", stage=stage))


def stage_scores(session: Session, registry: JurisdictionRegistry, cycle_id: int, stage: str) -> dict[int, Decimal]:
    """Each scored application's aggregate at ``stage``."""
    cycle = get_cycle(session, cycle_id)
    _review_stage(registry, cycle, stage)
    return stages_scores(session, registry, cycle, [stage])[stage]


def results(session: Session, registry: JurisdictionRegistry, cycle_id: int, stage: str) -> dict[str, Any]:
    """Every application's aggregate at ``stage`` of the cycle, with each counted sheet beside it."""
    cycle = get_cycle(session, cycle_id)
    _review_stage(registry, cycle, stage)
    done = _computed(session, registry, cycle, stage)
    kinds = done.pop("kinds")
    computed = done.pop("computed")
    return {"cycle_id": cycle.id, "stage": stage, **done, "set_aside": set_aside(session, cycle.id, stage),
            "results": [{"application_id": r.application_id, "entry_kind": kinds[r.application_id],
                         "score": r.score, "spread": r.spread, "disagreement": r.disagreement,
                         "sheets": [{"expert_id": line.expert_id, "raw": line.raw, "used": line.used}
                                    for line in r.sheets]} for r in computed]}


def set_aside(session: Session, cycle_id: int, stage: str) -> list[dict[str, Any]]:
    """Submitted sheets that do not count, shown beside the results: their expert's seat was given up."""
    rows = session.execute(select(ScoreSheetRow, PanelMember.status, PanelMember.reason).join(
        PanelMember, _SEAT)
        .where(ScoreSheetRow.cycle_id == cycle_id, ScoreSheetRow.stage == stage,
               ScoreSheetRow.status == SheetStatus.SUBMITTED, PanelMember.status != MemberStatus.CONFIRMED)
        .order_by(ScoreSheetRow.application_id, ScoreSheetRow.expert_id)).all()
    return [{"application_id": sheet.application_id, "expert_id": sheet.expert_id, "score": sheet.score,
             "seat": status.value, "reason": reason} for sheet, status, reason in rows]


def agreement_report(session: Session, registry: JurisdictionRegistry, cycle_id: int, stage: str) -> dict[str, Any]:
    cycle = get_cycle(session, cycle_id)
    _review_stage(registry, cycle, stage)
    report = agreement(counted_sheets(session, cycle.id, [stage])[stage])
    return {"cycle_id": cycle.id, "stage": stage,
            "experts": [{"expert_id": e.expert_id, "sheets": e.sheets, "mean_difference": e.mean_difference,
                         "z": e.z} for e in report.experts],
            "spreads": [{"application_id": a, "spread": s} for a, s in report.spreads],
            "panels": [{"expert_ids": list(p.expert_ids), "application_ids": list(p.application_ids),
                        "kendalls_w": p.kendalls_w, "icc": p.icc} for p in report.panels]}
