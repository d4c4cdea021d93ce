"""Screening (资格审查/形式审查): eligibility verdicts from stored facts and the tenant's own records,
the office's attestations, acceptance or rejection, and the cycle-level rules.

A verdict is computed from what the system holds, never from what a client sends: the facts of the
application's current version, its earlier awards and sanctions from the tenant's ledger
(:func:`core.awards.ledger.history_for`), the tenant's settings, and the cycle's pinned rule version
and application deadline. Every verdict is kept (:class:`Screening`, ``number`` + 1) with its inputs
and its trace, so re-screening after the facts change leaves both.

Screening a whole cycle is a background job (:data:`CYCLE_SCREENING_KIND`) that works in batches and
then computes the cycle-level flags.

Cycle-level rules, applied only where a plugin's rules state them:

* One applicant per group of related companies (Nantong 2023 第十一条（七）): a plugin declares it by
  judging the condition :data:`GROUP_CONDITION` for the pinned version; the flag cites that finding's
  article. The office records which applications belong to one group (``group_key``) and designates
  the one that goes on; the others cannot be accepted.
* One category per applicant: no installed regulation states it (none of the five texts says an
  applicant may apply in one category only), so nothing here checks it.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Iterable, Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session, load_only

from core.engine.messages import _
from core.applications.models import (
    Applicant, Application, ApplicationStatus, Attestation, Correction, CorrectionStatus, Recommendation, Screening,
    ScreeningOutcome,
)
from core.applications.services import find_application
from core.awards import ledger
from core.cycles import plans
from core.cycles.models import Cycle
from core.engine.eligibility import VerdictStatus, assess, load_facts
from core.engine import encode
from core.engine.encode import citation_record
from core.engine.plugins import JurisdictionRegistry, JurisdictionRules
from core.engine.rules import Citation, Finding, Outcome, RuleVersion
from core.errors import Conflict, DomainError, InvalidInput, NotFound
from core.platform import audit, clock, versioning
from core.platform.jobs import JobContext, task
from core.platform.paging import DEFAULT_LIMIT, Page, keyset_page
from core.platform.permissions import Principal
from core.platform.services import tenant_settings

CYCLE_SCREENING_KIND = "cycle_screening"
BATCH_SIZE = 500
GROUP_CONDITION = "org.one_per_group"
"""The condition by which a plugin says related applicants of one group may file one application only."""
GROUP_FLAG = "related_applicants"
MAX_JOB_ERRORS = 100

_OUTCOMES = {VerdictStatus.ELIGIBLE: ScreeningOutcome.ELIGIBLE, VerdictStatus.INELIGIBLE: ScreeningOutcome.INELIGIBLE,
             VerdictStatus.PENDING_CONFIRMATION: ScreeningOutcome.NEEDS_ATTESTATION}


# -- JSON of what the rules read and said ----------------------------------------------------------



def finding_json(finding: Finding) -> dict[str, Any]:
    return {"condition": finding.condition, "outcome": finding.outcome.value,
            "citation": citation_record(finding.citation), "explanation": finding.explanation,
            "facts_used": encode.record(dict(finding.facts_used)), "excludes_tier": finding.excludes_tier}


# -- loading ------------------------------------------------------------------------------------------

def get_screening(session: Session, screening_id: int) -> Screening:
    screening = session.execute(select(Screening).where(Screening.id == screening_id)).scalar_one_or_none()
    if screening is None:
        raise NotFound("screening", screening_id)
    return screening


@dataclasses.dataclass
class CycleRules:
    """What every screening of one cycle reads once: the pinned rules, the settings, the deadline."""

    cycle: Cycle
    rules: JurisdictionRules
    version: RuleVersion
    settings: dict[str, Any]
    deadline: dt.date | None

    @classmethod
    def of(cls, session: Session, registry: JurisdictionRegistry, cycle: Cycle) -> "CycleRules":
        rules, version = plans.rules_of(registry, cycle)
        return cls(cycle, rules, version, tenant_settings.values(session), plans.application_deadline(session, cycle))


def _screen(session: Session, ctx: CycleRules, application: Application, *, on_date: dt.date,
            created_by_id: int | None, job_id: str | None = None) -> Screening:
    applicant = session.execute(select(Applicant).where(Applicant.id == application.applicant_id)).scalar_one()
    history, sanctions = ledger.history_for(session, applicant)
    facts = load_facts(ctx.rules, ctx.version, application.entry_kind, application.facts)
    verdict = assess(ctx.rules, ctx.version, application.entry_kind, facts, on_date=on_date, history=history,
                     sanctions=sanctions, settings=ctx.settings, category=application.category,
                     deadline=ctx.deadline)
    number = (session.scalar(select(func.max(Screening.number)).where(Screening.application_id == application.id))
              or 0) + 1
    inputs = {"facts_number": application.facts_number,
              "history": [{**encode.record(dataclasses.replace(a, field=None)), "ledger": a.field} for a in history],
              "sanctions": encode.record(sanctions), "settings": encode.record(ctx.settings),
              "deadline": ctx.deadline.isoformat() if ctx.deadline else None, "category": application.category,
              # who the ledger was matched on, as it stood: a later change of name or code cannot hide it
              "subject": {"applicant_id": applicant.id, "kind": applicant.kind.value, "name": applicant.name,
                          "uscc": applicant.uscc, "employer_name": applicant.employer_name,
                          "employer_uscc": applicant.employer_uscc}}
    screening = Screening(application_id=application.id, number=number, rule_version_code=ctx.version.code,
                          facts_number=application.facts_number, on_date=on_date, inputs=inputs,
                          outcome=_OUTCOMES[verdict.status], findings=[finding_json(f) for f in verdict.findings],
                          job_id=job_id, created_by_id=created_by_id)
    session.add(screening)
    session.flush()
    return screening


def screen(session: Session, registry: JurisdictionRegistry, application: Application, actor: Principal, *,
           on_date: dt.date | None = None) -> Screening:
    """Screen one submitted application now and keep the verdict (earlier ones stay); audited."""
    if application.status is not ApplicationStatus.SUBMITTED:
        raise Conflict(_("application {id} is {status}; only a submitted application is screened",
                         id=application.id, status=application.status.value),
                       details={"status": application.status.value})
    cycle = plans.get_cycle(session, application.cycle_id)
    plans.require_open(cycle)
    screening = _screen(session, CycleRules.of(session, registry, cycle), application,
                        on_date=on_date or clock.today(), created_by_id=actor.user_id)
    audit.record(session, actor, "screening.created", "screening", screening.id,
                 details={"application_id": application.id, "number": screening.number,
                          "outcome": screening.outcome.value, "rule_version": screening.rule_version_code})
    session.commit()
    return screening


def screenings_page(session: Session, application: Application, *, limit: int = DEFAULT_LIMIT,
                    cursor: str | None = None) -> Page[Screening]:
    """An application's screenings in order (served by the unique ``(tenant_id, application_id, number)``)."""
    stmt = select(Screening).where(Screening.application_id == application.id)
    return keyset_page(session, stmt, [Screening.number], limit=limit, cursor=cursor)


