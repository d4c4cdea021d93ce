"""Requests for corrections (补正) during formal review.

The office lists what is missing or wrong and sets a deadline (the last day included, Asia/Shanghai);
the application waits in ``correction_requested`` until the applicant resubmits (the applications
service marks the correction ``answered``) and then returns to screening. The office may extend one
application's deadline, always with a recorded reason and an audit event, never silently. A
correction whose deadline passed unanswered is shown ``lapsed`` (and stored so by the cycle's
screening job); the office may then reject the application citing it.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.engine.messages import _
from core.applications.models import Application, ApplicationStatus, Correction, CorrectionStatus
from core.applications.services import find_application, visible
from core.cycles import plans
from core.errors import Conflict, InvalidInput, NotFound
from core.platform import audit, clock, versioning
from core.platform.paging import DEFAULT_LIMIT, Page, keyset_page
from core.platform.permissions import Principal


def shown_status(correction: Correction, today: dt.date | None = None) -> str:
    """The stored status, except ``lapsed`` for an open correction whose last day has passed."""
    if correction.status is CorrectionStatus.OPEN and correction.deadline < (today or clock.today()):
        return CorrectionStatus.LAPSED.value
    return correction.status.value


def get_correction(session: Session, correction_id: int) -> Correction:
    row = session.execute(select(Correction).where(Correction.id == correction_id)).scalar_one_or_none()
    if row is None:
        raise NotFound("correction", correction_id)
    return row


def request_corrections(session: Session, actor: Principal, application_id: int, *,
                        items: Iterable[Mapping[str, Any]], deadline: dt.date,
                        expected_version: versioning.Expected = versioning.UNCHECKED) -> Correction:
    """Ask for corrections of a submitted application by ``deadline``; it becomes ``correction_requested``."""
    application = find_application(session, application_id)
    versioning.check("application", application, expected_version)
    plans.require_open(plans.get_cycle(session, application.cycle_id))
    items = [{"field": item["field"], "problem": item["problem"]} for item in items]
    if not items:
        raise InvalidInput.on("items", "list at least one thing that is missing or wrong")
    if deadline < clock.today():
        raise InvalidInput.on("deadline", _("{deadline} has passed (today is {today} in Asia/Shanghai)",
                                            deadline=deadline, today=clock.today()))
    if application.status is not ApplicationStatus.SUBMITTED:
        raise Conflict(_("application {id} is {status}; corrections are asked of a submitted application",
                         id=application.id, status=application.status.value),
                       details={"status": application.status.value})
    with versioning.guard(session, "application", application):
        correction = Correction(application_id=application.id, items=items, deadline=deadline,
                                status=CorrectionStatus.OPEN, extensions=[], requested_by_id=actor.user_id,
                                requested_at=clock.now())
        session.add(correction)
        application.status = ApplicationStatus.CORRECTION_REQUESTED
        session.flush()
        audit.record(session, actor, "correction.requested", "correction", correction.id,
                     details={"application_id": application.id, "items": len(items),
                              "deadline": deadline.isoformat()})
        session.commit()
    return correction


def extend(session: Session, actor: Principal, correction_id: int, *, deadline: dt.date, reason: str,
           expected_version: versioning.Expected = versioning.UNCHECKED) -> Correction:
    """Move one correction's deadline later, with the reason recorded beside every earlier extension."""
    correction = get_correction(session, correction_id)
    versioning.check("correction", correction, expected_version)
    application = find_application(session, correction.application_id)
    plans.require_open(plans.get_cycle(session, application.cycle_id))
    if not reason.strip():
        raise InvalidInput.on("reason", "say why the deadline is extended")
    if correction.status is CorrectionStatus.ANSWERED or application.status is not ApplicationStatus.CORRECTION_REQUESTED:
        raise Conflict(_("correction {id} is {status} and application {id2} is {status2}: nothing waits for this "
                         "deadline",
                         id=correction.id, status=correction.status.value, id2=application.id,
                         status2=application.status.value),
                       details={"status": correction.status.value})
    if deadline <= correction.deadline:
        raise InvalidInput.on("deadline", _("an extension ends after the current deadline ({deadline})",
                                            deadline=correction.deadline))
    if deadline < clock.today():
        raise InvalidInput.on("deadline", _("{deadline} has passed (today is {today} in Asia/Shanghai)",
                                            deadline=deadline, today=clock.today()))
    with versioning.guard(session, "correction", correction):
        entry = {"from": correction.deadline.isoformat(), "to": deadline.isoformat(), "reason": reason,
                 "by": actor.user_id, "at": clock.now().isoformat()}
        correction.extensions = [*correction.extensions, entry]
        correction.deadline = deadline
        correction.status = CorrectionStatus.OPEN
        audit.record(session, actor, "correction.extended", "correction", correction.id,
                     details={"application_id": application.id, **entry})
        session.commit()
    return correction


def corrections_page(session: Session, actor: Principal, application_id: int, *, limit: int = DEFAULT_LIMIT,
                     cursor: str | None = None) -> Page[Correction]:
    """An application's corrections in id order (``(tenant_id, application_id, id)``); an applicant's own only."""
    application: Application = visible(session, actor, application_id)
    stmt = select(Correction).where(Correction.application_id == application.id)
    return keyset_page(session, stmt, [Correction.id], limit=limit, cursor=cursor)
