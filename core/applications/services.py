"""Applications (申报): drafts, submission by the deadline, frozen facts with every version kept, and
change requests the office decides.

Who sees what: an applicant only its own applications (another's id is 404, like another tenant's);
office staff and supervisors every application of the tenant (``applications.read``). Writes by the
applicant go through ``applications.apply``, decisions on change requests through ``applications.screen``.

Facts are validated against the jurisdiction's schema of the version the cycle pinned: a draft as far
as it is filled (``partial``), a submission and a change request completely. What is stored is the
JSON as given, never the schema's Python objects.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Mapping

import marshmallow as ma
from sqlalchemy import select
from sqlalchemy.orm import Session, load_only

from core.engine.messages import _
from core.applications.applicants import ENTRY_KINDS_OF, applicant_of
from core.applications.models import (
    Applicant, ApplicantStatus, Application, ApplicationStatus, ApplicationVersion, ChangeRequest, Correction,
    CorrectionStatus, RequestStatus,
)
from core.cycles.models import Cycle, CycleStage
from core.cycles.plans import application_deadline, get_cycle, require_open, rules_of, stage_of_kind
from core.engine.eligibility import facts_schema, load_facts
from core.engine.plugins import JurisdictionRegistry
from core.errors import Conflict, InvalidInput, NotFound
from core.platform import audit, clock, versioning
from core.platform.paging import DEFAULT_LIMIT, Page, keyset_page
from core.platform.permissions import Permission, Principal

EDITABLE = (ApplicationStatus.DRAFT, ApplicationStatus.CORRECTION_REQUESTED)
"""The applicant edits the facts only while drafting or answering a request for corrections."""
WITHDRAWABLE = (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.CORRECTION_REQUESTED)
CHANGEABLE = (ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED)
"""Frozen applications whose facts change only through an approved change request."""


def _conflict(code: str, message: str, **details: Any) -> Conflict:
    """A 409 with its own stable code (the API maps the class; the code tells clients which conflict)."""
    error = Conflict(message, details=details)
    error.code = code
    return error


# -- the JSON as given ---------------------------------------------------------------------------

def plain_json(value: Any, where: str = "facts") -> Any:
    """``value`` as JSON can store it: the API reads numbers with a fraction as ``Decimal`` (so no
    binary float alters them on the way in); here they become JSON numbers again. A number too long
    for any fact is refused by its path."""
    if isinstance(value, dict):
        return {key: plain_json(item, f"{where}.{key}") for key, item in value.items()}
    if isinstance(value, list):
        return [plain_json(item, f"{where}.{index}") for index, item in enumerate(value)]
    if isinstance(value, Decimal):
        return float(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise InvalidInput.on(where, "not a number any fact can hold")


def _prefixed(prefix: str, messages: Any) -> dict[str, list[str]]:
    """marshmallow's nested messages as ``{"facts.a.0.b": [reasons]}``."""
    if isinstance(messages, dict):
        out: dict[str, list[str]] = {}
        for key, value in messages.items():
            out.update(_prefixed(f"{prefix}.{key}", value))
        return out
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return {prefix: list(messages)}
    if isinstance(messages, list):
        out = {}
        for index, value in enumerate(messages):
            out.update(_prefixed(f"{prefix}.{index}", value))
        return out
    return {prefix: [str(messages)]}


def _facts_problems(registry: JurisdictionRegistry, cycle: Cycle, entry_kind: str, facts: Mapping[str, Any],
                    *, complete: bool) -> dict[str, list[str]]:
    """Every field of ``facts`` at fault, named ``facts.<path>``: as far as given for a draft, every
    required one too when ``complete``."""
    rules, version = rules_of(registry, cycle)
    if complete:
        try:
            load_facts(rules, version, entry_kind, facts)
        except InvalidInput as error:
            return error.fields
        return {}
    try:
        facts_schema(rules, version, entry_kind).load(facts, partial=True)
    except ma.ValidationError as error:
        return _prefixed("facts", error.normalized_messages())
    return {}