def attestations_of(session: Session, screening: Screening) -> list[Attestation]:
    return list(session.scalars(select(Attestation).where(Attestation.screening_id == screening.id)
                                .order_by(Attestation.id)))


def latest(session: Session, application: Application) -> Screening | None:
    return session.execute(select(Screening).where(Screening.application_id == application.id)
                           .order_by(Screening.number.desc()).limit(1)).scalar_one_or_none()


# -- attestations ----------------------------------------------------------------------------------

def attest(session: Session, actor: Principal, screening_id: int, *, condition: str, holds: bool,
           note: str) -> Attestation:
    """The office confirms (or denies) a condition the screening left to it; stored with who and when."""
    screening = get_screening(session, screening_id)
    application = find_application(session, screening.application_id)
    if application.status is not ApplicationStatus.SUBMITTED:
        raise Conflict(_("application {id} is {status}; attestations are made while it is submitted",
                         id=application.id, status=application.status.value),
                       details={"status": application.status.value})
    pending = {f["condition"]: f for f in screening.findings if f["outcome"] == Outcome.NEEDS_ATTESTATION.value}
    if condition not in pending:
        raise InvalidInput.on("condition", _("{condition!r} awaits no confirmation in screening {id}; these do: "
                                             "{items}",
                                             condition=condition, id=screening.id,
                                             items=', '.join(sorted(pending)) or 'none'))
    if not note.strip():
        raise InvalidInput.on("note", "say what was checked")
    if session.scalar(select(Attestation.id).where(Attestation.screening_id == screening.id,
                                                   Attestation.condition == condition)) is not None:
        raise Conflict(_("{condition} of screening {id} is attested already",
                         condition=condition, id=screening.id),
                       fields={"condition": [_("attested already")]})
    row = Attestation(screening_id=screening.id, condition=condition, holds=holds, note=note,
                      citation=pending[condition]["citation"], confirmed_by_id=actor.user_id,
                      confirmed_at=clock.now())
    session.add(row)
    session.flush()
    audit.record(session, actor, "attestation.created", "attestation", row.id,
                 details={"screening_id": screening.id, "application_id": application.id, "condition": condition,
                          "holds": holds})
    session.commit()
    return row


