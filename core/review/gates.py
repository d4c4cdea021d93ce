"""Which review stages a text gates, and who the office let into them (see :mod:`core.review.ranking`)."""
from __future__ import annotations

from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.engine.messages import _
from core.cycles.models import Cycle
from core.cycles.plans import plan_of, rules_of
from core.engine.encode import citation_record
from core.engine.plugins import JurisdictionRegistry
from core.engine.rules import CyclePlan
from core.errors import Conflict, InvalidInput
from core.platform.services import tenant_settings
from core.review.models import StageEntrants


def settings_of(session: Session, cycle: Cycle) -> dict[str, Any]:
    """The office's settings as they stand, under the ones the cycle snapshot fixed at opening."""
    return {**tenant_settings.values(session), **(cycle.settings_snapshot or {})}


def gate_of(plan: CyclePlan, stage: str) -> dict[str, Any] | None:
    """What gates ``stage``: the earlier stage whose results order or admit its entrants, and the rule."""
    for rule in plan.stage_rules:
        if rule.gate_for == stage:
            return {"kind": "pass", "by_stage": rule.stage, "citation": citation_record(rule.citation)}
    own = plan.stage_rule(stage)
    if own is not None and own.entrants_ranked_by:
        return {"kind": "ranked", "by_stage": own.entrants_ranked_by, "citation": citation_record(own.citation)}
    return None


def entrants(session: Session, cycle_id: int, stage: str) -> StageEntrants | None:
    return session.execute(select(StageEntrants).where(StageEntrants.cycle_id == cycle_id,
                                                       StageEntrants.stage == stage)).scalar_one_or_none()


def require_entrants(session: Session, registry: JurisdictionRegistry, cycle: Cycle, stage: str,
                     application_ids: Iterable[int]) -> None:
    """Refuse a panel of a gated stage for applications the office has not let in."""
    plan = plan_of(registry, cycle)
    rules, version = rules_of(registry, cycle)
    gated = gate_of(plan, stage) is not None or any(
        r.stage == stage for r in rules.quota_plan(version, settings_of(session, cycle)).shortlists)
    if not gated:
        return
    decided = entrants(session, cycle.id, stage)
    if decided is None:
        raise Conflict(_("the regulation gates {stage}: record who enters it first (POST "
                         "/cycles/{id}/stages/{stage}/entrants)", stage=stage, id=cycle.id), details={"stage": stage})
    outside = sorted(set(application_ids) - set(decided.application_ids))
    if outside:
        raise InvalidInput.on("application_ids", _("not entrants of {stage}: {items}",
                                                   stage=stage, items=', '.join(map(str, outside))))