def _choice_problems(cycle: Cycle, applicant: Applicant, entry_kind: str, tiers: list[str],
                     category: str | None) -> dict[str, list[str]]:
    """The entry kind, tiers and category must be among the cycle's, and fit the applicant."""
    problems: dict[str, list[str]] = {}
    if entry_kind not in cycle.entry_kinds:
        problems["entry_kind"] = [_("{entry_kind!r} is not an entry kind of this cycle; it accepts: {items}",
                                    entry_kind=entry_kind, items=', '.join(cycle.entry_kinds))]
    elif entry_kind not in ENTRY_KINDS_OF[applicant.kind]:
        fits = sorted(ENTRY_KINDS_OF[applicant.kind] & set(cycle.entry_kinds))
        problems["entry_kind"] = [_("an applicant of kind {kind} cannot apply as {entry_kind}; it may apply as: "
                                    "{items}",
                                    kind=applicant.kind.value, entry_kind=entry_kind,
                                    items=', '.join(fits) or 'nothing this cycle accepts')]
    unknown = [tier for tier in tiers if tier not in cycle.tiers]
    if unknown:
        problems["tiers"] = [_("{items} not awarded in this cycle; it awards: {items2}",
                               items=', '.join(map(repr, unknown)), items2=', '.join(cycle.tiers))]
    elif len(set(tiers)) != len(tiers):
        problems["tiers"] = [_("name each tier once")]
    if cycle.categories:
        if category is None:
            problems["category"] = [_("this cycle awards by category; name one of: {items}",
                                      items=', '.join(cycle.categories))]
        elif category not in cycle.categories:
            problems["category"] = [_("{category!r} is not a category of this cycle; it has: {items}",
                                      category=category, items=', '.join(cycle.categories))]
    elif category is not None:
        problems["category"] = [_("this cycle awards no categories; leave category out")]
    return problems


def _refuse(problems: dict[str, list[str]], what: str) -> None:
    if problems:
        raise InvalidInput(_("{what}: {fields}", what=what, fields=", ".join(sorted(problems))), fields=problems)


# -- finding what the caller may see -------------------------------------------------------------

def _reads_all(principal: Principal) -> bool:
    return principal.can(Permission.APPLICATIONS_READ)


def find_application(session: Session, application_id: int) -> Application:
    """An application of the session's tenant (404 otherwise), whoever asks: for the office's own work."""
    application = session.execute(select(Application).where(Application.id == application_id)).scalar_one_or_none()
    if application is None:
        raise NotFound("application", application_id)
    return application


def may_see(session: Session, principal: Principal, application: Application) -> bool:
    """The office and supervisors see every application of the tenant; an applicant its own."""
    if _reads_all(principal):
        return True
    applicant_id = session.scalar(select(Applicant.id).where(Applicant.user_id == principal.user_id))
    return applicant_id is not None and applicant_id == application.applicant_id


def visible(session: Session, principal: Principal, application_id: int) -> Application:
    """An application the caller may read: any of the tenant's for the office and supervisors, only
    its own for an applicant (another applicant's is 404, as if it did not exist)."""
    application = find_application(session, application_id)
    if not may_see(session, principal, application):
        raise NotFound("application", application_id)
    return application


def own(session: Session, principal: Principal, application: Application) -> Applicant:
    """The caller's applicant, if ``application`` is its own; 404 otherwise."""
    applicant = session.execute(select(Applicant).where(Applicant.user_id == principal.user_id)).scalar_one_or_none()
    if applicant is None or applicant.id != application.applicant_id:
        raise NotFound("application", application.id)
    return applicant


def _own(session: Session, principal: Principal, application_id: int) -> tuple[Application, Applicant]:
    application = find_application(session, application_id)
    return application, own(session, principal, application)


def own_application(session: Session, principal: Principal, application_id: int) -> Application:
    """The caller's own application, as its applicant; 404 for any other."""
    return _own(session, principal, application_id)[0]


def _stage_position(session: Session, cycle: Cycle, code: str) -> int | None:
    return session.scalar(select(CycleStage.position).where(CycleStage.tenant_id == cycle.tenant_id,
                                                            CycleStage.cycle_id == cycle.id, CycleStage.code == code))


def _require_taking_applications(session: Session, cycle: Cycle) -> None:
    """The cycle is open and has not moved past its application stage."""
    require_open(cycle)
    stage = stage_of_kind(session, cycle, "application")
    if stage is None:
        raise _conflict("no_application_stage", f"cycle {cycle.id} has no application stage", cycle_id=cycle.id)
    current = _stage_position(session, cycle, cycle.stage)
    if current is not None and current > stage.position:
        raise _conflict("applications_closed", f"cycle {cycle.id} has moved past its application stage "
                                               f"({stage.code}) to {cycle.stage}; it takes no new applications",
                        cycle_id=cycle.id, stage=cycle.stage, application_stage=stage.code)