# -- decisions -----------------------------------------------------------------------------------

def _current(session: Session, application: Application) -> Screening:
    screening = latest(session, application)
    if screening is None or screening.facts_number != application.facts_number:
        raise Conflict(_("application {id} has no screening of its current facts (version {facts_number}); screen "
                         "it first", id=application.id, facts_number=application.facts_number),
                       details={"facts_number": application.facts_number})
    return screening


def _group_block(application: Application) -> None:
    for flag in application.flags or ():
        if flag.get("code") == GROUP_FLAG and flag.get("designated") != application.id:
            citation = flag.get("citation") or {}
            article = f"{citation.get('jurisdiction')}/{citation.get('version')} {citation.get('article')}" \
                      f"{citation.get('item') or ''}"
            raise Conflict(_("{article}: related applicants of one group may file one application only; the group "
                             "designated application {designated}", article=article, designated=flag["designated"])
                           if flag.get("designated") else
                           _("{article}: related applicants of one group may file one application only; the group has "
                             "not designated the one that goes on", article=article),
                           details={"flag": flag})


def accept(session: Session, registry: JurisdictionRegistry, actor: Principal, application_id: int, *,
           expected_version: versioning.Expected = versioning.UNCHECKED) -> Application:
    """受理: only on an eligible verdict of the current facts (or every pending condition confirmed), with the
    recommendation the plan requires and no unresolved group flag."""
    application = find_application(session, application_id)
    versioning.check("application", application, expected_version)
    cycle = plans.get_cycle(session, application.cycle_id)
    plans.require_open(cycle)
    if application.status is not ApplicationStatus.SUBMITTED:
        raise Conflict(_("application {id} is {status}; only a submitted one is accepted",
                         id=application.id, status=application.status.value),
                       details={"status": application.status.value})
    screening = _current(session, application)
    if screening.outcome is ScreeningOutcome.INELIGIBLE:
        failed = [f for f in screening.findings if f["outcome"] == Outcome.FAILED.value]
        raise Conflict(_("screening {id} found the application ineligible; reject it citing: {conditions}",
                         id=screening.id,
                         conditions="; ".join(f"{f['condition']} ({_article(f['citation'])})" for f in failed)),
                       details={"screening_id": screening.id, "failed": failed})
    if screening.outcome is ScreeningOutcome.NEEDS_ATTESTATION:
        attested = {a.condition: a for a in attestations_of(session, screening)}
        pending = [f for f in screening.findings if f["outcome"] == Outcome.NEEDS_ATTESTATION.value]
        missing = [f["condition"] for f in pending if f["condition"] not in attested]
        denied = [f["condition"] for f in pending if f["condition"] in attested and not attested[f["condition"]].holds]
        if missing or denied:
            raise Conflict(_("conditions awaiting the office: {conditions}", conditions=", ".join(missing)) if missing
                           else _("the office found conditions do not hold (reject instead): {conditions}",
                                  conditions=", ".join(denied)),
                           details={"screening_id": screening.id, "unattested": missing, "not_holding": denied})
    plan = plans.plan_of(registry, cycle)
    if plan.recommendation is not None and session.scalar(
            select(Recommendation.id).where(Recommendation.application_id == application.id)) is None:
        raise Conflict(_("{recommendation}: the application must be recommended (推荐) before it is accepted; record "
                         "the recommendation first",
                         recommendation=plan.recommendation),
                       details={"citation": citation_record(plan.recommendation)})
    _group_block(application)
    with versioning.guard(session, "application", application):
        application.status = ApplicationStatus.ACCEPTED
        application.decided_at = clock.now()
        application.decided_by_id = actor.user_id
        application.decision_reasons = []
        audit.record(session, actor, "application.accepted", "application", application.id,
                     details={"screening_id": screening.id, "outcome": screening.outcome.value})
        session.commit()
    return application


