"""Local recommendations (推荐): the recommending unit's endorsement the office records before accepting.

Some regulations let an application reach the office only through a local unit. Nantong 2023
第十八条: the organisation first gives notice internally for at least 5 working days, may apply only
if no one objected, and the local quality development committee checks the file and signs its
recommendation. Rugao 第十五条 has the town (区、街道) office check the file and sign its
recommendation before it goes to the committee's office. The cycle plan says whether a
jurisdiction asks for one (``CyclePlan.recommendation``, citing the article) and how long the
internal notice lasts (a :class:`~core.engine.rules.NoticeRule` of kind ``internal``); where the plan
asks for none, there is nothing to record.

What the office enters is checked against the text, each check kept with its article in ``checks``:
the notice's length in working days (the publication day not counted,
:func:`core.engine.periods.notice_last_day` on the working-day calendar), the recommendation dated
after the notice ended, and no objection raised during it.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.engine.messages import _
from core.applications.models import Application, ApplicationStatus, Recommendation
from core.applications.services import visible
from core.cycles.plans import get_cycle, plan_of, require_open, stage_of_kind
from core.engine.encode import citation_record
from core.engine import periods
from core.engine.plugins import JurisdictionRegistry
from core.engine.rules import Citation, NoticeRule
from core.errors import Conflict, InvalidInput, NotFound
from core.platform import audit, clock, versioning
from core.platform.permissions import Principal
from core.platform.services import calendar

RECORDABLE = (ApplicationStatus.SUBMITTED, ApplicationStatus.CORRECTION_REQUESTED)
"""Submitted and not yet decided: the recommendation is recorded before acceptance."""


def internal_notice(notices: tuple[NoticeRule, ...]) -> NoticeRule | None:
    return next((notice for notice in notices if notice.kind == "internal"), None)


class _Checks:
    """What was checked (kept) and what failed (one 422 naming every field, each with its article)."""

    def __init__(self) -> None:
        self.done: list[dict[str, Any]] = []
        self.failed: dict[str, list[str]] = {}
        self.citations: dict[str, dict[str, Any]] = {}

    def check(self, name: str, holds: bool, field: str, what: str, citation: Citation) -> None:
        self.done.append({"check": name, "holds": holds, "what": what, "citation": citation_record(citation)})
        if not holds:
            self.failed.setdefault(field, []).append(f"{what} ({citation})")
            self.citations.setdefault(field, citation_record(citation))

    def raise_failures(self) -> None:
        if self.failed:
            names = ", ".join(self.failed)
            raise InvalidInput(_("the recommendation does not meet the regulation: {names}", names=names),
                               fields=self.failed, details={"citations": self.citations})


def record(session: Session, registry: JurisdictionRegistry, actor: Principal, application_id: int, *,
           recommender: str, recommended_on: dt.date, document_number: str = "",
           internal_notice_starts_on: dt.date | None = None, internal_notice_ends_on: dt.date | None = None,
           objections: str = "", note: str = "",
           expected_version: versioning.Expected = versioning.UNCHECKED) -> tuple[Recommendation, bool]:
    """Record (or replace) the recommendation of a submitted application; returns it and whether it is new."""
    application = session.execute(select(Application).where(Application.id == application_id)).scalar_one_or_none()
    if application is None:
        raise NotFound("application", application_id)
    existing = session.execute(select(Recommendation).where(Recommendation.application_id == application.id)
                               ).scalar_one_or_none()
    if existing is not None:
        versioning.check("recommendation", existing, expected_version, application.id)
    elif expected_version not in (versioning.UNCHECKED, None, 0):
        raise versioning.StaleVersion("recommendation", application.id, 0)
    cycle = get_cycle(session, application.cycle_id)
    require_open(cycle)
    plan = plan_of(registry, cycle)
    if plan.recommendation is None:
        raise Conflict(_("{jurisdiction_code}/{rule_version_code}: the regulation asks for no local recommendation "
                         "(推荐), so there is none to record",
                         jurisdiction_code=cycle.jurisdiction_code, rule_version_code=cycle.rule_version_code),
                       details={"jurisdiction": cycle.jurisdiction_code, "version": cycle.rule_version_code})
    if application.status not in RECORDABLE:
        raise Conflict(_("application {id} is {status}: a recommendation is recorded for a submitted application "
                         "before the office decides on it",
                         id=application.id, status=application.status.value),
                       details={"status": application.status.value})
    window = stage_of_kind(session, cycle, "application")
    checks = _check(session, plan.recommendation, internal_notice(plan.notices), recommended_on=recommended_on,
                    starts_on=internal_notice_starts_on, ends_on=internal_notice_ends_on, objections=objections,
                    call_on=window.starts_on if window is not None else None)
    values = {"recommender": recommender, "recommended_on": recommended_on, "document_number": document_number,
              "internal_notice_starts_on": internal_notice_starts_on,
              "internal_notice_ends_on": internal_notice_ends_on, "objections": objections, "note": note,
              "checks": checks, "recorded_by_id": actor.user_id, "recorded_at": clock.now()}
    row = existing or Recommendation(application_id=application.id)
    with versioning.guard(session, "recommendation", row, application.id):
        for name, value in values.items():
            setattr(row, name, value)
        if existing is None:
            session.add(row)
        session.flush()
        audit.record(session, actor, "recommendation.recorded", "recommendation", row.id,
                     details={"application_id": application.id, "recommender": recommender,
                              "recommended_on": recommended_on.isoformat(), "document_number": document_number,
                              "replaced": existing is not None,
                              "citation": citation_record(plan.recommendation)})
        session.commit()
    return row, existing is None


def _check(session: Session, article: Citation, notice: NoticeRule | None, *, recommended_on: dt.date,
           starts_on: dt.date | None, ends_on: dt.date | None, objections: str,
           call_on: dt.date | None = None) -> list[dict[str, Any]]:
    checks = _Checks()
    if call_on is not None:  # the office's call for applications opens the cycle's notices and recommendations
        first = starts_on if starts_on is not None else recommended_on
        checks.check("after_the_call", first >= call_on,
                     "internal_notice_starts_on" if starts_on is not None else "recommended_on",
                     f"this cycle's applications open on {call_on.isoformat()}: a notice or recommendation dated "
                     "before belongs to another cycle", notice.citation if notice else article)
    checks.check("not_in_the_future", recommended_on <= clock.today(), "recommended_on",
                 f"the recommendation was given on or before today ({clock.today().isoformat()})", article)
    if notice is not None:
        for field, day in (("internal_notice_starts_on", starts_on), ("internal_notice_ends_on", ends_on)):
            checks.check("internal_notice_dated", day is not None, field,
                         "the internal notice (内部公示) before applying must be dated", notice.citation)
    if starts_on is not None:
        checks.check("internal_notice_published", starts_on <= clock.today(), "internal_notice_starts_on",
                     "the internal notice was published on or before today", notice.citation if notice else article)
    if starts_on is not None and ends_on is not None:
        checks.check("internal_notice_order", ends_on >= starts_on, "internal_notice_ends_on",
                     "the internal notice ends on or after the day it was published", notice.citation
                     if notice else article)
        if notice is not None and notice.min_days is not None and starts_on <= ends_on and starts_on <= clock.today():
            unit = "working days" if notice.working_days else "days"
            earliest = periods.notice_last_day(starts_on, notice.min_days, notice.working_days,
                                               calendar.load(session).is_working_day)
            checks.check("internal_notice_length", ends_on >= earliest, "internal_notice_ends_on",
                         f"the internal notice lasts at least {notice.min_days} {unit}, the publication day not "
                         f"counted: published on {starts_on.isoformat()}, it ends on {earliest.isoformat()} "
                         f"at the earliest", notice.citation)
    if ends_on is not None:
        checks.check("recommended_after_notice", recommended_on > ends_on, "recommended_on",
                     f"the recommendation is given after the internal notice ended ({ends_on.isoformat()})",
                     notice.citation if notice else article)
    checks.check("no_objection", not objections.strip(), "objections",
                 "an application goes forward only after a notice without objection (公示无异议)",
                 notice.citation if notice else article)
    checks.raise_failures()
    return checks.done


def get_recommendation(session: Session, actor: Principal, application_id: int) -> Recommendation:
    """The recommendation of an application the caller may see; 404 when none is recorded."""
    application = visible(session, actor, application_id)
    row = session.execute(select(Recommendation).where(Recommendation.application_id == application.id)
                          ).scalar_one_or_none()
    if row is None:
        raise NotFound("recommendation of application", application_id)
    return row