def _open_correction(session: Session, application: Application) -> Correction | None:
    return session.execute(select(Correction).where(Correction.application_id == application.id,
                                                    Correction.status == CorrectionStatus.OPEN)
                           .order_by(Correction.id.desc()).limit(1)).scalar_one_or_none()


def open_correction_in_time(session: Session, application: Application, today: dt.date) -> Correction:
    """The open request for corrections an application sent back may still answer today: its facts,
    files and resubmission are refused (409 naming the deadline) once the last day has passed, so
    nothing changes after the office's deadline without the office extending it on the record."""
    correction = _open_correction(session, application)
    if correction is None:
        raise _conflict("no_open_correction", f"application {application.id} has no open request for "
                                              f"corrections to answer")
    last_day = correction_deadline(correction)
    if today > last_day:
        raise _conflict("deadline_passed", f"the deadline for corrections was {last_day.isoformat()} "
                                           f"(the last day included, Asia/Shanghai); corrections are no "
                                           f"longer accepted", deadline=last_day.isoformat(),
                        stage="correction", correction_id=correction.id)
    return correction


def correction_deadline(correction: Correction) -> dt.date:
    """The last day to answer a correction: its deadline, or the last extension's, whichever is later."""
    days = [correction.deadline]
    for extension in correction.extensions or []:
        try:
            days.append(dt.date.fromisoformat(str(extension.get("to"))))
        except ValueError:
            continue
    return max(days)


def deadlines(session: Session, application: Application) -> dict[str, Any]:
    """The days (last day included, Asia/Shanghai) that bound the applicant's next step."""
    cycle = session.get(Cycle, (application.tenant_id, application.cycle_id))
    stage_end = application_deadline(session, cycle) if cycle is not None else None
    extended = application.submission_deadline
    submission = max((d for d in (stage_end, extended) if d is not None), default=None)
    correction = _open_correction(session, application) if application.status is \
        ApplicationStatus.CORRECTION_REQUESTED else None
    return {"application_stage_ends_on": stage_end, "extended_to": extended, "submission": submission,
            "correction": correction_deadline(correction) if correction is not None else None}


def _with_deadlines(session: Session, application: Application) -> Application:
    application.deadlines = deadlines(session, application)
    return application


# -- drafts ---------------------------------------------------------------------------------------

def create_application(session: Session, registry: JurisdictionRegistry, principal: Principal, *, cycle_id: int,
                       entry_kind: str, tiers: list[str], category: str | None = None,
                       facts: dict[str, Any] | None = None) -> Application:
    """A draft, saved as far as it is filled: every field given is checked, none is required yet."""
    applicant = applicant_of(session, principal)
    if applicant.status is not ApplicantStatus.APPROVED:
        raise _conflict("applicant_not_approved", f"the office has not approved this applicant "
                                                  f"({applicant.status.value}); it cannot apply yet",
                        status=applicant.status.value)
    cycle = session.execute(select(Cycle).where(Cycle.id == cycle_id)).scalar_one_or_none()
    if cycle is None:
        raise InvalidInput.on("cycle_id", "no cycle of this office has this id")
    _require_taking_applications(session, cycle)
    facts = plain_json(facts or {})
    problems = _choice_problems(cycle, applicant, entry_kind, tiers, category)
    if "entry_kind" not in problems:
        problems.update(_facts_problems(registry, cycle, entry_kind, facts, complete=False))
    _refuse(problems, _("the application cannot be saved"))
    application = Application(cycle_id=cycle.id, applicant_id=applicant.id, entry_kind=entry_kind, tiers=list(tiers),
                              category=category, facts=facts, status=ApplicationStatus.DRAFT, facts_number=0)
    session.add(application)
    session.flush()
    audit.record(session, principal, "application.created", "application", application.id,
                 details={"cycle_id": cycle.id, "entry_kind": entry_kind, "tiers": list(tiers), "category": category})
    session.commit()
    return _with_deadlines(session, application)