def _article(citation: Mapping[str, Any]) -> str:
    return f"{citation.get('jurisdiction')}/{citation.get('version')} {citation.get('article')}{citation.get('item') or ''}"


def default_reasons(session: Session, application: Application) -> list[dict[str, Any]]:
    """The reasons a failed screening gives: each failed condition, and each one the office found not
    holding, with its article."""
    screening = latest(session, application)
    if screening is None or screening.facts_number != application.facts_number:
        return []
    out = [{"text": f["explanation"], "citation": f["citation"]} for f in screening.findings
           if f["outcome"] == Outcome.FAILED.value]
    for row in attestations_of(session, screening):
        if not row.holds:
            out.append({"text": row.note, "citation": row.citation})
    return out


def reject(session: Session, actor: Principal, application_id: int, *, reasons: Iterable[Mapping[str, Any]],
           expected_version: versioning.Expected = versioning.UNCHECKED) -> Application:
    """不予受理 with written reasons citing articles, which the applicant sees on its application."""
    application = find_application(session, application_id)
    versioning.check("application", application, expected_version)
    cycle = plans.get_cycle(session, application.cycle_id)
    plans.require_open(cycle)
    if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.CORRECTION_REQUESTED):
        raise Conflict(_("application {id} is {status}; only a submitted one (or one awaiting corrections) is "
                         "rejected",
                         id=application.id, status=application.status.value),
                       details={"status": application.status.value})
    given = []
    for reason in reasons:
        citation = reason.get("citation")
        if citation is not None:
            citation = Citation(cycle.jurisdiction_code, cycle.rule_version_code, citation["article"],
                                citation.get("item"), citation.get("note")).record()
        given.append({"text": reason["text"], "citation": citation})
    all_reasons = default_reasons(session, application) + given
    if not all_reasons:
        raise InvalidInput.on("reasons", "give at least one reason (the screening found nothing failed)")
    with versioning.guard(session, "application", application):
        application.status = ApplicationStatus.REJECTED
        application.decided_at = clock.now()
        application.decided_by_id = actor.user_id
        application.decision_reasons = all_reasons
        audit.record(session, actor, "application.rejected", "application", application.id,
                     details={"reasons": len(all_reasons)})
        session.commit()
    return application


# -- cycle-level rules ---------------------------------------------------------------------------

def _group_citation(session: Session, ids: list[int]) -> dict[str, Any] | None:
    """The article of the one-per-group rule, from a screening of the cycle that judged it (None: no
    screening did, so the pinned version states no such rule)."""
    if not ids:
        return None
    last = (select(Screening.application_id, func.max(Screening.number).label("n"))
            .where(Screening.application_id.in_(ids)).group_by(Screening.application_id).subquery())
    stmt = select(Screening).options(load_only(Screening.id, Screening.findings, raiseload=True)).join(
        last, (Screening.application_id == last.c.application_id) & (Screening.number == last.c.n))
    for screening in session.scalars(stmt):
        for finding in screening.findings:
            if finding["condition"] == GROUP_CONDITION:
                return finding["citation"]
    return None


LIVE = (ApplicationStatus.SUBMITTED, ApplicationStatus.CORRECTION_REQUESTED, ApplicationStatus.ACCEPTED)


