"""What a cycle is bound to: its jurisdiction's rules at the pinned version, and the plan of its stages.

Every package that acts on a cycle (applications, screening, later review and notices) reads the
rules through here, so a cycle is always judged by the version it opened with.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.engine.messages import _
from core.cycles.models import Cycle, CycleStage, CycleStatus
from core.engine.plugins import JurisdictionRegistry, JurisdictionRules
from core.engine.rules import CyclePlan, RuleVersion
from core.errors import Conflict, NotFound


def rules_of(registry: JurisdictionRegistry, cycle: Cycle) -> tuple[JurisdictionRules, RuleVersion]:
    """The jurisdiction's rules and the version pinned when ``cycle`` opened."""
    rules = registry.rules(cycle.jurisdiction_code)
    return rules, rules.jurisdiction.version(cycle.rule_version_code)


def plan_of(registry: JurisdictionRegistry, cycle: Cycle) -> CyclePlan:
    """The cycle plan of the pinned version, with the tenant settings the cycle opened with."""
    rules, version = rules_of(registry, cycle)
    return rules.cycle_plan(version, cycle.settings_snapshot)


def get_cycle(session: Session, cycle_id: int) -> Cycle:
    """A cycle of the session's tenant (404 otherwise)."""
    cycle = session.execute(select(Cycle).where(Cycle.id == cycle_id)).scalar_one_or_none()
    if cycle is None:
        raise NotFound("cycle", cycle_id)
    return cycle


def require_open(cycle: Cycle) -> None:
    """Refuse a change to a closed cycle (409): closed cycles are read-only."""
    if cycle.status is CycleStatus.CLOSED:
        raise Conflict(_("cycle {id} ({name}) is closed and read-only", id=cycle.id, name=cycle.name),
                       details={"cycle_id": cycle.id, "status": cycle.status.value})


def stages(session: Session, cycle: Cycle) -> list[CycleStage]:
    """The cycle's stages in the plan's order."""
    return list(session.execute(select(CycleStage).where(CycleStage.cycle_id == cycle.id)
                                .order_by(CycleStage.position)).scalars())


def stage_of_kind(session: Session, cycle: Cycle, kind: str) -> CycleStage | None:
    """The cycle's (first) stage of ``kind`` (see :data:`core.engine.rules.STAGE_KINDS`), if it has one."""
    return session.execute(select(CycleStage).where(CycleStage.cycle_id == cycle.id, CycleStage.kind == kind)
                           .order_by(CycleStage.position).limit(1)).scalar_one_or_none()


def application_deadline(session: Session, cycle: Cycle) -> dt.date | None:
    """The last day (included, Asia/Shanghai) of the cycle's application stage, as the office set it."""
    stage = stage_of_kind(session, cycle, "application")
    return stage.ends_on if stage is not None else None