def update_application(session: Session, registry: JurisdictionRegistry, principal: Principal, application_id: int,
                       *, expected_version: versioning.Expected, **changes: Any) -> Application:
    """Replace the facts, tiers or category of a draft (or of an application sent back for corrections).
    A refused change leaves the stored draft as it was: it is what was last accepted."""
    application, applicant = _own(session, principal, application_id)
    versioning.check("application", application, expected_version)
    if application.status not in EDITABLE:
        raise _conflict("application_frozen", f"application {application.id} is {application.status.value}: "
                                              f"its facts are frozen; ask for a change through "
                                              f"POST /api/v1/applications/{application.id}/change-requests"
                        if application.status in CHANGEABLE else
                        f"application {application.id} is {application.status.value} and can no longer change",
                        status=application.status.value)
    if application.status is ApplicationStatus.CORRECTION_REQUESTED:
        open_correction_in_time(session, application, clock.today())
    cycle = get_cycle(session, application.cycle_id)
    require_open(cycle)
    tiers = changes.get("tiers", application.tiers)
    category = changes["category"] if "category" in changes else application.category
    facts = plain_json(changes["facts"]) if "facts" in changes else application.facts
    problems = _choice_problems(cycle, applicant, application.entry_kind, tiers, category)
    if "facts" in changes:
        problems.update(_facts_problems(registry, cycle, application.entry_kind, facts, complete=False))
    _refuse(problems, _("the change was refused; the stored draft is unchanged"))
    with versioning.guard(session, "application", application):
        diff: dict[str, Any] = {}
        if tiers != application.tiers:
            diff["tiers"] = [application.tiers, tiers]
            application.tiers = list(tiers)
        if category != application.category:
            diff["category"] = [application.category, category]
            application.category = category
        if facts != application.facts:
            diff["facts"] = sorted(set(facts) ^ set(application.facts)
                                   | {k for k in facts if application.facts.get(k) != facts[k]})
            application.facts = facts
        if diff:
            audit.record(session, principal, "application.updated", "application", application.id,
                         details={"changed": diff})
            session.commit()
    return _with_deadlines(session, application)


# -- submission -----------------------------------------------------------------------------------

def submit(session: Session, registry: JurisdictionRegistry, principal: Principal, application_id: int, *,
           expected_version: versioning.Expected = versioning.UNCHECKED) -> Application:
    """Submit a draft by the deadline (or corrected facts by the correction's deadline): every fact is
    checked, the facts are kept as a new version and frozen."""
    application, applicant = _own(session, principal, application_id)
    versioning.check("application", application, expected_version)
    if application.status not in EDITABLE:
        raise _conflict("not_a_draft", f"application {application.id} is {application.status.value}; only a draft "
                                       f"or an application sent back for corrections is submitted",
                        status=application.status.value)
    cycle = get_cycle(session, application.cycle_id)
    require_open(cycle)
    today = clock.today()
    correction = None
    if application.status is ApplicationStatus.CORRECTION_REQUESTED:
        correction = open_correction_in_time(session, application, today)
        last_day = correction_deadline(correction)
    else:
        stage = stage_of_kind(session, cycle, "application")
        stage_end = stage.ends_on if stage is not None else None
        last_day = max((d for d in (stage_end, application.submission_deadline) if d is not None), default=None)
        stage_code = stage.code if stage is not None else None
        if last_day is None:
            raise _conflict("deadline_not_set", "the office has not set the deadline of the application stage "
                                                "yet; submissions open once it has", stage=stage_code)
        if today > last_day:
            raise _conflict("deadline_passed", f"the deadline of the application stage ({stage_code}) was "
                                               f"{last_day.isoformat()} (the last day included, Asia/Shanghai); "
                                               f"submissions are no longer accepted",
                            deadline=last_day.isoformat(), stage=stage_code)
        _require_taking_applications(session, cycle)
    problems = _choice_problems(cycle, applicant, application.entry_kind, application.tiers, application.category)
    problems.update(_facts_problems(registry, cycle, application.entry_kind, application.facts, complete=True))
    _refuse(problems, _("the application is incomplete or wrong; complete the draft and submit again"))
    reason = "correction" if correction is not None else "submission"
    with versioning.guard(session, "application", application):
        number = application.facts_number + 1
        session.add(ApplicationVersion(application_id=application.id, number=number, facts=application.facts,
                                       entry_kind=application.entry_kind, tiers=application.tiers,
                                       category=application.category, reason=reason,
                                       created_by_id=principal.user_id))
        application.facts_number = number
        application.submitted_at = clock.now()
        application.status = ApplicationStatus.SUBMITTED
        details: dict[str, Any] = {"version": number, "reason": reason, "deadline": last_day.isoformat()}
        if correction is not None:
            correction.status = CorrectionStatus.ANSWERED
            correction.answered_at = clock.now()
            details["correction_id"] = correction.id
        audit.record(session, principal, "application.submitted", "application", application.id, details=details)
        session.commit()
    return _with_deadlines(session, application)