def compute_flags(session: Session, cycle: Cycle) -> int:
    """Flag every member of each group of the cycle's live applications where the rules allow one per
    group; keeps a designation made earlier while its member stays in the group. Returns the flagged count."""
    rows = list(session.scalars(select(Application).where(Application.cycle_id == cycle.id,
                                                          Application.status.in_(LIVE))))
    citation = _group_citation(session, [a.id for a in rows])
    groups: dict[str, list[Application]] = {}
    for application in rows:
        if application.group_key:
            groups.setdefault(application.group_key, []).append(application)
    flagged = 0
    for application in rows:
        kept = [f for f in application.flags or () if f.get("code") != GROUP_FLAG]
        earlier = next((f for f in application.flags or () if f.get("code") == GROUP_FLAG), None)
        members = groups.get(application.group_key or "", [])
        if citation is not None and len(members) > 1:
            ids = sorted(m.id for m in members)
            designated = earlier.get("designated") if earlier else None
            kept.append(_group_flag(application, members[0].group_key or "", ids,
                                    designated if designated in ids else None, citation))
            flagged += 1
        if kept != (application.flags or []):
            application.flags = kept
    return flagged


def _group_flag(application: Application, group: str, ids: list[int], designated: int | None,
                citation: Mapping[str, Any]) -> dict[str, Any]:
    if designated is None:
        explanation = (f"集团“{group}”本周期有{len(ids)}份关联母、子公司的申报，只可有一家申报：待集团确定继续申报的一家")
    elif designated == application.id:
        explanation = f"集团“{group}”确定本申报为本周期唯一继续申报的一家"
    else:
        explanation = f"集团“{group}”确定申报{designated}继续申报，本申报不予受理"
    return {"code": GROUP_FLAG, "group": group, "explanation": explanation, "citation": dict(citation),
            "members": ids, "designated": designated}


def set_group(session: Session, actor: Principal, cycle_id: int, *, group: str, application_ids: list[int]) -> list[Application]:
    """Record that these applications of the cycle come from related companies of one group (集团)."""
    cycle = plans.get_cycle(session, cycle_id)
    plans.require_open(cycle)
    members = []
    for application_id in dict.fromkeys(application_ids):
        application = session.execute(select(Application).where(Application.id == application_id,
                                                                Application.cycle_id == cycle.id)).scalar_one_or_none()
        if application is None:
            raise InvalidInput.on("application_ids", _("application {application_id} is not one of cycle {id}",
                                                       application_id=application_id, id=cycle.id))
        members.append(application)
    for application in members:
        application.group_key = group
    compute_flags(session, cycle)
    audit.record(session, actor, "cycle.group_recorded", "cycle", cycle.id,
                 details={"group": group, "application_ids": [a.id for a in members]})
    session.commit()
    return members


def designate(session: Session, actor: Principal, cycle_id: int, *, application_id: int) -> list[Application]:
    """The group names the one application that goes on; every member's flag says so."""
    cycle = plans.get_cycle(session, cycle_id)
    plans.require_open(cycle)
    chosen = session.execute(select(Application).where(Application.id == application_id,
                                                       Application.cycle_id == cycle.id)).scalar_one_or_none()
    if chosen is None:
        raise InvalidInput.on("application_id", _("application {application_id} is not one of cycle {id}",
                                                  application_id=application_id, id=cycle.id))
    compute_flags(session, cycle)
    flag = next((f for f in chosen.flags or () if f.get("code") == GROUP_FLAG), None)
    if flag is None:
        raise Conflict(_("application {application_id} is not flagged as one of several related applicants of a "
                         "group (no group recorded, or the cycle's rules allow several)",
                         application_id=application_id),
                       fields={"application_id": [_("not in a flagged group")]})
    members = list(session.scalars(select(Application).where(Application.id.in_(flag["members"]))))
    for member in members:
        member.flags = [f for f in member.flags if f.get("code") != GROUP_FLAG] + [
            _group_flag(member, flag["group"], flag["members"], chosen.id, flag["citation"])]
    audit.record(session, actor, "cycle.group_designated", "cycle", cycle.id,
                 details={"group": flag["group"], "designated": chosen.id, "members": flag["members"]})
    session.commit()
    return sorted(members, key=lambda a: a.id)


# -- the cycle job ---------------------------------------------------------------------------------

