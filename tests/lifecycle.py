"""Test helpers for the award lifecycle: a cycle, an applicant and an application in a few lines,
written straight to the database so a test of one stage does not depend on the endpoints of another.

``eligible_facts`` takes the facts of a case the city's own case file judges eligible, so the facts
come from reading the regulation (the case files), not from this module.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.applications.models import (
    Applicant, ApplicantKind, ApplicantOrigin, ApplicantStatus, Application, ApplicationStatus, ApplicationVersion,
)
from core.cycles.models import Cycle, CycleStage
from core.engine.cases import load_file
from core.platform import clock
from core.platform.models import Tenant
from core.platform.runtime import Runtime
from core.platform.tenancy import Scope, scoped

ROOT = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=None)
def eligible_facts(city: str, version: str, entry_kind: str) -> tuple[dict[str, Any], dt.date]:
    """Facts (and the evaluation day) of the first case of ``city``'s eligibility case file that
    expects ``eligible`` for ``version`` and ``entry_kind``."""
    for case in load_file(ROOT / "plugins" / city / "cases" / "eligibility.json"):
        if case.version == version and case.inputs.get("entry_kind") == entry_kind \
                and case.expect.get("status") == "eligible":
            return dict(case.inputs["facts"]), dt.date.fromisoformat(str(case.inputs["on_date"]))
    raise LookupError(f"no eligible {entry_kind} case for {city}/{version}")


def make_cycle(runtime: Runtime, tenant_id: int, *, year: int = 2026, version_code: str | None = None,
               application_ends_on: dt.date | None = None, application_starts_on: dt.date | None = None,
               stage: str | None = None, tiers: list[str] | None = None) -> int:
    """A cycle of the tenant at ``stage`` (default: its application stage), its stages from the
    plan of the pinned version, the application stage dated to end on ``application_ends_on``
    (default: 30 days from today, Asia/Shanghai) and to start on ``application_starts_on`` (default:
    60 days before its end). Returns its id."""
    with runtime.session() as session, scoped(session, Scope.platform()):
        tenant = session.get(Tenant, tenant_id)
        code, pinned = tenant.jurisdiction_code, tenant.rule_version_code
    today = clock.today()
    version = runtime.registry.resolve_version(code, version_code or pinned, today)
    rules = runtime.registry.rules(code)
    plan = rules.cycle_plan(version, {})
    j = rules.jurisdiction
    application = plan.stages_of_kind("application")
    assert application, f"{code}/{version.code}: the cycle plan names no application stage"
    ends_on = application_ends_on or today + dt.timedelta(days=30)
    with runtime.session() as session, scoped(session, Scope.tenant(tenant_id)):
        cycle = Cycle(year=year, name=f"{year}年度{j.award_name}", jurisdiction_code=code,
                      rule_version_code=version.code, version_pinned_on=today, version_named=version_code is not None,
                      tiers=tiers or [t.code for t in j.tiers], categories=[c.code for c in j.categories],
                      entry_kinds=[k.code for k in j.entry_kinds], stage=stage or application[0])
        session.add(cycle)
        session.flush()
        for position, code_ in enumerate(plan.stages):
            dated = code_ == application[0]
            session.add(CycleStage(cycle_id=cycle.id, position=position, code=code_, kind=plan.kind_of(code_),
                                   starts_on=(application_starts_on or ends_on - dt.timedelta(days=60))
                                   if dated else None,
                                   ends_on=ends_on if dated else None))
        session.commit()
        return cycle.id


def make_applicant(runtime: Runtime, tenant_id: int, user_id: int, *, kind: str = "organization",
                   name: str = "示例制造有限公司", uscc: str | None = "91320600MA1MXXXX03",
                   employer_name: str | None = None) -> int:
    """An approved applicant acting through the tenant user ``user_id``. Returns its id."""
    with runtime.session() as session, scoped(session, Scope.tenant(tenant_id)):
        applicant = Applicant(user_id=user_id, kind=ApplicantKind(kind), name=name,
                              uscc=uscc if kind == "organization" else None,
                              employer_name=employer_name, status=ApplicantStatus.APPROVED,
                              origin=ApplicantOrigin.INVITED)
        session.add(applicant)
        session.commit()
        return applicant.id


def make_application(runtime: Runtime, tenant_id: int, cycle_id: int, applicant_id: int, *,
                     entry_kind: str = "organization", tiers: list[str] | None = None, category: str | None = None,
                     facts: dict[str, Any] | None = None, status: str = "submitted") -> int:
    """An application in ``status``; a non-draft one has its facts kept as version 1. Returns its id."""
    with runtime.session() as session, scoped(session, Scope.tenant(tenant_id)):
        cycle = session.get(Cycle, (tenant_id, cycle_id))
        application = Application(cycle_id=cycle_id, applicant_id=applicant_id, entry_kind=entry_kind,
                                  tiers=tiers or [cycle.tiers[0]], category=category, facts=facts or {},
                                  status=ApplicationStatus(status))
        if status != "draft":
            application.facts_number = 1
            application.submitted_at = clock.now()
        session.add(application)
        session.flush()
        if status != "draft":
            session.add(ApplicationVersion(application_id=application.id, number=1, facts=facts or {},
                                           entry_kind=entry_kind, tiers=application.tiers, category=category,
                                           reason="submission"))
        session.commit()
        return application.id