def withdraw(session: Session, principal: Principal, application_id: int, *,
             expected_version: versioning.Expected = versioning.UNCHECKED) -> Application:
    """The applicant withdraws before a decision; the kept versions stay."""
    application, _cycle = _own(session, principal, application_id)
    versioning.check("application", application, expected_version)
    if application.status not in WITHDRAWABLE:
        raise _conflict("not_withdrawable", f"application {application.id} is {application.status.value}; only a "
                                            f"draft, a submitted application or one sent back for corrections "
                                            f"can be withdrawn", status=application.status.value)
    with versioning.guard(session, "application", application):
        previous = application.status
        application.status = ApplicationStatus.WITHDRAWN
        audit.record(session, principal, "application.withdrawn", "application", application.id,
                     details={"from": previous.value})
        session.commit()
    return _with_deadlines(session, application)


# -- reading --------------------------------------------------------------------------------------

LISTED = (Application.id, Application.tenant_id, Application.cycle_id, Application.applicant_id,
          Application.entry_kind, Application.tiers, Application.category, Application.status,
          Application.facts_number, Application.submitted_at, Application.submission_deadline,
          Application.decided_at, Application.created_at, Application.updated_at, Application.version)
"""What a list shows: no facts (a row's GET has them)."""


def applications_page(session: Session, principal: Principal, *, cycle_id: int | None = None,
                      status: ApplicationStatus | None = None, limit: int = DEFAULT_LIMIT,
                      cursor: str | None = None) -> Page[Application]:
    """A page of applications in id order.

    The office and supervisors see the tenant's, without drafts unless ``status=draft`` is asked: a
    draft is the applicant's working copy, not yet before the office. Served by ``(tenant_id,
    cycle_id, status, id)``, ``(tenant_id, cycle_id, id)`` or the key. An applicant sees its own, by
    ``(tenant_id, applicant_id, id)``.
    """
    stmt = select(Application).options(load_only(*LISTED, raiseload=True))
    if _reads_all(principal):
        if status is None:
            stmt = stmt.where(Application.status != ApplicationStatus.DRAFT)
    else:
        applicant_id = session.scalar(select(Applicant.id).where(Applicant.tenant_id == principal.tenant_id,
                                                                 Applicant.user_id == principal.user_id))
        if applicant_id is None:  # a user who acts for no applicant has no application
            return Page([], None)
        stmt = stmt.where(Application.applicant_id == applicant_id)
    if cycle_id is not None:
        stmt = stmt.where(Application.cycle_id == cycle_id)
    if status is not None:
        stmt = stmt.where(Application.status == status)
    return keyset_page(session, stmt, [Application.id], limit=limit, cursor=cursor)


def get_application(session: Session, principal: Principal, application_id: int) -> Application:
    return _with_deadlines(session, visible(session, principal, application_id))


def versions_page(session: Session, principal: Principal, application_id: int, *, limit: int = DEFAULT_LIMIT,
                  cursor: str | None = None) -> Page[ApplicationVersion]:
    """Every kept version of the facts, oldest first, by the unique ``(tenant_id, application_id, number)``."""
    application = visible(session, principal, application_id)
    stmt = select(ApplicationVersion).where(ApplicationVersion.application_id == application.id)
    return keyset_page(session, stmt, [ApplicationVersion.number], limit=limit, cursor=cursor)


# -- change requests ------------------------------------------------------------------------------