def start_cycle_screening(session: Session, runtime: Any, actor: Principal, cycle_id: int, *,
                          on_date: dt.date | None = None) -> Any:
    """Queue the screening of every submitted application of the cycle not yet screened on its current facts."""
    from core.platform import jobs

    cycle = plans.get_cycle(session, cycle_id)
    plans.require_open(cycle)
    return jobs.submit(session, runtime, actor, CYCLE_SCREENING_KIND,
                       {"cycle_id": cycle.id, "on_date": (on_date or clock.today()).isoformat()})


def _unscreened(session: Session, cycle: Cycle) -> list[int]:
    last = (select(Screening.application_id, func.max(Screening.facts_number).label("f"))
            .group_by(Screening.application_id).subquery())
    stmt = (select(Application.id).outerjoin(last, last.c.application_id == Application.id)
            .where(Application.cycle_id == cycle.id, Application.status == ApplicationStatus.SUBMITTED,
                   (last.c.f.is_(None)) | (last.c.f != Application.facts_number))
            .order_by(Application.id))
    return list(session.scalars(stmt))


def lapse_corrections(session: Session, cycle: Cycle, today: dt.date) -> int:
    """Mark lapsed the open corrections of the cycle whose deadline (last day included) has passed."""
    stmt = (select(Correction).join(Application, Application.id == Correction.application_id)
            .where(Application.cycle_id == cycle.id, Correction.status == CorrectionStatus.OPEN,
                   Correction.deadline < today))
    count = 0
    for correction in list(session.scalars(stmt)):
        correction.status = CorrectionStatus.LAPSED
        audit.record(session, None, "correction.lapsed", "correction", correction.id, tenant_id=cycle.tenant_id,
                     details={"application_id": correction.application_id, "deadline": correction.deadline.isoformat()})
        count += 1
    return count


@task(CYCLE_SCREENING_KIND)
def screen_cycle(ctx: JobContext) -> dict[str, Any]:
    """Screen the cycle's submitted applications in batches (progress after each), then flag groups."""
    session = ctx.session
    cycle = plans.get_cycle(session, int(ctx.job.params["cycle_id"]))
    on_date = dt.date.fromisoformat(ctx.job.params["on_date"])
    rules = CycleRules.of(session, ctx.runtime.registry, cycle)
    ids = _unscreened(session, cycle)
    counts = {outcome.value: 0 for outcome in ScreeningOutcome}
    errors: list[dict[str, Any]] = []
    ctx.progress(1, f"{len(ids)} application(s) to screen")
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start:start + BATCH_SIZE]
        applications = list(session.scalars(select(Application).where(Application.id.in_(batch))
                                            .order_by(Application.id)))
        for application in applications:
            try:
                with session.begin_nested():
                    screening = _screen(session, rules, application, on_date=on_date,
                                        created_by_id=ctx.job.requested_by_id, job_id=ctx.job.id)
                    audit.record(session, None, "screening.created", "screening", screening.id,
                                 tenant_id=cycle.tenant_id,
                                 details={"application_id": application.id, "number": screening.number,
                                          "outcome": screening.outcome.value, "job_id": ctx.job.id,
                                          "requested_by_id": ctx.job.requested_by_id})
                counts[screening.outcome.value] += 1
            except DomainError as exc:
                if len(errors) < MAX_JOB_ERRORS:
                    errors.append({"application_id": application.id, "error": exc.message, "fields": exc.fields})
        session.commit()
        done = start + len(batch)
        ctx.progress(1 + int(94 * done / len(ids)), f"screened {done} of {len(ids)}")
    flagged = compute_flags(session, cycle)
    lapsed = lapse_corrections(session, cycle, clock.today())
    result = {"cycle_id": cycle.id, "screened": sum(counts.values()), "outcomes": counts,
              "failed": len(ids) - sum(counts.values()), "errors": errors, "flagged": flagged,
              "lapsed_corrections": lapsed}
    audit.record(session, None, "cycle.screened", "cycle", cycle.id, tenant_id=cycle.tenant_id,
                 details={k: v for k, v in result.items() if k != "errors"} | {"job_id": ctx.job.id})
    session.commit()
    return result
