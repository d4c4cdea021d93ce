"""A stage's results from the stored sheets: the aggregate per application with every expert's sheet
beside it, and the agreement report (leniency, spread, Kendall's W, ICC).

Only submitted sheets of experts who hold a confirmed seat count: a recused expert's sheets are kept
but do not count. How sheets combine comes from the plugin's sheet where the text says so, from the
office's ``review_aggregation`` setting where it is silent (refused, naming the setting, while unset).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.applications.models import Application
from core.cycles.plans import get_cycle, plan_of
from core.engine.aggregation import Sheet, agreement, stage_results
from core.engine.encode import citation_record
from core.engine.errors import InvalidInput, SettingMissing
from core.engine.plugins import JurisdictionRegistry
from core.engine.settings import REVIEW_AGGREGATION, REVIEW_DISAGREEMENT, REVIEW_NORMALISE
from core.platform.services import tenant_settings
from core.review.models import MemberStatus, PanelMember, ScoreSheetRow, SheetStatus
from core.review.scores import sheet_for


def counted_sheets(session: Session, cycle_id: int, stage: str) -> list[ScoreSheetRow]:
    return list(session.execute(select(ScoreSheetRow).join(
        PanelMember, (PanelMember.tenant_id == ScoreSheetRow.tenant_id) & (PanelMember.panel_id == ScoreSheetRow.panel_id)
        & (PanelMember.expert_id == ScoreSheetRow.expert_id))
        .where(ScoreSheetRow.cycle_id == cycle_id, ScoreSheetRow.stage == stage,
               ScoreSheetRow.status == SheetStatus.SUBMITTED, PanelMember.status == MemberStatus.CONFIRMED)
        .order_by(ScoreSheetRow.application_id, ScoreSheetRow.expert_id)).scalars())


def _method(registry: JurisdictionRegistry, cycle: Any, stage: str, entry_kinds: set[str],
            settings: dict[str, Any]) -> tuple[str, dict[str, Any] | None]:
    methods = set()
    citation = None
    for kind in sorted(entry_kinds):
        sheet = sheet_for(registry, cycle, stage, kind)
        if sheet.aggregation is not None:
            methods.add(sheet.aggregation)
            citation = citation_record(sheet.aggregation_citation)
    if len(methods) > 1:
        raise InvalidInput.on("stage", f"the sheets of {stage} combine in different ways per entry kind")
    if methods:
        return methods.pop(), citation
    if settings.get(REVIEW_AGGREGATION) is None:
        raise SettingMissing(REVIEW_AGGREGATION, f"{cycle.jurisdiction_code}/{cycle.rule_version_code} does not say "
                                                 "how the experts' scores combine; the office chooses")
    return settings[REVIEW_AGGREGATION], None


def _computed(session: Session, registry: JurisdictionRegistry, cycle: Any, stage: str) -> dict[str, Any]:
    rows = counted_sheets(session, cycle.id, stage)
    kinds = dict(session.execute(select(Application.id, Application.entry_kind).where(
        Application.id.in_({r.application_id for r in rows}))).all()) if rows else {}
    settings = tenant_settings.values(session)
    method, citation = _method(registry, cycle, stage, set(kinds.values()), settings) if rows else ("", None)
    normalised = bool(settings.get(REVIEW_NORMALISE))
    raw_threshold = settings.get(REVIEW_DISAGREEMENT)
    threshold = Decimal(raw_threshold) if raw_threshold is not None else None
    sheets = [Sheet(r.expert_id, r.application_id, Decimal(r.score)) for r in rows]
    computed = stage_results(sheets, method=method, normalised=normalised, threshold=threshold) if sheets else []
    return {"method": method or None, "method_citation": citation, "normalised": normalised,
            "disagreement_threshold": raw_threshold, "kinds": kinds, "computed": computed}


def set_aside(session: Session, cycle_id: int, stage: str) -> list[dict[str, Any]]:
    """Submitted sheets that do not count, shown beside the results: their expert's seat was given up."""
    rows = session.execute(select(ScoreSheetRow, PanelMember.status, PanelMember.reason).join(
        PanelMember, (PanelMember.tenant_id == ScoreSheetRow.tenant_id) & (PanelMember.panel_id == ScoreSheetRow.panel_id)
        & (PanelMember.expert_id == ScoreSheetRow.expert_id))
        .where(ScoreSheetRow.cycle_id == cycle_id, ScoreSheetRow.stage == stage,
               ScoreSheetRow.status == SheetStatus.SUBMITTED, PanelMember.status != MemberStatus.CONFIRMED)
        .order_by(ScoreSheetRow.application_id, ScoreSheetRow.expert_id)).all()
    return [{"application_id": sheet.application_id, "expert_id": sheet.expert_id, "score": sheet.score,
             "seat": status.value, "reason": reason} for sheet, status, reason in rows]


def _review_stage(registry: JurisdictionRegistry, cycle: Any, stage: str) -> None:
    if stage not in plan_of(registry, cycle).stages_of_kind("review"):
        raise InvalidInput.on("code", f"{stage!r} is not a review stage of this cycle")


def stage_scores(session: Session, registry: JurisdictionRegistry, cycle_id: int, stage: str) -> dict[int, Decimal]:
    """Each scored application's aggregate at ``stage``: what gates and totals read."""
    cycle = get_cycle(session, cycle_id)
    _review_stage(registry, cycle, stage)
    return {r.application_id: r.score for r in _computed(session, registry, cycle, stage)["computed"]}


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


def agreement_report(session: Session, registry: JurisdictionRegistry, cycle_id: int, stage: str) -> dict[str, Any]:
    cycle = get_cycle(session, cycle_id)
    _review_stage(registry, cycle, stage)
    rows = counted_sheets(session, cycle.id, stage)
    report = agreement([Sheet(r.expert_id, r.application_id, Decimal(r.score)) for r in rows])
    return {"cycle_id": cycle.id, "stage": stage,
            "experts": [{"expert_id": e.expert_id, "sheets": e.sheets, "mean_difference": e.mean_difference,
                         "z": e.z} for e in report.experts],
            "spreads": [{"application_id": a, "spread": s} for a, s in report.spreads],
            "panels": [{"expert_ids": list(p.expert_ids), "application_ids": list(p.application_ids),
                        "kendalls_w": p.kendalls_w, "icc": p.icc} for p in report.panels]}