def request_change(session: Session, registry: JurisdictionRegistry, principal: Principal, application_id: int, *,
                   facts: dict[str, Any], reason: str) -> ChangeRequest:
    """Ask the office to replace a submitted (or accepted) application's facts with complete new ones."""
    application, applicant = _own(session, principal, application_id)
    if application.status not in CHANGEABLE:
        raise _conflict("not_changeable", f"application {application.id} is {application.status.value}; "
                                          f"change requests are for submitted or accepted applications"
                        + ("; edit the draft instead" if application.status in EDITABLE else ""),
                        status=application.status.value)
    cycle = get_cycle(session, application.cycle_id)
    require_open(cycle)
    pending = session.scalar(select(ChangeRequest.id).where(ChangeRequest.tenant_id == application.tenant_id,
                                                            ChangeRequest.application_id == application.id,
                                                            ChangeRequest.status == RequestStatus.PENDING).limit(1))
    if pending is not None:
        raise _conflict("change_request_pending", f"change request {pending} of application {application.id} "
                                                  f"awaits the office's decision", change_request_id=pending)
    facts = plain_json(facts)
    _refuse(_facts_problems(registry, cycle, application.entry_kind, facts, complete=True),
            "the proposed facts are incomplete or wrong")
    change = ChangeRequest(application_id=application.id, facts=facts, reason=reason,
                           status=RequestStatus.PENDING, requested_by_id=principal.user_id)
    session.add(change)
    session.flush()
    audit.record(session, principal, "change_request.created", "change_request", change.id,
                 details={"application_id": application.id, "reason": reason})
    session.commit()
    return change


def change_requests_page(session: Session, principal: Principal, application_id: int, *,
                         limit: int = DEFAULT_LIMIT, cursor: str | None = None) -> Page[ChangeRequest]:
    """An application's change requests in id order, by ``(tenant_id, application_id, id)``."""
    application = visible(session, principal, application_id)
    stmt = select(ChangeRequest).where(ChangeRequest.application_id == application.id)
    return keyset_page(session, stmt, [ChangeRequest.id], limit=limit, cursor=cursor)


def decide_change(session: Session, registry: JurisdictionRegistry, principal: Principal, request_id: int, *,
                  approve: bool, note: str = "",
                  expected_version: versioning.Expected = versioning.UNCHECKED) -> ChangeRequest:
    """Approve (the facts become a new kept version; an accepted application goes back to
    ``submitted`` to be screened again) or refuse (with a note) a pending change request."""
    change = session.execute(select(ChangeRequest).where(ChangeRequest.id == request_id)).scalar_one_or_none()
    if change is None:
        raise NotFound("change request", request_id)
    versioning.check("change request", change, expected_version)
    if change.status is not RequestStatus.PENDING:
        raise _conflict("already_decided", f"change request {change.id} was {change.status.value} already",
                        status=change.status.value)
    if not approve and not note.strip():
        raise InvalidInput.on("note", "say why the change is refused; the applicant is told")
    application = find_application(session, change.application_id)
    rescreening = False
    if approve:
        if application.status not in CHANGEABLE:
            raise _conflict("not_changeable", f"application {application.id} is {application.status.value} now; "
                                              f"the change can no longer apply", status=application.status.value)
        cycle = get_cycle(session, application.cycle_id)
        require_open(cycle)
        _refuse(_facts_problems(registry, cycle, application.entry_kind, change.facts, complete=True),
                "the proposed facts no longer fit the jurisdiction's schema")
    with versioning.guard(session, "change request", change):
        change.status = RequestStatus.APPROVED if approve else RequestStatus.REFUSED
        change.decided_by_id = principal.user_id
        change.decided_at = clock.now()
        change.decision_note = note
        details: dict[str, Any] = {"application_id": application.id, "note": note}
        if approve:
            number = application.facts_number + 1
            session.add(ApplicationVersion(application_id=application.id, number=number, facts=change.facts,
                                           entry_kind=application.entry_kind, tiers=application.tiers,
                                           category=application.category, reason="change_request",
                                           change_request_id=change.id, created_by_id=principal.user_id))
            application.facts = change.facts
            application.facts_number = number
            rescreening = application.status is ApplicationStatus.ACCEPTED
            if rescreening:
                application.status = ApplicationStatus.SUBMITTED
                application.decided_at = None
                application.decided_by_id = None
            details.update(version=number, rescreening=rescreening)
        audit.record(session, principal, "change_request.approved" if approve else "change_request.refused",
                     "change_request", change.id, details=details)
        session.commit()
    change.applied_to = {"id": application.id, "status": application.status.value,
                          "facts_number": application.facts_number, "version": application.version,
                          "rescreening": rescreening}
    return change
